// Wire shapes the office reads beyond the phone's (server/api/schemas/*.py). Times are
// ISO-8601 UTC strings.

import type { GuardMode, MissingFact } from "../domain/guards";
import type { Ref, UserRef, WorkOrder as PhoneWorkOrder, WorkOrderEvent } from "../sync/types";

export interface ClockState {
  clock: string;
  state: string;
  started_at: string | null;
  stopped_at: string | null;
  deadline_at: string | null;
  target_minutes: number | null;
  elapsed_minutes: number;
}

export interface SlaState {
  as_of: string;
  clocks: Record<string, ClockState>;
  loaner_due_at: string | null;
  emergency_milestones: { key: string; minutes: number; due_at: string }[];
  error?: { code: string; key: string; message: string };
}

export interface WarrantyDecision {
  status: string;
  reasons?: string[];
  start_on?: string | null;
  end_on?: string | null;
  day?: number | null;
  is_free?: boolean;
  on?: string;
  contract?: { id: string; number: string; name: string } | null;
  error?: { code: string; key: string; message: string };
}

export interface OfficeWorkOrder extends PhoneWorkOrder {
  /** Changes with every write; sent back as If-Match when editing (412 if it moved on). */
  row_version: number;
  sla: SlaState;
  warranty: {
    computed: WarrantyDecision;
    override: { status: string; reason: string } | null;
    effective_status: string | null;
  };
  defect_code: string;
  exclusions: string[];
  /** One work order only (null in lists): per way of ending it from its status, the facts
   * it still lacks (server/domain/guards.py). */
  completion_missing?: Partial<Record<GuardMode, MissingFact[]>> | null;
}

export interface TimelineEntry extends WorkOrderEvent {
  gap_minutes: number | null;
  clock_warning: "device_ahead" | "device_behind" | null;
}

export interface Timeline {
  clock_warning_minutes: number;
  events: TimelineEntry[];
}

export interface Note {
  id: string;
  author: UserRef | null;
  text: string;
  device_at: string | null;
  server_at: string;
}

export interface PartRef {
  id: string;
  part_number: string;
  name: string;
  unit: string;
  cost_cents: number;
}

export interface PartUsage {
  id: string;
  part: PartRef;
  quantity: number;
  location_name: string | null;
  serial_out: string;
  serial_in: string;
  device_at: string | null;
  server_at: string;
}

export interface InspectionAnswer {
  id: string;
  template: Ref;
  item_key: string;
  item: { key: string; label: string; type: string; unit?: string | null; min?: number | null; max?: number | null };
  device: { id: string; serial: string; model: string } | null;
  value: unknown;
  is_ok: boolean | null;
  note: string;
  device_at: string | null;
  server_at: string;
  is_latest: boolean;
}

export interface Attachment {
  id: string;
  kind: string;
  caption: string;
  sha256: string;
  blob_ready: boolean;
  taken_at: string | null;
}

export interface Signature {
  id: string;
  purpose: string;
  signer_name: string;
  signer_role: string;
  signed_at: string | null;
  sha256: string;
  blob_ready: boolean;
  summary: string;
  summary_sha256: string;
  satisfaction: Record<string, number> | null;
  comment: string;
  signed_version_differs: boolean;
}

export interface FeeEstimate {
  warranty_status: string;
  lines: {
    kind: string;
    code: string | null;
    quantity: number;
    unit: string;
    unit_cents: number | null;
    amount_cents: number;
    is_chargeable: boolean;
  }[];
  total_cents: number;
  chargeable_cents: number;
  free_cents: number;
  requires_consent: boolean;
}

export interface EngineerLoad {
  id: string;
  username: string;
  display_name: string;
  phone: string;
  centre: Ref | null;
  region: Ref | null;
  open_count: number;
  today_appointments: { id: string; number: string; status: string; appointment_at: string; site: string }[];
}

export interface SyncConflict {
  id: string;
  entity: string;
  entity_id: string;
  field: string;
  policy: string;
  winner: string;
  base_value: unknown;
  server_value: unknown;
  device_value: unknown;
  user: { id: string; display_name: string } | null;
  device_at: string | null;
  created_at: string;
  resolved_at: string | null;
  resolution: unknown;
  /** Who wrote the server's side (from the order's history), when it says. */
  server_written_by?: { display_name: string; origin: "device" | "office" } | null;
}

export interface RejectedMutation {
  id: string;
  seq: number;
  name: string;
  args: Record<string, unknown>;
  result: { key?: string; message?: string; errors?: Record<string, unknown> };
  user: { id: string; display_name: string };
  device_at: string | null;
  server_at: string;
  reviewed_at: string | null;
}

export type LateStatus = "open" | "accepted" | "dismissed";

/** Work an engineer did offline on an order closed, cancelled or reassigned before it
 * synced, kept for a supervisor to accept or dismiss (GET /sync/late). */
export interface LateChange {
  id: string;
  work_order: { id: string; number: string };
  /** The mutation as the phone sent it. */
  name: string;
  args: Record<string, unknown>;
  user: { id: string; display_name: string };
  /** closed, cancelled or reassigned. */
  reason: string;
  reassigned_to: { id: string; display_name: string } | null;
  changed_at: string | null;
  device_at: string | null;
  server_at: string;
  status: LateStatus;
  decided_at: string | null;
  decided_by: { id: string; display_name: string } | null;
  note: string;
}

export interface Device {
  id: string;
  serial: string;
  model: string;
  manufacturer: string;
  device_class: string;
  location: string;
  system: Ref;
  site: Ref;
  customer: Ref;
  warranty: WarrantyDecision;
  status?: string;
  /** The swap chain: the unit that replaced this one, and the one it replaced. */
  replaced_by?: { id: string; serial: string } | null;
  replaces?: { id: string; serial: string } | null;
  [field: string]: unknown;
}

export interface ReportLink {
  url: string;
  kind: string;
  expires_at: string;
}

/** The customer's progress page link of an order (null: every link revoked). */
export interface ProgressLink {
  url: string | null;
  created_at: string | null;
}

export interface ImportResult {
  created: number;
  devices: { id: string; serial: string; system_id: string }[];
}

/** Any registry row: the office's tables show them by column name. */
export type Row = { id: string } & Record<string, unknown>;

/** A hotline call (server/api/schemas/calls.py CallSchema). */
export interface Call {
  id: string;
  number: string;
  channel: string;
  caller_name: string;
  caller_phone: string;
  customer: Ref | null;
  device: { id: string; serial: string; model: string } | null;
  summary: string;
  resolution: string;
  outcome: string;
  duty_engineer: UserRef;
  work_order: { id: string; number: string; status: string; type: string } | null;
  /** created (the call registered the order) or attached (it was open already). */
  order_link: "created" | "attached" | null;
  is_first_call: boolean;
  is_solved_on_first_call: boolean;
  /** When the call came in, and when the server stored it. */
  received_at: string;
  created_at: string;
  recorded_by: UserRef | null;
}

/** The work order of a dispatch-board entry (server/api/schemas/escalation.py). */
export interface BoardOrder {
  id: string;
  number: string;
  status: string;
  severity: number;
  symptom: string;
  customer: Ref;
  site: Ref;
  assigned_engineer: UserRef | null;
}

/** A missed deadline nobody has explained yet. */
export interface UnexplainedBreach {
  work_order: BoardOrder;
  clock: string;
  deadline_at: string;
  stopped_at: string | null;
  state: "breached" | "met_late";
}

/** Why a clock missed its deadline, and how the customer was told (超时说明). */
export interface BreachExplanation {
  id: string;
  work_order_id: string;
  clock: string;
  reason: string;
  note: string;
  customer_told_at: string;
  customer_told_how: string;
  customer_told_by: string;
  customer_told_whom: string;
  recorded_by: UserRef | null;
  created_at: string;
}

export interface MilestoneState {
  key: string;
  minutes: number;
  due_at: string;
  state: "done" | "overdue" | "due";
  ack: { acknowledged_by: UserRef; acknowledged_at: string; device_at: string | null; note: string } | null;
}

/** A level-1 emergency: milestones, observation after the fix, the closing report. */
export interface Emergency {
  work_order_id: string;
  number: string;
  milestones: MilestoneState[];
  all_acknowledged: boolean;
  resolved_at: string | null;
  observation_days: number;
  observation_due_at: string | null;
  observation: { id: string; status: string; due_on: string; due_at: string | null; done_at: string | null } | null;
  report: { cause: string; actions: string; prevention: string } | null;
  closed_at: string | null;
  closed_by: UserRef | null;
}

export interface BoardEmergency extends Emergency {
  work_order: BoardOrder;
}

/** A notification in the outbox (server/api/schemas/notifications.py NotificationSchema). */
export interface Notification {
  id: string;
  channel: "email" | "webpush" | "sms" | "wechat";
  recipient: string;
  recipient_kind: "contact" | "user";
  recipient_id: string | null;
  language: string;
  /** registered, assigned, appointment, completed, level1, sla_breached. */
  template: string;
  subject: string;
  body: string;
  work_order: { id: string; number: string } | null;
  event_kind: string;
  event_ref: string;
  state: "queued" | "sending" | "sent" | "failed";
  attempts: number;
  last_error: string;
  next_attempt_at: string;
  sent_at: string | null;
  resends: number;
  created_at: string;
}

/** GET/PATCH /settings: the service company's own settings. */
export interface OrganisationSettings {
  company_name: string;
  hotline: string;
  timezone: string;
  default_locale: "zh-CN" | "en";
}
