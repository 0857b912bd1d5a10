// Wire shapes of the service-quality API (server/api/schemas/quality.py, server/kpi/).
// Times are ISO-8601 UTC strings, dates YYYY-MM-DD.

import type { UserRef } from "../../sync/types";

export type Row = Record<string, string | number | boolean | null>;

export interface Dashboard {
  filters: Record<string, string | number | null>;
  as_of: string;
  targets: { on_time_percent: number; complaint_rate_percent: number; satisfied_percent: number };
  summary: {
    requests: number;
    response_on_time_percent: number | null;
    arrival_on_time_percent: number | null;
    resolve_on_time_percent: number | null;
    first_time_fix_percent: number | null;
    satisfied_percent: number | null;
    complaint_rate_percent: number | null;
    /** Hotline calls in the period; of the first calls, the share solved on the phone. */
    calls: number;
    first_call_resolution_percent: number | null;
    plan_done_percent: number | null;
    parts_cost_cents: number;
    /** Loaners (备用机) out at the end of the period, and how many of them are overdue. */
    loaners_outstanding: number;
    loaners_overdue: number;
  };
  /** name -> rows; complaint tables only for supervisors and admins. */
  tables: Record<string, Row[]>;
}

export interface WorkOrderRef {
  id: string;
  number: string;
  status: string;
  type: string;
  assigned_engineer: UserRef | null;
}

export interface Ref {
  id: string;
  name: string;
}

export interface ScheduledVisit {
  id: string;
  kind: "inspection" | "follow_up" | "site_check" | "survey" | "observation";
  status: string;
  state: "overdue" | "due" | "upcoming" | "done" | "cancelled";
  due_on: string;
  due_at: string | null;
  done_at: string | null;
  customer: Ref;
  site: Ref;
  system: Ref | null;
  contract: { id: string; number: string; name: string } | null;
  work_order: WorkOrderRef | null;
}

export interface SurveyQuestion {
  id: string;
  key: string;
  label_zh: string;
  label_en: string;
  position: number;
  is_active: boolean;
}

export interface Complaint {
  id: string;
  number: string;
  status: "open" | "verified" | "answered";
  customer: Ref;
  work_order: WorkOrderRef | null;
  engineer: UserRef | null;
  channel: string;
  complainant: string;
  description: string;
  received_at: string;
  verify_due_at: string;
  answer_due_at: string;
  verify_state: DeadlineState;
  answer_state: DeadlineState;
  verified_at: string | null;
  verification: string;
  answered_at: string | null;
  answer: string;
  cause: string;
  is_our_fault: boolean | null;
}

export type DeadlineState = "on_time" | "late" | "overdue" | "pending";

export interface Filters {
  from: string;
  to: string;
  centre_id: string;
  engineer_id: string;
  customer_id: string;
  severity: string;
  zone: string;
}
