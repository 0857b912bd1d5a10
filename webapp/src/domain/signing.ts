// TypeScript twin of server/domain/signing.py: the text a customer signs (a work order's
// summary in a fixed line format) and its SHA-256. Both sides must produce the same
// bytes; tests/vectors/signing.json (format 1, kept for signatures taken before format 2)
// and tests/vectors/signed_summary.json (format 2, by type of work) hold the cases both
// run. Imports nothing; the hash is WebCrypto's, which every supported browser has.

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

// --- the summary by type of work (format 2) -------------------------------------------
//
// What a customer signs covers what was done, per type of work, so that changing any of it
// afterwards (a reading, a part, a fee) makes the signature differ. The rules are the
// server's (server/domain/signing.py, "the summary by type of work"):
//
// - An inspection prints its checklist (every answer that counts, in the order given) and
//   no diagnosis, parts or fees; every other type prints the diagnosis, the parts, the
//   units swapped (parts with a serial out or in, in the order given), the consent to paid
//   work with its fee lines, and the count of photos.
// - Money: fen as ¥ with two decimals and "," between thousands (¥1,234.50).
// - Numbers: a whole number without decimals (22.0 prints 22), else the shortest decimal
//   that reads back the same (29.5), spelled as Python's repr; true/false print
//   正常 OK / 异常 Fail.
// - A checklist line: "- <label>[ · <device>]: <value>[ <unit>][ (<min>–<max>)]
//   <verdict>[ · <note>]"; the range prints "–" on the open side when only one bound is set;
//   the verdict is 正常 OK, 异常 Fail, or nothing when the item sets no rule.

export interface SignedPart extends SummaryPart {
  serial_out?: string | null;
  serial_in?: string | null;
}

export interface SignedFeeLine {
  kind?: string | null;
  code?: string | null;
  quantity?: number | null;
  amount_cents?: number | null;
}

export interface SignedConsent {
  amount_cents?: number | null;
  signer_name?: string | null;
  lines?: SignedFeeLine[] | null;
}

export interface SignedChecklistLine {
  label?: string | null;
  /** The item's type: a "photo" item prints PHOTO_TAKEN, never what identifies the photo. */
  type?: string | null;
  /** The device's serial; "" for an answer about the whole system. */
  device?: string | null;
  value?: unknown;
  unit?: string | null;
  min?: number | null;
  max?: number | null;
  ok?: boolean | null;
  note?: string | null;
}

export interface SignedSummaryInput extends Omit<SummaryInput, "parts"> {
  type?: string | null;
  parts?: SignedPart[] | null;
  consent?: SignedConsent | null;
  photos?: number | null;
  checklist?: SignedChecklistLine[] | null;
}

const VERDICT_OK = "正常 OK";
const VERDICT_FAIL = "异常 Fail";
const PHOTOS_LABEL = "照片 Photos:";

/** The words the signed text uses for a status and a type of work (never the codes). */
export const STATUS_WORDS: Readonly<Record<string, string>> = Object.freeze({
  new: "新建 New",
  assigned: "已派单 Assigned",
  accepted: "已接单 Accepted",
  remote: "远程处理中 Remote session",
  en_route: "在途 On the way",
  on_site: "在现场 On site",
  on_hold: "挂起 On hold",
  completed: "已完成 Completed",
  closed: "已关闭 Closed",
  cancelled: "已取消 Cancelled",
});
export const TYPE_WORDS: Readonly<Record<string, string>> = Object.freeze({
  repair: "维修 Repair",
  inspection: "巡检 Inspection",
  installation: "安装调试 Installation",
  upgrade: "升级 Upgrade",
  follow_up: "回访 Follow-up visit",
  training: "培训 Training",
  rectification: "整改 Rectification",
});
export const FEE_KINDS: Readonly<Record<string, string>> = Object.freeze({
  part: "备件 Part",
  labour: "人工 Labour",
  visit: "上门 Visit",
  remote_session: "远程 Remote",
  travel: "交通 Travel",
});

/** ``words[String(key)]`` if it is one of its own keys, else ``fallback`` (Python's
 * ``dict.get(str(key), fallback)``). */
function wordFor(words: Readonly<Record<string, string>>, key: unknown, fallback: unknown): unknown {
  const name = key === null || key === undefined ? "None" : String(key);
  return Object.hasOwn(words, name) ? words[name] : fallback;
}

/** Fen as yuan: "¥1,234.50" ("-¥0.05" below zero). */
export function formatMoney(cents: unknown): string {
  const whole = Math.trunc(Number(cents || 0));
  const sign = whole < 0 ? "-" : "";
  const fen = Math.abs(whole);
  const yuan = String(Math.floor(fen / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}¥${yuan}.${String(fen % 100).padStart(2, "0")}`;
}

/** A reading as the signed text prints it: booleans as verdicts, whole numbers without
 * decimals, other numbers as Python's repr (exponent below 1e-4: "1.5e-05"), text cleaned. */
export function formatNumber(value: unknown): string {
  if (typeof value === "boolean") return value ? VERDICT_OK : VERDICT_FAIL;
  if (typeof value !== "number") return clean(value);
  if (Number.isInteger(value)) return BigInt(value).toString();
  const [digits, exponent] = value.toExponential().split("e") as [string, string];
  const power = Number(exponent);
  if (power < -4) return `${digits}e-${String(-power).padStart(2, "0")}`;
  return String(value);
}

export const PHOTO_TAKEN = "已拍照 Photo taken";

function checklistLines(items: SignedChecklistLine[]): string[] {
  return items.map((item) => {
    const device = clean(item.device);
    const label = join(clean(item.label), device ? "·" : "", device);
    const value = item.type === "photo" && item.value !== null && item.value !== undefined && item.value !== "" ? PHOTO_TAKEN : item.value;
    const isVerdict = typeof value === "boolean";
    let text = value === null || value === undefined ? "" : formatNumber(value);
    if (text && !isVerdict) text = join(text, clean(item.unit));
    const low = item.min ?? null;
    const high = item.max ?? null;
    if (low !== null || high !== null) {
      text = join(text, `(${low !== null ? formatNumber(low) : ""}–${high !== null ? formatNumber(high) : ""})`);
    }
    const ok = item.ok ?? null;
    if (ok !== null && !isVerdict) text = join(text, ok ? VERDICT_OK : VERDICT_FAIL);
    const note = clean(item.note);
    if (note) text = join(text, `· ${note}`);
    return text ? `- ${label}: ${text}` : `- ${label}:`;
  });
}

function swaps(list: SignedPart[]): string[] {
  const found: string[] = [];
  for (const part of list) {
    const out = clean(part.serial_out);
    const into = clean(part.serial_in);
    if (out || into) found.push(`- ${join(clean(part.part_number), `${out || "-"} → ${into || "-"}`)}`);
  }
  return found;
}

function consentLines(consent: SignedConsent | null | undefined): string[] {
  // An empty record counts as none, as an empty dict does in Python.
  if (!consent || Object.keys(consent).length === 0) return ["收费同意 Paid work consent: -"];
  const lines = [
    line("收费同意 Paid work consent:", join(formatMoney(consent.amount_cents), clean(consent.signer_name))),
  ];
  for (const fee of consent.lines ?? []) {
    const kind = wordFor(FEE_KINDS, fee.kind, clean(fee.kind)) as string;
    const quantity = fee.quantity === null || fee.quantity === undefined ? "" : `× ${formatNumber(fee.quantity)}`;
    lines.push(`- ${join(kind, clean(fee.code), quantity, formatMoney(fee.amount_cents))}`);
  }
  return lines;
}

/** The summary a signer sees, by type of work (format 2; see the rules above). Status and
 * type print as words (STATUS_WORDS, TYPE_WORDS); a status given in words already (read
 * back from a signed text by summaryStatus) prints as given. */
export function signedSummary(wo: SignedSummaryInput): string {
  const site = join(clean(wo.site_name), clean(wo.site_address));
  const lines = [
    line("工单 Work order:", wo.number),
    line("类型 Type:", wordFor(TYPE_WORDS, wo.type, wo.type)),
    line(STATUS_LABEL, wordFor(STATUS_WORDS, wo.status, wo.status)),
    line("客户 Customer:", wo.customer_name),
    line("地点 Site:", site),
    ...listLines("设备 Devices:", devices(wo.devices ?? [])),
  ];
  if (wo.type === "inspection") {
    lines.push(...listLines("检查项目 Checklist:", checklistLines(wo.checklist ?? [])));
  } else {
    const used = wo.parts ?? [];
    lines.push(
      line("现象 Symptom:", wo.diagnosis_symptom),
      line("位置 Location:", wo.diagnosis_location),
      line("原因 Cause:", wo.diagnosis_cause),
      line("处理 Fix:", wo.diagnosis_fix),
      ...listLines("备件 Parts used:", parts(used)),
      ...listLines("换件 Units swapped:", swaps(used)),
      ...consentLines(wo.consent),
    );
  }
  lines.push(line(PHOTOS_LABEL, String(Math.trunc(Number(wo.photos || 0)))));
  return lines.join("\n");
}

/** 2 for a summary by type of work (it counts photos), 1 for the older summary. */
export function summaryFormat(text: string): 1 | 2 {
  return text.split("\n").some((row) => row.startsWith(PHOTOS_LABEL)) ? 2 : 1;
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
