import { useState } from "preact/hooks";

import { useAsync } from "../../../components/useAsync";
import { t } from "../../../i18n";
import { formatDateTime } from "../../../i18n/format";
import type { UserRef } from "../../../sync/types";
import { request } from "../../../sync/api";
import * as api from "../../api";
import { fromLocalInput } from "../../datetimeLocal";
import type { OfficeWorkOrder } from "../../types";
import { FieldErrors } from "../FieldErrors";

/** One remote session (远程处理) as GET /work-orders/<id>/remote-sessions gives it. */
export interface RemoteSession {
  id: string;
  work_order_id: string;
  call_id: string | null;
  engineer: UserRef;
  consent_by: string;
  consent_at: string;
  started_at: string;
  ended_at: string | null;
  work_done: string;
  recorded_by: UserRef | null;
  created_at: string;
}

const sessionsUrl = (orderId: string) => `/work-orders/${orderId}/remote-sessions`;

/**
 * The order's remote sessions from the office: start one with the customer's consent (who
 * agreed, and when: now unless told), end the running one with what was done and whether
 * it solved the fault (the order is then resolved remotely; the server checks its guards),
 * and the past ones listed. Starting one is the order's start_remote step: the remote
 * clock stops and one remote-session fee is priced.
 */
export function RemoteSessions({ order, onChanged }: { order: OfficeWorkOrder; onChanged: (order: OfficeWorkOrder) => void }) {
  const sessions = useAsync(() => request<RemoteSession[]>("GET", sessionsUrl(order.id)), [order.id, order.status]);
  const [consentBy, setConsentBy] = useState("");
  const [consentAt, setConsentAt] = useState("");
  const [workDone, setWorkDone] = useState("");
  const [resolved, setResolved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const list = sessions.data ?? [];
  const running = list.find((session) => session.ended_at === null) ?? null;
  const canStart = running === null && order.allowed_actions.includes("start_remote");
  if (sessions.data === undefined || (list.length === 0 && !canStart)) return null;

  async function run(step: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await step();
      onChanged(await api.getWorkOrder(order.id));
      sessions.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }
  const start = () =>
    run(async () => {
      const at = consentAt ? fromLocalInput(consentAt) : null;
      await request("POST", sessionsUrl(order.id), { body: { consent_by: consentBy.trim(), ...(at ? { consent_at: at } : {}) } });
      setConsentBy("");
      setConsentAt("");
    });
  const end = (session: RemoteSession) =>
    run(async () => {
      await request("POST", `${sessionsUrl(order.id)}/${session.id}/end`, { body: { work_done: workDone.trim(), resolved } });
      setWorkDone("");
      setResolved(false);
    });

  return (
    <div class="o-remote-sessions" data-remote-sessions={order.id}>
      <h2>{t("office.remoteSessions.title")}</h2>
      {list.length > 0 && (
        <ul class="o-list">
          {list.map((session) => (
            <li key={session.id} class="o-list__item" data-remote-session={session.id} data-running={String(session.ended_at === null)}>
              <div>
                {t("office.remoteSessions.consent", { name: session.consent_by, time: formatDateTime(session.consent_at) })}
              </div>
              <div>
                {session.engineer.display_name} · {formatDateTime(session.started_at)} – {session.ended_at ? formatDateTime(session.ended_at) : t("office.remoteSessions.running")}
              </div>
              {session.work_done && <div class="o-muted">{session.work_done}</div>}
            </li>
          ))}
        </ul>
      )}
      {running && (
        <form
          class="o-form"
          data-remote-end={running.id}
          onSubmit={(event) => {
            event.preventDefault();
            if (workDone.trim()) void end(running);
          }}
        >
          <label class="o-field">
            <span class="o-field__label">{t("office.remoteSessions.workDone")}</span>
            <textarea name="work_done" rows={3} required maxLength={5000} value={workDone} onInput={(e) => setWorkDone((e.currentTarget as HTMLTextAreaElement).value)} />
          </label>
          <label class="o-check">
            <input type="checkbox" name="resolved" checked={resolved} onChange={(e) => setResolved((e.currentTarget as HTMLInputElement).checked)} />
            {t("office.remoteSessions.resolved")}
          </label>
          <button type="submit" class="o-button" disabled={busy || !workDone.trim()} data-action="end-remote-session">
            {t("office.remoteSessions.end")}
          </button>
        </form>
      )}
      {canStart && (
        <form
          class="o-form"
          data-remote-start={order.id}
          onSubmit={(event) => {
            event.preventDefault();
            if (consentBy.trim()) void start();
          }}
        >
          <label class="o-field">
            <span class="o-field__label">{t("office.remoteSessions.consentBy")}</span>
            <input name="consent_by" required maxLength={100} value={consentBy} onInput={(e) => setConsentBy((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <label class="o-field">
            <span class="o-field__label">{t("office.remoteSessions.consentAt")}</span>
            <input type="datetime-local" name="consent_at" value={consentAt} onInput={(e) => setConsentAt((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <button type="submit" class="o-button o-button--secondary" disabled={busy || !consentBy.trim()} data-action="start-remote-session">
            {t("office.remoteSessions.start")}
          </button>
        </form>
      )}
      <FieldErrors error={error} />
    </div>
  );
}
