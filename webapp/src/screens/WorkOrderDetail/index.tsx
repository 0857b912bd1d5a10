import { type ComponentChildren, Fragment } from "preact";
import { useRef, useState } from "preact/hooks";

import { ImportantBadge, SeverityBadge, StatusBadge } from "../../components/Badge";
import { Link } from "../../components/Link";
import { Loading } from "../../components/Loading";
import { ReplaceUnit } from "../../components/ReplaceUnit";
import { Section } from "../../components/Section";
import { SlaBadge } from "../../components/SlaBadge";
import { completionTerms, type GuardMode, type MissingFact } from "../../domain/guards";
import { DIAGNOSIS_FIELDS, mergeContractSettings } from "../../domain/settings";
import { hasFaultSeverity, isInService } from "../../domain/vocabulary";
import { ACTIONS, type ActionName, isEditable, isOpen } from "../../domain/workOrderFlow";
import { has, t } from "../../i18n";
import { formatDateTime } from "../../i18n/format";
import { goBack } from "../../router";
import { replaceDevice, transition, updateWorkOrder } from "../../store/actions";
import { CONSENT_PURPOSE, missingOnPhone, signOffPurpose } from "../../store/completion";
import { allowedActions } from "../../store/flow";
import { planSteps, type StepFacts, type StepName } from "../../store/steps";
import type { Diagnosis } from "../../sync/types";
import { useLiveQuery } from "../../store/useLiveQuery";
import { getWorkOrderView, type WorkOrderView } from "../../store/workOrders";
import { MoreActions, PrimaryBar, useActionRunner } from "./ActionBar";
import { CompletionCheck, type Unsigned, UnsignedOption } from "./CompletionCheck";
import { DiagnosisForm } from "./DiagnosisForm";
import { EventHistory } from "./EventHistory";
import { LoanerPanel, NotesPanel } from "./NotesPanel";
import { PartsPanel } from "./PartsPanel";
import { PhotosPanel } from "./PhotosPanel";
import { type StepOpener, Steps } from "./Steps";
import { WarrantyPanel } from "./WarrantyPanel";
import "./style.css";

export function WorkOrderDetail({ id }: { id: string }) {
  const view = useLiveQuery(() => getWorkOrderView(id), [id]);
  const v = view.data;
  return (
    <main class="main detail">
      <button type="button" class="detail__back" onClick={() => goBack("/work-orders")}>
        ‹ {t("nav.back")}
      </button>
      {v === undefined && <Loading />}
      {v === null && <p class="list-empty">{t("workOrder.notOnPhone")}</p>}
      {v && <Detail v={v} />}
    </main>
  );
}

/** The guard modes the engineer's actions from this status check, once each. */
function guardModes(actions: ActionName[]): GuardMode[] {
  return [...new Set(actions.map((action) => ACTIONS[action].guarded).filter((mode): mode is GuardMode => mode !== null))];
}

/** The facts the guided steps are planned from (store/steps.ts). */
function stepFacts(v: WorkOrderView, missing: MissingFact[]): StepFacts {
  const purpose = signOffPurpose(v.wo.type);
  const byCustomer = v.signatures.filter((s) => s.signer_role === "customer");
  return {
    status: v.wo.status,
    terms: completionTerms(mergeContractSettings(v.contract?.settings ?? null), v.wo.type),
    missing,
    events: v.events.map((event) => ({ kind: event.kind, at: event.device_at ?? event.server_at ?? null })),
    counts: {
      parts: v.usages.length,
      photos: v.attachments.filter((a) => !a.inspection_result_id).length,
      checklistAnswered: new Set(v.results.map((r) => r.item_key)).size,
      checklistTotal: v.template?.items.length ?? 0,
      diagnosisFilled: DIAGNOSIS_FIELDS.filter((name) => String(v.wo[name] ?? "").trim() !== "").length,
    },
    signedOff: v.signatures.some((s) => s.purpose === purpose),
    consentSigned: byCustomer.some((s) => s.purpose === CONSENT_PURPOSE),
  };
}

function Detail({ v }: { v: WorkOrderView }) {
  const id = v.wo.id;
  const [unsigned, setUnsigned] = useState<Unsigned>({ checked: false, reason: "" });
  const actions = allowedActions(v.wo.status);
  const today = new Date().toISOString().slice(0, 10);
  const phone = { unsignedReason: unsigned.checked ? unsigned.reason : "", today };
  const missing = new Map<GuardMode, MissingFact[]>(guardModes(actions).map((mode) => [mode, missingOnPhone(v, mode, phone)]));
  const onSite = missingOnPhone(v, "on_site", phone);
  const plan = planSteps(stepFacts(v, onSite));
  const opener = useRef<StepOpener | null>(null);

  function blocked(action: ActionName): boolean {
    const mode = ACTIONS[action].guarded;
    return mode !== null && (missing.get(mode)?.length ?? 0) > 0;
  }

  async function act(action: ActionName, note: string, data: Record<string, unknown> = {}) {
    const reason = unsigned.reason.trim();
    const extra = ACTIONS[action].guarded === "on_site" && unsigned.checked && reason ? { unsigned_reason: reason } : {};
    const all = { ...data, ...extra };
    await transition(id, action, { note, ...(Object.keys(all).length ? { data: all } : {}) });
  }
  const runner = useActionRunner(act);

  async function save(diagnosis: Diagnosis) {
    await updateWorkOrder(id, diagnosis);
  }

  const consentStep = plan.steps.some((step) => step.name === "consent");
  const needsSignOff = onSite.some((fact) => fact.code === "sign_off");
  const bodies: Partial<Record<StepName, ComponentChildren>> = {
    arrive: actions.includes("arrive") ? <p class="detail__muted">{t("steps.hint.arrive")}</p> : undefined,
    diagnose: <DiagnosisForm key={v.wo.id} workOrderId={v.wo.id} initial={v.wo} editable={isEditable(v.wo.status)} onSave={save} />,
    parts: <PartsPanel v={v} />,
    photos: <PhotosPanel v={v} />,
    checklist: <ChecklistStep v={v} />,
    consent: <WarrantyPanel v={v} />,
    sign_off: (
      <>
        <SignOffStep v={v} />
        <UnsignedOption needed={needsSignOff} unsigned={unsigned} onUnsigned={setUnsigned} />
      </>
    ),
  };
  // The primary bar says what completing lacks; the other guarded steps (solved by
  // phone, remotely) say what they lack beside their buttons.
  const primaryGuarded = plan.primary !== null && ACTIONS[plan.primary.action].guarded !== null;
  const otherModes = guardModes(plan.secondary);
  const otherLacking = [...new Map(otherModes.flatMap((mode) => missing.get(mode) ?? []).map((fact) => [JSON.stringify(fact), fact])).values()];

  return (
    <div class="detail__steps-page">
      <Summary v={v} />
      <Steps workOrderId={id} steps={plan.steps} bodies={bodies} onOpener={(open) => (opener.current = open)} />
      <MoreActions actions={plan.secondary} blocked={blocked} runner={runner} offersArrive={actions.includes("arrive")}>
        {!primaryGuarded && otherModes.length > 0 && <CompletionCheck v={v} missing={otherLacking} />}
      </MoreActions>
      <NotesPanel v={v} />
      <details class="card detail__more" data-more="order">
        <summary>{t("steps.more")}</summary>
        <OrderFacts v={v} />
        <CustomerAndSite v={v} />
        <Devices v={v} />
        {!consentStep && <WarrantyPanel v={v} />}
        <LoanerPanel v={v} />
        <EventHistory events={v.events} />
      </details>
      <PrimaryBar primary={plan.primary} runner={runner} onGoTo={() => plan.primary && opener.current?.(plan.primary.step)}>
        {primaryGuarded && plan.primary && <CompletionCheck v={v} missing={plan.primary.missing} />}
      </PrimaryBar>
    </div>
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

/** The compact header: number and status, customer, severity (not for planned work),
 * the SLA countdown, what waits to sync. */
function Summary({ v }: { v: WorkOrderView }) {
  const { wo } = v;
  return (
    <section class="card detail__summary" aria-labelledby="wo-number">
      <div class="detail__title">
        <h1 id="wo-number">{wo.number || t("workOrder.unnumbered")}</h1>
        <StatusBadge status={wo.status} />
      </div>
      {v.customer && <p class="detail__customer">{v.customer.name}{v.site ? ` · ${v.site.name}` : ""}</p>}
      <div class="detail__badges">
        {hasFaultSeverity(wo.type) && <SeverityBadge severity={wo.severity} />}
        {v.customer?.is_important && <ImportantBadge />}
        {isOpen(wo.status) && <SlaBadge wo={wo} site={v.site} contract={v.contract} events={v.events} now={new Date()} />}
        {v.pending > 0 && (
          <Link class="badge badge--pending" href="/sync" data-order-pending={v.pending}>
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
    </section>
  );
}

function OrderFacts({ v }: { v: WorkOrderView }) {
  const { wo } = v;
  return (
    <Facts
      rows={[
        [t("workOrder.fields.type"), t(`type.${wo.type}`)],
        [t("workOrder.fields.channel"), t(`channel.${wo.channel}`)],
        [t("workOrder.fields.appointmentAt"), formatDateTime(wo.appointment_at)],
        [t("workOrder.fields.reportedAt"), formatDateTime(wo.reported_at)],
        [t("workOrder.fields.closedAt"), formatDateTime(wo.closed_at)],
      ]}
    />
  );
}

/** The checklist step: the link to the checklist screen, with how much is answered. */
function ChecklistStep({ v }: { v: WorkOrderView }) {
  const { wo } = v;
  if (!v.template) return <p class="detail__muted">{t("checklist.noTemplate")}</p>;
  return (
    <Link class="button button--secondary button--block" href={`/work-orders/${wo.id}/checklist`} data-step="checklist">
      {t("workOrder.steps.checklist", { done: new Set(v.results.map((r) => r.item_key)).size, total: v.template.items.length })}
    </Link>
  );
}

/** The customer's signature. The customer signs once: an inspection's sign-off is his
 * signature on the report, which the checklist screen asks for when every required item
 * is answered. */
function SignOffStep({ v }: { v: WorkOrderView }) {
  const { wo } = v;
  const purpose = signOffPurpose(wo.type);
  const signedOff = v.signatures.some((s) => s.purpose === purpose);
  const reportSigned = v.signatures.some((s) => s.purpose === "inspection_report");
  // Without a template on the phone there is no checklist to end on: sign here.
  const signsOnChecklist = purpose === "inspection_report" && v.template !== undefined;
  return (
    <div class="sign-step">
      {signsOnChecklist ? (
        !reportSigned && (
          <p class="detail__muted" data-step="sign-on-report">
            {t("workOrder.steps.signOnReport")}
          </p>
        )
      ) : (
        <Link
          class={`button button--block${signedOff ? " button--secondary" : ""}`}
          href={`/work-orders/${wo.id}/sign?purpose=${purpose}`}
          data-step="sign-off"
        >
          {signedOff ? t("workOrder.steps.signedOff") : t("workOrder.steps.signOff")}
        </Link>
      )}
      {reportSigned && <p class="notice">{t("workOrder.steps.reportSigned")}</p>}
    </div>
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

/** The order's units; a unit in service can be swapped here (换机) while the order is not
 * final, and a swapped one says by which serial. */
function Devices({ v }: { v: WorkOrderView }) {
  const swappable = isEditable(v.wo.status);
  const serialOf = new Map(v.devices.map((device) => [device.id, device.serial]));
  return (
    <Section id="devices" title={t("workOrder.sections.devices")}>
      {v.devices.length === 0 ? (
        <p class="detail__muted">{t("workOrder.noDevices")}</p>
      ) : (
        <ul class="devices">
          {v.devices.map((device) => {
            const replaces = v.devices.find((other) => other.replaced_by_id === device.id);
            const by = device.replaced_by_id ? serialOf.get(device.replaced_by_id) : undefined;
            return (
              <li key={device.id} class="devices__item" data-device={device.serial} data-status={device.status}>
                <Link href={`/devices/${device.id}`} class="devices__link">
                  <strong>
                    {device.manufacturer} {device.model}
                  </strong>
                  <span class="devices__serial">{t("workOrder.device.serial", { serial: device.serial })}</span>
                  {device.location && <span>{t("workOrder.device.location", { location: device.location })}</span>}
                  {!isInService(device) && has(`deviceStatus.${device.status}`) && (
                    <span class="devices__swapped">
                      {t(`deviceStatus.${device.status}`)}
                      {by ? ` · ${t("swap.replacedByShort", { serial: by })}` : ""}
                    </span>
                  )}
                  {replaces && <span class="detail__muted">{t("swap.replacesShort", { serial: replaces.serial })}</span>}
                </Link>
                {swappable && isInService(device) && (
                  <ReplaceUnit old={device} onReplace={(unit) => replaceDevice(v.wo.id, device.id, unit)} />
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}
