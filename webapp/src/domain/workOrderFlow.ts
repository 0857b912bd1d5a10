// The work order's life cycle, read from the one declaration: server/domain/work_order_flow.py
// exports it as tests/vectors/work_order_flow.json (`aftercare vectors`) and this module
// imports that file, so the phone, the office and the server cannot disagree about the
// statuses, their groups, the actions, the fields an engineer may change (with their merge
// policies) or the names of the mutations. Nothing here restates the flow: what the app
// needs is derived below. Pure data; imports only the declaration.

import declaration from "../../../tests/vectors/work_order_flow.json";
import type { GuardMode } from "./guards";

/** Who takes an action: the engineer on his phone, or the office. */
export type Actor = "engineer" | "office";
/** How sync settles a field both the phone and the office changed (server/sync/merge.py). */
export const MERGE_POLICIES = ["server_wins", "device_wins"] as const;
export type MergePolicy = (typeof MERGE_POLICIES)[number];

/** A named step: from which statuses, to which status (null: the status stays, the step
 * only records its event), the event it records, who may take it, which guards apply. */
export interface FlowAction {
  sources: readonly string[];
  target: string | null;
  event: string;
  by: readonly Actor[];
  /** Which completion guards it checks (domain/guards.ts), if any. */
  guarded: GuardMode | null;
}

type Declaration = typeof declaration;
/** Every action name the declaration has (its keys are typed from the JSON itself). */
export type ActionName = keyof Declaration["actions"];
/** Every mutation a phone may push. */
export type MutationName = keyof Declaration["mutations"];
/** Every work-order field an engineer may change from his phone. */
export type EngineerField = keyof Declaration["engineer_fields"];

interface Flow {
  statuses: readonly string[];
  groups: { open: readonly string[]; done: readonly string[]; final: readonly string[] };
  actions: Readonly<Record<ActionName, FlowAction>>;
  engineer_fields: Readonly<Record<EngineerField, MergePolicy>>;
  engineer_rest_fields: readonly string[];
  mutations: Readonly<Record<MutationName, string | null>>;
}

const FLOW = declaration as Flow;

export const STATUSES: readonly string[] = FLOW.statuses;

/** Work not yet resolved. */
export const OPEN_STATUSES: readonly string[] = FLOW.groups.open;
/** Resolved: awaiting review, or reviewed. */
export const DONE_STATUSES: readonly string[] = FLOW.groups.done;
/** Nothing more happens to it. */
export const FINAL_STATUSES: readonly string[] = FLOW.groups.final;

export const ACTIONS: Readonly<Record<ActionName, FlowAction>> = FLOW.actions;
export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];

/** The event kind each action records, once each, in the declaration's order. */
export const ACTION_EVENTS: readonly string[] = [...new Set(Object.values(ACTIONS).map((a) => a.event))];

/** The fields an engineer may change from his phone, with their merge policies. */
export const ENGINEER_FIELDS: Readonly<Record<EngineerField, MergePolicy>> = FLOW.engineer_fields;
export const ENGINEER_FIELD_NAMES = Object.keys(ENGINEER_FIELDS) as EngineerField[];

/** The mutations a phone pushes, with the table an append-only one adds a row to. */
export const MUTATIONS: Readonly<Record<MutationName, string | null>> = FLOW.mutations;
export const MUTATION_NAMES = Object.keys(MUTATIONS) as MutationName[];

export function isAction(name: string): name is ActionName {
  return Object.prototype.hasOwnProperty.call(ACTIONS, name);
}

/** The action ``name`` from ``status``, or null when it is unknown or not allowed there. */
export function actionFrom(status: string, name: string): FlowAction | null {
  if (!isAction(name)) return null;
  const action = ACTIONS[name];
  return action.sources.includes(status) ? action : null;
}

/** The status after ``action`` from ``status`` (an event-only step keeps it). */
export function targetOf(action: FlowAction, status: string): string {
  return action.target ?? status;
}

/** Names of the actions ``actor`` may take from ``status``, in the declaration's order. */
export function allowedActions(status: string, actor: Actor): ActionName[] {
  return ACTION_NAMES.filter((name) => ACTIONS[name].sources.includes(status) && ACTIONS[name].by.includes(actor));
}

export function isOpen(status: string): boolean {
  return OPEN_STATUSES.includes(status);
}

/** The server accepts edits (the diagnosis) while open and after completion, until the
 * order is final (closed or cancelled). */
export function isEditable(status: string): boolean {
  return !FINAL_STATUSES.includes(status);
}

/** The status the action ``name`` leads to (never an event-only action's: it keeps any). */
export function statusAfter(name: ActionName): string {
  const target = ACTIONS[name].target;
  if (target === null) throw new Error(`${name} keeps the status it starts from`);
  return target;
}

/** Statuses awaiting the office's review: those it may close from. */
export const AWAITING_REVIEW: readonly string[] = ACTIONS.close.sources;
/** Reviewed and closed. */
export const REVIEWED: readonly string[] = [statusAfter("close")];
/** Registered and nobody has it: where unassigning leads back to. */
export const UNASSIGNED: readonly string[] = [statusAfter("unassign")];

/** Actions that move the work forward; shown as the main buttons (the rest look secondary). */
export const FORWARD_ACTIONS: readonly ActionName[] = [
  "accept",
  "depart",
  "arrive",
  "resume",
  "complete",
  "resolve_remotely",
];

/** Where an engineer is once he has arrived: the status of a visit. */
const ON_SITE = statusAfter("arrive");

/** The office's share of the remote ladder (phone support failed, a remote session, solved
 * by phone or remotely, docs/api.md): the steps the declaration lets both the office and
 * the engineer take, except on site (those are the engineer's to take where he is). */
export const OFFICE_REMOTE_ACTIONS: readonly ActionName[] = ACTION_NAMES.filter((name) => {
  const action = ACTIONS[name];
  return action.by.includes("office") && action.by.includes("engineer") && !action.sources.includes(ON_SITE);
});

/** The remote-ladder steps the office may take from ``status``, in the declaration's order. */
export function officeRemoteActions(status: string): ActionName[] {
  return allowedActions(status, "office").filter((name) => OFFICE_REMOTE_ACTIONS.includes(name));
}

/** The list screen's filter tabs and the statuses each one shows (null: all). */
export const LIST_FILTERS = {
  open: OPEN_STATUSES,
  completed: DONE_STATUSES,
  all: null,
} as const satisfies Record<string, readonly string[] | null>;
export type ListFilter = keyof typeof LIST_FILTERS;

export function isListFilter(value: string | null): value is ListFilter {
  return value !== null && Object.prototype.hasOwnProperty.call(LIST_FILTERS, value);
}

/** Severity 1 (system down) is the most urgent; 4 (intermittent) the least. */
export const SEVERITIES = [1, 2, 3, 4] as const;
