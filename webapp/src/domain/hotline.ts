// The hotline log's declaration, read from the one source: server/domain/hotline.py writes
// tests/vectors/hotline.json (a test keeps them equal) and this module imports it, so the
// office and the server agree on the channels, the outcomes and which of them need a work
// order. Pure data; imports only the declaration.

import declaration from "../../../tests/vectors/hotline.json";

/** How a call or message came in. */
export const CALL_CHANNELS: readonly string[] = declaration.channels;
/** How a call ended: solved_by_phone, remote_session, visit_needed, not_ours. */
export const CALL_OUTCOMES: readonly string[] = declaration.outcomes;

/** A remote session or a visit is work on a work order: the call creates one or is attached to one. */
export function needsWorkOrder(outcome: string): boolean {
  return declaration.needs_work_order.includes(outcome);
}

/** Whether a call with this outcome may be attached to an open work order (not one that is not ours). */
export function mayAttach(outcome: string): boolean {
  return declaration.may_attach.includes(outcome);
}
