// Every change the engineer makes on the phone. Each one writes the local row(s) AND its
// outbox mutation in ONE Dexie transaction: if the phone dies half way, either both are
// there (the change shows and will be pushed) or neither is. Two offline phones can both
// make changes this way; the server merges them when they push (docs/sync-protocol.md).
//
// Screens call these and nothing else: each outbox write wakes sync (store/outbox.ts);
// nothing here waits for the network.

import type { Table } from "dexie";

import { type DeviceStatus, isInService } from "../domain/vocabulary";
import { ENGINEER_FIELD_NAMES, type EngineerField, type MutationName, statusAfter } from "../domain/workOrderFlow";
import { judgeAnswer } from "./checklist";
import { db, type AftercareDB } from "./db";
import { stepFrom } from "./flow";
import { enqueue, removeUnsent } from "./outbox";
import type {
  AttachmentKind,
  AttachmentRecord,
  BlobRow,
  ConsentLine,
  DeviceRecord,
  InspectionResultRecord,
  LoanerRecord,
  NoteRecord,
  OutboxEntry,
  PaidWorkConsentRecord,
  PartUsageRecord,
  Satisfaction,
  SignatureRecord,
  WorkOrderEventRecord,
  WorkOrderRecord,
} from "./records";
import { getSession } from "./session";

/** An expected refusal made on the phone (the server would refuse it too). */
export class LocalError extends Error {
  readonly key: string;
  constructor(key: string, message = key) {
    super(message);
    this.name = "LocalError";
    this.key = key;
  }
}

export function newId(): string {
  return crypto.randomUUID();
}

function nowIso(): string {
  return new Date().toISOString();
}

function actorId(): string | null {
  return getSession()?.user.id ?? null;
}

/** Run ``body`` in one read-write transaction over ``tables`` plus the work orders (every
 * change checks its work order), the outbox and meta. */
function change<T>(database: AftercareDB, tables: Table[], body: () => Promise<T>): Promise<T> {
  const all = new Set([...tables, database.work_orders, database.outbox, database.meta]);
  return database.transaction("rw", [...all], body);
}

async function workOrder(database: AftercareDB, id: string): Promise<WorkOrderRecord> {
  const wo = await database.work_orders.get(id);
  if (!wo) throw new LocalError("errors.notFound");
  return wo;
}

// --- work orders ----------------------------------------------------------------------

/**
 * An engineer's step (accept, arrive, restore, complete ... as the flow declares them):
 * move the local copy at once (an event-only step keeps the status), record the event
 * with the phone's id and time, queue work_order.transition. The completion guards are
 * the screen's to check first (store/completion.ts); the server checks them again.
 */
export async function transition(
  id: string,
  action: string,
  options: { note?: string; data?: Record<string, unknown> } = {},
  database = db(),
): Promise<WorkOrderEventRecord> {
  return change(database, [database.work_orders, database.work_order_events], async () => {
    const wo = await workOrder(database, id);
    const step = stepFrom(wo.status, action);
    if (!step) throw new LocalError("errors.workOrder.invalidTransition");
    const at = nowIso();
    const event: WorkOrderEventRecord = {
      id: newId(),
      row_version: 0,
      work_order_id: id,
      kind: step.event,
      origin: "device",
      device_at: at,
      server_at: null,
      actor_id: actorId(),
      from_status: wo.status,
      to_status: step.target,
      note: options.note ?? "",
      data: options.data ?? {},
    };
    await database.work_order_events.add(event);
    await database.work_orders.update(id, { status: step.target });
    const args: Record<string, unknown> = { id, action, event_id: event.id };
    if (options.note) args.note = options.note;
    if (options.data && Object.keys(options.data).length) args.data = options.data;
    await enqueue(database, "work_order.transition", args, id, at);
    return event;
  });
}

/**
 * Change fields; ``base`` is the value the phone holds now, which is what the server
 * will hold once the earlier mutations in the outbox are applied. Unchanged fields are
 * left out; nothing changed queues nothing.
 */
export async function updateWorkOrder(
  id: string,
  changes: Partial<Record<EngineerField, unknown>>,
  database = db(),
): Promise<OutboxEntry | null> {
  // Only the fields the flow lets an engineer change (the server refuses the others).
  if (Object.keys(changes).some((field) => !(ENGINEER_FIELD_NAMES as string[]).includes(field))) {
    throw new LocalError("errors.workOrder.fieldForbidden");
  }
  return change(database, [database.work_orders], async () => {
    const wo = await workOrder(database, id);
    const base: Record<string, unknown> = {};
    const changed: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(changes)) {
      const now = (wo as unknown as Record<string, unknown>)[field];
      if (JSON.stringify(now) === JSON.stringify(value)) continue;
      base[field] = now;
      changed[field] = value;
    }
    if (Object.keys(changed).length === 0) return null;
    await database.work_orders.update(id, changed as Partial<WorkOrderRecord>);
    return enqueue(database, "work_order.update", { id, base, changes: changed }, id, nowIso());
  });
}

export interface NewWorkOrder {
  customer_id: string;
  site_id: string;
  system_id: string | null;
  device_ids: string[];
  type: string;
  severity: number;
  symptom: string;
  reporter_name: string;
  reporter_phone: string;
}

/** A work order made on the phone (from the scan screen); the server gives its number. */
export async function createWorkOrder(data: NewWorkOrder, database = db()): Promise<WorkOrderRecord> {
  return change(database, [database.work_orders], async () => {
    const at = nowIso();
    const id = newId();
    const me = actorId();
    const record: WorkOrderRecord = {
      id,
      row_version: 0,
      number: "",
      channel: "app",
      status: statusAfter("accept"), // an engineer's own order is assigned to him and accepted
      contract_id: null,
      contact_name: "",
      contact_phone: "",
      assigned_engineer_id: me,
      appointment_at: null,
      reported_at: at,
      created_by_id: me,
      diagnosis_symptom: "",
      diagnosis_location: "",
      diagnosis_cause: "",
      diagnosis_fix: "",
      closed_at: null,
      defect_code: "",
      exclusions: [],
      labour_minutes: 0,
      visits: 0,
      warranty_override: null,
      ...data,
    };
    await database.work_orders.add(record);
    const args: Record<string, unknown> = { id, ...data };
    if (data.system_id === null) delete args.system_id;
    await enqueue(database, "work_order.create", args, id, at);
    return record;
  });
}

// --- append-only records --------------------------------------------------------------

export async function addNote(workOrderId: string, text: string, database = db()): Promise<NoteRecord> {
  const clean = text.trim();
  if (!clean) throw new LocalError("errors.validation");
  return change(database, [database.work_order_notes], async () => {
    await workOrder(database, workOrderId);
    const at = nowIso();
    const note: NoteRecord = {
      id: newId(),
      row_version: 0,
      work_order_id: workOrderId,
      author_id: actorId(),
      text: clean,
      device_at: at,
      server_at: null,
    };
    await database.work_order_notes.add(note);
    await enqueue(
      database,
      "work_order_note.add",
      { id: note.id, work_order_id: workOrderId, text: clean },
      workOrderId,
      at,
    );
    return note;
  });
}

export interface PartUse {
  part_id: string;
  quantity: number;
  device_id?: string | null;
  serial_out?: string;
  serial_in?: string;
}

export async function addPartUsage(workOrderId: string, use: PartUse, database = db()): Promise<PartUsageRecord> {
  if (!Number.isInteger(use.quantity) || use.quantity === 0) throw new LocalError("errors.validation");
  return change(database, [database.part_usages, database.parts], async () => {
    await workOrder(database, workOrderId);
    if (!(await database.parts.get(use.part_id))) throw new LocalError("errors.notFound");
    const at = nowIso();
    const usage: PartUsageRecord = {
      id: newId(),
      row_version: 0,
      work_order_id: workOrderId,
      part_id: use.part_id,
      quantity: use.quantity,
      location_id: null,
      device_id: use.device_id ?? null,
      serial_out: use.serial_out ?? "",
      serial_in: use.serial_in ?? "",
      actor_id: actorId(),
      device_at: at,
      server_at: null,
    };
    await database.part_usages.add(usage);
    const args: Record<string, unknown> = {
      id: usage.id,
      work_order_id: workOrderId,
      part_id: use.part_id,
      quantity: use.quantity,
      serial_out: usage.serial_out,
      serial_in: usage.serial_in,
    };
    if (usage.device_id) args.device_id = usage.device_id;
    await enqueue(database, "part_usage.add", args, workOrderId, at);
    return usage;
  });
}

export interface Answer {
  template_id: string;
  item_key: string;
  device_id: string | null;
  value: unknown;
  note?: string;
}

/** One checklist answer; a corrected answer is a newer row (the newest counts). */
export async function addInspectionResult(
  workOrderId: string,
  answer: Answer,
  database = db(),
): Promise<InspectionResultRecord> {
  return change(database, [database.inspection_results, database.checklist_templates], async () => {
    await workOrder(database, workOrderId);
    const template = await database.checklist_templates.get(answer.template_id);
    const item = template?.items.find((i) => i.key === answer.item_key);
    if (!item) throw new LocalError("errors.notFound");
    const at = nowIso();
    const result: InspectionResultRecord = {
      id: newId(),
      row_version: 0,
      work_order_id: workOrderId,
      template_id: answer.template_id,
      item_key: answer.item_key,
      device_id: answer.device_id,
      value: answer.value,
      is_ok: judgeAnswer(item, answer.value),
      note: answer.note ?? "",
      actor_id: actorId(),
      device_at: at,
      server_at: null,
    };
    await database.inspection_results.add(result);
    const args: Record<string, unknown> = {
      id: result.id,
      work_order_id: workOrderId,
      template_id: answer.template_id,
      item_key: answer.item_key,
      value: answer.value,
      note: result.note,
    };
    if (answer.device_id) args.device_id = answer.device_id;
    await enqueue(database, "inspection_result.add", args, workOrderId, at);
    return result;
  });
}

// --- loaners and consent to paid work ----------------------------------------------

export interface NewLoaner {
  /** The model lent ("DS-7816N 录像机"). */
  description: string;
  serial?: string;
  /** YYYY-MM-DD, or null/empty for none. */
  due_back_on?: string | null;
}

/** A unit lent to the customer (备用机): the loaner row and loaner.issue, together. */
export async function issueLoaner(workOrderId: string, data: NewLoaner, database = db()): Promise<LoanerRecord> {
  const description = data.description.trim();
  if (!description) throw new LocalError("errors.validation");
  const due = data.due_back_on?.trim() || null;
  if (due !== null && !/^\d{4}-\d{2}-\d{2}$/.test(due)) throw new LocalError("errors.validation");
  return change(database, [database.loaners], async () => {
    await workOrder(database, workOrderId);
    const at = nowIso();
    const loaner: LoanerRecord = {
      id: newId(),
      row_version: 0,
      work_order_id: workOrderId,
      description,
      serial: data.serial?.trim() ?? "",
      issued_at: at,
      issued_by_id: actorId(),
      due_back_on: due,
      returned_at: null,
      returned_by_id: null,
      condition_note: "",
      server_at: null,
    };
    await database.loaners.add(loaner);
    const args: Record<string, unknown> = { id: loaner.id, work_order_id: workOrderId, description };
    if (loaner.serial) args.serial = loaner.serial;
    if (due) args.due_back_on = due;
    await enqueue(database, "loaner.issue", args, workOrderId, at);
    return loaner;
  });
}

/** The loaner came back: set returned_at once and queue loaner.return. Returning it again
 * is refused on the phone (the server would answer "merged" and change nothing). */
export async function returnLoaner(loanerId: string, conditionNote = "", database = db()): Promise<LoanerRecord> {
  return change(database, [database.loaners], async () => {
    const loaner = await database.loaners.get(loanerId);
    if (!loaner) throw new LocalError("errors.notFound");
    if (loaner.returned_at) throw new LocalError("errors.loaner.alreadyReturned");
    await workOrder(database, loaner.work_order_id);
    const at = nowIso();
    const note = conditionNote.trim();
    const returned = { ...loaner, returned_at: at, returned_by_id: actorId(), condition_note: note };
    await database.loaners.put(returned);
    const args: Record<string, unknown> = { id: loanerId };
    if (note) args.condition_note = note;
    await enqueue(database, "loaner.return", args, loaner.work_order_id, at);
    return returned;
  });
}

export interface NewConsent {
  amount_cents: number;
  lines: ConsentLine[];
  signer_name: string;
}

function checkConsent(data: NewConsent): string {
  const signer = data.signer_name.trim();
  if (!signer || !Number.isInteger(data.amount_cents) || data.amount_cents < 0) {
    throw new LocalError("errors.validation");
  }
  return signer;
}

/** The consent row and paid_work_consent.add; call inside a change() over its table. */
async function writeConsent(
  database: AftercareDB,
  workOrderId: string,
  data: NewConsent,
  signer: string,
): Promise<PaidWorkConsentRecord> {
  await workOrder(database, workOrderId);
  const at = nowIso();
  const consent: PaidWorkConsentRecord = {
    id: newId(),
    row_version: 0,
    work_order_id: workOrderId,
    amount_cents: data.amount_cents,
    lines: data.lines,
    signer_name: signer,
    consented_at: at,
    created_by_id: actorId(),
    server_at: null,
  };
  await database.paid_work_consents.add(consent);
  await enqueue(
    database,
    "paid_work_consent.add",
    { id: consent.id, work_order_id: workOrderId, amount_cents: data.amount_cents, lines: data.lines, signer_name: signer },
    workOrderId,
    at,
  );
  return consent;
}

// --- replacing a unit ----------------------------------------------------------------

const IN_SERVICE: DeviceStatus = "in_service";
const REPLACED: DeviceStatus = "replaced";

export interface NewUnit {
  serial: string;
  /** Empty: the old unit's. */
  model?: string;
  manufacturer?: string;
}

/** The phone's own day of ``at`` (YYYY-MM-DD): the day the new unit was installed. */
function localDay(at: string): string {
  const date = new Date(at);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A unit the phone registers on the spot: the old one's place, class and location. */
function newUnitRecord(old: DeviceRecord, serial: string, unit: NewUnit, installedOn: string): DeviceRecord {
  return {
    id: newId(),
    row_version: 0,
    system_id: old.system_id,
    serial,
    model: unit.model?.trim() || old.model,
    manufacturer: unit.manufacturer?.trim() || old.manufacturer,
    device_class: old.device_class,
    location: old.location,
    version: "",
    ip_address: "",
    sold_on: null,
    delivered_on: null,
    installed_on: installedOn,
    commissioned_on: null,
    accepted_on: null,
    first_used_on: null,
    purchased_on: null,
    manufacturer_warranty_months: null,
    status: IN_SERVICE,
    replaced_by_id: null,
    label_token: null,
    notes: "",
  };
}

/**
 * 换机: the old unit out, the unit with ``serial`` in, on a work order, offline. The new
 * unit (or the one with that serial already registered in the system, as the server
 * links it), the old unit marked replaced and pointing at it, the order's device list
 * and device.replace are written in ONE transaction: the phone never shows a swap that
 * will not be sent, nor sends one it does not show. The server refuses the same cases.
 */
export async function replaceDevice(
  workOrderId: string,
  oldDeviceId: string,
  unit: NewUnit,
  database = db(),
): Promise<DeviceRecord> {
  const serial = unit.serial.trim();
  if (!serial) throw new LocalError("errors.validation");
  return change(database, [database.devices], async () => {
    const wo = await workOrder(database, workOrderId);
    const old = await database.devices.get(oldDeviceId);
    if (!old || !(wo.device_ids ?? []).includes(old.id)) throw new LocalError("errors.notFound");
    if (!isInService(old)) throw new LocalError("errors.device.alreadyReplaced");
    if (serial === old.serial) throw new LocalError("swap.errors.sameSerial");
    const at = nowIso();
    const known = await database.devices.where("serial").equals(serial).first();
    if (known && known.system_id !== old.system_id) throw new LocalError("swap.errors.otherSystem");
    if (known && !isInService(known)) throw new LocalError("swap.errors.outOfService");
    const fresh = known ?? newUnitRecord(old, serial, unit, localDay(at));
    if (known) {
      if (!known.installed_on) await database.devices.update(known.id, { installed_on: localDay(at) });
    } else {
      await database.devices.add(fresh);
    }
    await database.devices.update(old.id, { status: REPLACED, replaced_by_id: fresh.id });
    if (!wo.device_ids.includes(fresh.id)) {
      await database.work_orders.update(wo.id, { device_ids: [...wo.device_ids, fresh.id] });
    }
    // A registered unit is linked by its serial; its id here would read as "already sent".
    const args = {
      id: known ? newId() : fresh.id,
      work_order_id: workOrderId,
      old_device_id: old.id,
      serial,
      model: fresh.model,
      manufacturer: fresh.manufacturer,
    };
    await enqueue(database, "device.replace", args, workOrderId, at);
    return (await database.devices.get(fresh.id)) ?? fresh;
  });
}

// --- photos and signatures ------------------------------------------------------------

/** A prepared image: its bytes, their SHA-256 (hex) and type. */
export interface PreparedBlob {
  blob: Blob;
  sha256: string;
  content_type: string;
}

function blobRow(prepared: PreparedBlob, at: string): BlobRow {
  return {
    sha256: prepared.sha256,
    blob: prepared.blob,
    content_type: prepared.content_type,
    size: prepared.blob.size,
    state: "pending",
    received: 0,
    error_key: null,
    created_at: at,
  };
}

/** Keep an image that is already queued (the same photo twice) as it is. */
async function keepBlob(database: AftercareDB, row: BlobRow): Promise<void> {
  if (!(await database.blobs.get(row.sha256))) await database.blobs.add(row);
}

export interface NewAttachment {
  work_order_id?: string | null;
  device_id?: string | null;
  inspection_result_id?: string | null;
  kind: AttachmentKind;
  caption?: string;
  taken_at?: string | null;
}

/** A photo: the image bytes, the attachment row and attachment.add, together. */
export async function addAttachment(
  prepared: PreparedBlob,
  data: NewAttachment,
  database = db(),
): Promise<AttachmentRecord> {
  return change(database, [database.attachments, database.blobs], async () => {
    const at = nowIso();
    await keepBlob(database, blobRow(prepared, at));
    const attachment: AttachmentRecord = {
      id: newId(),
      row_version: 0,
      work_order_id: data.work_order_id ?? null,
      device_id: data.device_id ?? null,
      inspection_result_id: data.inspection_result_id ?? null,
      kind: data.kind,
      caption: data.caption ?? "",
      sha256: prepared.sha256,
      taken_at: data.taken_at ?? at,
      blob_ready: false,
    };
    await database.attachments.add(attachment);
    const args: Record<string, unknown> = { id: attachment.id, kind: data.kind, sha256: prepared.sha256 };
    for (const key of ["work_order_id", "device_id", "inspection_result_id"] as const) {
      if (attachment[key]) args[key] = attachment[key];
    }
    if (attachment.caption) args.caption = attachment.caption;
    if (attachment.taken_at) args.taken_at = attachment.taken_at;
    await enqueue(database, "attachment.add", args, attachment.work_order_id, at);
    return attachment;
  });
}

export interface NewSignature {
  work_order_id: string;
  purpose: SignatureRecord["purpose"];
  signer_name: string;
  signer_role: SignatureRecord["signer_role"];
  summary: string;
  summary_sha256: string;
  satisfaction?: Satisfaction | null;
  comment?: string;
}

/** The blob, the signature row and signature.add; call inside a change() over their tables. */
async function writeSignature(database: AftercareDB, prepared: PreparedBlob, data: NewSignature): Promise<SignatureRecord> {
  await workOrder(database, data.work_order_id);
  const at = nowIso();
  await keepBlob(database, blobRow(prepared, at));
  const signature: SignatureRecord = {
    id: newId(),
    row_version: 0,
    work_order_id: data.work_order_id,
    purpose: data.purpose,
    signer_name: data.signer_name.trim(),
    signer_role: data.signer_role,
    signed_at: at,
    sha256: prepared.sha256,
    summary: data.summary,
    summary_sha256: data.summary_sha256,
    satisfaction: data.satisfaction ?? null,
    comment: data.comment ?? "",
  };
  await database.signatures.add(signature);
  const args: Record<string, unknown> = {
    id: signature.id,
    work_order_id: signature.work_order_id,
    purpose: signature.purpose,
    signer_name: signature.signer_name,
    signer_role: signature.signer_role,
    sha256: signature.sha256,
    summary: signature.summary,
    summary_sha256: signature.summary_sha256,
  };
  if (signature.satisfaction) args.satisfaction = signature.satisfaction;
  if (signature.comment) args.comment = signature.comment;
  await enqueue(database, "signature.add", args, signature.work_order_id, at);
  return signature;
}

/** A signature: the PNG, the signature row (with the summary it signs) and signature.add. */
export async function addSignature(
  prepared: PreparedBlob,
  data: NewSignature,
  database = db(),
): Promise<SignatureRecord> {
  if (!data.signer_name.trim()) throw new LocalError("errors.validation");
  return change(database, [database.signatures, database.blobs], () => writeSignature(database, prepared, data));
}

/**
 * The customer signs his consent to the estimate of paid work: the consent (amount and
 * lines) and his signature (purpose paid_work_consent) in ONE transaction, so the phone
 * never holds a consent without its signature or the other way round; the completion
 * guards count only a signed consent.
 */
export async function signPaidWorkConsent(
  prepared: PreparedBlob,
  consent: NewConsent,
  signature: Omit<NewSignature, "purpose" | "signer_role" | "signer_name">,
  database = db(),
): Promise<{ consent: PaidWorkConsentRecord; signature: SignatureRecord }> {
  const signer = checkConsent(consent);
  const tables = [database.paid_work_consents, database.signatures, database.blobs];
  return change(database, tables, async () => ({
    consent: await writeConsent(database, signature.work_order_id, consent, signer),
    signature: await writeSignature(database, prepared, {
      ...signature,
      purpose: "paid_work_consent",
      signer_role: "customer",
      signer_name: signer,
    }),
  }));
}

// --- taking back what the server has not got -----------------------------------------

/** The records an engineer may take back while their mutation waits in the outbox, by the
 * mutation that adds them. */
export const WITHDRAWABLE = ["work_order_note.add", "part_usage.add", "attachment.add"] as const satisfies readonly MutationName[];
export type Withdrawable = (typeof WITHDRAWABLE)[number];

/**
 * Take back a note, a part used or a photo that has not left the phone: its outbox entry
 * and its local row go together, in one transaction (a photo's image too, unless another
 * record shows the same bytes). Refused, changing nothing, once a push has taken the
 * entry (it may be on the server already; errors.withdraw.inFlight) or once the server has
 * acknowledged it (it is no longer in the outbox; errors.withdraw.synced): from then on
 * only the office can remove it.
 */
async function withdraw(database: AftercareDB, name: Withdrawable, id: string, table: Table): Promise<void> {
  const tables = [table, database.attachments, database.signatures, database.blobs];
  await change(database, tables, async () => {
    const entry = await database.outbox.filter((e) => e.name === name && e.args.id === id).first();
    if (!entry) throw new LocalError("errors.withdraw.synced");
    if (entry.sent) throw new LocalError("errors.withdraw.inFlight");
    await removeUnsent(database, entry);
    if (name === "attachment.add") {
      const photo = await database.attachments.get(id);
      await database.attachments.delete(id);
      if (photo && !(await isShown(database, photo.sha256))) await database.blobs.delete(photo.sha256);
    } else {
      await table.delete(id);
    }
  });
}

/** Whether any record on the phone still shows the image ``sha256``. */
async function isShown(database: AftercareDB, sha256: string): Promise<boolean> {
  return (
    (await database.attachments.where("sha256").equals(sha256).count()) > 0 ||
    (await database.signatures.where("sha256").equals(sha256).count()) > 0
  );
}

export function withdrawNote(id: string, database = db()): Promise<void> {
  return withdraw(database, "work_order_note.add", id, database.work_order_notes);
}

export function withdrawPartUsage(id: string, database = db()): Promise<void> {
  return withdraw(database, "part_usage.add", id, database.part_usages);
}

export function withdrawPhoto(id: string, database = db()): Promise<void> {
  return withdraw(database, "attachment.add", id, database.attachments);
}
