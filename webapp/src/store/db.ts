// The phone's own database (IndexedDB through Dexie): a copy of the synced records in the
// engineer's scope, and the local-only tables that make offline work safe: the outbox of
// unsent mutations, photo and signature blobs with their upload state, refused mutations,
// work the server kept for the office (late), and meta (cursor, client id, last seq, last
// sync, clock offset), and drafts: text typed and not saved yet.
//
// Schema versions are numbered and never edited once shipped: a change is a new
// version() call below, so a phone that updates keeps its outbox.

import Dexie, { type DBCore, type DBCoreMutateRequest, type Middleware, type Table } from "dexie";

import type {
  AttachmentRecord,
  BlobRow,
  ChecklistTemplateRecord,
  ContractRecord,
  CustomerRecord,
  DeviceRecord,
  DraftRow,
  EntityName,
  EntityRecords,
  InspectionResultRecord,
  LateRow,
  LoanerRecord,
  MetaRow,
  NoteRecord,
  OrganisationCalendarDayRecord,
  OutboxEntry,
  PaidWorkConsentRecord,
  PartRecord,
  PartUsageRecord,
  RejectedRow,
  SignatureRecord,
  SiteRecord,
  StockLocationRecord,
  StockMovementRecord,
  SyncConflictRecord,
  SystemRecord,
  WorkOrderEventRecord,
  WorkOrderRecord,
} from "./records";

export const DB_NAME = "aftercare";

export class AftercareDB extends Dexie {
  customers!: Table<CustomerRecord, string>;
  sites!: Table<SiteRecord, string>;
  systems!: Table<SystemRecord, string>;
  devices!: Table<DeviceRecord, string>;
  contracts!: Table<ContractRecord, string>;
  parts!: Table<PartRecord, string>;
  checklist_templates!: Table<ChecklistTemplateRecord, string>;
  organisation_calendar_days!: Table<OrganisationCalendarDayRecord, string>;
  stock_locations!: Table<StockLocationRecord, string>;
  work_orders!: Table<WorkOrderRecord, string>;
  work_order_events!: Table<WorkOrderEventRecord, string>;
  work_order_notes!: Table<NoteRecord, string>;
  part_usages!: Table<PartUsageRecord, string>;
  loaners!: Table<LoanerRecord, string>;
  paid_work_consents!: Table<PaidWorkConsentRecord, string>;
  stock_movements!: Table<StockMovementRecord, string>;
  inspection_results!: Table<InspectionResultRecord, string>;
  sync_conflicts!: Table<SyncConflictRecord, string>;
  attachments!: Table<AttachmentRecord, string>;
  signatures!: Table<SignatureRecord, string>;
  // Local only: never pulled, never pushed as rows.
  outbox!: Table<OutboxEntry, number>;
  blobs!: Table<BlobRow, string>;
  rejected!: Table<RejectedRow, string>;
  late!: Table<LateRow, string>;
  meta!: Table<MetaRow, string>;
  drafts!: Table<DraftRow, [string, string]>;

  constructor(name = DB_NAME) {
    super(name);
    // Version 1. Only indexed fields are listed; records keep every other field too.
    this.version(1).stores({
      customers: "id",
      sites: "id, customer_id",
      systems: "id, site_id",
      // serial: the scan screen's lookup; label_token: the QR label's /d/<token>.
      devices: "id, system_id, serial, label_token",
      contracts: "id, customer_id",
      parts: "id, part_number, name",
      checklist_templates: "id, system_type",
      stock_locations: "id, engineer_id",
      work_orders: "id, status, appointment_at, number",
      work_order_events: "id, work_order_id",
      work_order_notes: "id, work_order_id",
      part_usages: "id, work_order_id",
      stock_movements: "id, location_id, part_usage_id",
      inspection_results: "id, work_order_id",
      sync_conflicts: "id, entity_id",
      attachments: "id, work_order_id, device_id, sha256",
      signatures: "id, work_order_id, sha256",
      outbox: "seq, id, work_order_id",
      blobs: "sha256, state",
      rejected: "id",
      meta: "key",
    });
    // Version 2: loaners (备用机) and the customer's consent to paid work, formerly notes.
    this.version(2).stores({
      loaners: "id, work_order_id",
      paid_work_consents: "id, work_order_id",
    });
    // Version 3: work kept for the office because its order moved on (push status late).
    this.version(3).stores({
      late: "id, work_order_id",
    });
    // Version 4: serial_key, the serial as the scan screen compares it (serialKey): a
    // serial typed in lower case, with spaces or full-width finds the unit offline.
    // Written on every write of a device (the middleware below), filled in for the
    // devices a phone already holds by the upgrade.
    this.version(4)
      .stores({
        devices: "id, system_id, serial, label_token, serial_key",
      })
      .upgrade((tx) =>
        tx
          .table("devices")
          .toCollection()
          .modify((device: { serial?: unknown; serial_key?: string }) => {
            device.serial_key = serialKey(device.serial);
          }),
      );
    // Version 5: drafts, text typed on a work order and not saved yet, one row per order
    // and field; every other table and its rows stay as they are. The outbox entries a
    // phone already holds are marked sent: the app before could have pushed them (an
    // answer lost on the way back) without marking them, so none may be withdrawn.
    this.version(5)
      .stores({
        drafts: "[work_order_id+field], work_order_id",
      })
      .upgrade((tx) =>
        tx
          .table("outbox")
          .toCollection()
          .modify((entry: { sent?: boolean }) => {
            entry.sent = true;
          }),
      );
    // Version 6: the organisation calendar (public holidays and make-up days), synced so
    // the phone's SLA deadlines count them as the server's do. Every other table and its
    // rows stay; the pull cursor is forgotten so the next pull (a full one, merged by
    // row_version like any other) brings the days recorded before this version.
    this.version(6)
      .stores({
        organisation_calendar_days: "id, falls_on",
      })
      .upgrade((tx) => tx.table("meta").delete("cursor"));
    this.use(SERIAL_KEY_MIDDLEWARE);
  }

  /** The table holding one synced entity. */
  entity<E extends EntityName>(name: E): Table<EntityRecords[E], string> {
    return this.table(name) as Table<EntityRecords[E], string>;
  }
}

/** A serial as the phone looks it up: compatibility forms folded (full-width "３Ｘ" is
 * "3X"), every space out, upper case; "" for none. The server's GET /devices/resolve
 * compares serials the same way (server/domain/serials.py; tests/vectors/serial_keys.json). */
export function serialKey(serial: unknown): string {
  if (typeof serial !== "string") return "";
  return serial.normalize("NFKC").replace(/\s+/g, "").toUpperCase();
}

function withSerialKey(request: DBCoreMutateRequest): DBCoreMutateRequest {
  if (request.type !== "add" && request.type !== "put") return request;
  const values = request.values.map((value: unknown) =>
    value !== null && typeof value === "object"
      ? { ...(value as Record<string, unknown>), serial_key: serialKey((value as { serial?: unknown }).serial) }
      : value,
  );
  return { ...request, values };
}

/** Keeps devices' serial_key in step with their serial, however they are written (a
 * pull, an online lookup, a swap), without reading the old row. */
const SERIAL_KEY_MIDDLEWARE: Middleware<DBCore> = {
  stack: "dbcore",
  name: "SerialKey",
  create: (down) => ({
    ...down,
    table: (name) => {
      const table = down.table(name);
      if (name !== "devices") return table;
      return { ...table, mutate: (request) => table.mutate(withSerialKey(request)) };
    },
  }),
};

let current: AftercareDB | null = null;

/** The app's one database (opened on first use). */
export function db(): AftercareDB {
  current ??= new AftercareDB();
  return current;
}

/** Tests: start over with a fresh database of this name. */
export function useDatabase(instance: AftercareDB): void {
  current = instance;
}

// --- meta ------------------------------------------------------------------------------

export type MetaKey =
  | "client_id"
  | "seq"
  | "cursor"
  | "user_id"
  | "last_sync_at"
  | "clock_offset_ms"
  | "persisted"
  /** What the browser answered when asked to keep our data (store/storage.ts). */
  | "persistence"
  /** The engineer has read the warning that it refused. */
  | "persistence_warned"
  /** Rows the push answers gave since the cursor (sync/client.ts: the pull skips them). */
  | "held"
  /** The digest of the last scope list applied (sync/client.ts: not sent again unchanged). */
  | "scope_digest";

export async function getMeta<T>(key: MetaKey, fallback: T, database = db()): Promise<T> {
  const row = await database.meta.get(key);
  return row === undefined ? fallback : (row.value as T);
}

export function setMeta(key: MetaKey, value: unknown, database = db()): Promise<string> {
  return database.meta.put({ key, value });
}
