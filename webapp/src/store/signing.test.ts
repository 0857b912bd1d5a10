import "fake-indexeddb/auto";

import { beforeEach, describe, expect, it } from "vitest";

import VECTORS from "../../../tests/vectors/signed_summary.json";
import { signIn } from "../../test/harness";
import { freshDatabase, partRecord, workOrderRecord } from "../../test/records";
import { signedSummary, type SignedSummaryInput, summarySha256 } from "../domain/signing";
import { signPaidWorkConsent } from "./actions";
import type { AftercareDB } from "./db";
import type {
  AttachmentRecord,
  ChecklistItem,
  DeviceRecord,
  InspectionResultRecord,
  PaidWorkConsentRecord,
  PartUsageRecord,
  WorkOrderRecord,
} from "./records";
import { signedFactsOf, withConsent } from "./signing";
import { getWorkOrderView } from "./workOrders";

// The server's facts for the same data are a case's input in tests/vectors/signed_summary.json:
// the phone's database is filled with that order and must read back the expected text.
interface SignedCase {
  name: string;
  input: SignedSummaryInput;
  expected: { summary: string };
}
const CASES = (VECTORS as unknown as { cases: SignedCase[] }).cases;

function vector(start: string): SignedCase {
  const found = CASES.find((c) => c.name.startsWith(start));
  if (!found) throw new Error(`no vector "${start}"`);
  return found;
}

let database: AftercareDB;

beforeEach(() => {
  database = freshDatabase();
  signIn();
});

function device(id: string, model: string, serial: string): DeviceRecord {
  return {
    id,
    row_version: 1,
    system_id: "sy1",
    serial,
    model,
    manufacturer: "海康威视",
    device_class: "main",
    location: "",
    version: "",
    ip_address: "",
    sold_on: null,
    delivered_on: null,
    installed_on: null,
    commissioned_on: null,
    accepted_on: null,
    first_used_on: null,
    purchased_on: null,
    manufacturer_warranty_months: null,
    status: "active",
    replaced_by_id: null,
    label_token: null,
    notes: "",
  };
}

function photo(id: string, workOrderId: string | null, overrides: Partial<AttachmentRecord> = {}): AttachmentRecord {
  return {
    id,
    row_version: 1,
    work_order_id: workOrderId,
    device_id: null,
    inspection_result_id: null,
    kind: "after",
    caption: "",
    sha256: id.padEnd(64, "0"),
    taken_at: null,
    blob_ready: true,
    ...overrides,
  };
}

/** The order of a vector's input, its customer, site and devices, in the phone's tables. */
async function orderOf(input: SignedCase["input"], overrides: Partial<WorkOrderRecord> = {}): Promise<WorkOrderRecord> {
  await database.customers.add({ id: "c1", row_version: 1, name: input.customer_name ?? "", code: "", is_important: false, address: "", notes: "" });
  await database.sites.add({ id: "s1", row_version: 1, customer_id: "c1", name: input.site_name ?? "", address: input.site_address ?? "", zone: "in_city", distance_km: null, latitude: null, longitude: null });
  const devices = (input.devices ?? []).map((d, i) => device(`d${i + 1}`, d.model ?? "", d.serial ?? ""));
  await database.devices.bulkAdd(devices);
  const wo = workOrderRecord({
    number: input.number ?? "",
    type: input.type ?? "repair",
    status: input.status ?? "new",
    diagnosis_symptom: input.diagnosis_symptom ?? "",
    diagnosis_location: input.diagnosis_location ?? "",
    diagnosis_cause: input.diagnosis_cause ?? "",
    diagnosis_fix: input.diagnosis_fix ?? "",
    device_ids: devices.map((d) => d.id),
    ...overrides,
  });
  await database.work_orders.add(wo);
  return wo;
}

async function summaryOf(id: string): Promise<string> {
  const v = await getWorkOrderView(id, database);
  if (!v) throw new Error("no view");
  return signedSummary(await signedFactsOf(v, database));
}

function usage(id: string, workOrderId: string, partId: string, overrides: Partial<PartUsageRecord>): PartUsageRecord {
  return {
    id,
    row_version: 2,
    work_order_id: workOrderId,
    part_id: partId,
    quantity: 1,
    location_id: null,
    device_id: null,
    serial_out: "",
    serial_in: "",
    actor_id: "u1",
    device_at: null,
    server_at: null,
    ...overrides,
  };
}

function consent(id: string, workOrderId: string, overrides: Partial<PaidWorkConsentRecord>): PaidWorkConsentRecord {
  return {
    id,
    row_version: 1,
    work_order_id: workOrderId,
    amount_cents: 0,
    lines: [],
    signer_name: "",
    consented_at: "2026-03-01T02:00:00+00:00",
    created_by_id: "u1",
    server_at: "2026-03-01T02:00:00+00:00",
    ...overrides,
  };
}

describe("the facts the customer signs, read from the phone", () => {
  it("read a repair as the server does: every usage as recorded, the newest consent, the order's photos", async () => {
    const { input, expected } = vector("a repair covers");
    const wo = await orderOf(input);
    const [psu, cab] = input.parts ?? [];
    const psuPart = partRecord({ id: "p-psu", part_number: psu!.part_number!, name: psu!.name! });
    const cabPart = partRecord({ id: "p-cab", part_number: cab!.part_number!, name: cab!.name! });
    await database.parts.bulkAdd([psuPart, cabPart]);
    // Recorded in this order on the server, whatever the phone's clocks said.
    await database.part_usages.bulkAdd([
      usage("u-2", wo.id, cabPart.id, { quantity: 4, device_at: "2026-03-01T01:00:00Z", server_at: "2026-03-01T02:00:00.000002+00:00" }),
      usage("u-1", wo.id, psuPart.id, {
        quantity: 1,
        serial_out: psu!.serial_out!,
        serial_in: psu!.serial_in!,
        device_at: "2026-03-01T01:30:00Z",
        server_at: "2026-03-01T02:00:00.000001+00:00",
      }),
    ]);
    const given = input.consent!;
    await database.paid_work_consents.bulkAdd([
      consent("k-new", wo.id, {
        amount_cents: given.amount_cents!,
        signer_name: given.signer_name!,
        lines: given.lines as PaidWorkConsentRecord["lines"],
        consented_at: "2026-03-01T03:00:00+00:00",
      }),
      // Earlier, though its text sorts later: instants compare, not strings.
      consent("k-old", wo.id, { amount_cents: 5000, signer_name: "李主任", consented_at: "2026-03-01T10:30:00+08:00" }),
    ]);
    await database.attachments.bulkAdd([
      photo("a1", wo.id),
      photo("a2", wo.id),
      photo("a3", wo.id),
      photo("a4", null, { device_id: "d1" }), // the device's, not the order's
    ]);
    expect(await summaryOf(wo.id)).toBe(expected.summary);
    const v = await getWorkOrderView(wo.id, database);
    const facts = await signedFactsOf(v!, database);
    expect(facts.parts?.map((p) => p.part_number)).toEqual(input.parts?.map((p) => p.part_number));
  });

  it("read a repair without parts or consent as the server does", async () => {
    const { input, expected } = vector("a free repair");
    const wo = await orderOf(input);
    expect(await summaryOf(wo.id)).toBe(expected.summary);
  });

  it("read an inspection's answers that count, by item and device, as the server does", async () => {
    const { input, expected } = vector("an inspection covers");
    const wo = await orderOf(input);
    await database.systems.add({ id: "sy1", row_version: 1, site_id: "s1", type: "cctv", name: "监控", responsible_engineer_id: null });
    const lines = input.checklist ?? [];
    const items: ChecklistItem[] = lines.map((line, i) => ({
      key: `k${i}`,
      label: line.label ?? "",
      type: line.type === "photo" ? "photo" : typeof line.value === "boolean" ? "pass_fail" : typeof line.value === "number" ? "number" : "text",
      ...(line.unit ? { unit: line.unit } : {}),
      ...(line.min !== undefined ? { min: line.min } : {}),
      ...(line.max !== undefined ? { max: line.max } : {}),
    }));
    await database.checklist_templates.add({ id: "t1", row_version: 1, system_type: "cctv", name: "巡检", items, is_active: true });
    const serials = new Map((input.devices ?? []).map((d, i) => [d.serial, `d${i + 1}`]));
    // Answered in reverse order of the list: the order printed is the template's.
    const answers: InspectionResultRecord[] = lines.map((line, i) => ({
      id: `r${i}`,
      row_version: 1,
      work_order_id: wo.id,
      template_id: "t1",
      item_key: `k${i}`,
      device_id: line.device ? (serials.get(line.device) ?? null) : null,
      value: line.value ?? null,
      is_ok: line.ok ?? null,
      note: line.note ?? "",
      actor_id: "u1",
      device_at: `2026-03-01T02:${String(59 - i).padStart(2, "0")}:00+00:00`,
      server_at: "2026-03-01T03:00:00+00:00",
    }));
    // An earlier reading of the room temperature, corrected since: it no longer counts.
    answers.push({ ...answers[1]!, id: "r-old", value: 22, is_ok: true, note: "", device_at: "2026-03-01T01:00:00+00:00" });
    // Another order's answer is not this order's.
    answers.push({ ...answers[0]!, id: "r-other", work_order_id: "elsewhere" });
    await database.inspection_results.bulkAdd(answers);
    await database.attachments.bulkAdd([photo("a1", wo.id, { inspection_result_id: "r1" }), photo("a2", wo.id)]);
    expect(await summaryOf(wo.id)).toBe(expected.summary);
  });

  it("put whole-system answers first, then devices by serial, and read a template the phone lacks by item key", async () => {
    const { input } = vector("an inspection covers");
    const wo = await orderOf(input, { type: "inspection", device_ids: ["d1", "d2"] });
    await database.checklist_templates.add({
      id: "t1",
      row_version: 1,
      system_type: "cctv",
      name: "巡检",
      is_active: true,
      items: [{ key: "fan", label: "冷却风扇", type: "pass_fail" }],
    });
    const answer = (id: string, deviceId: string | null, at: string, templateId = "t1"): InspectionResultRecord => ({
      id,
      row_version: 0,
      work_order_id: wo.id,
      template_id: templateId,
      item_key: "fan",
      device_id: deviceId,
      value: true,
      is_ok: true,
      note: "",
      actor_id: "u1",
      device_at: at,
      server_at: null, // not pushed yet
    });
    await database.inspection_results.bulkAdd([
      answer("r-d2", "d1", "2026-03-01T02:00:00.000Z"), // d1 is DS2CD0002 in this vector
      answer("r-d1", "d2", "2026-03-01T02:01:00.000Z"),
      answer("r-all", null, "2026-03-01T02:02:00.000Z"),
      answer("r-gone", null, "2026-03-01T02:03:00.000Z", "t-not-on-phone"),
    ]);
    const v = await getWorkOrderView(wo.id, database);
    const facts = await signedFactsOf(v!, database);
    // The unknown template's answer is read as the first item (its place is unknown here).
    expect(facts.checklist?.map((line) => [line.label, line.device])).toEqual([
      ["冷却风扇", ""],
      ["fan", ""],
      ["冷却风扇", "DS2CD0001"],
      ["冷却风扇", "DS2CD0002"],
    ]);
  });

  it("sign the consent being given: the text reads the same once the consent is stored", async () => {
    const { input } = vector("a free repair");
    const wo = await orderOf(input, { status: "on_site" });
    const v = await getWorkOrderView(wo.id, database);
    const given = {
      amount_cents: 18000,
      lines: [{ kind: "labour", code: null, quantity: 60, amount_cents: 18000, is_chargeable: true }],
      signer_name: " 李主任 ",
    };
    const summary = signedSummary(withConsent(await signedFactsOf(v!, database), given));
    expect(summary).toContain("收费同意 Paid work consent: ¥180.00 李主任\n- 人工 Labour × 60 ¥180.00");
    const png = { blob: new Blob([new Uint8Array(8)], { type: "image/png" }), sha256: "ef".repeat(32), content_type: "image/png" };
    await signPaidWorkConsent(png, given, { work_order_id: wo.id, summary, summary_sha256: await summarySha256(summary) }, database);
    expect(await summaryOf(wo.id)).toBe(summary);
  });
});
