// Late changes (迟到的修改): work an engineer did offline on an order that was closed,
// cancelled or reassigned before his phone synced. The server kept each one as sent; a
// supervisor accepts it (applied as the engineer made it, at the phone's time) or
// dismisses it with a note. Both go into the order's history.

import { Fragment } from "preact";
import { useState } from "preact/hooks";

import { ErrorMessage } from "../../../components/ErrorMessage";
import { Link } from "../../../components/Link";
import { useAsync } from "../../../components/useAsync";
import { t } from "../../../i18n";
import { formatDateTime } from "../../../i18n/format";
import { changeLines, changeTitle, lateReason, type Lookups } from "../../../i18n/mutations";
import { decidesLateWork } from "../../access";
import * as api from "../../api";
import { FieldErrors } from "../../components/FieldErrors";
import { loadLookups, NO_LOOKUPS } from "../../lookups";
import type { LateChange } from "../../types";

interface Props {
  role: string;
  /** Decided ones too, not only the open ones. */
  showDone: boolean;
  /** One order's (its review screen); else every order's. */
  workOrderId?: string;
  /** After a decision (the order's history changed). */
  onDecided?: () => void;
}

export function LateChanges({ role, showDone, workOrderId, onDecided }: Props) {
  const list = useAsync(
    () => api.lateChanges({ status: showDone ? "all" : "open", work_order_id: workOrderId }),
    [showDone, workOrderId],
  );
  const items = list.data?.items ?? [];
  const names = useAsync(() => loadLookups(items), [list.data]);
  if (list.error !== null) return <ErrorMessage error={list.error} onRetry={list.reload} />;
  if (list.data && items.length === 0) {
    return <p class="o-empty">{workOrderId ? t("office.late.noneForOrder") : t("office.late.none")}</p>;
  }
  function decided() {
    list.reload();
    onDecided?.();
  }
  return (
    <div class="o-stack" data-list="late">
      {items.map((change) => (
        <LateCard key={change.id} change={change} lookups={names.data ?? NO_LOOKUPS} canDecide={decidesLateWork(role)} onDone={decided} />
      ))}
    </div>
  );
}

function LateCard({ change, lookups, canDecide, onDone }: { change: LateChange; lookups: Lookups; canDecide: boolean; onDone: () => void }) {
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function decide(decision: "accept" | "dismiss") {
    setBusy(true);
    setError(null);
    try {
      await api.decideLate(change.id, decision, note.trim());
      onDone();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }
  const reason = lateReason({
    reason: change.reason,
    number: change.work_order.number,
    reassigned_to: change.reassigned_to?.display_name ?? null,
    changed_at: change.changed_at,
  });
  return (
    <article class="o-card o-late" data-late={change.id} data-status={change.status}>
      <h2>
        <Link href={`/office/review/${change.work_order.id}`}>{change.work_order.number}</Link> · {changeTitle(change.name, change.args)}
      </h2>
      <p class="o-muted">
        {t("office.late.who", {
          name: change.user.display_name,
          device: formatDateTime(change.device_at),
          server: formatDateTime(change.server_at),
        })}
      </p>
      <p class="o-late__reason" data-reason={change.reason}>
        {reason}
      </p>
      <dl class="o-facts" data-list="did">
        {changeLines(change.name, change.args, lookups).map((line, i) => (
          <Fragment key={i}>
            <dt>{line.label}</dt>
            <dd>{line.value}</dd>
          </Fragment>
        ))}
      </dl>
      {change.status !== "open" ? (
        <p class="o-notice" data-decided={change.status}>
          {t(`office.late.decided.${change.status}`, {
            name: change.decided_by?.display_name ?? "—",
            time: formatDateTime(change.decided_at),
          })}
          {change.note && <q class="o-late__note">{change.note}</q>}
        </p>
      ) : canDecide ? (
        <div class="o-resolve">
          <label class="o-field">
            <span class="o-field__label">{t("office.late.note")}</span>
            <textarea name="late_note" rows={2} value={note} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} />
          </label>
          <div class="o-buttons">
            <button type="button" class="o-button" data-decision="accept" disabled={busy} onClick={() => void decide("accept")}>
              {t("office.late.accept")}
            </button>
            <button type="button" class="o-button o-button--secondary" data-decision="dismiss" disabled={busy || !note.trim()} onClick={() => void decide("dismiss")}>
              {t("office.late.dismiss")}
            </button>
          </div>
          <FieldErrors error={error} />
        </div>
      ) : (
        <p class="o-muted">{t("office.late.supervisorsDecide")}</p>
      )}
    </article>
  );
}
