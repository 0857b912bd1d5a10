// What the customer signs, gathered offline: the facts server/services/attachments.py
// signed_facts() reads from the server's copy, read here from the phone's, so the text the
// signature screen shows and hashes is the text the server recomputes when it checks
// whether the order still reads as signed (domain/signing.ts signedSummary, format 2).

import { parseInstant } from "../domain/dates";
import type { SignedChecklistLine, SignedSummaryInput } from "../domain/signing";
import type { NewConsent } from "./actions";
import { db } from "./db";
import type {
  ChecklistItem,
  ChecklistTemplateRecord,
  DeviceRecord,
  InspectionResultRecord,
  PaidWorkConsentRecord,
  PartUsageRecord,
} from "./records";
import type { WorkOrderView } from "./workOrders";

/** What the answers refer to beyond the order itself: their templates and devices. */
export interface AnswerRefs {
  templates: ReadonlyMap<string, ChecklistTemplateRecord>;
  devices: ReadonlyMap<string, DeviceRecord>;
}

/** What the customer signs for ``v`` (signedSummary reads it), from the phone's database. */
export async function signedFactsOf(v: WorkOrderView, database = db()): Promise<SignedSummaryInput> {
  return signedFacts(v, await answerRefs(v.results, database));
}

/** The facts once ``consent`` is recorded. A consent signature signs the consent it gives:
 * the consent is written first (store/actions.ts signPaidWorkConsent, as on the server), so
 * it is the newest when the server reads the order back. */
export function withConsent(facts: SignedSummaryInput, consent: NewConsent): SignedSummaryInput {
  return {
    ...facts,
    consent: { amount_cents: consent.amount_cents, signer_name: consent.signer_name.trim(), lines: consent.lines },
  };
}

/** The templates and devices the order's answers name (any template, not only the active
 * one; any device, not only the order's). */
async function answerRefs(results: readonly InspectionResultRecord[], database = db()): Promise<AnswerRefs> {
  const templateIds = [...new Set(results.map((r) => r.template_id))];
  const deviceIds = [...new Set(results.map((r) => r.device_id).filter((id): id is string => !!id))];
  const templates = (await database.checklist_templates.bulkGet(templateIds)).filter((t) => t !== undefined);
  const devices = (await database.devices.bulkGet(deviceIds)).filter((d) => d !== undefined);
  return { templates: new Map(templates.map((t) => [t.id, t])), devices: new Map(devices.map((d) => [d.id, d])) };
}

/** The order as signedSummary reads it: statuses and types as codes, every part usage in
 * the order recorded, the newest consent to paid work, the count of the order's photos
 * and, for an inspection, every answer that counts. */
export function signedFacts(v: WorkOrderView, refs: AnswerRefs): SignedSummaryInput {
  const { wo } = v;
  const consent = newestConsent(v.consents);
  return {
    number: wo.number,
    type: wo.type,
    status: wo.status,
    customer_name: v.customer?.name,
    site_name: v.site?.name,
    site_address: v.site?.address,
    devices: v.devices.map((d) => ({ model: d.model, serial: d.serial })),
    diagnosis_symptom: wo.diagnosis_symptom,
    diagnosis_location: wo.diagnosis_location,
    diagnosis_cause: wo.diagnosis_cause,
    diagnosis_fix: wo.diagnosis_fix,
    parts: inOrderRecorded(v.usages).map((u) => ({
      part_number: u.part?.part_number ?? "",
      name: u.part?.name ?? "",
      quantity: u.quantity,
      serial_out: u.serial_out,
      serial_in: u.serial_in,
    })),
    consent: consent ? { amount_cents: consent.amount_cents, signer_name: consent.signer_name, lines: consent.lines } : null,
    photos: v.attachments.length, // the order's own: getWorkOrderView reads them by work_order_id
    checklist: wo.type === "inspection" ? checklistLines(v.results, refs) : [],
  };
}

// --- order ------------------------------------------------------------------------------

/** A row the server has not stored yet gets its server time when pushed: after every row
 * it has. */
const NOT_YET = Number.POSITIVE_INFINITY;

function instant(value: string | null | undefined): number {
  return value ? parseInstant(value) : NOT_YET;
}

function compare(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Part usages as the server orders them (server_at, then id); rows not pushed yet come
 * last, in the order they were recorded on the phone (the order they will be pushed). */
function inOrderRecorded<U extends PartUsageRecord>(usages: readonly U[]): U[] {
  return [...usages].sort(
    (a, b) =>
      compare(instant(a.server_at), instant(b.server_at)) ||
      compare(instant(a.device_at), instant(b.device_at)) ||
      compare(a.id, b.id),
  );
}

/** The consent given last (the server's newest consented_at). */
function newestConsent(consents: readonly PaidWorkConsentRecord[]): PaidWorkConsentRecord | undefined {
  let newest: PaidWorkConsentRecord | undefined;
  for (const consent of consents) {
    if (!newest || instant(consent.consented_at) >= instant(newest.consented_at)) newest = consent;
  }
  return newest;
}

// --- the checklist ----------------------------------------------------------------------

/** When an answer was given: the phone's time if it has one, else the server's. */
function answeredAt(row: InspectionResultRecord): number {
  return instant(row.device_at ?? row.server_at);
}

/** The value as the server holds it: what JSON carries (a number JSON cannot write, NaN,
 * travels as null). */
function asSent(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** The answers that count (the newest per template, item and device), by the item's place
 * in its template, then the device's serial (whole-system answers, serial "", first), as
 * server/services/attachments.py _checklist_facts() lists them. */
function checklistLines(results: readonly InspectionResultRecord[], refs: AnswerRefs): SignedChecklistLine[] {
  // Oldest first, as server/services/review.py inspection_results_of() reads them.
  const answers = [...results].sort(
    (a, b) => compare(answeredAt(a), answeredAt(b)) || compare(instant(a.server_at), instant(b.server_at)) || compare(a.id, b.id),
  );
  const newest = new Map<string, InspectionResultRecord>();
  for (const answer of answers) newest.set(JSON.stringify([answer.template_id, answer.item_key, answer.device_id ?? null]), answer);
  const counted = new Set(newest.values());
  const rows = answers
    .filter((answer) => counted.has(answer))
    .map((answer) => {
      // A template the phone does not hold leaves the item undefined: its key is the label.
      const items = refs.templates.get(answer.template_id)?.items ?? [];
      const index = items.findIndex((it) => it.key === answer.item_key);
      const item: Partial<ChecklistItem> = items[index] ?? {};
      const serial = (answer.device_id ? refs.devices.get(answer.device_id)?.serial : undefined) ?? "";
      const line: SignedChecklistLine = {
        label: item.label || answer.item_key,
        type: item.type ?? null,
        device: serial,
        value: asSent(answer.value),
        unit: item.unit || "",
        min: item.min ?? null,
        max: item.max ?? null,
        ok: answer.is_ok,
        note: answer.note,
      };
      return { position: index >= 0 ? index : items.length, serial, line };
    });
  // Array.prototype.sort is stable: equal keys keep the oldest-first order, as in Python.
  return rows.sort((a, b) => compare(a.position, b.position) || compare(a.serial, b.serial)).map((row) => row.line);
}
