// Values as the office's tables show them: money, and anything from a conflict or a
// mutation.

/** Fen as yuan: 12345 -> "¥123.45". */
export function money(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return "";
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}¥${Math.floor(abs / 100).toLocaleString("en")}.${String(abs % 100).padStart(2, "0")}`;
}

/** A value from a conflict or a mutation, readable in a table cell. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}
