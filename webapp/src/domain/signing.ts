// TypeScript twin of server/domain/signing.py: the text a customer signs (a work order's
// summary in a fixed line format) and its SHA-256. Both sides must produce the same
// bytes; tests/vectors/signing.json holds the cases both run. Imports nothing; the hash
// is WebCrypto's, which every supported browser has.

export interface SummaryDevice {
  model?: string | null;
  serial?: string | null;
}

export interface SummaryPart {
  part_number?: string | null;
  name?: string | null;
  quantity?: number | null;
}

export interface SummaryInput {
  number?: string | null;
  status?: string | null;
  customer_name?: string | null;
  site_name?: string | null;
  site_address?: string | null;
  devices?: SummaryDevice[] | null;
  diagnosis_symptom?: string | null;
  diagnosis_location?: string | null;
  diagnosis_cause?: string | null;
  diagnosis_fix?: string | null;
  parts?: SummaryPart[] | null;
}

export const STATUS_LABEL = "状态 Status:";

function clean(value: unknown): string {
  if (value === null || value === undefined) return "";
  // Only space, tab, CR and LF count as white space (as in the Python twin).
  return String(value)
    .replace(/[ \t\r\n]+/g, " ")
    .replace(/^ +| +$/g, "");
}

function join(...texts: string[]): string {
  return texts.filter(Boolean).join(" ");
}

function line(label: string, value: unknown): string {
  const text = clean(value);
  return text ? `${label} ${text}` : label;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function devices(list: SummaryDevice[]): string[] {
  return list
    .map((d) => [clean(d.serial), clean(d.model)] as const)
    .sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]))
    .map(([serial, model]) => {
      const text = join(model, serial ? `SN ${serial}` : "");
      return text ? `- ${text}` : "-";
    });
}

function parts(list: SummaryPart[]): string[] {
  const totals = new Map<string, number>();
  const names = new Map<string, string>();
  for (const part of list) {
    const number = clean(part.part_number);
    totals.set(number, (totals.get(number) ?? 0) + Math.trunc(Number(part.quantity ?? 0) || 0));
    if (!names.has(number)) names.set(number, clean(part.name));
  }
  return [...totals.keys()]
    .sort(compare)
    .filter((number) => (totals.get(number) ?? 0) > 0)
    .map((number) => `- ${join(number, names.get(number) ?? "", `× ${totals.get(number)}`)}`);
}

function listLines(label: string, items: string[]): string[] {
  return items.length ? [label, ...items] : [`${label} -`];
}

/** The summary a signer sees, in the fixed format of server/domain/signing.py. */
export function workOrderSummary(wo: SummaryInput): string {
  const site = join(clean(wo.site_name), clean(wo.site_address));
  return [
    line("工单 Work order:", wo.number),
    line(STATUS_LABEL, wo.status),
    line("客户 Customer:", wo.customer_name),
    line("地点 Site:", site),
    ...listLines("设备 Devices:", devices(wo.devices ?? [])),
    line("现象 Symptom:", wo.diagnosis_symptom),
    line("位置 Location:", wo.diagnosis_location),
    line("原因 Cause:", wo.diagnosis_cause),
    line("处理 Fix:", wo.diagnosis_fix),
    ...listLines("备件 Parts used:", parts(wo.parts ?? [])),
  ].join("\n");
}

/** Hex SHA-256 of the summary's UTF-8 bytes. */
export async function summarySha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The status printed in a summary (null if it has none). */
export function summaryStatus(text: string): string | null {
  for (const row of text.split("\n")) {
    if (row === STATUS_LABEL || row.startsWith(`${STATUS_LABEL} `)) {
      return row.slice(STATUS_LABEL.length).replace(/^ +| +$/g, "");
    }
  }
  return null;
}
