// Facts the server has no field for yet, recorded as work-order notes with a fixed,
// bilingual prefix the office (and a later migration) can find: the customer's consent to
// paid work, and a loaner unit issued or returned.

export const CONSENT_PREFIX = "【客户同意付费 Customer consent to paid work】";
export const LOANER_ISSUED_PREFIX = "【备用机借出 Loaner issued】";
export const LOANER_RETURNED_PREFIX = "【备用机归还 Loaner returned】";

export function yuan(cents: number): string {
  return `¥${(cents / 100).toFixed(2)}`;
}

export function consentNote(input: { chargeable_cents: number; warranty: string; signer: string; lines: string[] }): string {
  return [
    `${CONSENT_PREFIX} ${yuan(input.chargeable_cents)}`,
    `保修结论 Warranty: ${input.warranty}`,
    `客户 Customer: ${input.signer}`,
    ...input.lines,
  ].join("\n");
}

export function loanerNote(kind: "issued" | "returned", serial: string, model: string): string {
  const prefix = kind === "issued" ? LOANER_ISSUED_PREFIX : LOANER_RETURNED_PREFIX;
  return [prefix, `型号 Model: ${model}`.trim(), `序列号 SN: ${serial}`].join("\n");
}
