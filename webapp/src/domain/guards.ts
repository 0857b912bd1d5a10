// TypeScript twin of server/domain/guards.py: what a work order needs before it may be
// resolved or closed, the completion guards. A contract sets them per type of work
// (settings.completion, docs/rules.md section 5); a type it does not name follows
// `default`. Which guards apply depends on how the work ends:
// - on_site (the engineer completes on site): the diagnosis fields the type names; the
//   customer's sign-off signature, or a reason he could not sign with at least one photo;
//   when the work is chargeable (estimate above zero), his consent to at least that
//   amount, signed; for a checklist type, every required item answered and every failed
//   item explained by a note or a photo;
// - remote (solved by telephone or in a remote session): the diagnosis fields only;
// - close (the office closes): the guards of how it was resolved.
// tests/vectors/guards.json holds the cases both twins run. Pure; imports nothing.

import { type CompletionTerms, type ContractSettings, own } from "./settings";

export const GUARD_MODES = ["on_site", "remote", "close"] as const;
export type GuardMode = (typeof GUARD_MODES)[number];

/** One checklist item as the guards see it (the newest answers per device counted). */
export interface ChecklistFact {
  key: string;
  required?: boolean;
  answered?: boolean;
  /** false when an answer failed; null/absent when nothing judged it. */
  ok?: boolean | null;
  /** Every failed answer has a note / a photo. */
  note?: boolean;
  photo?: boolean;
}

/** The facts the guards read, plain data; a missing key counts as empty. */
export interface CompletionFacts {
  type?: string;
  fields?: Record<string, string | null | undefined>;
  sign_off?: { signed?: boolean; waiver_reason?: string | null; photos?: number };
  /** null: no warranty decision to price the work by. */
  chargeable_cents?: number | null;
  consent?: { amount_cents?: number; signed?: boolean } | null;
  checklist?: ChecklistFact[];
}

export type MissingCode = "diagnosis" | "sign_off" | "paid_work_consent" | "checklist_item" | "failed_item_evidence";

/** A fact the guards lack: its code and field, a checklist item's key, the amount a
 * consent must cover. */
export interface MissingFact {
  code: MissingCode;
  field: string;
  item?: string;
  amount_cents?: number;
}

/** The guards a contract sets for a type of work (its `default` for other types). */
export function completionTerms(settings: ContractSettings, workOrderType: string): CompletionTerms {
  const typeTerms = own(settings.completion, workOrderType);
  if (typeTerms && Object.keys(typeTerms).length > 0) return typeTerms;
  const fallback = own(settings.completion, "default");
  if (!fallback) throw new Error("contract settings without completion.default");
  return fallback;
}

function filled(value: unknown): boolean {
  return String(value ?? "").trim() !== "";
}

/** What ``facts`` lack for ending the work ``mode`` under ``terms``: [] when nothing. */
export function missingFacts(facts: CompletionFacts, terms: Partial<CompletionTerms>, mode: GuardMode): MissingFact[] {
  if (!GUARD_MODES.includes(mode)) throw new Error(`unknown mode ${JSON.stringify(mode)}`);
  const missing: MissingFact[] = [];
  const fields = facts.fields ?? {};
  for (const name of terms.diagnosis ?? []) {
    if (!filled(own(fields, name))) missing.push({ code: "diagnosis", field: name });
  }
  if (mode === "remote") return missing;

  const signOff = facts.sign_off ?? {};
  if (terms.sign_off && !signOff.signed) {
    const waived = filled(signOff.waiver_reason) && Boolean(signOff.photos);
    if (!waived) missing.push({ code: "sign_off", field: "sign_off" });
  }

  const chargeable = facts.chargeable_cents;
  if (terms.paid_work_consent && chargeable !== null && chargeable !== undefined && chargeable > 0) {
    const consent = facts.consent ?? {};
    if (!consent.signed || (consent.amount_cents ?? 0) < chargeable) {
      missing.push({ code: "paid_work_consent", field: "paid_work_consent", amount_cents: chargeable });
    }
  }

  if (terms.checklist) {
    for (const item of facts.checklist ?? []) {
      if (!item.answered) {
        if (item.required) missing.push({ code: "checklist_item", field: "checklist", item: item.key });
      } else if (item.ok === false && !(item.note || item.photo)) {
        missing.push({ code: "failed_item_evidence", field: "checklist", item: item.key });
      }
    }
  }
  return missing;
}
