import { t } from "../../i18n";
import { dismissLate, unreadLate } from "../../store/late";
import { useLiveQuery } from "../../store/useLiveQuery";
import { groupLate } from "./lateWork";
import "./style.css";

/** Work the office now holds because its order moved on, one sentence per order, kept
 * until the engineer taps "got it". Information, not an error: nothing is lost. */
export function LateWork({ banner = false }: { banner?: boolean }) {
  const rows = useLiveQuery(() => unreadLate(), []);
  const groups = groupLate(rows.data ?? []);
  if (groups.length === 0) return null;
  return (
    <ul class={`late-work${banner ? " late-work--banner" : ""}`} data-list="late">
      {groups.map((group) => (
        <li key={group.rows[0]?.id} class="late-work__item" role="status" data-late={group.work_order_id}>
          <p>{group.sentence}</p>
          <button type="button" class="button button--secondary" onClick={() => void dismissLate(group.rows.map((row) => row.id))}>
            {t("sync.late.dismiss")}
          </button>
        </li>
      ))}
    </ul>
  );
}
