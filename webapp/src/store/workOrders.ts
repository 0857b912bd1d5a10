// Reading work orders from the phone's own database: what the screens show, offline or
// not. Changes go through actions.ts; the sync engine keeps these tables fresh.

import { compareInstants } from "../domain/dates";
import { isOpen, LIST_FILTERS, type ListFilter } from "../domain/workOrderFlow";
import { WITHDRAWABLE } from "./actions";
import { applicableRecord, contractOf } from "./contracts";
import { db, serialKey } from "./db";
import { waitingFor, waitingItems } from "./waiting";
import type {
  AttachmentRecord,
  ChecklistTemplateRecord,
  ContractRecord,
  CustomerRecord,
  DeviceRecord,
  InspectionResultRecord,
  LoanerRecord,
  NoteRecord,
  PaidWorkConsentRecord,
  PartRecord,
  PartUsageRecord,
  SignatureRecord,
  SiteRecord,
  SyncConflictRecord,
  SystemRecord,
  WorkOrderEventRecord,
  WorkOrderRecord,
} from "./records";

export interface WorkOrderCard {
  wo: WorkOrderRecord;
  customer: CustomerRecord | undefined;
  site: SiteRecord | undefined;
  pending: number;
}

/** Sooner appointments first; those without one after, newest reported first. */
function byAppointment(a: WorkOrderRecord, b: WorkOrderRecord): number {
  if (a.appointment_at && b.appointment_at) return compareInstants(a.appointment_at, b.appointment_at);
  if (a.appointment_at) return -1;
  if (b.appointment_at) return 1;
  return compareInstants(b.reported_at, a.reported_at);
}

export async function listWorkOrders(filter: ListFilter, database = db()): Promise<WorkOrderCard[]> {
  const statuses = LIST_FILTERS[filter] as readonly string[] | null;
  const all = await database.work_orders.toArray();
  const orders = all.filter((wo) => statuses === null || statuses.includes(wo.status)).sort(byAppointment);
  const customers = await database.customers.bulkGet(orders.map((wo) => wo.customer_id));
  const sites = await database.sites.bulkGet(orders.map((wo) => wo.site_id));
  const waiting = await waitingItems(database);
  return orders.map((wo, i) => ({
    wo,
    customer: customers[i],
    site: sites[i],
    pending: waitingFor(waiting, wo.id),
  }));
}

export const APPOINTMENT_GROUPS = ["overdue", "today", "upcoming", "earlier", "unscheduled"] as const;
export type AppointmentGroup = (typeof APPOINTMENT_GROUPS)[number];

/** The calendar day of an instant on this device's clock and time zone (Asia/Shanghai for
 * an engineer in China), as a number that orders days. */
function localDayNumber(at: Date): number {
  return at.getFullYear() * 10_000 + (at.getMonth() + 1) * 100 + at.getDate();
}

/** The list's group of an order by its appointment, in local calendar days: "today" only
 * the appointments of today's date; an open order booked for an earlier day is "overdue"
 * (a closed one "earlier"); "upcoming" from tomorrow; "unscheduled" without one. */
export function appointmentGroup(wo: WorkOrderRecord, now: Date): AppointmentGroup {
  if (!wo.appointment_at) return "unscheduled";
  const at = new Date(wo.appointment_at);
  if (Number.isNaN(at.getTime())) return "unscheduled";
  const day = localDayNumber(at);
  const today = localDayNumber(now);
  if (day === today) return "today";
  if (day > today) return "upcoming";
  return isOpen(wo.status) ? "overdue" : "earlier";
}

export interface PartUsageView extends PartUsageRecord {
  part: PartRecord | undefined;
}

export interface WorkOrderView {
  wo: WorkOrderRecord;
  customer: CustomerRecord | undefined;
  site: SiteRecord | undefined;
  system: SystemRecord | undefined;
  contract: ContractRecord | undefined;
  devices: DeviceRecord[];
  events: WorkOrderEventRecord[];
  notes: NoteRecord[];
  usages: PartUsageView[];
  /** Loaners lent on this order, in order of issue. */
  loaners: LoanerRecord[];
  /** The customer's consents to paid work, oldest first (the last counts). */
  consents: PaidWorkConsentRecord[];
  results: InspectionResultRecord[];
  attachments: AttachmentRecord[];
  signatures: SignatureRecord[];
  conflicts: SyncConflictRecord[];
  template: ChecklistTemplateRecord | undefined;
  /** What of this work order still waits to reach the server (store/waiting.ts: the
   * same count as the header's). */
  pending: number;
  /** Ids of the notes, parts used and photos whose mutation still waits in the outbox:
   * those the engineer may take back (actions.ts withdraw…). */
  unsent: ReadonlySet<string>;
}

function isWithdrawable(name: string): boolean {
  return (WITHDRAWABLE as readonly string[]).includes(name);
}

function when(row: { device_at?: string | null; server_at?: string | null }): string {
  return row.device_at ?? row.server_at ?? "";
}

export async function getWorkOrderView(id: string, database = db()): Promise<WorkOrderView | null> {
  const wo = await database.work_orders.get(id);
  if (!wo) return null;
  const [customer, site, system, contract] = await Promise.all([
    database.customers.get(wo.customer_id),
    database.sites.get(wo.site_id),
    wo.system_id ? database.systems.get(wo.system_id) : undefined,
    contractFor(wo, database),
  ]);
  const devices = (await database.devices.bulkGet(wo.device_ids ?? [])).filter((d): d is DeviceRecord => !!d);
  const usages = await database.part_usages.where("work_order_id").equals(id).toArray();
  const parts = await database.parts.bulkGet(usages.map((u) => u.part_id));
  const queued = await database.outbox.where("work_order_id").equals(id).toArray();
  const template = system
    ? (await database.checklist_templates.where("system_type").equals(system.type).toArray()).find((t) => t.is_active)
    : undefined;
  return {
    wo,
    customer,
    site,
    system,
    contract,
    devices,
    events: (await database.work_order_events.where("work_order_id").equals(id).toArray()).sort((a, b) =>
      compareInstants(when(a), when(b)),
    ),
    notes: (await database.work_order_notes.where("work_order_id").equals(id).toArray()).sort((a, b) =>
      compareInstants(when(a), when(b)),
    ),
    usages: usages.map((usage, i) => ({ ...usage, part: parts[i] })).sort((a, b) => compareInstants(when(a), when(b))),
    loaners: (await database.loaners.where("work_order_id").equals(id).toArray()).sort((a, b) =>
      compareInstants(a.issued_at, b.issued_at),
    ),
    consents: (await database.paid_work_consents.where("work_order_id").equals(id).toArray()).sort((a, b) =>
      compareInstants(a.consented_at, b.consented_at),
    ),
    results: await database.inspection_results.where("work_order_id").equals(id).toArray(),
    attachments: await database.attachments.where("work_order_id").equals(id).toArray(),
    signatures: await database.signatures.where("work_order_id").equals(id).toArray(),
    conflicts: await database.sync_conflicts.where("entity_id").equals(id).toArray(),
    template,
    pending: waitingFor(await waitingItems(database), id),
    unsent: new Set(queued.filter((entry) => isWithdrawable(entry.name)).map((entry) => String(entry.args.id))),
  };
}

/** The work order's contract (store/contracts.ts contractOf), from its customer's. */
async function contractFor(wo: WorkOrderRecord, database = db()): Promise<ContractRecord | undefined> {
  const records = wo.contract_id
    ? (await database.contracts.bulkGet([wo.contract_id])).filter((c): c is ContractRecord => c !== undefined)
    : await database.contracts.where("customer_id").equals(wo.customer_id).toArray();
  return contractOf(wo, records);
}

/** The newest answer per (item, device): what counts (answers are append-only). */
export function latestAnswers(results: InspectionResultRecord[]): Map<string, InspectionResultRecord> {
  const latest = new Map<string, InspectionResultRecord>();
  for (const result of [...results].sort((a, b) => compareInstants(when(a), when(b)))) {
    latest.set(answerKey(result.item_key, result.device_id), result);
  }
  return latest;
}

export function answerKey(itemKey: string, deviceId: string | null): string {
  return `${itemKey}|${deviceId ?? ""}`;
}

// --- van stock and parts -----------------------------------------------------------------

export interface VanPart {
  part: PartRecord;
  /** Synced movements plus this phone's usages the server has not booked yet. */
  quantity: number;
}

export async function vanStock(userId: string | null, database = db()): Promise<VanPart[]> {
  const van = userId ? await database.stock_locations.where("engineer_id").equals(userId).first() : undefined;
  const movements = van ? await database.stock_movements.where("location_id").equals(van.id).toArray() : [];
  const booked = new Set(movements.map((m) => m.part_usage_id).filter(Boolean));
  const totals = new Map<string, number>();
  for (const m of movements) totals.set(m.part_id, (totals.get(m.part_id) ?? 0) + m.quantity);
  for (const usage of await database.part_usages.toArray()) {
    if (usage.row_version === 0 && !booked.has(usage.id)) {
      totals.set(usage.part_id, (totals.get(usage.part_id) ?? 0) - usage.quantity);
    }
  }
  const parts = await database.parts.toArray();
  return parts
    .filter((part) => part.is_active)
    .map((part) => ({ part, quantity: totals.get(part.id) ?? 0 }))
    .sort((a, b) => b.quantity - a.quantity || a.part.name.localeCompare(b.part.name));
}

/** Parts whose number or name contains ``text``, van stock first. */
export function searchParts(stock: VanPart[], text: string): VanPart[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return stock;
  return stock.filter(
    ({ part }) => part.part_number.toLowerCase().includes(needle) || part.name.toLowerCase().includes(needle),
  );
}

// --- devices ------------------------------------------------------------------------------

/** A scanned code: a label URL (…/d/<token>), a bare token, or a serial. */
export function parseScannedCode(code: string): { token: string | null; serial: string } {
  const text = code.trim();
  const match = /\/d\/([A-Za-z0-9_-]+)\/?(?:[?#].*)?$/.exec(text);
  if (match) return { token: match[1] as string, serial: "" };
  return { token: null, serial: text };
}

/** Find a device in the phone's copy by label token or serial (indexed lookups). A serial
 * matches whatever its case, spaces or full-width letters (db.ts serialKey); a token, which
 * is random, only exactly. */
export async function findLocalDevice(code: string, database = db()): Promise<DeviceRecord | undefined> {
  const { token, serial } = parseScannedCode(code);
  if (token) return database.devices.where("label_token").equals(token).first();
  const key = serialKey(serial);
  if (!key) return undefined;
  return (
    (await database.devices.where("serial_key").equals(key).first()) ??
    (await database.devices.where("label_token").equals(serial).first())
  );
}

export interface DeviceView {
  device: DeviceRecord;
  system: SystemRecord | undefined;
  site: SiteRecord | undefined;
  customer: CustomerRecord | undefined;
  contract: ContractRecord | undefined;
  workOrders: WorkOrderRecord[];
  replacedBy: DeviceRecord | undefined;
  /** The unit this one replaced (换机), if the phone holds it. */
  replaces: DeviceRecord | undefined;
  /** Every unit of its swap chain the phone holds, oldest first, itself included. */
  chain: DeviceRecord[];
}

/** The swap chain through ``device`` among its system's units, oldest first (a unit
 * replaced by the next one's id), each unit once. */
export function swapChain(device: DeviceRecord, units: DeviceRecord[]): DeviceRecord[] {
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const replacedOne = new Map(units.filter((unit) => unit.replaced_by_id).map((unit) => [unit.replaced_by_id, unit]));
  const successor = (unit: DeviceRecord) => (unit.replaced_by_id ? byId.get(unit.replaced_by_id) : undefined);
  const chain = [device];
  let older = replacedOne.get(device.id);
  while (older && !chain.includes(older)) {
    chain.unshift(older);
    older = replacedOne.get(older.id);
  }
  let newer = successor(device);
  while (newer && !chain.includes(newer)) {
    chain.push(newer);
    newer = successor(newer);
  }
  return chain;
}

export async function getDeviceView(id: string, database = db()): Promise<DeviceView | null> {
  const device = await database.devices.get(id);
  if (!device) return null;
  const system = await database.systems.get(device.system_id);
  const site = system ? await database.sites.get(system.site_id) : undefined;
  const customer = site ? await database.customers.get(site.customer_id) : undefined;
  const workOrders = (await database.work_orders.toArray())
    .filter((wo) => (wo.device_ids ?? []).includes(id))
    .sort((a, b) => compareInstants(b.reported_at, a.reported_at));
  // The contract covering the device's site now (the same rule as a work order's).
  const contracts = site ? await database.contracts.where("customer_id").equals(site.customer_id).toArray() : [];
  const contract = site ? applicableRecord(contracts, site.customer_id, site.id, new Date()) : undefined;
  const units = await database.devices.where("system_id").equals(device.system_id).toArray();
  const chain = swapChain(device, units);
  const at = chain.indexOf(device);
  const replaces = at > 0 ? chain[at - 1] : undefined;
  return { device, system, site, customer, contract, workOrders, replacedBy: chain[at + 1], replaces, chain };
}
