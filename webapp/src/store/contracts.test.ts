import "fake-indexeddb/auto";

import { beforeEach, describe, expect, it } from "vitest";

import { freshDatabase, workOrderRecord } from "../../test/records";
import { applicableRecord, contractOf } from "./contracts";
import type { AftercareDB } from "./db";
import { feeEstimate } from "./estimate";
import type { ContractRecord } from "./records";
import { getWorkOrderView } from "./workOrders";

let database: AftercareDB;

beforeEach(() => {
  database = freshDatabase();
});

function contract(overrides: Partial<ContractRecord> & Pick<ContractRecord, "id" | "starts_on" | "ends_on">): ContractRecord {
  return {
    row_version: 1,
    customer_id: "c1",
    number: `HT-${overrides.id}`,
    name: "维保合同",
    kind: "maintenance",
    settings: {},
    site_ids: ["s1"],
    ...overrides,
  };
}

const Y2025 = contract({ id: "2025", starts_on: "2025-01-01", ends_on: "2025-12-31", settings: { fees: { visit_fee_cents: 100 } } });
const Y2026 = contract({ id: "2026", starts_on: "2026-01-01", ends_on: "2026-12-31", settings: { fees: { visit_fee_cents: 999 } } });

describe("the contract of a work order on the phone", () => {
  it("is the one covering its site when it was reported, the day read in the contract's time zone", () => {
    // 2025-12-31 23:59 in Shanghai: still the 2025 contract, though it is 2026 today.
    const late = workOrderRecord({ reported_at: "2025-12-31T15:59:00+00:00" });
    expect(contractOf(late, [Y2025, Y2026])?.id).toBe("2025");
    // 2026-01-01 00:30 in Shanghai, 2025 in UTC.
    const early = workOrderRecord({ reported_at: "2025-12-31T16:30:00Z" });
    expect(contractOf(early, [Y2025, Y2026])?.id).toBe("2026");
  });

  it("is its own when it names one, whatever the date", () => {
    const named = workOrderRecord({ reported_at: "2026-06-01T00:00:00Z", contract_id: "2025" });
    expect(contractOf(named, [Y2025, Y2026])?.id).toBe("2025");
  });

  it("is none for another site, another customer, or a contract in its own zone's other day", () => {
    const wo = workOrderRecord({ reported_at: "2026-06-01T00:00:00Z" });
    expect(contractOf({ ...wo, site_id: "s2" }, [Y2026])).toBeUndefined();
    expect(contractOf({ ...wo, customer_id: "c2" }, [Y2026])).toBeUndefined();
    const utc = contract({ id: "utc", starts_on: "2026-01-01", ends_on: "2026-12-31", settings: { sla: { calendars: { business_hours: { timezone: "UTC" } } } } });
    expect(applicableRecord([utc], "c1", "s1", "2025-12-31T23:30:00Z")).toBeUndefined();
  });

  it("reads a record the server sent without its sites as covering the site asked about", () => {
    const { site_ids: _, ...withoutSites } = Y2026;
    const wo = workOrderRecord({ site_id: "s9", reported_at: "2026-06-01T00:00:00Z" });
    expect(contractOf(wo, [withoutSites])?.id).toBe("2026");
  });

  it("prices the order's visits by the contract of its reported day", async () => {
    await database.contracts.bulkAdd([Y2025, Y2026]);
    await database.sites.add({ id: "s1", row_version: 1, customer_id: "c1", name: "门诊楼", address: "", zone: "in_city", distance_km: null, latitude: null, longitude: null });
    const wo = workOrderRecord({ reported_at: "2025-11-20T02:00:00+00:00", device_ids: [], visits: 1 });
    await database.work_orders.add(wo);
    const v = await getWorkOrderView(wo.id, database);
    expect(v?.contract?.id).toBe("2025");
    expect(feeEstimate(v!, "paid")?.lines.find((line) => line.kind === "visit")?.amount_cents).toBe(100);
  });
});
