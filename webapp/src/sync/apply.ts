// Applying what the server sends to the local store: upsert by row_version, rebase of
// unsent local changes, and (last pull page) deletions, scope and garbage collection.
// Call these inside one Dexie transaction over every table (``allTables``), so a page is
// applied entirely or not at all.

import type { Table } from "dexie";

import { ENGINEER_FIELDS, type EngineerField } from "../domain/workOrderFlow";
import type { AftercareDB } from "../store/db";
import { stepFrom } from "../store/flow";
import { isMutation } from "../store/outbox";
import {
  ENTITY_NAMES,
  type EntityName,
  type LoanerRecord,
  type OutboxEntry,
  WORK_ORDER_CHILDREN,
  type WorkOrderRecord,
} from "../store/records";
import type { ConflictInfo, PullResponse, WireRecord } from "./types";

export function allTables(database: AftercareDB): Table[] {
  return database.tables;
}

function isEntity(name: string): name is EntityName {
  return (ENTITY_NAMES as readonly string[]).includes(name);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * A pending field edit on top of the value the phone holds now, as the server's merge
 * will settle it (server/sync/merge.py): the phone's value, unless the office changed the
 * field too (it differs from the edit's base) and the field's declared policy is
 * server_wins, in which case the office's value stays.
 */
function mergedField(field: string, current: unknown, base: unknown, device: unknown): unknown {
  const policy = ENGINEER_FIELDS[field as EngineerField];
  const clash = !same(current, base) && !same(current, device);
  return clash && policy === "server_wins" ? current : device;
}

/**
 * The server's work order with this phone's unsent changes on top: pending field edits
 * merged by their policy, pending steps replayed from the server's status (a step that
 * no longer fits is left to the server, which will answer it with a status conflict).
 */
export function rebaseWorkOrder(record: WorkOrderRecord, pending: OutboxEntry[]): WorkOrderRecord {
  let rebased = { ...record };
  for (const entry of [...pending].sort((a, b) => a.seq - b.seq)) {
    if (entry.args.id !== record.id) continue;
    if (isMutation(entry, "work_order.update")) {
      const changes = (entry.args.changes ?? {}) as Record<string, unknown>;
      const base = (entry.args.base ?? {}) as Record<string, unknown>;
      const row = rebased as unknown as Record<string, unknown>;
      for (const [field, value] of Object.entries(changes)) {
        rebased = { ...rebased, [field]: mergedField(field, row[field], base[field], value) };
      }
    } else if (isMutation(entry, "work_order.transition")) {
      const step = stepFrom(rebased.status, String(entry.args.action));
      if (step) rebased.status = step.target;
    }
  }
  return rebased;
}

/**
 * The server's loaner with this phone's unsent return on top (the first return counts,
 * so a return the server already has stays as the server says).
 */
export function rebaseLoaner(record: LoanerRecord, pending: OutboxEntry[]): LoanerRecord {
  if (record.returned_at) return record;
  const ret = [...pending].sort((a, b) => a.seq - b.seq).find((e) => isMutation(e, "loaner.return") && e.args.id === record.id);
  if (!ret) return record;
  return { ...record, returned_at: ret.occurred_at, condition_note: String(ret.args.condition_note ?? "") };
}

/** Pending outbox entries by the work order they touch. */
export async function pendingByWorkOrder(database: AftercareDB): Promise<Map<string, OutboxEntry[]>> {
  const pending = new Map<string, OutboxEntry[]>();
  for (const entry of await database.outbox.orderBy("seq").toArray()) {
    if (!entry.work_order_id) continue;
    const list = pending.get(entry.work_order_id) ?? [];
    list.push(entry);
    pending.set(entry.work_order_id, list);
  }
  return pending;
}

/** Store server records unless the phone holds a newer version; rebase work orders. */
export async function upsertRecords(
  database: AftercareDB,
  items: WireRecord[],
  pending: Map<string, OutboxEntry[]>,
): Promise<number> {
  let stored = 0;
  for (const { entity, record } of items) {
    if (!isEntity(entity)) continue; // a newer server's entity: ignore what we do not know
    const table = database.entity(entity) as unknown as Table<Record<string, unknown> & { row_version: number }, string>;
    const local = await table.get(record.id);
    if (local && local.row_version > record.row_version) continue;
    let row: Record<string, unknown> = record;
    if (entity === "work_orders") {
      row = rebaseWorkOrder(record as unknown as WorkOrderRecord, pending.get(record.id) ?? []) as unknown as Record<
        string,
        unknown
      >;
    } else if (entity === "loaners") {
      const loaner = record as unknown as LoanerRecord;
      row = rebaseLoaner(loaner, pending.get(loaner.work_order_id) ?? []) as unknown as Record<string, unknown>;
    }
    await table.put(row as Record<string, unknown> & { row_version: number });
    stored += 1;
  }
  return stored;
}

/** Conflicts named in a push result: kept locally even when the records did not come
 * (a duplicate answer carries no records). */
export async function keepConflicts(
  database: AftercareDB,
  conflicts: ConflictInfo[],
  extra: { mutation_id: string; user_id: string | null; device_at: string },
): Promise<void> {
  for (const conflict of conflicts) {
    if (await database.sync_conflicts.get(conflict.id)) continue;
    await database.sync_conflicts.put({
      ...conflict,
      row_version: 0,
      mutation_id: extra.mutation_id,
      client_id: null,
      user_id: extra.user_id,
      device_at: extra.device_at,
      resolved_at: null,
    });
  }
}

/** Every id an unsent mutation mentions: such records are never dropped. */
function idsInOutbox(entries: OutboxEntry[]): Set<string> {
  const ids = new Set<string>();
  const visit = (value: unknown) => {
    if (typeof value === "string") ids.add(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === "object") Object.values(value).forEach(visit);
  };
  entries.forEach((entry) => visit(entry.args));
  return ids;
}

/**
 * The last page of a pull: delete the tombstoned rows, drop the work orders that left
 * the phone's scope, then everything nothing in scope refers to. Records with unsent
 * mutations stay whatever the server says: they will be pushed and the server decides.
 */
export async function applyFinalPage(database: AftercareDB, page: PullResponse, userId: string | null): Promise<void> {
  const outbox = await database.outbox.toArray();
  const protectedIds = idsInOutbox(outbox);
  for (const entry of outbox) if (entry.work_order_id) protectedIds.add(entry.work_order_id);

  for (const gone of page.deleted ?? []) {
    if (!isEntity(gone.entity) || protectedIds.has(gone.id)) continue;
    await database.entity(gone.entity).delete(gone.id);
  }

  if (page.scope?.work_orders) {
    const inScope = new Set(page.scope.work_orders);
    const drop = (await database.work_orders.toArray())
      .filter((wo) => !inScope.has(wo.id) && !protectedIds.has(wo.id))
      .map((wo) => wo.id);
    await database.work_orders.bulkDelete(drop);
  }
  await collectGarbage(database, protectedIds, userId);
}

/** Drop records nothing on the phone refers to any more (docs/sync-protocol.md, Pull). */
export async function collectGarbage(database: AftercareDB, protectedIds: Set<string>, userId: string | null) {
  const orders = await database.work_orders.toArray();
  const orderIds = new Set(orders.map((wo) => wo.id));
  const keep = (id: string | null | undefined, set: Set<string>) => id && set.has(id);

  for (const name of WORK_ORDER_CHILDREN) {
    const table = database.entity(name) as Table<{ id: string; work_order_id: string | null }, string>;
    const stale = (await table.toArray())
      .filter((row) => row.work_order_id !== null && !orderIds.has(row.work_order_id) && !protectedIds.has(row.id))
      .map((row) => row.id);
    await table.bulkDelete(stale);
  }

  const customers = new Set(orders.map((wo) => wo.customer_id));
  const sites = new Set(orders.map((wo) => wo.site_id));
  const deviceIds = new Set(orders.flatMap((wo) => wo.device_ids ?? []));
  const systems = new Set(orders.map((wo) => wo.system_id).filter((id): id is string => !!id));
  for (const device of await database.devices.bulkGet([...deviceIds])) if (device) systems.add(device.system_id);

  const dropUnless = async <R extends { id: string }>(table: Table<R, string>, wanted: (row: R) => boolean) => {
    const stale = (await table.toArray()).filter((row) => !wanted(row) && !protectedIds.has(row.id)).map((row) => row.id);
    await table.bulkDelete(stale);
  };
  await dropUnless(database.devices, (d) => deviceIds.has(d.id) || systems.has(d.system_id));
  await dropUnless(database.systems, (s) => systems.has(s.id) || sites.has(s.site_id));
  await dropUnless(database.sites, (s) => sites.has(s.id));
  await dropUnless(database.customers, (c) => customers.has(c.id));
  await dropUnless(
    database.contracts,
    (c) => customers.has(c.customer_id) || orders.some((wo) => wo.contract_id === c.id),
  );
  await dropUnless(
    database.sync_conflicts,
    (c) => !!keep(c.entity_id, orderIds) || (userId !== null && c.user_id === userId),
  );

  // Images the server has and nothing here shows any more.
  const shown = new Set([
    ...(await database.attachments.toArray()).map((a) => a.sha256),
    ...(await database.signatures.toArray()).map((s) => s.sha256),
  ]);
  const blobs = (await database.blobs.toArray()).filter((b) => b.state === "uploaded" && !shown.has(b.sha256));
  await database.blobs.bulkDelete(blobs.map((b) => b.sha256));
}
