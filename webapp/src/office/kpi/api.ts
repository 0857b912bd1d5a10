// The KPI screens' calls, through the one transport (sync/api.ts), files (CSV, PDF)
// included.

import { request } from "../../sync/api";
import type { Page } from "../../sync/types";
import { fetchFile } from "../api";
import type { Complaint, Dashboard, Filters, Row, ScheduledVisit, SurveyQuestion } from "./types";
import { filterQuery } from "./logic";

export const dashboard = (filters: Filters) =>
  request<Dashboard>("GET", "/kpi/dashboard", { query: filterQuery(filters) });

/** The on-time table grouped by a dimension (severity, zone, engineer, customer, centre). */
export function groupedOnTime(query: Record<string, string>, group: string) {
  return request<{ rows: Row[] }>("GET", "/kpi/on-time", { query: { ...query, group_by: group } });
}

/** A KPI table, or the plan or complaints list, as a CSV file. */
export function csv(path: string, query: Record<string, string> = {}): Promise<Blob> {
  const params = new URLSearchParams({ ...query, format: "csv" });
  return fetchFile(`${path}?${params.toString()}`);
}

export function quarterlyReport(customerId: string, year: number, quarter: number): Promise<Blob> {
  return fetchFile(`/customers/${encodeURIComponent(customerId)}/quarterly-report.pdf?year=${year}&quarter=${quarter}`);
}

export const visits = (state: string, page = 1) =>
  request<Page<ScheduledVisit>>("GET", "/scheduled-visits/", { query: { state, page, per_page: 100 } });

export const questions = () => request<SurveyQuestion[]>("GET", "/survey-questions/", { query: { active: "true" } });

export const recordFollowUp = (body: Record<string, unknown>) => request<unknown>("POST", "/follow-ups/", { body });

export const complaints = (status: string) =>
  request<Page<Complaint>>("GET", "/complaints/", { query: { status, per_page: 100 } });

export const registerComplaint = (body: Record<string, unknown>) =>
  request<Complaint>("POST", "/complaints/", { body });

export function complaintStep(id: string, step: "verify" | "answer", body: Record<string, unknown>) {
  return request<Complaint>("POST", `/complaints/${encodeURIComponent(id)}/${step}`, { body });
}
