import { type ComponentChildren, Fragment } from "preact";

import { ImportantBadge, SeverityBadge, StatusBadge } from "../../components/Badge";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Loading } from "../../components/Loading";
import { useAsync } from "../../components/useAsync";
import { isEditable } from "../../domain/workOrderFlow";
import { t } from "../../i18n";
import { formatDateTime } from "../../i18n/format";
import { goBack } from "../../router";
import { getWorkOrder, listEvents, saveDiagnosis, takeAction } from "../../store/workOrders";
import type { Diagnosis, WorkOrder } from "../../sync/types";
import { ActionBar } from "./ActionBar";
import { DiagnosisForm } from "./DiagnosisForm";
import { EventHistory } from "./EventHistory";
import "./style.css";

export function WorkOrderDetail({ id }: { id: string }) {
  const order = useAsync(() => getWorkOrder(id), [id]);
  const events = useAsync(() => listEvents(id), [id]);

  async function act(action: string, note: string) {
    order.setData(await takeAction(id, action, note));
    events.reload();
  }

  async function save(diagnosis: Diagnosis) {
    order.setData(await saveDiagnosis(id, diagnosis));
    events.reload();
  }

  const wo = order.data;
  return (
    <main class="main detail">
      <button type="button" class="detail__back" onClick={() => goBack("/work-orders")}>
        ‹ {t("nav.back")}
      </button>
      {order.error !== null && <ErrorMessage error={order.error} onRetry={order.reload} />}
      {order.loading && wo === undefined && <Loading />}
      {wo !== undefined && (
        <>
          <Summary wo={wo} />
          <ActionBar actions={wo.allowed_actions} onAction={act} />
          <CustomerAndSite wo={wo} />
          <Devices wo={wo} />
          <DiagnosisForm
            key={wo.id}
            initial={wo}
            editable={isEditable(wo.status)}
            onSave={save}
          />
          <EventHistory events={events} />
        </>
      )}
    </main>
  );
}

function Facts({ rows }: { rows: [string, ComponentChildren][] }) {
  const shown = rows.filter(([, value]) => value !== "" && value !== null && value !== undefined);
  return (
    <dl class="facts">
      {shown.map(([label, value]) => (
        <Fragment key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

function Phone({ name, phone }: { name: string; phone: string }) {
  if (!phone) return <>{name}</>;
  return (
    <>
      {name}{" "}
      <a class="detail__phone" href={`tel:${phone}`} aria-label={t("workOrder.call", { phone })}>
        {phone}
      </a>
    </>
  );
}

function Summary({ wo }: { wo: WorkOrder }) {
  return (
    <section class="card detail__summary" aria-labelledby="wo-number">
      <div class="detail__title">
        <h1 id="wo-number">{wo.number}</h1>
        <StatusBadge status={wo.status} />
      </div>
      <div class="detail__badges">
        <SeverityBadge severity={wo.severity} />
        {wo.customer.is_important && <ImportantBadge />}
      </div>
      {wo.symptom && <p class="detail__symptom">{wo.symptom}</p>}
      <Facts
        rows={[
          [t("workOrder.fields.type"), t(`type.${wo.type}`)],
          [t("workOrder.fields.channel"), t(`channel.${wo.channel}`)],
          [t("workOrder.fields.appointmentAt"), formatDateTime(wo.appointment_at)],
          [t("workOrder.fields.reportedAt"), formatDateTime(wo.reported_at)],
          [t("workOrder.fields.engineer"), wo.assigned_engineer?.display_name ?? ""],
          [t("workOrder.fields.closedAt"), formatDateTime(wo.closed_at)],
        ]}
      />
    </section>
  );
}

function CustomerAndSite({ wo }: { wo: WorkOrder }) {
  const contact = wo.contact_name || wo.contact_phone;
  const reporter = wo.reporter_name || wo.reporter_phone;
  return (
    <section class="card">
      <h2>{t("workOrder.sections.customer")}</h2>
      <Facts
        rows={[
          [t("workOrder.fields.customer"), wo.customer.name],
          [t("workOrder.fields.site"), wo.site.name],
          [t("workOrder.fields.address"), wo.site.address],
          [t("workOrder.fields.zone"), wo.site.zone ? t(`zone.${wo.site.zone}`) : ""],
          [t("workOrder.fields.system"), wo.system?.name ?? ""],
          [
            t("workOrder.fields.contract"),
            wo.contract ? `${wo.contract.number} ${wo.contract.name}` : "",
          ],
          [
            t("workOrder.fields.reporter"),
            reporter ? <Phone name={wo.reporter_name} phone={wo.reporter_phone} /> : "",
          ],
          [
            t("workOrder.fields.contact"),
            contact ? <Phone name={wo.contact_name} phone={wo.contact_phone} /> : "",
          ],
        ]}
      />
    </section>
  );
}

function Devices({ wo }: { wo: WorkOrder }) {
  return (
    <section class="card">
      <h2>{t("workOrder.sections.devices")}</h2>
      {wo.devices.length === 0 ? (
        <p class="detail__muted">{t("workOrder.noDevices")}</p>
      ) : (
        <ul class="devices">
          {wo.devices.map((device) => (
            <li key={device.id} class="devices__item">
              <strong>
                {device.manufacturer} {device.model}
              </strong>
              <span class="devices__serial">
                {t("workOrder.device.serial", { serial: device.serial })}
              </span>
              {device.location && (
                <span>{t("workOrder.device.location", { location: device.location })}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
