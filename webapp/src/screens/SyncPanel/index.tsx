import { compareInstants } from "../../domain/dates";
import { useState } from "preact/hooks";

import { ErrorMessage } from "../../components/ErrorMessage";
import { LateWork } from "../../components/LateWork";
import { groupLate } from "../../components/LateWork/lateWork";
import { Link } from "../../components/Link";
import { Section } from "../../components/Section";
import { has, t } from "../../i18n";
import { formatDateTime } from "../../i18n/format";
import { changeLines, changeTitle, fieldWord, joinWords, type Lookups, refusalText, refusedFields } from "../../i18n/mutations";
import { db, getMeta } from "../../store/db";
import { unreadLate } from "../../store/late";
import { yuan } from "../../store/notes";
import { getSession } from "../../store/session";
import { useLiveQuery } from "../../store/useLiveQuery";
import { requestSync } from "../../sync/client";
import { CLOCK_WARN_MS } from "../../sync/status";
import { useSyncSummary } from "../../sync/summary";
import { retryBlob } from "../../sync/uploads";
import type { RejectedRow, SyncConflictRecord, WorkOrderRecord } from "../../store/records";
import { type WaitingItem, waitingItems } from "../../store/waiting";
import "./style.css";

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return t("sync.empty");
  if (typeof value === "string") return value;
  if (typeof value === "object" && value && "action" in value) return t(`actions.${String((value as { action: string }).action)}`);
  return JSON.stringify(value);
}

/** Everything about sync in words: what waits, what failed, what conflicted, what went to
 * the office instead of its order, and why. */
export function SyncPanel() {
  const summary = useSyncSummary();
  const data = useLiveQuery(async () => {
    const database = db();
    const me = getSession()?.user.id ?? null;
    const orders = new Map((await database.work_orders.toArray()).map((wo) => [wo.id, wo]));
    return {
      waiting: await waitingItems(database),
      failed: await database.blobs.where("state").equals("failed").toArray(),
      conflicts: (await database.sync_conflicts.toArray())
        .filter((c) => c.resolved_at === null && (c.user_id === null || c.user_id === me))
        .sort((a, b) => compareInstants(b.device_at, a.device_at)),
      rejected: (await database.rejected.toArray()).filter((r) => !r.dismissed),
      late: await unreadLate(database),
      lastSync: await getMeta<string | null>("last_sync_at", null),
      offset: await getMeta<number>("clock_offset_ms", 0),
      orders,
      lookups: await localLookups(database),
    };
  }, []);
  const [running, setRunning] = useState(false);
  const status = summary.status;
  const d = data.data;

  async function syncNow() {
    setRunning(true);
    await requestSync();
    setRunning(false);
  }

  return (
    <main class="main sync-panel">
      <h1>{t("sync.title")}</h1>
      <section class="card">
        <dl class="facts">
          <dt>{t("sync.lastSync")}</dt>
          <dd data-last-sync>{d?.lastSync ? formatDateTime(d.lastSync, true) : t("sync.never")}</dd>
          <dt>{t("sync.waiting.count")}</dt>
          <dd data-count="waiting">{summary.waiting}</dd>
          <dt>{t("sync.pendingFiles")}</dt>
          <dd data-count="files">{summary.files}</dd>
          <dt>{t("sync.network")}</dt>
          <dd>{status.offline ? t("sync.offline") : t("sync.online")}</dd>
        </dl>
        {/* Offline is normal (a basement): said plainly, not as an error. A failure is
            shown only once a run has ended with it, not during the next run. */}
        {status.offline && !status.running && (
          <p class="sync-panel__offline" role="status" data-offline>
            {t("sync.offlineNote")}
          </p>
        )}
        {status.errorKey && !status.offline && !status.running && (
          <ErrorMessage error={{ key: status.errorKey, message: status.errorMessage }} />
        )}
        {status.needsLogin && (
          <p class="fees__warn">
            {t("sync.needsLogin")} <Link href="/login">{t("buttons.signIn")}</Link>
          </p>
        )}
        {d && Math.abs(d.offset) > CLOCK_WARN_MS && (
          <p class="fees__warn">{t("sync.alerts.clock", { minutes: Math.round(Math.abs(d.offset) / 60000) })}</p>
        )}
        <button type="button" class="button button--block" onClick={syncNow} disabled={running || status.running} data-sync-now>
          {running || status.running ? t("sync.syncing") : t("sync.now")}
        </button>
      </section>

      <Section id="waiting" title={t("sync.waiting.title", { count: summary.waiting })}>
        {d && d.waiting.length === 0 && <p class="detail__muted">{t("sync.waiting.none")}</p>}
        <ol class="rows" data-list="waiting">
          {d?.waiting.map((item) => <WaitingRow key={item.key} item={item} wo={item.workOrderId ? d.orders.get(item.workOrderId) : undefined} />)}
        </ol>
      </Section>

      {d && d.failed.length > 0 && (
        <Section id="files" title={t("sync.files.title", { count: d.failed.length })}>
          <ul class="rows" data-list="files">
            {d.failed.map((b) => (
              <li key={b.sha256} class="rows__item" data-upload={b.state}>
                <strong>{t(`photos.state.${b.state}`)}</strong>
                <span>{t("sync.waiting.progress", { received: megabytes(b.received), size: megabytes(b.size) })}</span>
                {b.error_key && <span class="fees__warn">{has(b.error_key) ? t(b.error_key) : b.error_key}</span>}
                <button type="button" class="button button--secondary" onClick={() => void retryBlob(db(), b.sha256).then(() => requestSync())}>
                  {t("buttons.retry")}
                </button>
              </li>
            ))}
          </ul>
        </Section>
      )}
      <Section id="conflicts" title={t("sync.conflicts.title", { count: d?.conflicts.length ?? 0 })}>
        {d && d.conflicts.length === 0 && <p class="detail__muted">{t("sync.conflicts.none")}</p>}
        <ul class="rows" data-list="conflicts">
          {d?.conflicts.map((c) => <ConflictItem key={c.id} c={c} wo={d.orders.get(c.entity_id)} />)}
        </ul>
      </Section>

      <Section id="late" title={t("sync.late.title", { count: d ? groupLate(d.late).length : 0 })}>
        {d && d.late.length === 0 && <p class="detail__muted">{t("sync.late.none")}</p>}
        <LateWork />
      </Section>

      <Section id="rejected" title={t("sync.rejected.title", { count: d?.rejected.length ?? 0 })}>
        {d && d.rejected.length === 0 && <p class="detail__muted">{t("sync.rejected.none")}</p>}
        <ul class="rows" data-list="rejected">
          {d?.rejected.map((r) => (
            <RejectedItem key={r.id} r={r} wo={d.orders.get(String(r.args.work_order_id ?? r.args.id))} lookups={d.lookups} />
          ))}
        </ul>
      </Section>

    </main>
  );
}

function woLabel(wo: WorkOrderRecord | undefined): string {
  return wo ? wo.number || t("workOrder.unnumbered") : "";
}

function ConflictItem({ c, wo }: { c: SyncConflictRecord; wo: WorkOrderRecord | undefined }) {
  const deviceWon = c.winner === "device";
  return (
    <li class="rows__item conflict" data-field={c.field}>
      <strong>
        {woLabel(wo)} · {fieldWord(c.field)}
      </strong>
      <span>
        {t("sync.conflicts.yours")} <q data-value="device">{show(c.device_value)}</q>
      </span>
      <span>
        {t("sync.conflicts.office")} <q data-value="server">{show(c.server_value)}</q>
      </span>
      <span class="detail__muted">
        {t("sync.conflicts.base")} <q>{show(c.base_value)}</q>
      </span>
      <span class={deviceWon ? "conflict__won" : "fees__warn"}>{deviceWon ? t("sync.conflicts.deviceWon") : t("sync.conflicts.serverWon")}</span>
      <span class="detail__muted">{t("sync.conflicts.review")}</span>
    </li>
  );
}

/** Names the phone holds for what a change points to (parts, units, checklist items). */
async function localLookups(database = db()): Promise<Lookups> {
  const parts = new Map((await database.parts.toArray()).map((part) => [part.id, part.name]));
  const devices = new Map((await database.devices.toArray()).map((device) => [device.id, device.serial]));
  const templates = new Map((await database.checklist_templates.toArray()).map((tpl) => [tpl.id, tpl]));
  return {
    part: (id) => parts.get(id),
    device: (id) => devices.get(id),
    item: (templateId, key) => templates.get(templateId)?.items.find((item) => item.key === key)?.label,
    money: yuan,
  };
}

/** A refused change in words: what it was, why, which fields, what the engineer entered. */
function RejectedItem({ r, wo, lookups }: { r: RejectedRow; wo: WorkOrderRecord | undefined; lookups: Lookups }) {
  const fields = refusedFields(r.errors);
  return (
    <li class="rows__item" data-rejected={r.name}>
      <strong>
        {changeTitle(r.name, r.args)} {woLabel(wo)}
      </strong>
      <span class="fees__warn">{refusalText(r.key)}</span>
      {fields.length > 0 && <span data-fields>{t("sync.words.refusedFields", { fields: joinWords(fields) })}</span>}
      {changeLines(r.name, r.args, lookups).map((line, i) => (
        <span key={i}>
          {line.label}: {line.value}
        </span>
      ))}
      <span class="detail__muted">{t("sync.rejected.kept", { time: formatDateTime(r.occurred_at) })}</span>
      <button type="button" class="button button--secondary" onClick={() => void db().rejected.update(r.id, { dismissed: true })}>
        {t("sync.rejected.dismiss")}
      </button>
    </li>
  );
}

/** Bytes as the engineer reads them: "1.2 MB", "340 KB". */
export function megabytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(0, Math.round(bytes / 1024))} KB`;
}

/** One waiting thing in words: "备注 · WO-2026-000123", "照片 1.2 MB 上传中 40%", with a
 * bar while its bytes go up. */
function WaitingRow({ item, wo }: { item: WaitingItem; wo: WorkOrderRecord | undefined }) {
  const { entry, upload } = item;
  const what = entry ? changeTitle(entry.name, entry.args) : t(upload?.contentType.includes("png") ? "sync.waiting.signature" : "sync.waiting.photo");
  const title = entry ? what : t("sync.waiting.bytesOnly", { what });
  const percent = upload && upload.size > 0 ? Math.floor((upload.received / upload.size) * 100) : 0;
  return (
    <li class="rows__item" data-mutation={entry?.name ?? "upload"} data-upload={upload?.state}>
      <strong>
        {title}
        {wo ? ` · ${woLabel(wo)}` : ""}
      </strong>
      {upload && (
        <>
          <span data-upload-words>
            {upload.state === "uploading"
              ? t("sync.waiting.uploading", { size: megabytes(upload.size), percent })
              : t("sync.waiting.queued", { size: megabytes(upload.size) })}
          </span>
          {upload.state === "uploading" && (
            <progress
              class="upload-bar"
              max={upload.size}
              value={upload.received}
              aria-label={t("sync.waiting.progress", { received: megabytes(upload.received), size: megabytes(upload.size) })}
            />
          )}
        </>
      )}
      {entry && <span class="detail__muted">{formatDateTime(entry.occurred_at, true)}</span>}
    </li>
  );
}
