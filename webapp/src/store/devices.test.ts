import "fake-indexeddb/auto";

import Dexie from "dexie";
import { describe, expect, it } from "vitest";

import { freshDatabase } from "../../test/records";
import SERIAL_VECTORS from "../../../tests/vectors/serial_keys.json";
import { AftercareDB, serialKey } from "./db";
import type { DeviceRecord } from "./records";
import { findLocalDevice } from "./workOrders";

function device(overrides: Partial<DeviceRecord> = {}): DeviceRecord {
  return {
    id: crypto.randomUUID(),
    row_version: 1,
    system_id: "sy1",
    serial: "3X45T13PAZ10265",
    model: "DS-7816N",
    manufacturer: "海康威视",
    location: "机房",
    ...overrides,
  } as DeviceRecord;
}

describe("the scan screen's serial lookup on the phone", () => {
  it("finds a unit whatever the case of the serial typed", async () => {
    const database = freshDatabase();
    const unit = device();
    await database.devices.put(unit); // as a pull writes it
    expect((await findLocalDevice("3x45t13paz10265", database))?.id).toBe(unit.id);
    expect((await findLocalDevice("3X45t13Paz10265", database))?.id).toBe(unit.id);
  });

  it("ignores spaces around and inside the serial, and full-width letters", async () => {
    const database = freshDatabase();
    const unit = device();
    await database.devices.add(unit);
    expect((await findLocalDevice("  3x45t13paz10265 \n", database))?.id).toBe(unit.id);
    expect((await findLocalDevice("3X45 T13P AZ10265", database))?.id).toBe(unit.id);
    expect((await findLocalDevice("３Ｘ４５Ｔ１３ＰＡＺ１０２６５", database))?.id).toBe(unit.id);
  });

  it("finds a unit whose serial was stored with spaces around it", async () => {
    const database = freshDatabase();
    const unit = device({ serial: " 3x45t13paz10265 " });
    await database.devices.bulkPut([unit]);
    expect((await findLocalDevice("3X45T13PAZ10265", database))?.id).toBe(unit.id);
  });

  it("follows a serial changed by an update", async () => {
    const database = freshDatabase();
    const unit = device();
    await database.devices.add(unit);
    await database.devices.update(unit.id, { serial: "NEW-1" });
    expect(await findLocalDevice("3X45T13PAZ10265", database)).toBeUndefined();
    expect((await findLocalDevice("new-1", database))?.id).toBe(unit.id);
  });

  it("finds nothing for another serial or an empty code, and keeps label tokens exact", async () => {
    const database = freshDatabase();
    const unit = device({ label_token: "AbC_12" });
    await database.devices.add(unit);
    expect(await findLocalDevice("3X45T13PAZ1026", database)).toBeUndefined();
    expect(await findLocalDevice("   ", database)).toBeUndefined();
    expect((await findLocalDevice("http://127.0.0.1:8000/d/AbC_12", database))?.id).toBe(unit.id);
    expect(await findLocalDevice("http://127.0.0.1:8000/d/abc_12", database)).toBeUndefined();
  });

  it("uses an index, not a scan of every unit", () => {
    const database = freshDatabase();
    expect(database.devices.schema.indexes.map((index) => index.name)).toContain("serial_key");
  });

  it("gives the units a phone already held before the update their key", async () => {
    const name = `test-${crypto.randomUUID()}`;
    // The phone's database as version 3 of the schema left it.
    const old = new Dexie(name);
    old.version(3).stores({ devices: "id, system_id, serial, label_token" });
    const unit = device();
    await old.table("devices").add(unit);
    old.close();
    const database = new AftercareDB(name);
    expect((await findLocalDevice("3x45t13paz10265", database))?.id).toBe(unit.id);
    expect((await database.devices.get(unit.id))?.serial).toBe("3X45T13PAZ10265");
    database.close();
  });
});

describe("serialKey", () => {
  it("folds case, spaces and full-width forms", () => {
    expect(serialKey(" 3x45 t13paz10265\t")).toBe("3X45T13PAZ10265");
    expect(serialKey("ＤＳ２ＣＤ０００１")).toBe("DS2CD0001");
    expect(serialKey(null)).toBe("");
  });

  it("computes the keys of the shared vectors, as the server does", () => {
    for (const { typed, key } of SERIAL_VECTORS.cases) expect(serialKey(typed)).toBe(key);
  });
});
