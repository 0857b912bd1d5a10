// The work-order steps an engineer takes on the phone: the engineer's actions of the one
// declaration (domain/workOrderFlow.ts, read from tests/vectors/work_order_flow.json), so
// the phone can move a work order while offline and replay its unsent steps on top of the
// server's status (rebase). The server re-checks every step when it is pushed; a step it
// refuses comes back as a status conflict.

import { type ActionName, actionFrom, allowedActions as allowedFor, type FlowAction, targetOf } from "../domain/workOrderFlow";

export interface Step {
  sources: readonly string[];
  /** The status after the step (event-only steps keep the one they start from). */
  target: string;
  event: string;
  guarded: FlowAction["guarded"];
}

/** The step an engineer's ``action`` takes from ``status``, or null when he may not take
 * it there (unknown, not his, or not from this status). */
export function stepFrom(status: string, action: string): Step | null {
  const found = actionFrom(status, action);
  if (!found || !found.by.includes("engineer")) return null;
  return {
    sources: found.sources,
    target: targetOf(found, status),
    event: found.event,
    guarded: found.guarded,
  };
}

/** The actions an engineer may take now, in the declaration's order. */
export function allowedActions(status: string): ActionName[] {
  return allowedFor(status, "engineer");
}

