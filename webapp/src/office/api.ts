// The office's calls to the server. The office is online only, so it calls the API
// directly, through the one transport in sync/api.ts (token, error shape, 401 handling),
// files (PDF, CSV, photos) and uploads included.

import { type Query, request, requestFile } from "../sync/api";
import type { Page } from "../sync/types";
import type {
  Attachment,
  BoardEmergency,
  BreachExplanation,
  Call,
  Device,
  Emergency,
  EngineerLoad,
  FeeEstimate,
  ImportResult,
  InspectionAnswer,
  LateChange,
  LateStatus,
  Note,
  Notification,
  OfficeWorkOrder,
  OrganisationSettings,
  PartUsage,
  ProgressLink,
  RejectedMutation,
  ReportLink,
  Row,
  Signature,
  SyncConflict,
  Timeline,
  UnexplainedBreach,
} from "./types";

const wo = (id: string) => `/work-orders/${encodeURIComponent(id)}`;

export function listWorkOrders(query: Query) {
  return request<Page<OfficeWorkOrder>>("GET", "/work-orders/", { query: { per_page: 200, ...query } });
}

export function getWorkOrder(id: string) {
  return request<OfficeWorkOrder>("GET", wo(id));
}

export function registerWorkOrder(body: Record<string, unknown>) {
  return request<OfficeWorkOrder>("POST", "/work-orders/", { body });
}

/** Edit an order as read at ``rowVersion``: if it changed since (a phone synced), the
 * server answers 412 with the order as it stands (``ApiError.body.current``). */
export function patchWorkOrder(id: string, rowVersion: number, body: Record<string, unknown>) {
  return request<OfficeWorkOrder>("PATCH", wo(id), { body, ifMatch: rowVersion });
}

export function act(
  id: string,
  action: string,
  extra: { engineer_id?: string; note?: string; data?: Record<string, unknown> } = {},
) {
  return request<OfficeWorkOrder>("POST", `${wo(id)}/actions`, { body: { action, ...extra } });
}

export const timeline = (id: string) => request<Timeline>("GET", `${wo(id)}/timeline`);
export const notes = (id: string) => request<Note[]>("GET", `${wo(id)}/notes`);
export const partUsages = (id: string) => request<PartUsage[]>("GET", `${wo(id)}/part-usages`);
export const inspectionResults = (id: string) => request<InspectionAnswer[]>("GET", `${wo(id)}/inspection-results`);
export const attachments = (id: string) => request<Attachment[]>("GET", `${wo(id)}/attachments`);
export const signatures = (id: string) => request<Signature[]>("GET", `${wo(id)}/signatures`);
export const fees = (id: string) => request<FeeEstimate>("GET", `${wo(id)}/fees`);

export function reportLink(id: string, kind: "service" | "inspection") {
  return request<ReportLink>("POST", `${wo(id)}/report-link`, { body: { kind } });
}

export function reportPath(id: string, kind: "service" | "inspection"): string {
  return `${wo(id)}/${kind === "inspection" ? "inspection-report" : "report"}.pdf`;
}

export const engineers = (query: Query = {}) => request<EngineerLoad[]>("GET", "/dispatch/engineers", { query });

export function conflicts(open = true) {
  return request<Page<SyncConflict>>("GET", "/sync/conflicts", { query: { open: String(open), per_page: 200 } });
}

export function resolveConflict(id: string, body: { choice: string; value?: unknown; note?: string }) {
  return request<SyncConflict>("POST", `/sync/conflicts/${encodeURIComponent(id)}/resolve`, { body });
}

export function rejected(open = true) {
  return request<Page<RejectedMutation>>("GET", "/sync/rejected", { query: { open: String(open), per_page: 200 } });
}

export function reviewRejected(id: string) {
  return request<RejectedMutation>("POST", `/sync/rejected/${encodeURIComponent(id)}/review`);
}

/** Work done offline on orders that moved on before it synced (open ones by default). */
export function lateChanges(query: { status?: LateStatus | "all"; work_order_id?: string } = {}) {
  return request<Page<LateChange>>("GET", "/sync/late", { query: { per_page: 200, ...query } });
}

/** Accept it (applied as the engineer made it) or dismiss it (the note says why). */
export function decideLate(id: string, decision: "accept" | "dismiss", note: string) {
  return request<LateChange>("POST", `/sync/late/${encodeURIComponent(id)}/${decision}`, { body: { note } });
}

/** Record a swap (换机): this unit out, the one with ``serial`` in; answers the new unit. */
export function replaceDevice(id: string, body: { serial: string; model?: string; manufacturer?: string; swapped_on?: string }) {
  return request<Device>("POST", `/devices/${encodeURIComponent(id)}/replace`, { body });
}

export const getDevice = (id: string) => request<Device>("GET", `/devices/${encodeURIComponent(id)}`);

export function findDevices(query: Query) {
  return request<Page<Device>>("GET", "/devices/", { query: { per_page: 20, ...query } });
}

// The hotline log (热线): calls with filters, a customer's calls, logging one.

export function listCalls(query: Query) {
  return request<Page<Call>>("GET", "/calls/", { query });
}

export function customerCalls(customerId: string, query: Query = {}) {
  return request<Page<Call>>("GET", `/customers/${encodeURIComponent(customerId)}/calls`, { query });
}

export function logCall(body: Record<string, unknown>) {
  return request<Call>("POST", "/calls/", { body });
}

// Registry resources share one shape: GET/POST /, GET/PATCH /<id>.

export function listRows(resource: string, query: Query = {}) {
  return request<Page<Row>>("GET", `/${resource}/`, { query: { per_page: 200, ...query } });
}

export function createRow(resource: string, body: Record<string, unknown>) {
  return request<Row>("POST", `/${resource}/`, { body });
}

/** Edit ``row`` as read: a synced record's ``row_version`` goes as If-Match, so if it
 * changed since (a phone synced, another office user saved), the server answers 412 with
 * it as it stands (``ApiError.body.current``: changedMeanwhile.ts). Office-only records
 * (users, regions, centres, contacts) carry no version. */
export function updateRow(resource: string, row: Row, body: Record<string, unknown>) {
  const ifMatch = typeof row.row_version === "number" ? row.row_version : undefined;
  return request<Row>("PATCH", `/${resource}/${encodeURIComponent(row.id)}`, { body, ifMatch });
}

export const contractDefaults = () => request<Record<string, unknown>>("GET", "/contracts/defaults");
export const stockLevels = (query: Query = {}) =>
  request<{ location: Row & { kind: string }; part: Row; quantity: number }[]>("GET", "/stock/levels", { query });
export const transfer = (body: Record<string, unknown>) => request<{ movements: Row[] }>("POST", "/stock/transfers", { body });
export const bookStock = (body: Record<string, unknown>) => request<Row>("POST", "/stock/movements", { body });

/** Upload an equipment list; a 422 carries errors.rows / errors.columns / errors.file. */
export function importDevices(file: File, systemId: string): Promise<ImportResult> {
  const form = new FormData();
  form.append("file", file);
  if (systemId) form.append("system_id", systemId);
  return request<ImportResult>("POST", "/devices/import", { form });
}

/** A file the API serves behind the token (a report, a photo) as a Blob. */
export function fetchFile(path: string): Promise<Blob> {
  return requestFile(path);
}

/** The order's progress page link for the customer (url null: every link revoked). */
export const progressLink = (id: string) => request<ProgressLink>("GET", `${wo(id)}/progress-link`);
export const renewProgressLink = (id: string) => request<ProgressLink>("POST", `${wo(id)}/progress-link`);
export const revokeProgressLink = (id: string) => request<ProgressLink>("DELETE", `${wo(id)}/progress-link`);

/** Cancel order ``id`` as a duplicate of the order numbered ``number``; answers the kept order. */
export async function mergeInto(id: string, number: string): Promise<OfficeWorkOrder> {
  const found = await listWorkOrders({ q: number });
  const kept = found.items.find((item) => item.number === number);
  if (!kept) throw Object.assign(new Error(number), { key: "office.customerPage.notFound" });
  return request<OfficeWorkOrder>("POST", `${wo(id)}/merge`, { body: { into_id: kept.id } });
}

// The organisation calendar (public holidays and 调休 make-up days), kept once a year.

export interface CalendarDay {
  id: string;
  falls_on: string;
  kind: "holiday" | "make_up_workday";
  name: string;
}

export const calendarDays = (year?: number) =>
  request<CalendarDay[]>("GET", "/settings/calendar", { query: year ? { year: String(year) } : {} });
export const addCalendarDay = (body: Omit<CalendarDay, "id">) => request<CalendarDay>("POST", "/settings/calendar", { body });
export const removeCalendarDay = (id: string) => request<void>("DELETE", `/settings/calendar/${encodeURIComponent(id)}`);

// Missed deadlines explained and level-1 emergencies (server/api/escalation.py).

export const unexplainedBreaches = () =>
  request<{ items: UnexplainedBreach[]; total: number }>("GET", "/dispatch/breaches");
export const breachExplanations = (id: string) => request<BreachExplanation[]>("GET", `${wo(id)}/breach-explanations`);
export function explainBreach(id: string, body: Record<string, unknown>) {
  return request<BreachExplanation>("POST", `${wo(id)}/breach-explanations`, { body });
}

export const openEmergencies = () => request<BoardEmergency[]>("GET", "/dispatch/emergencies");
export const emergency = (id: string) => request<Emergency>("GET", `${wo(id)}/emergency`);
export function ackMilestone(id: string, key: string) {
  // The acknowledging device's own clock, kept beside the server's (a manager on his phone).
  return request<Emergency>("POST", `${wo(id)}/emergency-milestones/${encodeURIComponent(key)}/ack`, {
    body: { device_at: new Date().toISOString() },
  });
}
export function closeEmergency(id: string, body: { cause: string; actions: string; prevention: string }) {
  return request<Emergency>("POST", `${wo(id)}/emergency/report`, { body });
}
export const rootCausePath = (id: string) => `${wo(id)}/emergency/report.pdf`;

// The notification outbox: what was sent to whom, what failed; send one again.
export function listNotifications(query: Query) {
  return request<Page<Notification>>("GET", "/notifications/", { query });
}

export function resendNotification(id: string) {
  return request<Notification>("POST", `/notifications/${encodeURIComponent(id)}/resend`);
}

/** A supervisor's or admin's warranty decision over the computed one, with a reason. */
export function overrideWarranty(id: string, body: { status: string; reason: string }) {
  return request<OfficeWorkOrder>("POST", `${wo(id)}/warranty-override`, { body });
}

/** Back to the computed warranty decision. */
export function removeWarrantyOverride(id: string) {
  return request<OfficeWorkOrder>("DELETE", `${wo(id)}/warranty-override`);
}

export const organisationSettings = () => request<OrganisationSettings>("GET", "/settings");

export function saveOrganisationSettings(body: Partial<OrganisationSettings>) {
  return request<OrganisationSettings>("PATCH", "/settings", { body });
}

/** A resource listed as a plain array (survey questions: all of them, inactive too). */
export function listAll(resource: string, query: Query = {}) {
  return request<Row[]>("GET", `/${resource}/`, { query });
}
