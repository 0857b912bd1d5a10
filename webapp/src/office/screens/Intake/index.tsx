// Intake (客服登记): register a fault from phone, e-mail, WeChat or walk-in; find the device
// by serial, customer or site and see its warranty and history; see QR self-reports.

import { useState } from "preact/hooks";

import { ImportantBadge, SeverityBadge, StatusBadge } from "../../../components/Badge";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { Link } from "../../../components/Link";
import { useAsync } from "../../../components/useAsync";
import { UNASSIGNED } from "../../../domain/workOrderFlow";
import { t } from "../../../i18n";
import { formatDateTime } from "../../../i18n/format";
import * as api from "../../api";
import { FieldErrors } from "../../components/FieldErrors";
import { Input, Select } from "../../components/Input";
import { SlaCountdown } from "../../components/Sla";
import type { Device, OfficeWorkOrder, Row } from "../../types";

const INTAKE_CHANNELS = ["phone", "email", "wechat", "walk_in", "web"];
const TYPES = ["repair", "inspection", "installation", "upgrade", "follow_up", "training", "rectification"];

interface Draft {
  channel: string;
  type: string;
  severity: string;
  reporter_name: string;
  reporter_phone: string;
  symptom: string;
}

const EMPTY: Draft = { channel: "phone", type: "repair", severity: "3", reporter_name: "", reporter_phone: "", symptom: "" };

export function Intake() {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [customer, setCustomer] = useState<Row | null>(null);
  const [siteId, setSiteId] = useState("");
  const [device, setDevice] = useState<Device | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<OfficeWorkOrder | null>(null);

  const sites = useAsync(
    () => (customer ? api.listRows("sites", { customer_id: customer.id }) : Promise.resolve(null)),
    [customer?.id],
  );
  const set = (name: keyof Draft) => (value: string) => setDraft({ ...draft, [name]: value });

  function pickDevice(found: Device) {
    setDevice(found);
    setCustomer({ id: found.customer.id, name: found.customer.name });
    setSiteId(found.site.id);
  }

  async function submit(event: Event) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const order = await api.registerWorkOrder({
        ...draft,
        severity: Number(draft.severity),
        customer_id: customer?.id,
        site_id: siteId || undefined,
        system_id: device?.system.id,
        device_ids: device ? [device.id] : [],
      });
      setCreated(order);
      setDraft(EMPTY);
      setDevice(null);
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  return (
    <div class="o-page o-columns">
      <section class="o-panel o-panel--wide">
        <h1>{t("office.intake.title")}</h1>
        <DeviceFinder onPick={pickDevice} />
        {device && <DeviceCard device={device} />}
        <form class="o-form" onSubmit={submit} aria-label={t("office.intake.form")}>
          <div class="o-grid">
            <Select
              label={t("workOrder.fields.channel")}
              name="channel"
              value={draft.channel}
              onChange={set("channel")}
              options={INTAKE_CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
            />
            <Select
              label={t("workOrder.fields.type")}
              name="type"
              value={draft.type}
              onChange={set("type")}
              options={TYPES.map((c) => ({ value: c, label: t(`type.${c}`) }))}
            />
            <Select
              label={t("workOrder.fields.severity")}
              name="severity"
              value={draft.severity}
              onChange={set("severity")}
              options={[1, 2, 3, 4].map((s) => ({
                value: String(s),
                label: `${t("severity.short", { level: s })} ${t(`severity.s${s}`)}`,
              }))}
            />
            <CustomerPicker customer={customer} onPick={(picked) => { setCustomer(picked); setSiteId(""); setDevice(null); }} />
            <Select
              label={t("workOrder.fields.site")}
              name="site_id"
              value={siteId}
              onChange={setSiteId}
              empty={t("office.intake.chooseSite")}
              options={(sites.data?.items ?? []).map((s) => ({ value: s.id, label: String(s.name) }))}
            />
            <Input label={t("office.intake.reporterName")} name="reporter_name" value={draft.reporter_name} onInput={set("reporter_name")} />
            <Input label={t("office.intake.reporterPhone")} name="reporter_phone" value={draft.reporter_phone} onInput={set("reporter_phone")} />
          </div>
          <Input label={t("workOrder.fields.symptom")} name="symptom" value={draft.symptom} onInput={set("symptom")} multiline required />
          <FieldErrors error={error} />
          <button type="submit" class="o-button" disabled={saving}>
            {saving ? t("buttons.saving") : t("office.intake.register")}
          </button>
        </form>
        {created && <Registered order={created} />}
      </section>
      <aside class="o-panel">
        <QrReports />
      </aside>
    </div>
  );
}

function Registered({ order }: { order: OfficeWorkOrder }) {
  const now = new Date();
  const deadlines = Object.values(order.sla?.clocks ?? {}).filter((clock) => clock.deadline_at);
  return (
    <div class="o-notice" role="status" data-number={order.number}>
      <p>
        {t("office.intake.registered", { number: order.number })}{" "}
        <Link href="/office/dispatch">{t("office.intake.toDispatch")}</Link>
      </p>
      <SlaCountdown sla={order.sla} now={now} />
      <ul class="o-deadlines">
        {deadlines.map((clock) => (
          <li key={clock.clock}>
            {t(`office.sla.clock.${clock.clock}`)}: {formatDateTime(clock.deadline_at)}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function CustomerPicker({ customer, onPick }: { customer: Row | null; onPick: (row: Row) => void }) {
  const [q, setQ] = useState("");
  const found = useAsync(() => (q.trim() ? api.listRows("customers", { q, per_page: 10 }) : Promise.resolve(null)), [q]);
  return (
    <div class="o-picker">
      <Input label={t("workOrder.fields.customer")} name="customer_q" value={q} onInput={setQ} placeholder={customer ? String(customer.name) : t("office.intake.searchCustomer")} />
      {customer && (
        <p class="o-picked" data-customer={customer.id}>
          {String(customer.name)} {customer.is_important ? <ImportantBadge /> : null}
        </p>
      )}
      {q.trim() && (found.data?.items ?? []).length > 0 && (
        <ul class="o-suggestions">
          {(found.data?.items ?? []).map((row) => (
            <li key={row.id}>
              <button type="button" class="o-link" onClick={() => { onPick(row); setQ(""); }}>
                {String(row.name)} <small>{String(row.code)}</small>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function DeviceFinder({ onPick }: { onPick: (device: Device) => void }) {
  const [q, setQ] = useState("");
  const [searched, setSearched] = useState("");
  const found = useAsync(() => (searched ? api.findDevices({ q: searched }) : Promise.resolve(null)), [searched]);
  return (
    <form
      class="o-search"
      onSubmit={(event) => {
        event.preventDefault();
        setSearched(q.trim());
      }}
    >
      <Input label={t("office.intake.findDevice")} name="device_q" value={q} onInput={setQ} placeholder={t("office.intake.findDeviceHint")} />
      <button type="submit" class="o-button o-button--secondary">
        {t("office.search")}
      </button>
      {found.error !== null && <ErrorMessage error={found.error} />}
      {found.data && (
        <ul class="o-suggestions">
          {found.data.items.length === 0 && <li>{t("office.table.empty")}</li>}
          {found.data.items.map((device) => (
            <li key={device.id}>
              <button type="button" class="o-link" data-serial={device.serial} onClick={() => onPick(device)}>
                {device.serial} · {device.model} · {device.customer.name} / {device.site.name} · {device.location}
              </button>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}

function DeviceCard({ device }: { device: Device }) {
  const history = useAsync(() => api.listWorkOrders({ serial: device.serial, per_page: 20 }), [device.serial]);
  const warranty = device.warranty;
  return (
    <div class="o-card" data-device={device.serial}>
      <h2>
        {device.manufacturer} {device.model} · {device.serial}
      </h2>
      <p>
        {device.customer.name} / {device.site.name} / {device.system.name} · {device.location}
      </p>
      <p class={`o-warranty o-warranty--${warranty.status}`} data-warranty={warranty.status}>
        <strong>{t(`office.warranty.${warranty.status}`)}</strong>
        {warranty.start_on && ` ${warranty.start_on} – ${warranty.end_on ?? ""}`}
        {warranty.reasons?.length ? ` (${warranty.reasons.map((r) => t(`office.warranty.reason.${r.split(":")[0]}`)).join("、")})` : ""}
      </p>
      <h3>{t("office.intake.history")}</h3>
      {(history.data?.items ?? []).length === 0 ? (
        <p class="o-empty">{t("office.intake.noHistory")}</p>
      ) : (
        <ul class="o-history">
          {(history.data?.items ?? []).map((order) => (
            <li key={order.id}>
              {order.number} <StatusBadge status={order.status} /> {formatDateTime(order.reported_at)} · {order.symptom}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function QrReports() {
  const now = new Date();
  const reports = useAsync(() => api.listWorkOrders({ status: UNASSIGNED }), []);
  const qr = (reports.data?.items ?? []).filter((order) => order.channel === "qr");
  return (
    <>
      <h2>{t("office.intake.qrReports")}</h2>
      {reports.error !== null && <ErrorMessage error={reports.error} onRetry={reports.reload} />}
      {qr.length === 0 ? (
        <p class="o-empty">{t("office.intake.noQrReports")}</p>
      ) : (
        <ul class="o-list">
          {qr.map((order) => (
            <li key={order.id} class="o-list__item">
              <strong>{order.number}</strong> <SeverityBadge severity={order.severity} />
              <div>
                {order.customer.name} / {order.site.name}
              </div>
              <div>{order.symptom}</div>
              <div>
                {order.reporter_name} {order.reporter_phone} · {formatDateTime(order.reported_at)}
              </div>
              <SlaCountdown sla={order.sla} now={now} />
              <Link href="/office/dispatch">{t("office.intake.toDispatch")}</Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
