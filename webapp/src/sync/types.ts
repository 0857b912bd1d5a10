// Wire shapes of the API (server/api/schemas/*.py). Times are ISO-8601 UTC strings.

import type { User } from "../store/session";

export type { User };

export interface Ref {
  id: string;
  name: string;
}

export interface UserRef {
  id: string;
  username: string;
  display_name: string;
}

export interface LoginResult {
  token: string;
  expires_at: string;
  user: User;
}

export interface Page<T> {
  items: T[];
  page: number;
  per_page: number;
  total: number;
  pages: number;
}

export interface DeviceRef {
  id: string;
  serial: string;
  model: string;
  manufacturer: string;
  location: string;
}

export interface WorkOrder {
  id: string;
  number: string;
  type: string;
  channel: string;
  status: string;
  severity: number;
  customer: { id: string; name: string; is_important: boolean };
  site: { id: string; name: string; address: string; zone: string };
  system: Ref | null;
  contract: { id: string; name: string; number: string } | null;
  devices: DeviceRef[];
  reporter_name: string;
  reporter_phone: string;
  contact_name: string;
  contact_phone: string;
  symptom: string;
  assigned_engineer: UserRef | null;
  appointment_at: string | null;
  reported_at: string;
  diagnosis_symptom: string;
  diagnosis_location: string;
  diagnosis_cause: string;
  diagnosis_fix: string;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
  allowed_actions: string[];
}

export type Diagnosis = Pick<
  WorkOrder,
  "diagnosis_symptom" | "diagnosis_location" | "diagnosis_cause" | "diagnosis_fix"
>;

export interface WorkOrderEvent {
  id: string;
  kind: string;
  origin: "device" | "office";
  device_at: string | null;
  server_at: string;
  actor: UserRef | null;
  from_status: string | null;
  to_status: string | null;
  note: string;
  data: Record<string, unknown>;
}

/** The one error shape of the API (server/errors.py). */
export interface ErrorBody {
  code: number;
  status: string;
  message: string;
  errors?: Record<string, unknown>;
  key: string;
  conflict?: Record<string, unknown>;
}

// --- sync (docs/sync-protocol.md) ----------------------------------------------------

export interface Envelope {
  schema_version: number;
  client_id: string;
  client_time: string;
}

export interface WireMutation {
  id: string;
  seq: number;
  name: string;
  occurred_at: string;
  args: Record<string, unknown>;
}

export interface PushRequest extends Envelope {
  mutations: WireMutation[];
}

export interface ConflictInfo {
  id: string;
  entity: string;
  entity_id: string;
  field: string;
  policy: string;
  winner: string;
  base_value: unknown;
  server_value: unknown;
  device_value: unknown;
}

export interface WireRecord {
  entity: string;
  record: { id: string; row_version: number } & Record<string, unknown>;
}

/** What the phone is told of work kept for the office (status ``late``): the facts of the
 * sentence "order … was reassigned to 李强 at 10:40; your arrival was sent to the office". */
export interface LateInfo {
  id: string;
  /** closed, cancelled or reassigned. */
  reason: string;
  work_order_id: string;
  number: string;
  reassigned_to: { id: string; display_name: string } | null;
  changed_at: string | null;
}

export interface MutationResult {
  id: string;
  seq: number;
  status: "applied" | "merged" | "conflict" | "rejected" | "late" | "deferred";
  duplicate?: boolean;
  versions?: Record<string, Record<string, number>>;
  records?: WireRecord[];
  conflicts?: ConflictInfo[];
  key?: string;
  message?: string;
  errors?: Record<string, unknown>;
  late?: LateInfo;
}

export interface SyncAnswer {
  server_time: string;
  clock_offset_ms: number;
  schema_version: number;
}

export interface PushResponse extends SyncAnswer {
  last_seq: number;
  results: MutationResult[];
}

/** A row the phone holds at a version, from a push answer: [entity, id, row_version]. */
export type HeldRow = [string, string, number];

export interface PullRequest extends Envelope {
  cursor: string | null;
  limit?: number;
  /** Rows the push answers gave since the cursor: the pull does not send them again. */
  held?: HeldRow[];
  /** The digest of the last scope list applied: an unchanged scope is not sent again. */
  scope_digest?: string;
}

export interface PullResponse extends SyncAnswer {
  changes: WireRecord[];
  has_more: boolean;
  cursor: string;
  deleted?: { entity: string; id: string }[];
  /** Last page only. `work_orders` is left out when it is the list `scope_digest` names. */
  scope?: { digest: string; work_orders?: string[] };
}

export interface BlobUploadState {
  received: number;
  size?: number;
  complete: boolean;
  sha256?: string;
}

/** GET /devices/resolve: the device (wire record) and, when known, its label token. */
export type DeviceResolveResult = Record<string, unknown> & { id: string; serial: string };
