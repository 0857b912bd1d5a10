// Complaints (投诉), for supervisors and admins: register one (its verify and answer
// deadlines are fixed by the server), verify it, answer it with cause and responsibility.

import { useState } from "preact/hooks";

import { ErrorMessage } from "../../components/ErrorMessage";
import { useAsync } from "../../components/useAsync";
import { t } from "../../i18n";
import { formatDateTime } from "../../i18n/format";
import { listRows } from "../api";
import { Input, Select } from "../components/Input";
import * as api from "./api";
import { saveBlob } from "./logic";
import type { Complaint, DeadlineState } from "./types";

const CHANNELS = ["phone", "email", "wechat", "web", "letter", "visit"];

function Deadline({ at, state }: { at: string; state: DeadlineState }) {
  return (
    <span class={`kpi-state--${state}`} data-deadline={state}>
      {formatDateTime(at)} · {t(`kpi.deadline.${state}`)}
    </span>
  );
}

export function Complaints() {
  const [status, setStatus] = useState<"unanswered" | "answered">("unanswered");
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const list = useAsync(() => api.complaints(status), [status]);
  return (
    <div class="o-page">
      <div class="o-toolbar">
        <h1>{t("kpi.complaints.title")}</h1>
        <div class="o-segmented" role="group" aria-label={t("kpi.complaints.title")}>
          {(["unanswered", "answered"] as const).map((value) => (
            <button key={value} type="button" class={`o-segmented__item${status === value ? " o-segmented__item--on" : ""}`} onClick={() => setStatus(value)}>
              {t(`kpi.complaints.${value}`)}
            </button>
          ))}
        </div>
        <button type="button" class="o-button o-button--ghost" onClick={() => api.csv("/complaints/").then((blob) => saveBlob(blob, "complaints.csv"), setError)}>
          {t("kpi.csv")}
        </button>
      </div>
      {error !== null && <ErrorMessage error={error} />}
      <Register onSaved={list.reload} />
      {list.error !== null && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.data && list.data.items.length === 0 && <p class="o-empty">{t("office.table.empty")}</p>}
      {list.data?.items.map((complaint) => (
        <ComplaintCard key={complaint.id} complaint={complaint} open={open === complaint.id} onOpen={() => setOpen(open === complaint.id ? null : complaint.id)} onChanged={list.reload} />
      ))}
    </div>
  );
}

function Register({ onSaved }: { onSaved: () => void }) {
  const customers = useAsync(() => listRows("customers"), []);
  const [customer, setCustomer] = useState("");
  const [channel, setChannel] = useState("phone");
  const [complainant, setComplainant] = useState("");
  const [description, setDescription] = useState("");
  const [error, setError] = useState<unknown>(null);
  return (
    <form
      class="o-card o-form"
      data-form="complaint"
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        api.registerComplaint({ customer_id: customer, channel, complainant, description }).then(() => {
          setDescription("");
          setComplainant("");
          onSaved();
        }, setError);
      }}
    >
      <h2>{t("kpi.complaints.register")}</h2>
      <div class="kpi-filters">
        <Select label={t("kpi.column.customer")} name="customer_id" value={customer} onChange={setCustomer} empty={t("office.form.none")} options={(customers.data?.items ?? []).map((c) => ({ value: c.id, label: String(c.name) }))} />
        <Select label={t("kpi.complaints.channel")} name="channel" value={channel} onChange={setChannel} options={CHANNELS.map((c) => ({ value: c, label: t(`kpi.complaints.channels.${c}`) }))} />
        <Input label={t("kpi.complaints.complainant")} name="complainant" value={complainant} onInput={setComplainant} />
      </div>
      <Input label={t("kpi.complaints.description")} name="description" value={description} onInput={setDescription} multiline required />
      {error !== null && <ErrorMessage error={error} />}
      <button type="submit" class="o-button" disabled={!customer || !description.trim()}>
        {t("kpi.complaints.save")}
      </button>
    </form>
  );
}

function ComplaintCard({ complaint, open, onOpen, onChanged }: { complaint: Complaint; open: boolean; onOpen: () => void; onChanged: () => void }) {
  const [text, setText] = useState("");
  const [cause, setCause] = useState(complaint.cause);
  const [fault, setFault] = useState(complaint.is_our_fault === null ? "" : String(complaint.is_our_fault));
  const [error, setError] = useState<unknown>(null);
  const step = complaint.status === "open" ? "verify" : complaint.status === "verified" ? "answer" : null;

  function submit(event: Event) {
    event.preventDefault();
    if (!step) return;
    const body = step === "verify" ? { verification: text } : { answer: text, cause, is_our_fault: fault === "" ? null : fault === "true" };
    setError(null);
    api.complaintStep(complaint.id, step, body).then(() => {
      setText("");
      onChanged();
    }, setError);
  }

  return (
    <article class="o-card" data-complaint={complaint.number}>
      <button type="button" class="o-order__head" onClick={onOpen} aria-expanded={open}>
        <strong>{complaint.number}</strong> {complaint.customer.name} · {t(`kpi.complaints.status.${complaint.status}`)}
      </button>
      <p>{complaint.description}</p>
      <div class="o-muted">
        {t("kpi.complaints.received", { time: formatDateTime(complaint.received_at) })}
        {complaint.work_order && ` · ${complaint.work_order.number}`}
        {complaint.engineer && ` · ${complaint.engineer.display_name}`}
      </div>
      <div>
        {t("kpi.complaints.verifyBy")} <Deadline at={complaint.verify_due_at} state={complaint.verify_state} />
        {" · "}
        {t("kpi.complaints.answerBy")} <Deadline at={complaint.answer_due_at} state={complaint.answer_state} />
      </div>
      {complaint.verification && <p>{t("kpi.complaints.verification")}: {complaint.verification}</p>}
      {complaint.answer && (
        <p>
          {t("kpi.complaints.answer")}: {complaint.answer} · {t("kpi.complaints.cause")}: {complaint.cause || "—"} ·{" "}
          {t(`kpi.complaints.fault.${String(complaint.is_our_fault)}`)}
        </p>
      )}
      {open && step && (
        <form class="o-form" onSubmit={submit}>
          <Input label={t(`kpi.complaints.${step === "verify" ? "verification" : "answer"}`)} name={step} value={text} onInput={setText} multiline required />
          {step === "answer" && (
            <div class="kpi-filters">
              <Input label={t("kpi.complaints.cause")} name="cause" value={cause} onInput={setCause} />
              <Select
                label={t("kpi.complaints.responsibility")}
                name="is_our_fault"
                value={fault}
                onChange={setFault}
                options={["", "true", "false"].map((v) => ({ value: v, label: t(`kpi.complaints.fault.${v === "" ? "null" : v}`) }))}
              />
            </div>
          )}
          {error !== null && <ErrorMessage error={error} />}
          <button type="submit" class="o-button" disabled={!text.trim()}>
            {t(`kpi.complaints.${step}`)}
          </button>
        </form>
      )}
    </article>
  );
}
