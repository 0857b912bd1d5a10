// Missed deadlines explained and level-1 emergencies: the choices the office's forms
// offer and the body they send. The lists are server/domain/escalation.py's
// (tests/api/test_breach_explanations.py holds them equal).

import { fromLocalInput } from "./datetimeLocal";

export const BREACH_REASONS = ["customer_unavailable", "parts_delay", "access_denied", "travel", "workload", "other"] as const;
export const CUSTOMER_TOLD_HOW = ["phone", "in_person", "wechat", "email", "sms"] as const;

export interface BreachDraft {
  reason: string;
  note: string;
  /** datetime-local value; empty: now. */
  told_at: string;
  told_how: string;
  told_by: string;
  told_whom: string;
}

export const emptyBreachDraft = (): BreachDraft => ({
  reason: "customer_unavailable",
  note: "",
  told_at: "",
  told_how: "phone",
  told_by: "",
  told_whom: "",
});

/** The POST body of an explanation: empty optional fields are left to the server's
 * defaults (told now, by the caller). */
export function breachBody(clock: string, draft: BreachDraft): Record<string, unknown> {
  const body: Record<string, unknown> = {
    clock,
    reason: draft.reason,
    note: draft.note.trim(),
    customer_told_how: draft.told_how,
    customer_told_whom: draft.told_whom.trim(),
  };
  const toldAt = fromLocalInput(draft.told_at);
  if (toldAt) body.customer_told_at = toldAt;
  if (draft.told_by.trim()) body.customer_told_by = draft.told_by.trim();
  return body;
}
