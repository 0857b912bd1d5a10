// Devices outside the phone's copy, looked up online by label token, URL or serial
// (GET /devices/resolve). A device found this way is kept in the local table so its card
// can show; the next pull's garbage collection drops it again if nothing refers to it.

import { db } from "../store/db";
import type { DeviceRecord } from "../store/records";
import * as api from "./api";

export async function lookUpDeviceOnline(code: string, database = db()): Promise<string | null> {
  try {
    const found = await api.resolveDevice(code);
    const wire = found as Record<string, unknown> & { system?: { id?: string } };
    const record = { ...wire, system_id: wire.system_id ?? wire.system?.id ?? "" } as unknown as DeviceRecord;
    if (!record.id) return null;
    await database.devices.put({ ...record, row_version: record.row_version ?? 0 });
    return record.id;
  } catch (error) {
    if (error instanceof api.ApiError && error.code === 404) return null;
    throw error;
  }
}
