import { type ComponentChildren, Fragment } from "preact";

import { ImportantBadge, SeverityBadge, StatusBadge } from "../../components/Badge";
import { Link } from "../../components/Link";
import { Loading } from "../../components/Loading";
import { Section } from "../../components/Section";
import { SlaBadge } from "../../components/SlaBadge";
import { isEditable, isOpen } from "../../domain/workOrderFlow";
import { t } from "../../i18n";
import { formatDateTime } from "../../i18n/format";
import { goBack } from "../../router";
import { transition, updateWorkOrder } from "../../store/actions";
import { allowedActions } from "../../store/flow";
import type { Diagnosis } from "../../sync/types";
import { useLiveQuery } from "../../store/useLiveQuery";
import { getWorkOrderView, type WorkOrderView } from "../../store/workOrders";
import { ActionBar } from "./ActionBar";
import { DiagnosisForm } from "./DiagnosisForm";
import { EventHistory } from "./EventHistory";
import { LoanerPanel, NotesPanel } from "./NotesPanel";
import { PartsPanel } from "./PartsPanel";
import { PhotosPanel } from "./PhotosPanel";
import { WarrantyPanel } from "./WarrantyPanel";
import "./style.css";

export function WorkOrderDetail({ id }: { id: string }) {
  const view = useLiveQuery(() => getWorkOrderView(id), [id]);

  async function act(action: string, note: string, data?: Record<string, unknown>) {
    await transition(id, action, { note, ...(data ? { data } : {}) });
  }

  async function save(diagnosis: Diagnosis) {
    await updateWorkOrder(id, diagnosis);
  }

  const v = view.data;
  return (
    <main class="main detail">
      <button type="button" class="detail__back" onClick={() => goBack("/work-orders")}>
        ‹ {t("nav.back")}
      </button>
      {v === undefined && <Loading />}
      {v === null && <p class="list-empty">{t("workOrder.notOnPhone")}</p>}
      {v && (
        <>
          <Summary v={v} />
          <ActionBar actions={allowedActions(v.wo.status)} onAction={act} />
          <NextSteps v={v} />
          <CustomerAndSite v={v} />
          <Devices v={v} />
          <DiagnosisForm key={v.wo.id} initial={v.wo} editable={isEditable(v.wo.status)} onSave={save} />
          <WarrantyPanel v={v} />
          <PartsPanel v={v} />
          <PhotosPanel v={v} />
          <LoanerPanel v={v} />
          <NotesPanel v={v} />
          <EventHistory events={v.events} />
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

function Summary({ v }: { v: WorkOrderView }) {
  const { wo } = v;
  return (
    <section class="card detail__summary" aria-labelledby="wo-number">
      <div class="detail__title">
        <h1 id="wo-number">{wo.number || t("workOrder.unnumbered")}</h1>
        <StatusBadge status={wo.status} />
      </div>
      <div class="detail__badges">
        <SeverityBadge severity={wo.severity} />
        {v.customer?.is_important && <ImportantBadge />}
        {isOpen(wo.status) && <SlaBadge wo={wo} site={v.site} contract={v.contract} events={v.events} now={new Date()} />}
        {v.pending > 0 && (
          <Link class="badge badge--pending" href="/sync">
            {t("workOrders.pending", { count: v.pending })}
          </Link>
        )}
      </div>
      {v.conflicts.length > 0 && (
        <Link class="detail__conflicts" href="/sync">
          {t("workOrder.conflicts", { count: v.conflicts.length })}
        </Link>
      )}
      {wo.symptom && <p class="detail__symptom">{wo.symptom}</p>}
      <Facts
        rows={[
          [t("workOrder.fields.type"), t(`type.${wo.type}`)],
          [t("workOrder.fields.channel"), t(`channel.${wo.channel}`)],
          [t("workOrder.fields.appointmentAt"), formatDateTime(wo.appointment_at)],
          [t("workOrder.fields.reportedAt"), formatDateTime(wo.reported_at)],
          [t("workOrder.fields.closedAt"), formatDateTime(wo.closed_at)],
        ]}
      />
    </section>
  );
}

/** Links to the checklist and the customer's signature, when they apply. */
function NextSteps({ v }: { v: WorkOrderView }) {
  const { wo } = v;
  const signedOff = v.signatures.some((s) => s.purpose === "sign_off");
  const reportSigned = v.signatures.some((s) => s.purpose === "inspection_report");
  const inspection = wo.type === "inspection" || Boolean(v.template && v.results.length);
  return (
    <Section id="next" title={t("workOrder.sections.steps")}>
      <div class="steps">
        {inspection &&
          (v.template ? (
            <Link class="button button--secondary button--block" href={`/work-orders/${wo.id}/checklist`} data-step="checklist">
              {t("workOrder.steps.checklist", { done: new Set(v.results.map((r) => r.item_key)).size, total: v.template.items.length })}
            </Link>
          ) : (
            <p class="detail__muted">{t("checklist.noTemplate")}</p>
          ))}
        <Link
          class={`button button--block${signedOff ? " button--secondary" : ""}`}
          href={`/work-orders/${wo.id}/sign?purpose=sign_off`}
          data-step="sign-off"
        >
          {signedOff ? t("workOrder.steps.signedOff") : t("workOrder.steps.signOff")}
        </Link>
        {reportSigned && <p class="notice">{t("workOrder.steps.reportSigned")}</p>}
      </div>
    </Section>
  );
}

function CustomerAndSite({ v }: { v: WorkOrderView }) {
  const { wo } = v;
  const contact = wo.contact_name || wo.contact_phone;
  const reporter = wo.reporter_name || wo.reporter_phone;
  return (
    <Section id="customer" title={t("workOrder.sections.customer")}>
      <Facts
        rows={[
          [t("workOrder.fields.customer"), v.customer?.name ?? ""],
          [t("workOrder.fields.site"), v.site?.name ?? ""],
          [t("workOrder.fields.address"), v.site?.address ?? ""],
          [t("workOrder.fields.zone"), v.site?.zone ? t(`zone.${v.site.zone}`) : ""],
          [t("workOrder.fields.system"), v.system?.name ?? ""],
          [t("workOrder.fields.contract"), v.contract ? `${v.contract.number} ${v.contract.name}` : ""],
          [t("workOrder.fields.reporter"), reporter ? <Phone name={wo.reporter_name} phone={wo.reporter_phone} /> : ""],
          [t("workOrder.fields.contact"), contact ? <Phone name={wo.contact_name} phone={wo.contact_phone} /> : ""],
        ]}
      />
    </Section>
  );
}

function Devices({ v }: { v: WorkOrderView }) {
  return (
    <Section id="devices" title={t("workOrder.sections.devices")}>
      {v.devices.length === 0 ? (
        <p class="detail__muted">{t("workOrder.noDevices")}</p>
      ) : (
        <ul class="devices">
          {v.devices.map((device) => (
            <li key={device.id} class="devices__item">
              <Link href={`/devices/${device.id}`} class="devices__link">
                <strong>
                  {device.manufacturer} {device.model}
                </strong>
                <span class="devices__serial">{t("workOrder.device.serial", { serial: device.serial })}</span>
                {device.location && <span>{t("workOrder.device.location", { location: device.location })}</span>}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
