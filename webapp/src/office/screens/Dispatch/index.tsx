// The dispatch board (派单): unassigned and assigned work orders with SLA countdowns,
// engineers with their load, alerts for loaner deadlines, the level-1 emergencies whose
// milestones wait for an acknowledgement and the missed deadlines to explain. The
// office's assignment is final: the engineer's phone learns it on its next sync. An order
// solved without a visit (by phone, remotely) can be recorded from its card.

import { useEffect, useState } from "preact/hooks";

import { ImportantBadge, SeverityBadge, StatusBadge } from "../../../components/Badge";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { Link } from "../../../components/Link";
import { Loading } from "../../../components/Loading";
import { useAsync } from "../../../components/useAsync";
import { OPEN_STATUSES } from "../../../domain/workOrderFlow";
import { t } from "../../../i18n";
import { formatDateTime } from "../../../i18n/format";
import * as api from "../../api";
import { alertsFor, byUrgency, splitBoard } from "../../board";
import { changedMeanwhile } from "../../changedMeanwhile";
import { BreachPanel, EmergencyPanel } from "../../components/Escalation";
import { FieldErrors } from "../../components/FieldErrors";
import { RemoteActions } from "../../components/RemoteActions";
import { SlaCountdown } from "../../components/Sla";
import { fromLocalInput, toLocalInput } from "../../datetimeLocal";
import type { EngineerLoad, OfficeWorkOrder } from "../../types";

type SlaFilter = "" | "at_risk" | "breached";

/** The time, re-read every 30 seconds so the countdowns move. */
function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function Dispatch() {
  const now = useNow();
  const [sla, setSla] = useState<SlaFilter>("");
  const orders = useAsync(() => api.listWorkOrders({ status: OPEN_STATUSES, sla: sla || undefined }), [sla]);
  const engineers = useAsync(() => api.engineers(), []);
  const [picked, setPicked] = useState<string | null>(null);
  // Bumped by the refresh button: the emergency and missed-deadline panels read again.
  const [refreshes, setRefreshes] = useState(0);
  // The first reads of the panels above the columns: until all are in, the page is kept
  // hidden under a loading line so nothing is pushed down once painted (CLS on /office).
  const [emergenciesIn, setEmergenciesIn] = useState(false);
  const [breachesIn, setBreachesIn] = useState(false);
  const ready = (orders.data !== undefined || orders.error !== null) && emergenciesIn && breachesIn;

  function changed(order: OfficeWorkOrder) {
    const items = (orders.data?.items ?? []).map((o) => (o.id === order.id ? order : o));
    orders.setData({ ...(orders.data ?? { page: 1, per_page: 200, total: 0, pages: 1 }), items });
    engineers.reload();
  }

  const board = splitBoard(orders.data?.items ?? []);
  const alerts = alertsFor(orders.data?.items ?? [], now);
  return (
    <div class={`o-page o-dispatch${ready ? "" : " o-dispatch--loading"}`}>
      {!ready && <Loading />}
      <div class="o-toolbar">
        <h1>{t("office.dispatch.title")}</h1>
        <div class="o-segmented" role="group" aria-label={t("office.dispatch.slaFilter")}>
          {(["", "at_risk", "breached"] as SlaFilter[]).map((value) => (
            <button
              key={value || "all"}
              type="button"
              data-filter={value || "all"}
              class={`o-segmented__item${sla === value ? " o-segmented__item--on" : ""}`}
              onClick={() => setSla(value)}
            >
              {t(`office.dispatch.filter.${value || "all"}`)}
            </button>
          ))}
        </div>
        <button type="button" class="o-button o-button--secondary" onClick={() => { orders.reload(); engineers.reload(); setRefreshes(refreshes + 1); }}>
          {t("office.refresh")}
        </button>
      </div>
      {alerts.length > 0 && (
        <ul class="o-alerts" aria-label={t("office.dispatch.alerts")}>
          {alerts.map((alert) => (
            <li key={`${alert.work_order_id}-loaner`} class={`o-alert${alert.overdue ? " o-alert--overdue" : ""}`} data-alert={alert.kind}>
              <strong>{alert.number}</strong> {t("office.dispatch.loanerDue")}{" "}
              {alert.overdue ? t("office.dispatch.overdueAt", { time: formatDateTime(alert.due_at) }) : t("office.dispatch.dueAt", { time: formatDateTime(alert.due_at) })}
            </li>
          ))}
        </ul>
      )}
      <EmergencyPanel now={now} refreshKey={refreshes} onSettled={() => setEmergenciesIn(true)} />
      <BreachPanel refreshKey={refreshes} onSettled={() => setBreachesIn(true)} />
      {orders.error !== null && <ErrorMessage error={orders.error} onRetry={orders.reload} />}
      <div class="o-board">
        <section class="o-panel" aria-labelledby="col-unassigned">
          <h2 id="col-unassigned">{t("office.dispatch.unassigned", { count: board.unassigned.length })}</h2>
          {byUrgency(board.unassigned, now).map((order) => (
            <OrderCard key={order.id} order={order} now={now} engineers={engineers.data ?? []} open={picked === order.id} onOpen={() => setPicked(picked === order.id ? null : order.id)} onChanged={changed} />
          ))}
        </section>
        <section class="o-panel" aria-labelledby="col-assigned">
          <h2 id="col-assigned">{t("office.dispatch.assigned", { count: board.assigned.length })}</h2>
          {byUrgency(board.assigned, now).map((order) => (
            <OrderCard key={order.id} order={order} now={now} engineers={engineers.data ?? []} open={picked === order.id} onOpen={() => setPicked(picked === order.id ? null : order.id)} onChanged={changed} />
          ))}
        </section>
        <section class="o-panel" aria-labelledby="col-engineers">
          <h2 id="col-engineers">{t("office.dispatch.engineers")}</h2>
          {engineers.error !== null && <ErrorMessage error={engineers.error} onRetry={engineers.reload} />}
          <table class="o-table o-table--compact">
            <thead>
              <tr>
                <th>{t("office.dispatch.engineer")}</th>
                <th>{t("office.dispatch.centre")}</th>
                <th>{t("office.dispatch.open")}</th>
                <th>{t("office.dispatch.today")}</th>
              </tr>
            </thead>
            <tbody>
              {(engineers.data ?? []).map((engineer) => (
                <tr key={engineer.id} data-engineer={engineer.username}>
                  <td>{engineer.display_name}</td>
                  <td>
                    {engineer.centre?.name ?? "—"}
                    <br />
                    <small>{engineer.region?.name ?? ""}</small>
                  </td>
                  <td class="o-num">{engineer.open_count}</td>
                  <td>
                    {engineer.today_appointments.map((a) => (
                      <div key={a.id}>
                        {formatDateTime(a.appointment_at).split(" ").pop()} {a.number}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </div>
  );
}

function OrderCard({
  order,
  now,
  engineers,
  open,
  onOpen,
  onChanged,
}: {
  order: OfficeWorkOrder;
  now: Date;
  engineers: EngineerLoad[];
  open: boolean;
  onOpen: () => void;
  onChanged: (order: OfficeWorkOrder) => void;
}) {
  const [engineerId, setEngineerId] = useState(order.assigned_engineer?.id ?? "");
  const [appointment, setAppointment] = useState(toLocalInput(order.appointment_at));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function run(work: () => Promise<OfficeWorkOrder>) {
    setBusy(true);
    setError(null);
    try {
      onChanged(await work());
    } catch (failure) {
      setError(failure);
      // Changed meanwhile: show the order as it stands; the message asks to check and save again.
      const current = changedMeanwhile(failure);
      if (current) onChanged(current as unknown as OfficeWorkOrder);
    } finally {
      setBusy(false);
    }
  }

  const canAssign = order.allowed_actions.includes("assign");
  return (
    <article class={`o-order o-order--s${order.severity}`} data-number={order.number}>
      <button type="button" class="o-order__head" onClick={onOpen} aria-expanded={open}>
        <strong>{order.number}</strong> <SeverityBadge severity={order.severity} /> <StatusBadge status={order.status} />
      </button>
      <div class="o-order__body">
        <div>
          {order.customer.name} {order.customer.is_important && <ImportantBadge />} · {order.site.name} ({t(`zone.${order.site.zone}`)})
        </div>
        <div class="o-order__symptom">{order.symptom}</div>
        <div>
          <SlaCountdown sla={order.sla} now={now} />{" "}
          {order.assigned_engineer && <span class="o-tag">{order.assigned_engineer.display_name}</span>}{" "}
          {order.appointment_at && <span class="o-tag">{t("office.dispatch.appointment", { time: formatDateTime(order.appointment_at) })}</span>}
        </div>
      </div>
      {open && (
        <div class="o-order__actions">
          {canAssign && (
            <form
              class="o-inline"
              onSubmit={(event) => {
                event.preventDefault();
                if (engineerId) void run(() => api.act(order.id, "assign", { engineer_id: engineerId }));
              }}
            >
              <label>
                {t("office.dispatch.engineer")}{" "}
                <select name="engineer_id" value={engineerId} onChange={(e) => setEngineerId((e.currentTarget as HTMLSelectElement).value)}>
                  <option value="">{t("office.dispatch.chooseEngineer")}</option>
                  {engineers.map((engineer) => (
                    <option key={engineer.id} value={engineer.id}>
                      {t("office.dispatch.engineerOption", { name: engineer.display_name, centre: engineer.centre?.name ?? "", count: engineer.open_count })}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" class="o-button" disabled={busy || !engineerId} data-action="assign">
                {order.assigned_engineer ? t("office.dispatch.reassign") : t("actions.assign")}
              </button>
            </form>
          )}
          <form
            class="o-inline"
            onSubmit={(event) => {
              event.preventDefault();
              void run(() => api.patchWorkOrder(order.id, order.row_version, { appointment_at: fromLocalInput(appointment) }));
            }}
          >
            <label>
              {t("workOrder.fields.appointmentAt")}{" "}
              <input type="datetime-local" name="appointment_at" value={appointment} onInput={(e) => setAppointment((e.currentTarget as HTMLInputElement).value)} />
            </label>
            <button type="submit" class="o-button o-button--secondary" disabled={busy}>
              {t("buttons.save")}
            </button>
          </form>
          <RemoteActions order={order} onDone={onChanged} />
          {order.allowed_actions.includes("unassign") && (
            <button type="button" class="o-button o-button--ghost" disabled={busy} onClick={() => void run(() => api.act(order.id, "unassign"))}>
              {t("actions.unassign")}
            </button>
          )}
          <Link href={`/office/review/${order.id}`}>{t("office.dispatch.details")}</Link>
          <FieldErrors error={error} />
        </div>
      )}
    </article>
  );
}
