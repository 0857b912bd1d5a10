// The hotline log (热线/来电记录): log every inbound call or message (caller, customer,
// device, what was said, the duty engineer, the outcome) and list the calls with filters.
// A remote session or a visit registers a work order on the server, or the call is
// attached to an open order of the customer picked here.

import { useState } from "preact/hooks";

import { ErrorMessage } from "../../../components/ErrorMessage";
import { Link } from "../../../components/Link";
import { useAsync } from "../../../components/useAsync";
import { CALL_CHANNELS, CALL_OUTCOMES, mayAttach, needsWorkOrder } from "../../../domain/hotline";
import { OPEN_STATUSES } from "../../../domain/workOrderFlow";
import { t } from "../../../i18n";
import { formatDateTime } from "../../../i18n/format";
import * as api from "../../api";
import { FieldErrors } from "../../components/FieldErrors";
import { Input, Select } from "../../components/Input";
import { fromLocalInput } from "../../datetimeLocal";
import type { Call, Device, Row } from "../../types";
import { CustomerPicker, DeviceFinder } from "../Intake";

const PER_PAGE = 50;

interface Filters {
  outcome: string;
  channel: string;
  from: string;
  to: string;
  q: string;
}

const NO_FILTERS: Filters = { outcome: "", channel: "", from: "", to: "", q: "" };

export function Calls() {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [page, setPage] = useState(1);
  const query = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== ""));
  const list = useAsync(() => api.listCalls({ ...query, page, per_page: PER_PAGE }), [JSON.stringify(query), page]);
  const set = (name: keyof Filters) => (value: string) => {
    setFilters({ ...filters, [name]: value });
    setPage(1);
  };
  return (
    <div class="o-page o-columns">
      <section class="o-panel o-panel--wide">
        <h1>{t("office.calls.title")}</h1>
        <div class="o-grid" role="search">
          <Select label={t("office.calls.outcome")} name="filter_outcome" value={filters.outcome} onChange={set("outcome")} empty={t("office.calls.all")} options={CALL_OUTCOMES.map((o) => ({ value: o, label: t(`office.calls.outcomes.${o}`) }))} />
          <Select label={t("office.calls.channel")} name="filter_channel" value={filters.channel} onChange={set("channel")} empty={t("office.calls.all")} options={CALL_CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))} />
          <Input label={t("office.calls.from")} name="filter_from" type="date" value={filters.from} onInput={set("from")} />
          <Input label={t("office.calls.to")} name="filter_to" type="date" value={filters.to} onInput={set("to")} />
          <Input label={t("office.search")} name="filter_q" value={filters.q} onInput={set("q")} placeholder={t("office.calls.searchHint")} />
        </div>
        {list.error !== null && <ErrorMessage error={list.error} onRetry={list.reload} />}
        {list.data && <CallList calls={list.data.items} />}
        {list.data && list.data.pages > 1 && (
          <div class="o-buttons" data-pager>
            <button type="button" class="o-button o-button--ghost" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              {t("office.calls.previous")}
            </button>
            <span class="o-muted">{t("office.calls.page", { page, pages: list.data.pages })}</span>
            <button type="button" class="o-button o-button--ghost" disabled={page >= list.data.pages} onClick={() => setPage(page + 1)}>
              {t("office.calls.next")}
            </button>
          </div>
        )}
      </section>
      <aside class="o-panel">
        <LogCall onSaved={list.reload} />
      </aside>
    </div>
  );
}

/** A list of calls, the latest first (the hotline screen, a customer's history). */
export function CallList({ calls }: { calls: Call[] }) {
  if (calls.length === 0) return <p class="o-empty">{t("office.calls.none")}</p>;
  return (
    <ul class="o-list">
      {calls.map((call) => (
        <li key={call.id} class="o-list__item" data-call={call.number} data-outcome={call.outcome}>
          <strong>{call.number}</strong> {formatDateTime(call.received_at)} · {t(`channel.${call.channel}`)} ·{" "}
          <strong>{t(`office.calls.outcomes.${call.outcome}`)}</strong>
          {call.is_solved_on_first_call && <> · {t("office.calls.solvedOnFirstCall")}</>}
          <div>
            {[call.caller_name, call.caller_phone, call.customer?.name, call.device?.serial].filter(Boolean).join(" · ")}
          </div>
          <div>{call.summary}</div>
          {call.resolution && <div class="o-muted">{call.resolution}</div>}
          <div class="o-muted">
            {t("office.calls.takenBy", { name: call.duty_engineer.display_name })}
            {call.work_order && (
              <>
                {" · "}
                {t(`office.calls.link.${call.order_link ?? "attached"}`)}{" "}
                <Link href={`/office/review/${call.work_order.id}`}>{call.work_order.number}</Link>
              </>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** The calls in a customer's history (the registry's customer panel). */
export function CustomerCalls({ customerId }: { customerId: string }) {
  const calls = useAsync(() => api.customerCalls(customerId, { per_page: 20 }), [customerId]);
  return (
    <section data-customer-calls={customerId}>
      <h2>{t("office.calls.history")}</h2>
      {calls.error !== null && <ErrorMessage error={calls.error} onRetry={calls.reload} />}
      {calls.data && <CallList calls={calls.data.items} />}
    </section>
  );
}

interface Draft {
  channel: string;
  caller_name: string;
  caller_phone: string;
  summary: string;
  resolution: string;
  outcome: string;
  duty_engineer_id: string;
  work_order_id: string;
  site_id: string;
  severity: string;
  received_at: string;
}

const EMPTY: Draft = {
  channel: "phone",
  caller_name: "",
  caller_phone: "",
  summary: "",
  resolution: "",
  outcome: "solved_by_phone",
  duty_engineer_id: "",
  work_order_id: "",
  site_id: "",
  severity: "3",
  received_at: "",
};

/** The body of POST /calls/ for what the form holds: only the fields its outcome uses. */
export function callBody(draft: Draft, customerId: string | null, device: Device | null): Record<string, unknown> {
  const body: Record<string, unknown> = {
    channel: draft.channel,
    caller_name: draft.caller_name,
    caller_phone: draft.caller_phone,
    summary: draft.summary,
    resolution: draft.resolution,
    outcome: draft.outcome,
    customer_id: customerId,
    device_id: device?.id ?? null,
  };
  if (draft.duty_engineer_id) body.duty_engineer_id = draft.duty_engineer_id;
  const receivedAt = fromLocalInput(draft.received_at);
  if (receivedAt) body.received_at = receivedAt;
  if (mayAttach(draft.outcome) && draft.work_order_id) {
    body.work_order_id = draft.work_order_id;
  } else if (needsWorkOrder(draft.outcome)) {
    body.severity = Number(draft.severity);
    if (!device && draft.site_id) body.site_id = draft.site_id;
  }
  return body;
}

function LogCall({ onSaved }: { onSaved: () => void }) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [customer, setCustomer] = useState<Row | null>(null);
  const [device, setDevice] = useState<Device | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<Call | null>(null);
  const engineers = useAsync(() => api.engineers(), []);
  const customerId = customer?.id ?? null;
  const sites = useAsync(() => (customerId ? api.listRows("sites", { customer_id: customerId }) : Promise.resolve(null)), [customerId]);
  const openOrders = useAsync(
    () => (customerId ? api.listWorkOrders({ customer_id: customerId, status: OPEN_STATUSES, per_page: 50 }) : Promise.resolve(null)),
    [customerId],
  );
  const set = (name: keyof Draft) => (value: string) => setDraft({ ...draft, [name]: value });
  const attachable = mayAttach(draft.outcome);
  const creates = needsWorkOrder(draft.outcome) && !draft.work_order_id;
  // The device's open orders first: the call is most likely about one of them.
  const orders = [...(openOrders.data?.items ?? [])].sort(
    (a, b) => Number(b.devices.some((d) => d.id === device?.id)) - Number(a.devices.some((d) => d.id === device?.id)),
  );

  function pickDevice(found: Device) {
    setDevice(found);
    setCustomer({ id: found.customer.id, name: found.customer.name });
    setDraft({ ...draft, work_order_id: "", site_id: "" });
  }

  async function submit(event: Event) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const call = await api.logCall(callBody(draft, customerId, device));
      setSaved(call);
      setDraft({ ...EMPTY, duty_engineer_id: draft.duty_engineer_id });
      setDevice(null);
      setCustomer(null);
      onSaved();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <h2>{t("office.calls.log")}</h2>
      <DeviceFinder onPick={pickDevice} />
      {device && (
        <p class="o-picked" data-device={device.serial}>
          {device.serial} · {device.model} · {device.site.name}
        </p>
      )}
      <form class="o-form" onSubmit={submit} aria-label={t("office.calls.log")}>
        <CustomerPicker
          customer={customer}
          onPick={(picked) => {
            setCustomer(picked);
            setDevice(null);
            setDraft({ ...draft, work_order_id: "", site_id: "" });
          }}
        />
        <div class="o-grid">
          <Select label={t("office.calls.channel")} name="channel" value={draft.channel} onChange={set("channel")} options={CALL_CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))} />
          <Input label={t("office.calls.receivedAt")} name="received_at" type="datetime-local" value={draft.received_at} onInput={set("received_at")} />
          <Input label={t("office.calls.callerName")} name="caller_name" value={draft.caller_name} onInput={set("caller_name")} />
          <Input label={t("office.calls.callerPhone")} name="caller_phone" value={draft.caller_phone} onInput={set("caller_phone")} />
        </div>
        <Input label={t("office.calls.summary")} name="summary" value={draft.summary} onInput={set("summary")} multiline required />
        <Input label={t("office.calls.resolution")} name="resolution" value={draft.resolution} onInput={set("resolution")} multiline />
        <div class="o-grid">
          <Select label={t("office.calls.outcome")} name="outcome" value={draft.outcome} onChange={set("outcome")} options={CALL_OUTCOMES.map((o) => ({ value: o, label: t(`office.calls.outcomes.${o}`) }))} />
          <Select
            label={t("office.calls.dutyEngineer")}
            name="duty_engineer_id"
            value={draft.duty_engineer_id}
            onChange={set("duty_engineer_id")}
            empty={t("office.calls.me")}
            options={(engineers.data ?? []).map((e) => ({ value: e.id, label: e.display_name }))}
          />
          {attachable && customerId && (
            <Select
              label={t("office.calls.attachTo")}
              name="work_order_id"
              value={draft.work_order_id}
              onChange={set("work_order_id")}
              empty={needsWorkOrder(draft.outcome) ? t("office.calls.newOrder") : t("office.form.none")}
              options={orders.map((o) => ({ value: o.id, label: `${o.number} · ${o.symptom}` }))}
            />
          )}
          {creates && (
            <Select
              label={t("workOrder.fields.severity")}
              name="severity"
              value={draft.severity}
              onChange={set("severity")}
              options={[1, 2, 3, 4].map((s) => ({ value: String(s), label: `${t("severity.short", { level: s })} ${t(`severity.s${s}`)}` }))}
            />
          )}
          {creates && !device && (
            <Select
              label={t("workOrder.fields.site")}
              name="site_id"
              value={draft.site_id}
              onChange={set("site_id")}
              empty={t("office.intake.chooseSite")}
              options={(sites.data?.items ?? []).map((s) => ({ value: s.id, label: String(s.name) }))}
            />
          )}
        </div>
        <FieldErrors error={error} />
        <button type="submit" class="o-button" disabled={saving || !draft.summary.trim()}>
          {saving ? t("buttons.saving") : t("office.calls.save")}
        </button>
      </form>
      {saved && (
        <p class="o-notice" role="status" data-saved={saved.number}>
          {t("office.calls.saved", { number: saved.number })}
          {saved.work_order && (
            <>
              {" "}
              {t(`office.calls.link.${saved.order_link ?? "attached"}`)}{" "}
              <Link href={saved.order_link === "created" ? "/office/dispatch" : `/office/review/${saved.work_order.id}`}>{saved.work_order.number}</Link>
            </>
          )}
        </p>
      )}
    </>
  );
}
