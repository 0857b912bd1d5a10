// Review (审核): synced work orders waiting for the office, and one order in full: the
// timeline with phone and server time side by side, photos, signature, parts and costs,
// checklist answers, notes, late changes; close it, or send it back to the engineer with
// a note, or record it solved without a visit; the PDF report and a link for the customer.

import { useState } from "preact/hooks";

import { SeverityBadge, StatusBadge } from "../../../components/Badge";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { Link } from "../../../components/Link";
import { Loading } from "../../../components/Loading";
import { MissingFacts } from "../../../components/MissingFacts";
import { useAsync } from "../../../components/useAsync";
import { type ActionName, AWAITING_REVIEW, OPEN_STATUSES, REVIEWED } from "../../../domain/workOrderFlow";
import { has, t } from "../../../i18n";
import { changedFields, formatDateTime } from "../../../i18n/format";
import * as api from "../../api";
import { AuthImage } from "../../components/AuthImage";
import { CustomerPage } from "../../components/CustomerPage";
import { DataTable } from "../../components/DataTable";
import { ReviewEscalation } from "../../components/Escalation";
import { FieldErrors } from "../../components/FieldErrors";
import { RemoteActions } from "../../components/RemoteActions";
import { RemoteSessions } from "../../components/RemoteSessions";
import { SlaCountdown } from "../../components/Sla";
import { WarrantyOverride } from "../../components/WarrantyOverride";
import { money, showValue } from "../../format";
import type { InspectionAnswer, OfficeWorkOrder, ReportLink } from "../../types";
import { LateChanges } from "../Conflicts/LateChanges";
import { netParts } from "./netParts";

const QUEUES = { completed: AWAITING_REVIEW, open: OPEN_STATUSES, closed: REVIEWED };
type Queue = keyof typeof QUEUES;

export function Review() {
  const [queue, setQueue] = useState<Queue>("completed");
  const [q, setQ] = useState("");
  const orders = useAsync(() => api.listWorkOrders({ status: QUEUES[queue], q: q || undefined }), [queue, q]);
  const now = new Date();
  return (
    <div class="o-page">
      <div class="o-toolbar">
        <h1>{t("office.review.title")}</h1>
        <div class="o-segmented" role="group">
          {(Object.keys(QUEUES) as Queue[]).map((name) => (
            <button key={name} type="button" class={`o-segmented__item${queue === name ? " o-segmented__item--on" : ""}`} onClick={() => setQueue(name)}>
              {t(`office.review.queue.${name}`)}
            </button>
          ))}
        </div>
        <input class="o-search-box" type="search" name="q" value={q} placeholder={t("office.review.search")} onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} />
      </div>
      {orders.error !== null && <ErrorMessage error={orders.error} onRetry={orders.reload} />}
      {orders.data && (
        <DataTable
          rows={orders.data.items}
          columns={[
            { key: "number", label: t("workOrder.fields.number"), render: (o) => <Link href={`/office/review/${o.id}`}>{o.number}</Link> },
            { key: "severity", label: t("workOrder.fields.severity"), render: (o) => <SeverityBadge severity={o.severity} /> },
            { key: "status", label: t("workOrder.fields.status"), render: (o) => <StatusBadge status={o.status} /> },
            { key: "customer", label: t("workOrder.fields.customer"), render: (o) => `${o.customer.name} / ${o.site.name}` },
            { key: "engineer", label: t("workOrder.fields.engineer"), render: (o) => o.assigned_engineer?.display_name ?? "—" },
            { key: "sla", label: t("office.review.sla"), render: (o) => <SlaCountdown sla={o.sla} now={now} /> },
            { key: "updated", label: t("office.review.updated"), render: (o) => formatDateTime(o.updated_at) },
          ]}
        />
      )}
    </div>
  );
}

function eventLabel(kind: string): string {
  if (has(`events.kind.${kind}`)) return t(`events.kind.${kind}`);
  if (has(`office.eventKind.${kind}`)) return t(`office.eventKind.${kind}`);
  return kind;
}

export function ReviewDetail({ id, role }: { id: string; role: string }) {
  const order = useAsync(() => api.getWorkOrder(id), [id]);
  const timeline = useAsync(() => api.timeline(id), [id]);
  const usages = useAsync(() => api.partUsages(id), [id]);
  const answers = useAsync(() => api.inspectionResults(id), [id]);
  const notes = useAsync(() => api.notes(id), [id]);
  const photos = useAsync(() => api.attachments(id), [id]);
  const signatures = useAsync(() => api.signatures(id), [id]);
  // The estimate prices what the order records (labour, visits), as the phone and the PDF do.
  const fees = useAsync(() => api.fees(id), [id, order.data?.status, order.data?.updated_at]);

  if (order.error !== null) return <ErrorMessage error={order.error} onRetry={order.reload} />;
  if (!order.data) return <Loading />;
  const wo = order.data;
  const refresh = (next: OfficeWorkOrder) => {
    order.setData(next);
    timeline.reload();
  };
  // An accepted late change is applied to the order and both decisions enter its history.
  const reloadHistory = () => {
    order.reload();
    timeline.reload();
  };

  return (
    <div class="o-page o-review" data-number={wo.number}>
      <div class="o-toolbar">
        <h1>
          {wo.number} <StatusBadge status={wo.status} /> <SeverityBadge severity={wo.severity} />
        </h1>
        <SlaCountdown sla={wo.sla} now={new Date()} />
      </div>
      <div class="o-columns">
        <div class="o-panel o-panel--wide">
          <dl class="o-facts">
            <dt>{t("workOrder.fields.customer")}</dt>
            <dd>{wo.customer.name}</dd>
            <dt>{t("workOrder.fields.site")}</dt>
            <dd>
              {wo.site.name} · {wo.site.address}
            </dd>
            <dt>{t("workOrder.fields.engineer")}</dt>
            <dd>{wo.assigned_engineer?.display_name ?? "—"}</dd>
            <dt>{t("office.review.devices")}</dt>
            <dd>{wo.devices.map((d) => `${d.model} SN ${d.serial}`).join("、") || "—"}</dd>
            <dt>{t("workOrder.fields.symptom")}</dt>
            <dd>{wo.symptom}</dd>
            <dt>{t("office.review.warranty")}</dt>
            <dd data-warranty={wo.warranty?.effective_status ?? ""}>
              {wo.warranty?.effective_status ? t(`office.warranty.${wo.warranty.effective_status}`) : t(`office.warranty.${wo.warranty?.computed.status ?? "undecided"}`)}
              {wo.warranty?.override && ` · ${t("office.review.override", { reason: wo.warranty.override.reason })}`}
            </dd>
          </dl>
          <WarrantyOverride key={wo.row_version} wo={wo} role={role} onChanged={refresh} />

          <h2>{t("workOrder.sections.diagnosis")}</h2>
          <dl class="o-facts">
            <dt>{t("workOrder.diagnosis.symptom")}</dt>
            <dd>{wo.diagnosis_symptom || "—"}</dd>
            <dt>{t("workOrder.diagnosis.location")}</dt>
            <dd>{wo.diagnosis_location || "—"}</dd>
            <dt>{t("workOrder.diagnosis.cause")}</dt>
            <dd>{wo.diagnosis_cause || "—"}</dd>
            <dt>{t("workOrder.diagnosis.fix")}</dt>
            <dd>{wo.diagnosis_fix || "—"}</dd>
          </dl>

          <h2>{t("office.review.timeline")}</h2>
          {timeline.data && (
            <table class="o-table o-timeline">
              <thead>
                <tr>
                  <th>{t("office.review.event")}</th>
                  <th>{t("office.review.deviceTime")}</th>
                  <th>{t("office.review.serverTime")}</th>
                  <th>{t("office.review.by")}</th>
                  <th>{t("office.review.note")}</th>
                </tr>
              </thead>
              <tbody>
                {timeline.data.events.map((event) => (
                  <tr key={event.id} class={event.clock_warning ? "o-timeline__warn" : ""} data-kind={event.kind}>
                    <td>{eventLabel(event.kind)}</td>
                    <td>{event.device_at ? formatDateTime(event.device_at, true) : "—"}</td>
                    <td>
                      {formatDateTime(event.server_at, true)}
                      {event.clock_warning && (
                        <div class="o-clock-warning" role="note" data-warning={event.clock_warning}>
                          ⚠ {t(`office.review.clock.${event.clock_warning}`, { minutes: Math.abs(event.gap_minutes ?? 0), limit: timeline.data?.clock_warning_minutes ?? 0 })}
                        </div>
                      )}
                    </td>
                    <td>{event.actor?.display_name ?? ""}</td>
                    <td>{[changedFields(event.kind, event.data), event.note].filter(Boolean).join("；")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <ReviewEscalation wo={wo} />

          <h2>{t("office.review.parts")}</h2>
          {usages.data && (
            <DataTable
              rows={usages.data}
              columns={[
                { key: "part", label: t("office.review.part"), render: (u) => `${u.part.part_number} ${u.part.name}` },
                { key: "qty", label: t("office.review.quantity"), render: (u) => `${u.quantity} ${u.part.unit}` },
                { key: "from", label: t("office.review.from"), render: (u) => u.location_name ?? "—" },
                { key: "serials", label: t("office.review.serials"), render: (u) => [u.serial_out, u.serial_in].filter(Boolean).join(" → ") || "—" },
                { key: "time", label: t("office.review.deviceTime"), render: (u) => formatDateTime(u.device_at ?? u.server_at) },
              ]}
            />
          )}
          {usages.data && usages.data.length > 0 && (
            <p class="o-muted">{t("office.review.netParts", { parts: netParts(usages.data).map((p) => `${p.part_number} × ${p.quantity}`).join("、") })}</p>
          )}
          <h3>{t("office.review.fees")}</h3>
          {fees.error !== null ? (
            <ErrorMessage error={fees.error} />
          ) : (
            fees.data && (
              <table class="o-table o-table--compact">
                <tbody>
                  {fees.data.lines.map((line, i) => (
                    <tr key={i}>
                      <td>{t(`office.fee.${line.kind}`)} {line.code ?? ""}</td>
                      <td class="o-num">{line.quantity}</td>
                      <td class="o-num">{money(line.amount_cents)}</td>
                      <td>{line.is_chargeable ? t("office.fee.chargeable") : t("office.fee.free")}</td>
                    </tr>
                  ))}
                  <tr>
                    <th>{t("office.fee.total")}</th>
                    <td />
                    <th class="o-num">{money(fees.data.total_cents)}</th>
                    <th>{t("office.fee.toPay", { amount: money(fees.data.chargeable_cents) })}</th>
                  </tr>
                </tbody>
              </table>
            )
          )}

          <h2>{t("office.review.checklist")}</h2>
          {answers.data && (
            <DataTable
              rows={answers.data}
              columns={[
                { key: "item", label: t("office.review.item"), render: (a) => `${a.template.name} · ${a.item.label ?? a.item_key}` },
                { key: "device", label: t("office.review.device"), render: (a) => a.device?.serial ?? "—" },
                { key: "value", label: t("office.review.value"), render: (a) => `${showValue(a.value)} ${a.item.unit ?? ""}` },
                {
                  key: "ok",
                  label: t("office.review.ok"),
                  render: (a) => (
                    <span class={a.is_ok === false ? "o-bad" : ""}>
                      {a.is_ok === null ? "—" : a.is_ok ? t("office.review.pass") : t("office.review.fail")}
                      {!a.is_latest && ` (${t("office.review.superseded")})`}
                    </span>
                  ),
                },
                { key: "note", label: t("office.review.note"), render: (a) => a.note },
              ]}
            />
          )}

          <h2>{t("office.late.title")}</h2>
          <LateChanges role={role} showDone workOrderId={wo.id} onDecided={reloadHistory} />

          <h2>{t("office.review.notes")}</h2>
          {(notes.data ?? []).length === 0 ? (
            <p class="o-empty">{t("office.table.empty")}</p>
          ) : (
            <ul class="o-list">
              {(notes.data ?? []).map((note) => (
                <li key={note.id} class="o-list__item">
                  <strong>{note.author?.display_name}</strong> {formatDateTime(note.device_at ?? note.server_at)}: {note.text}
                </li>
              ))}
            </ul>
          )}
        </div>

        <aside class="o-panel">
          <RemoteActions order={wo} onDone={refresh} />
          <RemoteSessions order={wo} onChanged={refresh} />
          <Decide wo={wo} role={role} answers={answers.data ?? []} onDone={refresh} />
          <Reports wo={wo} />
          <CustomerPage order={wo} onChanged={reloadHistory} />
          <h2>{t("office.review.signatures")}</h2>
          {signatures.error !== null && <ErrorMessage error={signatures.error} />}
          {(signatures.data ?? []).length === 0 && <p class="o-empty">{t("office.review.noSignature")}</p>}
          {(signatures.data ?? []).map((signature) => (
            <div key={signature.id} class="o-signature" data-differs={String(signature.signed_version_differs)}>
              {signature.blob_ready ? (
                <AuthImage path={`/blobs/${signature.sha256}?variant=display`} alt={signature.signer_name} class="o-signature__image" />
              ) : (
                <p class="o-muted">{t("office.review.imagePending")}</p>
              )}
              <p>
                {t(`office.signature.${signature.purpose}`)} · {signature.signer_name} · {formatDateTime(signature.signed_at)}
              </p>
              {signature.satisfaction && (
                <p>
                  {Object.entries(signature.satisfaction)
                    .map(([k, v]) => `${t(`office.satisfaction.${k}`)} ${v}/5`)
                    .join("；")}
                </p>
              )}
              {signature.comment && <p>“{signature.comment}”</p>}
              <p class="o-hash">SHA-256 {signature.summary_sha256}</p>
              {signature.signed_version_differs && <p class="o-bad" role="alert">{t("office.review.signedDiffers")}</p>}
            </div>
          ))}
          <h2>{t("office.review.photos")}</h2>
          {photos.error !== null && <ErrorMessage error={photos.error} />}
          <div class="o-photos">
            {(photos.data ?? []).map((photo) =>
              photo.blob_ready ? (
                <a key={photo.id} href="#" onClick={(e) => { e.preventDefault(); void openBlob(`/blobs/${photo.sha256}?variant=display`); }} title={photo.caption}>
                  <AuthImage path={`/blobs/${photo.sha256}?variant=thumb`} alt={`${photo.kind} ${photo.caption}`} class="o-photo" />
                </a>
              ) : (
                <span key={photo.id} class="o-photo image-pending">{t("office.review.imagePending")}</span>
              ),
            )}
          </div>
        </aside>
      </div>
    </div>
  );
}

async function openBlob(path: string) {
  const blob = await api.fetchFile(path);
  window.open(URL.createObjectURL(blob), "_blank", "noopener");
}

function Decide({
  wo,
  role,
  answers,
  onDone,
}: {
  wo: OfficeWorkOrder;
  role: string;
  /** The checklist answers, to name a missing item by its label. */
  answers: InspectionAnswer[];
  onDone: (wo: OfficeWorkOrder) => void;
}) {
  const [note, setNote] = useState("");
  const [override, setOverride] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // What closing still lacks (the completion guards); closing anyway needs a reason,
  // which the server records in the history.
  const lacking = wo.completion_missing?.close ?? [];
  const overriding = lacking.length > 0 && override;
  async function run(action: ActionName) {
    setBusy(true);
    setError(null);
    try {
      const data = action === "close" && overriding ? { data: { override_reason: reason.trim() } } : {};
      onDone(await api.act(wo.id, action, { note, ...data }));
      setNote("");
      setOverride(false);
      setReason("");
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }
  const canClose = wo.allowed_actions.includes("close");
  const canSendBack = wo.allowed_actions.includes("send_back");
  const labels = new Map(answers.map((a) => [a.item_key, a.item.label]));
  const closeBlocked = lacking.length > 0 && !(override && reason.trim());
  if (!canClose && !canSendBack) return <p class="o-muted">{t("office.review.nothingToDecide", { status: t(`status.${wo.status}`) })}</p>;
  return (
    <div class="o-decide" aria-label={t("office.review.decide")}>
      <h2>{t("office.review.decide")}</h2>
      {canClose && lacking.length > 0 && (
        <div class="o-lacking" data-lacking={lacking.length}>
          <p class="o-bad">{t("office.review.lacking")}</p>
          <MissingFacts facts={lacking} itemLabel={(key) => labels.get(key) ?? key} money={money} />
          <label class="o-check">
            <input type="checkbox" name="override" checked={override} onChange={(e) => setOverride((e.currentTarget as HTMLInputElement).checked)} />{" "}
            {t("office.review.closeAnyway")}
          </label>
          {override && (
            <label class="o-field">
              <span class="o-field__label">{t("office.review.overrideReason")}</span>
              <textarea name="override_reason" rows={2} required value={reason} onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)} />
            </label>
          )}
        </div>
      )}
      <label class="o-field">
        <span class="o-field__label">{t("office.review.decisionNote")}</span>
        <textarea name="review_note" rows={3} value={note} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} />
      </label>
      <div class="o-buttons">
        {canClose && (
          <button type="button" class="o-button" data-action="close" disabled={busy || closeBlocked} onClick={() => void run("close")}>
            {t("office.review.approveClose")}
          </button>
        )}
        {canSendBack && (
          <button type="button" class="o-button o-button--secondary" data-action="send_back" disabled={busy || !note.trim()} onClick={() => void run("send_back")}>
            {t("office.review.sendBack")}
          </button>
        )}
      </div>
      {role === "dispatcher" && <p class="o-muted">{t("office.review.dispatcherHint")}</p>}
      <FieldErrors error={error} />
    </div>
  );
}

function Reports({ wo }: { wo: OfficeWorkOrder }) {
  const [link, setLink] = useState<ReportLink | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function download(kind: "service" | "inspection") {
    setError(null);
    try {
      const blob = await api.fetchFile(api.reportPath(wo.id, kind));
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = kind === "inspection" ? `${wo.number}-inspection.pdf` : `${wo.number}.pdf`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (failure) {
      setError(failure);
    }
  }
  async function send(kind: "service" | "inspection") {
    setError(null);
    try {
      setLink(await api.reportLink(wo.id, kind));
    } catch (failure) {
      setError(failure);
    }
  }
  const inspection = wo.type === "inspection";
  return (
    <div class="o-reports">
      <h2>{t("office.review.reports")}</h2>
      <div class="o-buttons">
        <button type="button" class="o-button o-button--secondary" data-report="service" onClick={() => void download("service")}>
          {t("office.review.downloadReport")}
        </button>
        {inspection && (
          <button type="button" class="o-button o-button--secondary" data-report="inspection" onClick={() => void download("inspection")}>
            {t("office.review.downloadInspection")}
          </button>
        )}
        <button type="button" class="o-button o-button--ghost" data-report-link="service" onClick={() => void send(inspection ? "inspection" : "service")}>
          {t("office.review.sendLink")}
        </button>
      </div>
      {link && (
        <p class="o-notice" role="status">
          {t("office.review.linkReady", { time: formatDateTime(link.expires_at) })}
          <input class="o-link-box" data-link="report" readOnly value={link.url} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
        </p>
      )}
      <FieldErrors error={error} />
    </div>
  );
}
