// The synced records as the phone keeps them: the flat wire form of docs/sync-protocol.md
// ("Entities and fields"), one interface per entity, plus the local-only rows (outbox,
// blobs, meta, rejected). Instants are ISO-8601 strings, ids UUID strings.

export interface Synced {
  id: string;
  row_version: number;
}

export interface CustomerRecord extends Synced {
  name: string;
  code: string;
  is_important: boolean;
  address: string;
  notes: string;
}

export interface SiteRecord extends Synced {
  customer_id: string;
  name: string;
  address: string;
  zone: string;
  distance_km: number | null;
  latitude: number | null;
  longitude: number | null;
}

export interface SystemRecord extends Synced {
  site_id: string;
  type: string;
  name: string;
  responsible_engineer_id: string | null;
}

export interface DeviceRecord extends Synced {
  system_id: string;
  serial: string;
  model: string;
  manufacturer: string;
  device_class: string;
  location: string;
  version: string;
  ip_address: string;
  sold_on: string | null;
  delivered_on: string | null;
  installed_on: string | null;
  commissioned_on: string | null;
  accepted_on: string | null;
  first_used_on: string | null;
  purchased_on: string | null;
  manufacturer_warranty_months: number | null;
  status: string;
  replaced_by_id: string | null;
  label_token: string | null;
  notes: string;
}

export interface ContractRecord extends Synced {
  customer_id: string;
  number: string;
  name: string;
  kind: string;
  starts_on: string;
  ends_on: string;
  settings: Record<string, unknown>;
  /** The sites it covers. The server's wire form does not carry them yet (they are the
   * contract_sites table, not a column); store/contracts.ts says how a record without
   * them is read. */
  site_ids?: string[];
}

export interface PartRecord extends Synced {
  part_number: string;
  name: string;
  category: string;
  manufacturer: string;
  unit: string;
  cost_cents: number;
  price_cents: number;
  is_active: boolean;
}

export interface ChecklistItem {
  key: string;
  label: string;
  type: "pass_fail" | "number" | "text" | "photo";
  unit?: string | null;
  min?: number | null;
  max?: number | null;
  required?: boolean;
}

export interface ChecklistTemplateRecord extends Synced {
  system_type: string;
  name: string;
  items: ChecklistItem[];
  is_active: boolean;
}

/** A day of the organisation calendar (server organisation_calendar_days): a public
 * holiday or a make-up working day (调休) every contract calendar using it counts. */
export interface OrganisationCalendarDayRecord extends Synced {
  /** YYYY-MM-DD, a local date in each calendar's own time zone. */
  falls_on: string;
  kind: "holiday" | "make_up_workday";
  name: string;
}

export interface StockLocationRecord extends Synced {
  kind: string;
  name: string;
  centre_id: string | null;
  engineer_id: string | null;
}

export interface WorkOrderRecord extends Synced {
  number: string;
  type: string;
  channel: string;
  status: string;
  severity: number;
  customer_id: string;
  site_id: string;
  system_id: string | null;
  contract_id: string | null;
  reporter_name: string;
  reporter_phone: string;
  contact_name: string;
  contact_phone: string;
  symptom: string;
  assigned_engineer_id: string | null;
  appointment_at: string | null;
  reported_at: string;
  created_by_id: string | null;
  /** False while an order this engineer registered outside his systems waits for the
   * office to confirm it (it brings only what the job needs). Absent: true. */
  confirmed?: boolean;
  diagnosis_symptom: string;
  diagnosis_location: string;
  diagnosis_cause: string;
  diagnosis_fix: string;
  closed_at: string | null;
  defect_code: string;
  exclusions: string[];
  /** The work to price, as the engineer records it (absent on rows pulled before the
   * server had these fields: none). */
  labour_minutes?: number;
  visits?: number;
  warranty_override: Record<string, unknown> | null;
  device_ids: string[];
  created_at?: string;
  updated_at?: string;
}

export interface WorkOrderEventRecord extends Synced {
  work_order_id: string;
  kind: string;
  origin: string;
  device_at: string | null;
  server_at: string | null;
  actor_id: string | null;
  from_status: string | null;
  to_status: string | null;
  note: string;
  data: Record<string, unknown>;
}

export interface NoteRecord extends Synced {
  work_order_id: string;
  author_id: string | null;
  text: string;
  device_at: string | null;
  server_at: string | null;
}

export interface PartUsageRecord extends Synced {
  work_order_id: string;
  part_id: string;
  quantity: number;
  location_id: string | null;
  device_id: string | null;
  serial_out: string;
  serial_in: string;
  actor_id: string | null;
  device_at: string | null;
  server_at: string | null;
}

/** A unit lent to the customer (备用机); returned once (returned_at set, then never again). */
export interface LoanerRecord extends Synced {
  work_order_id: string;
  description: string;
  serial: string;
  issued_at: string;
  issued_by_id: string | null;
  due_back_on: string | null;
  returned_at: string | null;
  returned_by_id: string | null;
  condition_note: string;
  server_at: string | null;
}

/** A fee line as shown to the customer when consenting. */
export interface ConsentLine {
  kind: string;
  code: string | null;
  quantity: number;
  amount_cents: number;
  is_chargeable: boolean;
}

/** The customer's consent to the estimate of paid work; the newest counts. */
export interface PaidWorkConsentRecord extends Synced {
  work_order_id: string;
  amount_cents: number;
  lines: ConsentLine[];
  signer_name: string;
  consented_at: string;
  created_by_id: string | null;
  server_at: string | null;
}

export interface StockMovementRecord extends Synced {
  location_id: string;
  part_id: string;
  quantity: number;
  kind: string;
  work_order_id: string | null;
  part_usage_id: string | null;
  actor_id: string | null;
  note: string;
  device_at: string | null;
  server_at: string | null;
}

export interface InspectionResultRecord extends Synced {
  work_order_id: string;
  template_id: string;
  item_key: string;
  device_id: string | null;
  value: unknown;
  is_ok: boolean | null;
  note: string;
  actor_id: string | null;
  device_at: string | null;
  server_at: string | null;
}

export interface SyncConflictRecord extends Synced {
  entity: string;
  entity_id: string;
  field: string;
  policy: string;
  winner: string;
  server_value: unknown;
  device_value: unknown;
  base_value: unknown;
  mutation_id: string | null;
  client_id: string | null;
  user_id: string | null;
  device_at: string | null;
  created_at?: string;
  resolved_at: string | null;
  resolved_by_id?: string | null;
  resolution?: unknown;
}

export const ATTACHMENT_KINDS = ["label", "warranty_card", "before", "after", "other"] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export interface AttachmentRecord extends Synced {
  work_order_id: string | null;
  device_id: string | null;
  inspection_result_id: string | null;
  kind: AttachmentKind;
  caption: string;
  sha256: string;
  taken_at: string | null;
  blob_ready: boolean;
}

/** The customer's ratings, 1-5; a question skipped is left out. */
export interface Satisfaction {
  attitude?: number;
  speed?: number;
  quality?: number;
  overall?: number;
}

/** What a signature is for (server/models/media.py SIGNATURE_PURPOSES). */
export const SIGNATURE_PURPOSES = ["arrival", "sign_off", "inspection_report", "paid_work_consent"] as const;
export type SignaturePurpose = (typeof SIGNATURE_PURPOSES)[number];

export interface SignatureRecord extends Synced {
  work_order_id: string;
  purpose: SignaturePurpose;
  signer_name: string;
  signer_role: "customer" | "engineer";
  signed_at: string | null;
  sha256: string;
  summary: string;
  summary_sha256: string;
  satisfaction: Satisfaction | null;
  comment: string;
}

/** Entity name (the server's table name) → its record type. */
export interface EntityRecords {
  customers: CustomerRecord;
  sites: SiteRecord;
  systems: SystemRecord;
  devices: DeviceRecord;
  contracts: ContractRecord;
  parts: PartRecord;
  checklist_templates: ChecklistTemplateRecord;
  organisation_calendar_days: OrganisationCalendarDayRecord;
  stock_locations: StockLocationRecord;
  work_orders: WorkOrderRecord;
  work_order_events: WorkOrderEventRecord;
  work_order_notes: NoteRecord;
  part_usages: PartUsageRecord;
  loaners: LoanerRecord;
  paid_work_consents: PaidWorkConsentRecord;
  stock_movements: StockMovementRecord;
  inspection_results: InspectionResultRecord;
  sync_conflicts: SyncConflictRecord;
  attachments: AttachmentRecord;
  signatures: SignatureRecord;
}
export type EntityName = keyof EntityRecords;

export const ENTITY_NAMES: readonly EntityName[] = [
  "customers",
  "sites",
  "systems",
  "devices",
  "contracts",
  "parts",
  "checklist_templates",
  "organisation_calendar_days",
  "stock_locations",
  "work_orders",
  "work_order_events",
  "work_order_notes",
  "part_usages",
  "loaners",
  "paid_work_consents",
  "stock_movements",
  "inspection_results",
  "sync_conflicts",
  "attachments",
  "signatures",
];

/** Records hanging off one work order: dropped with it when it leaves the phone's scope. */
export const WORK_ORDER_CHILDREN = [
  "work_order_events",
  "work_order_notes",
  "part_usages",
  "loaners",
  "paid_work_consents",
  "inspection_results",
  "attachments",
  "signatures",
] as const satisfies readonly EntityName[];

// --- local-only rows ------------------------------------------------------------------

/** A change waiting to be pushed: the mutation exactly as it will go on the wire. */
export interface OutboxEntry {
  /** 1, 2, 3 … per client id; the primary key, so the outbox reads in push order. */
  seq: number;
  id: string;
  name: string;
  occurred_at: string;
  args: Record<string, unknown>;
  /** The work order it touches, so pull never drops a work order with unsent changes. */
  work_order_id: string | null;
  /** Set once a push has taken it (store/outbox.ts takeBatch): from then on the server may
   * have it, so it can no longer be withdrawn. Never sent on the wire. */
  sent?: boolean;
}

export type UploadState = "pending" | "uploading" | "uploaded" | "failed";

/** A photo or a signature image, kept until the server has every byte. */
export interface BlobRow {
  sha256: string;
  blob: Blob;
  content_type: string;
  size: number;
  state: UploadState;
  /** Bytes the server has confirmed. */
  received: number;
  error_key: string | null;
  created_at: string;
}

/** A mutation the server refused: kept so the engineer sees what he entered and why. */
export interface RejectedRow {
  id: string;
  seq: number;
  name: string;
  args: Record<string, unknown>;
  occurred_at: string;
  key: string;
  message: string;
  errors: Record<string, unknown>;
  received_at: string;
  dismissed: boolean;
}

/** Work the server kept for the office instead of applying it (push status ``late``): the
 * order was closed, cancelled or reassigned before it arrived. Kept so the engineer is
 * told in words, until he dismisses it. */
export interface LateRow {
  /** The mutation's id. */
  id: string;
  seq: number;
  name: string;
  args: Record<string, unknown>;
  occurred_at: string;
  work_order_id: string;
  /** closed, cancelled or reassigned. */
  reason: string;
  number: string;
  /** Whom the order went to (null: taken off him without a new engineer). */
  reassigned_to: string | null;
  /** When the order moved on (null when the server could not tell). */
  changed_at: string | null;
  received_at: string;
  dismissed: boolean;
}

/** Text typed into a field and not saved yet (store/drafts.ts), one row per work order
 * and field, so nothing typed is lost to a reload or a killed app. */
export interface DraftRow {
  work_order_id: string;
  /** The field's name on its screen: "diagnosis_cause", "note", "part.quantity" … */
  field: string;
  value: string;
  updated_at: string;
}

export interface MetaRow {
  key: string;
  value: unknown;
}
