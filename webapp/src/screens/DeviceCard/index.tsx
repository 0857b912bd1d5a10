import { Fragment } from "preact";
import { useState } from "preact/hooks";

import { StatusBadge } from "../../components/Badge";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { Link } from "../../components/Link";
import { Loading } from "../../components/Loading";
import { ReplaceUnit } from "../../components/ReplaceUnit";
import { Section } from "../../components/Section";
import { mergeContractSettings } from "../../domain/settings";
import { warrantyDecision } from "../../domain/warranty";
import { isInService, WORK_ORDER_TYPES } from "../../domain/vocabulary";
import { isEditable, isOpen, SEVERITIES } from "../../domain/workOrderFlow";
import { has, t } from "../../i18n";
import { formatDateTime } from "../../i18n/format";
import { goBack, navigate } from "../../router";
import { createWorkOrder, replaceDevice } from "../../store/actions";
import { useLiveQuery } from "../../store/useLiveQuery";
import { type DeviceView, getDeviceView } from "../../store/workOrders";
import "./style.css";

export function DeviceCard({ id }: { id: string }) {
  const view = useLiveQuery(() => getDeviceView(id), [id]);
  const v = view.data;
  return (
    <main class="main device-card">
      <button type="button" class="detail__back" onClick={() => goBack("/scan")}>
        ‹ {t("nav.back")}
      </button>
      {v === undefined && <Loading />}
      {v === null && <p class="list-empty">{t("device.notOnPhone")}</p>}
      {v && (
        <>
          <Facts v={v} />
          <Swap v={v} />
          <Warranty v={v} />
          <History v={v} />
          <NewOrder v={v} />
        </>
      )}
    </main>
  );
}

function Facts({ v }: { v: DeviceView }) {
  const d = v.device;
  const rows: [string, string][] = [
    [t("device.serial"), d.serial],
    [t("device.model"), `${d.manufacturer ?? ""} ${d.model ?? ""}`.trim()],
    [t("device.class"), d.device_class ? t(`device.classes.${d.device_class}`) : ""],
    [t("device.location"), d.location ?? ""],
    [t("device.version"), d.version ?? ""],
    [t("device.ip"), d.ip_address ?? ""],
    [t("workOrder.fields.customer"), v.customer?.name ?? ""],
    [t("workOrder.fields.site"), v.site?.name ?? ""],
    [t("workOrder.fields.system"), v.system?.name ?? ""],
    [t("device.installedOn"), d.installed_on ?? ""],
    [t("swap.unitStatus"), d.status && has(`deviceStatus.${d.status}`) ? t(`deviceStatus.${d.status}`) : ""],
    [t("device.replacedBy"), v.replacedBy?.serial ?? ""],
    [t("swap.replaces"), v.replaces?.serial ?? ""],
  ];
  return (
    <section class="card" aria-labelledby="device-title">
      <h1 id="device-title" data-serial={d.serial}>
        {d.model || d.serial}
      </h1>
      <dl class="facts">
        {rows
          .filter(([, value]) => value)
          .map(([label, value]) => (
            <Fragment key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
      </dl>
    </section>
  );
}

/** The swap chain (换机记录), oldest first, and recording a swap on an open order of this
 * unit while it is in service. */
function Swap({ v }: { v: DeviceView }) {
  const order = isInService(v.device) ? v.workOrders.find((wo) => isEditable(wo.status)) : undefined;
  if (v.chain.length < 2 && !order) return null;
  return (
    <Section id="device-swap" title={t("swap.title")}>
      {v.chain.length > 1 && (
        <ol class="rows swap-chain" data-list="chain" aria-label={t("swap.chain")}>
          {v.chain.map((unit) => (
            <li key={unit.id} class="rows__item" data-serial={unit.serial} data-status={unit.status}>
              {unit.id === v.device.id ? (
                <strong>
                  {unit.serial} · {t("swap.thisUnit")}
                </strong>
              ) : (
                <Link href={`/devices/${unit.id}`}>{unit.serial}</Link>
              )}
              <span class="detail__muted">
                {unit.model}
                {unit.status && has(`deviceStatus.${unit.status}`) ? ` · ${t(`deviceStatus.${unit.status}`)}` : ""}
              </span>
            </li>
          ))}
        </ol>
      )}
      {order && (
        <ReplaceUnit old={v.device} onReplace={(unit) => replaceDevice(order.id, v.device.id, unit)} />
      )}
    </Section>
  );
}

function Warranty({ v }: { v: DeviceView }) {
  let content;
  try {
    const terms = mergeContractSettings(v.contract?.settings ?? null).warranty;
    const decision = warrantyDecision(v.device as never, [], terms, new Date().toISOString().slice(0, 10));
    content = (
      <div class={`warranty warranty--${decision.is_free ? "free" : "paid"}`} data-warranty={decision.status}>
        <strong class="warranty__status">{t(`warranty.status.${decision.status}`)}</strong>
        {decision.end_on && <span>{t("warranty.until", { date: decision.end_on })}</span>}
      </div>
    );
  } catch (error) {
    const key = (error as { key?: string }).key;
    content = <p class="detail__muted">{t(key && has(key) ? key : "errors.warranty.undecided")}</p>;
  }
  return (
    <Section id="device-warranty" title={t("warranty.title")}>
      {content}
    </Section>
  );
}

function History({ v }: { v: DeviceView }) {
  return (
    <Section id="device-history" title={t("device.history")}>
      {v.workOrders.length === 0 ? (
        <p class="detail__muted">{t("device.noHistory")}</p>
      ) : (
        <ul class="rows">
          {v.workOrders.map((wo) => (
            <li key={wo.id} class="rows__item">
              <Link href={`/work-orders/${wo.id}`} class="device-card__order" data-open={isOpen(wo.status) ? "yes" : "no"}>
                <strong>{wo.number || t("workOrder.unnumbered")}</strong> <StatusBadge status={wo.status} />
                <span>{wo.symptom}</span>
                <span class="detail__muted">{formatDateTime(wo.reported_at)}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

/** A new work order for this device, made offline (work_order.create). */
function NewOrder({ v }: { v: DeviceView }) {
  const [open, setOpen] = useState(false);
  const [type, setType] = useState("repair");
  const [severity, setSeverity] = useState(3);
  const [symptom, setSymptom] = useState("");
  const [reporter, setReporter] = useState("");
  const [phone, setPhone] = useState("");
  const [error, setError] = useState<unknown>(null);
  if (!v.site || !v.customer) {
    return (
      <Section id="device-new" title={t("device.newOrder")}>
        <p class="detail__muted">{t("device.siteUnknown")}</p>
      </Section>
    );
  }
  const site = v.site;
  const customer = v.customer;

  async function create(event: Event) {
    event.preventDefault();
    setError(null);
    try {
      const wo = await createWorkOrder({
        customer_id: customer.id,
        site_id: site.id,
        system_id: v.system?.id ?? null,
        device_ids: [v.device.id],
        type,
        severity,
        symptom: symptom.trim(),
        reporter_name: reporter.trim(),
        reporter_phone: phone.trim(),
      });
      navigate(`/work-orders/${wo.id}`, { replace: true });
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <Section id="device-new" title={t("device.newOrder")}>
      {!open ? (
        <button type="button" class="button button--block" onClick={() => setOpen(true)} data-step="new-order">
          {t("device.newOrder")}
        </button>
      ) : (
        <form onSubmit={create}>
          <div class="field">
            <label class="field__label" for="new-type">
              {t("workOrder.fields.type")}
            </label>
            <select id="new-type" class="field__input" value={type} onChange={(e) => setType(e.currentTarget.value)}>
              {WORK_ORDER_TYPES.map((option) => (
                <option key={option} value={option}>
                  {t(`type.${option}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="photo-kinds" role="group" aria-label={t("workOrder.fields.severity")}>
            {SEVERITIES.map((level) => (
              <button key={level} type="button" class={`chip${level === severity ? " chip--on" : ""}`} aria-pressed={level === severity} onClick={() => setSeverity(level)}>
                {t("severity.short", { level })} {t(`severity.s${level}`)}
              </button>
            ))}
          </div>
          <Field label={t("workOrder.fields.symptom")} name="new-symptom" value={symptom} onInput={setSymptom} multiline />
          <Field label={t("workOrder.fields.reporter")} name="new-reporter" value={reporter} onInput={setReporter} />
          <Field label={t("device.reporterPhone")} name="new-phone" value={phone} onInput={setPhone} inputMode="numeric" />
          <button type="submit" class="button button--block" disabled={!symptom.trim()}>
            {t("device.create")}
          </button>
        </form>
      )}
      {error !== null && <ErrorMessage error={error} />}
    </Section>
  );
}
