// The work-order steps an engineer takes on the phone, from which statuses, to which
// status, and the event each records: a copy of the engineer rows of ACTIONS in
// server/domain/work_order_flow.py, so the phone can move a work order while offline and
// replay its unsent steps on top of the server's status (rebase). The server re-checks
// every step when it is pushed; a step it refuses comes back as a status conflict.

export interface Step {
  sources: readonly string[];
  target: string;
  event: string;
}

export const ENGINEER_STEPS: Record<string, Step> = {
  accept: { sources: ["assigned"], target: "accepted", event: "accepted" },
  depart: { sources: ["accepted", "on_hold"], target: "en_route", event: "departed" },
  arrive: { sources: ["accepted", "en_route", "on_hold"], target: "on_site", event: "arrived" },
  hold: { sources: ["on_site"], target: "on_hold", event: "held" },
  resume: { sources: ["on_hold"], target: "on_site", event: "resumed" },
  complete: { sources: ["on_site"], target: "completed", event: "resolved" },
};

/** The step ``action`` takes from ``status``, or null when it is not allowed there. */
export function stepFrom(status: string, action: string): Step | null {
  const step = ENGINEER_STEPS[action];
  return step && step.sources.includes(status) ? step : null;
}

/** The actions an engineer may take now, in the order the buttons show them. */
export function allowedActions(status: string): string[] {
  return Object.keys(ENGINEER_STEPS).filter((action) => stepFrom(status, action) !== null);
}
