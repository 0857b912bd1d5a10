// Missed deadlines explained (超时说明) and level-1 emergencies (一级紧急): the dispatch
// board's panels (what waits for an explanation or an acknowledgement) and the review's
// section (the explanations, the emergency's steps, its root-cause report).

import { useEffect, useRef, useState } from "preact/hooks";

import { ErrorMessage } from "../../../components/ErrorMessage";
import { useAsync } from "../../../components/useAsync";
import { t } from "../../../i18n";
import { formatDateTime } from "../../../i18n/format";
import * as api from "../../api";
import { BREACH_REASONS, type BreachDraft, breachBody, CUSTOMER_TOLD_HOW, emptyBreachDraft } from "../../escalation";
import type { BreachExplanation, Emergency, MilestoneState, OfficeWorkOrder } from "../../types";
import { FieldErrors } from "../FieldErrors";

const clockName = (clock: string) => t(`office.sla.clock.${clock}`);

/** The form that explains one missed deadline. */
export function BreachForm({ orderId, clock, onDone }: { orderId: string; clock: string; onDone: () => void }) {
  const [draft, setDraft] = useState<BreachDraft>(emptyBreachDraft);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const set = (name: keyof BreachDraft) => (event: Event) =>
    setDraft({ ...draft, [name]: (event.currentTarget as HTMLInputElement).value });

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.explainBreach(orderId, breachBody(clock, draft));
      onDone();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="o-form o-breach-form" data-breach-form={`${orderId}-${clock}`} onSubmit={(e) => void submit(e)}>
      <label class="o-field">
        <span class="o-field__label">{t("office.escalation.reason")}</span>
        <select name="reason" value={draft.reason} onChange={set("reason")}>
          {BREACH_REASONS.map((reason) => (
            <option key={reason} value={reason}>
              {t(`office.escalation.reasons.${reason}`)}
            </option>
          ))}
        </select>
      </label>
      <label class="o-field">
        <span class="o-field__label">{t("office.escalation.note")}</span>
        <textarea name="note" value={draft.note} onInput={set("note")} />
      </label>
      <label class="o-field">
        <span class="o-field__label">{t("office.escalation.toldAt")}</span>
        <input type="datetime-local" name="customer_told_at" value={draft.told_at} onInput={set("told_at")} />
      </label>
      <label class="o-field">
        <span class="o-field__label">{t("office.escalation.toldHow")}</span>
        <select name="customer_told_how" value={draft.told_how} onChange={set("told_how")}>
          {CUSTOMER_TOLD_HOW.map((how) => (
            <option key={how} value={how}>
              {t(`office.escalation.how.${how}`)}
            </option>
          ))}
        </select>
      </label>
      <label class="o-field">
        <span class="o-field__label">{t("office.escalation.toldBy")}</span>
        <input name="customer_told_by" value={draft.told_by} onInput={set("told_by")} />
      </label>
      <label class="o-field">
        <span class="o-field__label">{t("office.escalation.toldWhom")}</span>
        <input name="customer_told_whom" value={draft.told_whom} onInput={set("told_whom")} />
      </label>
      <button type="submit" class="o-button" disabled={busy} data-action="explain">
        {t("office.escalation.save")}
      </button>
      <FieldErrors error={error} />
    </form>
  );
}

/** Tell the board once when the first read is in (answered or failed), so it can show the
 * panels and the columns together instead of pushing the columns down (layout shift). */
function useSettled(loading: boolean, onSettled?: () => void) {
  const told = useRef(false);
  useEffect(() => {
    if (loading || told.current) return;
    told.current = true;
    onSettled?.();
  }, [loading]);
}

/** The board's missed deadlines nobody has explained yet, each with its form; read again
 * when ``refreshKey`` changes (the board's refresh). */
export function BreachPanel({ refreshKey = 0, onSettled }: { refreshKey?: number; onSettled?: () => void }) {
  const breaches = useAsync(() => api.unexplainedBreaches(), [refreshKey]);
  useSettled(breaches.loading, onSettled);
  const [open, setOpen] = useState<string | null>(null);
  if (breaches.error !== null) return <ErrorMessage error={breaches.error} onRetry={breaches.reload} />;
  const data = breaches.data;
  if (!data || data.total === 0) return null;
  return (
    <section class="o-panel o-escalation" aria-labelledby="col-breaches" data-panel="breaches">
      <h2 id="col-breaches">{t("office.escalation.breaches", { count: data.total })}</h2>
      <p class="o-muted">{t("office.escalation.breachesHint")}</p>
      <ul class="o-alerts">
        {data.items.map((item) => {
          const id = `${item.work_order.id}-${item.clock}`;
          return (
            <li key={id} class="o-alert o-alert--overdue" data-breach={id}>
              <strong>{item.work_order.number}</strong> {item.work_order.customer.name} ·{" "}
              {t("office.escalation.clockLate", { clock: clockName(item.clock), time: formatDateTime(item.deadline_at) })}
              {item.work_order.assigned_engineer && <span class="o-tag">{item.work_order.assigned_engineer.display_name}</span>}{" "}
              <button type="button" class="o-button o-button--ghost" data-explain={id} aria-expanded={open === id} onClick={() => setOpen(open === id ? null : id)}>
                {t("office.escalation.explain")}
              </button>
              {open === id && (
                <BreachForm
                  orderId={item.work_order.id}
                  clock={item.clock}
                  onDone={() => {
                    setOpen(null);
                    breaches.reload();
                  }}
                />
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** A step nobody acknowledged is overdue once its due time passed (read against the
 * screen's clock, so it turns red without a reload). */
export function isOverdue(milestone: MilestoneState, now: Date): boolean {
  return milestone.ack === null && Date.parse(milestone.due_at) <= now.getTime();
}

function MilestoneLine({ milestone, now, onAck, busy }: { milestone: MilestoneState; now: Date; onAck?: () => void; busy?: boolean }) {
  const due = formatDateTime(milestone.due_at);
  const overdue = isOverdue(milestone, now);
  return (
    <li class={`o-alert${overdue ? " o-alert--overdue" : ""}`} data-milestone={milestone.key} data-state={milestone.ack ? "done" : overdue ? "overdue" : "due"}>
      <strong>{t(`office.milestone.${milestone.key}`)}</strong>{" "}
      {milestone.ack
        ? t("office.escalation.ackedBy", { name: milestone.ack.acknowledged_by.display_name, time: formatDateTime(milestone.ack.device_at ?? milestone.ack.acknowledged_at) })
        : overdue
          ? t("office.escalation.milestoneOverdue", { time: due })
          : t("office.escalation.milestoneDue", { time: due })}{" "}
      {!milestone.ack && onAck && (
        <button type="button" class="o-button o-button--secondary" disabled={busy} data-ack={milestone.key} onClick={onAck}>
          {t("office.escalation.ack")}
        </button>
      )}
    </li>
  );
}

/** One emergency's milestones, each acknowledged with a button. */
function Milestones({ emergency, now, onChanged }: { emergency: Emergency; now: Date; onChanged: (next: Emergency) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function ack(key: string) {
    setBusy(true);
    setError(null);
    try {
      onChanged(await api.ackMilestone(emergency.work_order_id, key));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }
  const open = emergency.closed_at === null;
  return (
    <>
      <ul class="o-alerts">
        {emergency.milestones.map((m) => (
          <MilestoneLine key={m.key} milestone={m} now={now} busy={busy} onAck={open ? () => void ack(m.key) : undefined} />
        ))}
      </ul>
      <FieldErrors error={error} />
    </>
  );
}

/** The board's emergencies with a step nobody has acknowledged yet. */
export function EmergencyPanel({ now, refreshKey = 0, onSettled }: { now: Date; refreshKey?: number; onSettled?: () => void }) {
  const emergencies = useAsync(() => api.openEmergencies(), [refreshKey]);
  useSettled(emergencies.loading, onSettled);
  if (emergencies.error !== null) return <ErrorMessage error={emergencies.error} onRetry={emergencies.reload} />;
  const rows = emergencies.data ?? [];
  if (rows.length === 0) return null;
  return (
    <section class="o-panel o-escalation" aria-labelledby="col-emergencies" data-panel="emergencies">
      <h2 id="col-emergencies">{t("office.escalation.emergencies", { count: rows.length })}</h2>
      {rows.map((row) => (
        <div key={row.work_order_id} data-emergency={row.number}>
          <h3>
            {row.number} · {row.work_order.customer.name} · {row.work_order.site.name}
          </h3>
          <Milestones emergency={row} now={now} onChanged={() => emergencies.reload()} />
        </div>
      ))}
    </section>
  );
}

function Explanations({ rows }: { rows: BreachExplanation[] }) {
  if (rows.length === 0) return null;
  return (
    <>
      <h2>{t("office.escalation.explained")}</h2>
      <ul data-explanations>
        {rows.map((e) => (
          <li key={e.id} data-explanation={e.clock}>
            <strong>{clockName(e.clock)}</strong> · {t(`office.escalation.reasons.${e.reason}`)}
            {e.note && ` · ${e.note}`} ·{" "}
            {t("office.escalation.told", {
              time: formatDateTime(e.customer_told_at),
              by: e.customer_told_by,
              how: t(`office.escalation.how.${e.customer_told_how}`),
              whom: e.customer_told_whom || "—",
            })}
          </li>
        ))}
      </ul>
    </>
  );
}

async function downloadRootCause(wo: OfficeWorkOrder) {
  const blob = await api.fetchFile(api.rootCausePath(wo.id));
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = `${wo.number}-root-cause.pdf`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** The emergency of an order in review: its steps, the observation, the closing report. */
function EmergencySection({ wo }: { wo: OfficeWorkOrder }) {
  const emergency = useAsync(() => api.emergency(wo.id), [wo.id, wo.status]);
  const [report, setReport] = useState({ cause: "", actions: "", prevention: "" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (emergency.error !== null) return <ErrorMessage error={emergency.error} onRetry={emergency.reload} />;
  const data = emergency.data;
  if (!data) return null;
  const set = (name: keyof typeof report) => (event: Event) =>
    setReport({ ...report, [name]: (event.currentTarget as HTMLTextAreaElement).value });
  async function close(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      emergency.setData(await api.closeEmergency(wo.id, report));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section class="o-emergency" data-emergency-review={wo.number}>
      <h2>{t("office.escalation.emergency")}</h2>
      <Milestones emergency={data} now={new Date()} onChanged={(next) => emergency.setData(next)} />
      {data.observation_due_at && (
        <p>{t("office.escalation.observation", { days: data.observation_days, time: formatDateTime(data.observation_due_at) })}</p>
      )}
      {data.observation && <p>{t("office.escalation.observationPlanned", { date: data.observation.due_on })}</p>}
      <h3>{t("office.escalation.report")}</h3>
      {data.report ? (
        <>
          <dl class="o-facts">
            <dt>{t("office.escalation.cause")}</dt>
            <dd>{data.report.cause}</dd>
            <dt>{t("office.escalation.actions")}</dt>
            <dd>{data.report.actions}</dd>
            <dt>{t("office.escalation.prevention")}</dt>
            <dd>{data.report.prevention}</dd>
          </dl>
          <p class="o-muted">{t("office.escalation.closed", { name: data.closed_by?.display_name ?? "", time: formatDateTime(data.closed_at ?? "") })}</p>
          <button type="button" class="o-button o-button--secondary" data-report="root-cause" onClick={() => void downloadRootCause(wo).catch(setError)}>
            {t("office.escalation.downloadReport")}
          </button>
        </>
      ) : data.resolved_at === null ? (
        <p class="o-muted">{t("office.escalation.notFixed")}</p>
      ) : (
        <form class="o-form" data-form="root-cause" onSubmit={(e) => void close(e)}>
          {(["cause", "actions", "prevention"] as const).map((name) => (
            <label key={name} class="o-field">
              <span class="o-field__label">{t(`office.escalation.${name}`)}</span>
              <textarea name={name} value={report[name]} onInput={set(name)} required />
            </label>
          ))}
          <button type="submit" class="o-button" disabled={busy} data-action="close-emergency">
            {t("office.escalation.close")}
          </button>
        </form>
      )}
      <FieldErrors error={error} />
    </section>
  );
}

/** The review's share: the missed deadlines explained and, for an emergency, its runbook. */
export function ReviewEscalation({ wo }: { wo: OfficeWorkOrder }) {
  const explanations = useAsync(() => api.breachExplanations(wo.id), [wo.id]);
  const isEmergency = (wo.sla?.emergency_milestones ?? []).length > 0;
  return (
    <>
      {explanations.error !== null && <ErrorMessage error={explanations.error} onRetry={explanations.reload} />}
      {explanations.data && <Explanations rows={explanations.data} />}
      {isEmergency && <EmergencySection wo={wo} />}
    </>
  );
}
