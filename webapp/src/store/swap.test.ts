import "fake-indexeddb/auto";

import type { Transaction } from "dexie";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { signIn } from "../../test/harness";
import { freshDatabase, workOrderRecord } from "../../test/records";
import { LocalError, replaceDevice } from "./actions";
import { type AftercareDB, getMeta } from "./db";
import type { DeviceRecord } from "./records";
import { getDeviceView } from "./workOrders";

let database: AftercareDB;

function device(overrides: Partial<DeviceRecord> = {}): DeviceRecord {
  return {
    id: crypto.randomUUID(),
    row_version: 4,
    system_id: "sy1",
    serial: "DS2CD0001",
    model: "DS-2CD3T46",
    manufacturer: "海康威视",
    device_class: "main",
    location: "1F 走廊",
    version: "",
    ip_address: "",
    sold_on: null,
    delivered_on: null,
    installed_on: "2025-03-01",
    commissioned_on: null,
    accepted_on: null,
    first_used_on: null,
    purchased_on: null,
    manufacturer_warranty_months: null,
    status: "in_service",
    replaced_by_id: null,
    label_token: "tok",
    notes: "",
    ...overrides,
  };
}

beforeEach(() => {
  database = freshDatabase();
  signIn();
});

afterEach(() => database.close());

async function onSite(old: DeviceRecord) {
  const wo = workOrderRecord({ status: "on_site", device_ids: [old.id] });
  await database.devices.add(old);
  await database.work_orders.add(wo);
  return wo;
}

describe("swapping a unit on the phone (换机)", () => {
  it("writes the new unit, the old one replaced, the order's units and one device.replace in one transaction", async () => {
    const old = device();
    const wo = await onSite(old);
    const seen = new Set<Transaction>();
    const watch = (_key: unknown, _row: unknown, transaction: Transaction) => void seen.add(transaction);
    const watchUpdate = (_mods: unknown, _key: unknown, _row: unknown, transaction: Transaction) => void seen.add(transaction);
    database.devices.hook("creating", watch);
    database.devices.hook("updating", watchUpdate);
    database.work_orders.hook("updating", watchUpdate);
    database.outbox.hook("creating", watch);

    const fresh = await replaceDevice(wo.id, old.id, { serial: " NEW-0002 ", model: "", manufacturer: "" }, database);

    expect(seen.size).toBe(1);
    expect(fresh).toMatchObject({ serial: "NEW-0002", model: "DS-2CD3T46", manufacturer: "海康威视", system_id: "sy1", status: "in_service", row_version: 0 });
    expect(await database.devices.get(old.id)).toMatchObject({ status: "replaced", replaced_by_id: fresh.id });
    expect((await database.work_orders.get(wo.id))?.device_ids).toEqual([old.id, fresh.id]);
    const outbox = await database.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      name: "device.replace",
      work_order_id: wo.id,
      args: { id: fresh.id, work_order_id: wo.id, old_device_id: old.id, serial: "NEW-0002", model: "DS-2CD3T46", manufacturer: "海康威视" },
    });
    expect(await getMeta("seq", 0, database)).toBe(1);

    const card = await getDeviceView(fresh.id, database);
    expect(card?.replaces?.serial).toBe("DS2CD0001");
    expect(card?.chain.map((unit) => unit.serial)).toEqual(["DS2CD0001", "NEW-0002"]);
  });

  it("writes nothing when the change fails half way", async () => {
    const old = device();
    const wo = await onSite(old);
    database.outbox.hook("creating", () => {
      throw new Error("disk full");
    });
    await expect(replaceDevice(wo.id, old.id, { serial: "NEW-0002" }, database)).rejects.toThrow("disk full");
    expect(await database.devices.count()).toBe(1);
    expect(await database.devices.get(old.id)).toMatchObject({ status: "in_service", replaced_by_id: null });
    expect((await database.work_orders.get(wo.id))?.device_ids).toEqual([old.id]);
    expect(await getMeta("seq", 0, database)).toBe(0);
  });

  it("links a unit already registered in the system, as the server does, and sends a fresh id", async () => {
    const old = device();
    const spare = device({ serial: "SPARE-1", installed_on: null });
    const wo = await onSite(old);
    await database.devices.add(spare);
    const linked = await replaceDevice(wo.id, old.id, { serial: "SPARE-1" }, database);
    expect(linked.id).toBe(spare.id);
    expect(linked.installed_on).not.toBeNull();
    expect(await database.devices.count()).toBe(2);
    const [entry] = await database.outbox.toArray();
    expect(entry?.args.id).not.toBe(spare.id);
    expect(entry?.args.serial).toBe("SPARE-1");
  });

  it("refuses what the server would refuse, writing nothing", async () => {
    const old = device();
    const wo = await onSite(old);
    await database.devices.add(device({ system_id: "elsewhere", serial: "OTHER-9" }));
    const refusal = (serial: string) => replaceDevice(wo.id, old.id, { serial }, database).catch((e: LocalError) => e.key);
    expect(await refusal("")).toBe("errors.validation");
    expect(await refusal("DS2CD0001")).toBe("swap.errors.sameSerial");
    expect(await refusal("OTHER-9")).toBe("swap.errors.otherSystem");
    await replaceDevice(wo.id, old.id, { serial: "NEW-1" }, database);
    expect(await refusal("NEW-2")).toBe("errors.device.alreadyReplaced");
    expect(await database.outbox.count()).toBe(1);
  });
});
