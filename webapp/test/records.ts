// Records for tests: a fresh database per test and small factories. Lives outside src/
// so it can never be shipped; only test files import it.

import { AftercareDB, useDatabase } from "../src/store/db";
import type { PartRecord, WorkOrderRecord } from "../src/store/records";

export function freshDatabase(): AftercareDB {
  const database = new AftercareDB(`test-${crypto.randomUUID()}`);
  useDatabase(database);
  return database;
}

export function workOrderRecord(overrides: Partial<WorkOrderRecord> = {}): WorkOrderRecord {
  return {
    id: crypto.randomUUID(),
    row_version: 10,
    number: "WO-2026-000001",
    type: "repair",
    channel: "phone",
    status: "assigned",
    severity: 2,
    customer_id: "c1",
    site_id: "s1",
    system_id: "sy1",
    contract_id: null,
    reporter_name: "王老师",
    reporter_phone: "13800000000",
    contact_name: "",
    contact_phone: "",
    symptom: "画面黑屏",
    assigned_engineer_id: "u1",
    appointment_at: null,
    reported_at: "2026-11-22T01:00:00+00:00",
    created_by_id: null,
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
    device_ids: ["d1"],
    ...overrides,
  };
}

export function partRecord(overrides: Partial<PartRecord> = {}): PartRecord {
  return {
    id: crypto.randomUUID(),
    row_version: 3,
    part_number: "PWR-12V",
    name: "12V 电源适配器",
    category: "peripheral",
    manufacturer: "",
    unit: "个",
    cost_cents: 3500,
    price_cents: 5000,
    is_active: true,
    ...overrides,
  };
}
