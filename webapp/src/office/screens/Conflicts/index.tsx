// Conflicts, rejected changes and late changes (同步冲突): both values, who and when; the
// office keeps one, takes the other or enters its own, and every resolution goes into the
// history. A refused change reads in words; late work is accepted or dismissed.

import { useState } from "preact/hooks";

import { ErrorMessage } from "../../../components/ErrorMessage";
import { Fragment } from "preact";

import { Link } from "../../../components/Link";
import { useAsync } from "../../../components/useAsync";
import { has, t } from "../../../i18n";
import { formatDateTime } from "../../../i18n/format";
import { changeLines, changeTitle, joinWords, type Lookups, refusalText, refusedFields } from "../../../i18n/mutations";
import * as api from "../../api";
import { FieldErrors } from "../../components/FieldErrors";
import { showValue } from "../../format";
import { loadLookups, NO_LOOKUPS } from "../../lookups";
import type { RejectedMutation, SyncConflict } from "../../types";
import { LateChanges } from "./LateChanges";

export const CONFLICT_TABS = ["conflicts", "rejected", "late"] as const;
export type ConflictTab = (typeof CONFLICT_TABS)[number];

export function Conflicts({ tab, role }: { tab: ConflictTab; role: string }) {
  const [showDone, setShowDone] = useState(false);
  return (
    <div class="o-page">
      <div class="o-toolbar">
        <h1>{t("office.conflicts.title")}</h1>
        <nav class="o-segmented">
          <Link href="/office/conflicts" replace class={`o-segmented__item${tab === "conflicts" ? " o-segmented__item--on" : ""}`}>
            {t("office.conflicts.conflicts")}
          </Link>
          <Link href="/office/conflicts?tab=rejected" replace class={`o-segmented__item${tab === "rejected" ? " o-segmented__item--on" : ""}`}>
            {t("office.conflicts.rejected")}
          </Link>
          <Link href="/office/conflicts?tab=late" replace class={`o-segmented__item${tab === "late" ? " o-segmented__item--on" : ""}`}>
            {t("office.late.tab")}
          </Link>
        </nav>
        <label class="o-check">
          <input type="checkbox" checked={showDone} onChange={(e) => setShowDone((e.currentTarget as HTMLInputElement).checked)} />{" "}
          {t("office.conflicts.showDone")}
        </label>
      </div>
      {tab === "conflicts" && <ConflictQueue open={!showDone} />}
      {tab === "rejected" && <RejectedQueue open={!showDone} />}
      {tab === "late" && <LateChanges role={role} showDone={showDone} />}
    </div>
  );
}

function fieldLabel(field: string): string {
  const key = `office.conflicts.field.${field}`;
  return has(key) ? t(key) : field;
}

function ConflictQueue({ open }: { open: boolean }) {
  const list = useAsync(() => api.conflicts(open), [open]);
  if (list.error !== null) return <ErrorMessage error={list.error} onRetry={list.reload} />;
  const items = list.data?.items ?? [];
  if (list.data && items.length === 0) return <p class="o-empty">{t("office.conflicts.none")}</p>;
  return (
    <div class="o-stack">
      {items.map((conflict) => (
        <ConflictCard key={conflict.id} conflict={conflict} onDone={list.reload} />
      ))}
    </div>
  );
}

function ConflictCard({ conflict, onDone }: { conflict: SyncConflict; onDone: () => void }) {
  const [value, setValue] = useState(typeof conflict.device_value === "string" ? conflict.device_value : showValue(conflict.device_value));
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>(null);
  async function resolve(choice: "server" | "device" | "value") {
    setError(null);
    try {
      await api.resolveConflict(conflict.id, { choice, note, ...(choice === "value" ? { value } : {}) });
      onDone();
    } catch (failure) {
      setError(failure);
    }
  }
  const done = conflict.resolved_at !== null;
  // The card names the order by its number (the conflict only knows its id).
  const order = useAsync(
    () => (conflict.entity === "work_orders" ? api.getWorkOrder(conflict.entity_id) : Promise.resolve(null)),
    [conflict.entity_id],
  );
  const number = order.data?.number ?? null;
  return (
    <article class="o-card o-conflict" data-conflict={conflict.id}>
      <h2>
        {fieldLabel(conflict.field)} ·{" "}
        <Link href={`/office/review/${conflict.entity_id}`} data-number={number ?? undefined}>
          {number ? t("office.conflicts.workOrderNumber", { number }) : t("office.conflicts.workOrder")}
        </Link>
      </h2>
      <p class="o-muted">
        {t("office.conflicts.who", {
          name: conflict.user?.display_name ?? "—",
          device: formatDateTime(conflict.device_at),
          server: formatDateTime(conflict.created_at),
        })}{" "}
        · {t(`office.conflicts.policy.${conflict.policy}`)} · {t(`office.conflicts.winner.${conflict.winner}`)}
      </p>
      <table class="o-table o-table--compact">
        <tbody>
          <tr>
            <th>{t("office.conflicts.base")}</th>
            <td>{showValue(conflict.base_value)}</td>
          </tr>
          <tr data-side="server">
            <th>
              {conflict.server_written_by
                ? t(
                    conflict.server_written_by.origin === "device"
                      ? "office.conflicts.serverByPhone"
                      : "office.conflicts.serverByOffice",
                    { name: conflict.server_written_by.display_name },
                  )
                : t("office.conflicts.server")}
            </th>
            <td>{showValue(conflict.server_value)}</td>
          </tr>
          <tr data-side="device">
            <th>{conflict.user ? t("office.conflicts.deviceOf", { name: conflict.user.display_name }) : t("office.conflicts.device")}</th>
            <td>{showValue(conflict.device_value)}</td>
          </tr>
        </tbody>
      </table>
      {done ? (
        <p class="o-notice">{t("office.conflicts.resolvedAt", { time: formatDateTime(conflict.resolved_at) })}: {showValue(conflict.resolution)}</p>
      ) : (
        <div class="o-resolve">
          <label class="o-field">
            <span class="o-field__label">{t("office.conflicts.note")}</span>
            <input name="note" value={note} onInput={(e) => setNote((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <div class="o-buttons">
            <button type="button" class="o-button o-button--secondary" data-choice="server" onClick={() => void resolve("server")}>
              {t("office.conflicts.keepServer")}
            </button>
            {conflict.field !== "status" && (
              <button type="button" class="o-button o-button--secondary" data-choice="device" onClick={() => void resolve("device")}>
                {t("office.conflicts.takeDevice")}
              </button>
            )}
          </div>
          {conflict.field !== "status" && (
            <div class="o-inline">
              <label class="o-field">
                <span class="o-field__label">{t("office.conflicts.ownValue")}</span>
                <input name="value" value={value} onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)} />
              </label>
              <button type="button" class="o-button" data-choice="value" onClick={() => void resolve("value")}>
                {t("office.conflicts.useValue")}
              </button>
            </div>
          )}
          <FieldErrors error={error} />
        </div>
      )}
    </article>
  );
}

function RejectedQueue({ open }: { open: boolean }) {
  const list = useAsync(() => api.rejected(open), [open]);
  const items = list.data?.items ?? [];
  const names = useAsync(() => loadLookups(items), [list.data]);
  if (list.error !== null) return <ErrorMessage error={list.error} onRetry={list.reload} />;
  if (list.data && items.length === 0) return <p class="o-empty">{t("office.conflicts.noneRejected")}</p>;
  return (
    <div class="o-stack">
      {items.map((mutation) => (
        <RejectedCard key={mutation.id} mutation={mutation} lookups={names.data ?? NO_LOOKUPS} onDone={list.reload} />
      ))}
    </div>
  );
}

/** A change the server refused, in the office's words: what it was, why, which fields,
 * what the engineer entered (never its name, ids or the server's English). */
function RejectedCard({ mutation, lookups, onDone }: { mutation: RejectedMutation; lookups: Lookups; onDone: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const workOrderId = (mutation.args.work_order_id ?? mutation.args.id) as string | undefined;
  const fields = refusedFields(mutation.result.errors);
  return (
    <article class="o-card" data-mutation={mutation.id}>
      <h2>
        {changeTitle(mutation.name, mutation.args)} · {refusalText(mutation.result.key)}
      </h2>
      <p class="o-muted">
        {t("office.conflicts.who", {
          name: mutation.user.display_name,
          device: formatDateTime(mutation.device_at),
          server: formatDateTime(mutation.server_at),
        })}
      </p>
      {fields.length > 0 && <p data-fields>{t("sync.words.refusedFields", { fields: joinWords(fields) })}</p>}
      <dl class="o-facts" data-list="entered">
        {changeLines(mutation.name, mutation.args, lookups).map((line, i) => (
          <Fragment key={i}>
            <dt>{line.label}</dt>
            <dd>{line.value}</dd>
          </Fragment>
        ))}
      </dl>
      {workOrderId && <Link href={`/office/review/${workOrderId}`}>{t("office.conflicts.workOrder")}</Link>}{" "}
      {mutation.reviewed_at ? (
        <span class="o-tag">{t("office.conflicts.reviewedAt", { time: formatDateTime(mutation.reviewed_at) })}</span>
      ) : (
        <button
          type="button"
          class="o-button o-button--secondary"
          onClick={() => api.reviewRejected(mutation.id).then(onDone, setError)}
        >
          {t("office.conflicts.markReviewed")}
        </button>
      )}
      <FieldErrors error={error} />
    </article>
  );
}
