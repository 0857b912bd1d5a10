// Pure helpers of the KPI screens: the filter query, chart scales, and how figures read.

import type { Filters } from "./types";

/** The last ``days`` days up to ``today`` (both included), as the server's default. */
export function defaultFilters(today: Date, days = 90): Filters {
  const from = new Date(today.getTime() - (days - 1) * 86400000);
  return { from: isoDate(from), to: isoDate(today), centre_id: "", engineer_id: "", customer_id: "", severity: "", zone: "" };
}

/** A local date as YYYY-MM-DD. */
export function isoDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Only the filters that are set: the server reads a missing one as "all". */
export function filterQuery(filters: Filters): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== ""));
}

/** A round upper bound for a chart axis: 1, 2, 5 x 10^n at or above ``value``. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}

/** "1 h 05 min", "45 min", "2 d 3 h" for a number of minutes; "—" for none. */
export function formatMinutes(minutes: number | null | undefined, units = { d: "d", h: "h", min: "min" }): string {
  if (minutes === null || minutes === undefined) return "—";
  if (minutes < 60) return `${minutes} ${units.min}`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} ${units.h} ${String(minutes % 60).padStart(2, "0")} ${units.min}`;
  return `${Math.floor(minutes / 1440)} ${units.d} ${Math.floor((minutes % 1440) / 60)} ${units.h}`;
}

export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : `${value.toFixed(1)}%`;
}

export function formatYuan(cents: number): string {
  return `¥${(cents / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Whether a figure meets its target: at least it ("min") or below it ("max"). */
export function meets(value: number | null | undefined, target: number, kind: "min" | "max"): boolean | null {
  if (value === null || value === undefined) return null;
  return kind === "min" ? value >= target : value < target;
}

/** The calendar quarter of a date: [year, 1..4]. */
export function quarterOf(date: Date): [number, number] {
  return [date.getFullYear(), Math.floor(date.getMonth() / 3) + 1];
}

/** Save a downloaded file under ``name`` (a link the browser follows once). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
