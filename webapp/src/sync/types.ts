// Wire shapes of the API (server/api/schemas/*.py). Times are ISO-8601 UTC strings.

export interface Ref {
  id: string;
  name: string;
}

export interface UserRef {
  id: string;
  username: string;
  display_name: string;
}

export interface User extends UserRef {
  role: "admin" | "dispatcher" | "supervisor" | "engineer";
  centre: Ref | null;
  phone: string;
  email: string;
  locale: string;
  is_active: boolean;
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
