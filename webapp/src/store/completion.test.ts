import "fake-indexeddb/auto";

import { beforeEach, describe, expect, it } from "vitest";

import { signIn } from "../../test/harness";
import { freshDatabase, partRecord, workOrderRecord } from "../../test/records";
import { addAttachment, addInspectionResult, addPartUsage, signPaidWorkConsent, updateWorkOrder } from "./actions";
import { missingOnPhone } from "./completion";
import type { AftercareDB } from "./db";
import type { DeviceRecord, WorkOrderRecord } from "./records";
import { getWorkOrderView, type WorkOrderView } from "./workOrders";

let database: AftercareDB;
const TODAY = "2026-11-22";
const PNG = { blob: new Blob([new Uint8Array(8)], { type: "image/png" }), sha256: "ef".repeat(32), content_type: "image/png" };
const DIAGNOSED = { diagnosis_symptom: "画面黑屏", diagnosis_cause: "电源适配器损坏", diagnosis_fix: "更换 12V 适配器" };

beforeEach(() => {
  database = freshDatabase();
  signIn();
});

function device(overrides: Partial<DeviceRecord> = {}): DeviceRecord {
  return {
    id: "d1",
    row_version: 1,
    system_id: "sy1",
    serial: "DS2CD0001",
    model: "DS-2CD3T46",
    manufacturer: "海康威视",
    device_class: "main",
    location: "",
    version: "",
    ip_address: "",
    sold_on: null,
    delivered_on: null,
    installed_on: null,
    commissioned_on: null,
    accepted_on: "2020-03-01", // long out of warranty: the work is paid
    first_used_on: null,
    purchased_on: null,
    manufacturer_warranty_months: null,
    status: "active",
    replaced_by_id: null,
    label_token: null,
    notes: "",
    ...overrides,
  };
}

async function onSite(overrides: Partial<WorkOrderRecord> = {}): Promise<WorkOrderRecord> {
  const wo = workOrderRecord({ status: "on_site", ...overrides });
  await database.work_orders.add(wo);
  await database.sites.add({ id: "s1", row_version: 1, customer_id: "c1", name: "门诊楼", address: "", zone: "in_city", distance_km: null, latitude: null, longitude: null });
  await database.devices.add(device());
  return wo;
}

async function view(id: string): Promise<WorkOrderView> {
  const found = await getWorkOrderView(id, database);
  if (!found) throw new Error("no view");
  return found;
}

const codes = (facts: { code: string }[]) => facts.map((fact) => fact.code);

describe("the completion check on the phone", () => {
  it("asks a chargeable repair for the customer's signed consent to at least the estimate", async () => {
    const wo = await onSite(DIAGNOSED);
    const part = partRecord({ cost_cents: 3500 });
    await database.parts.add(part);
    await addPartUsage(wo.id, { part_id: part.id, quantity: 1 }, database);
    await updateWorkOrder(wo.id, { labour_minutes: 30 }, database);
    const before = missingOnPhone(await view(wo.id), "on_site", { unsignedReason: "", today: TODAY });
    const consent = before.find((fact) => fact.code === "paid_work_consent");
    expect(consent?.amount_cents).toBeGreaterThan(3500); // the part and the labour
    expect(codes(before)).toEqual(["sign_off", "paid_work_consent"]);

    const signed = { work_order_id: wo.id, summary: "工单", summary_sha256: "ab".repeat(32) };
    await signPaidWorkConsent(PNG, { amount_cents: consent!.amount_cents!, lines: [], signer_name: "李主任" }, signed, database);
    expect(codes(missingOnPhone(await view(wo.id), "on_site", { unsignedReason: "", today: TODAY }))).toEqual(["sign_off"]);

    // More labour recorded after the customer signed: his consent no longer covers it.
    await updateWorkOrder(wo.id, { labour_minutes: 90 }, database);
    expect(codes(missingOnPhone(await view(wo.id), "on_site", { unsignedReason: "", today: TODAY }))).toEqual(["sign_off", "paid_work_consent"]);
  });

  it("takes a reason the customer could not sign only with a photo", async () => {
    const wo = await onSite({ ...DIAGNOSED, warranty_override: { status: "free_repair", reason: "客户关系" } });
    const facts = { unsignedReason: "客户不在现场", today: TODAY };
    expect(codes(missingOnPhone(await view(wo.id), "on_site", facts))).toEqual(["sign_off"]);
    await addAttachment(PNG, { work_order_id: wo.id, kind: "after" }, database);
    expect(missingOnPhone(await view(wo.id), "on_site", facts)).toEqual([]);
  });

  it("needs only the diagnosis when solved by telephone", async () => {
    const wo = await onSite({ status: "accepted", diagnosis_symptom: "无法登录" });
    expect(missingOnPhone(await view(wo.id), "remote", { unsignedReason: "", today: TODAY })).toEqual([
      { code: "diagnosis", field: "diagnosis_cause" },
      { code: "diagnosis", field: "diagnosis_fix" },
    ]);
  });

  it("asks an inspection for every required item and an explanation of a failed one", async () => {
    const wo = await onSite({ type: "inspection" });
    await database.systems.add({ id: "sy1", row_version: 1, site_id: "s1", type: "cctv", name: "监控", responsible_engineer_id: null });
    await database.checklist_templates.add({
      id: "t1",
      row_version: 1,
      system_type: "cctv",
      name: "监控巡检",
      is_active: true,
      items: [
        { key: "appearance", label: "外观", type: "pass_fail", required: true },
        { key: "temperature", label: "机柜温度", type: "number", min: 10, max: 35, required: true },
      ],
    });
    const facts = { unsignedReason: "", today: TODAY };
    expect(missingOnPhone(await view(wo.id), "on_site", facts).filter((f) => f.field === "checklist")).toEqual([
      { code: "checklist_item", field: "checklist", item: "appearance" },
      { code: "checklist_item", field: "checklist", item: "temperature" },
    ]);
    await addInspectionResult(wo.id, { template_id: "t1", item_key: "appearance", device_id: "d1", value: true }, database);
    const hot = await addInspectionResult(wo.id, { template_id: "t1", item_key: "temperature", device_id: "d1", value: 41 }, database);
    expect(missingOnPhone(await view(wo.id), "on_site", facts).filter((f) => f.field === "checklist")).toEqual([
      { code: "failed_item_evidence", field: "checklist", item: "temperature" },
    ]);
    await addAttachment(PNG, { work_order_id: wo.id, inspection_result_id: hot.id, kind: "other" }, database);
    expect(missingOnPhone(await view(wo.id), "on_site", facts).filter((f) => f.field === "checklist")).toEqual([]);
  });
});
