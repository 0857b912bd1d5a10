// The completion guards on the phone: the facts the guards read (domain/guards.ts),
// gathered offline from the local copy the way server/services/completion.py gathers them
// from the server's, so the work-order screen lists what is missing before the engineer
// completes and the server never has to refuse the step.

import { type CompletionFacts, completionTerms, type GuardMode, type MissingFact, missingFacts } from "../domain/guards";
import { DIAGNOSIS_FIELDS, mergeContractSettings } from "../domain/settings";
import { chargeableCents } from "./estimate";
import { latestAnswers, type WorkOrderView } from "./workOrders";
import type { SignaturePurpose } from "./records";

/** Signatures that sign the work off: the customer's sign-off, or his signature on the
 * inspection report (an inspection has one sign-off, the report). */
export const SIGN_OFF_PURPOSES: readonly SignaturePurpose[] = ["sign_off", "inspection_report"];
/** The signature that signs the work off for a type of work: an inspection is signed once,
 * on its report (server/services/reports.py reads that signature as its sign-off). */
export function signOffPurpose(workOrderType: string): "sign_off" | "inspection_report" {
  return workOrderType === "inspection" ? "inspection_report" : "sign_off";
}
/** The signature the customer gives to the estimate of paid work. */
export const CONSENT_PURPOSE: SignaturePurpose = "paid_work_consent";

export interface PhoneFacts {
  /** Why the customer could not sign, if the engineer says so ("" for none). */
  unsignedReason: string;
  /** Today (YYYY-MM-DD), for the warranty decision that prices the work. */
  today: string;
}

/** The checklist as the guards see it: per template item, the newest answer per device. */
function checklistFacts(v: WorkOrderView): CompletionFacts["checklist"] {
  if (!v.template) return [];
  const newest = [...latestAnswers(v.results).values()];
  const withPhoto = new Set(v.attachments.map((a) => a.inspection_result_id).filter((id): id is string => !!id));
  return v.template.items.map((item) => {
    const counted = newest.filter((answer) => answer.item_key === item.key);
    const failed = counted.filter((answer) => answer.is_ok === false);
    return {
      key: item.key,
      required: Boolean(item.required),
      answered: counted.length > 0,
      ok: failed.length ? false : counted.length ? true : null,
      note: failed.length > 0 && failed.every((answer) => answer.note.trim() !== ""),
      photo: failed.length > 0 && failed.every((answer) => withPhoto.has(answer.id)),
    };
  });
}

/** The facts of ``v`` the guards read, as plain data. */
export function completionFacts(v: WorkOrderView, phone: PhoneFacts): CompletionFacts {
  const byCustomer = v.signatures.filter((s) => s.signer_role === "customer").map((s) => s.purpose);
  const consent = v.consents.at(-1);
  return {
    type: v.wo.type,
    fields: Object.fromEntries(DIAGNOSIS_FIELDS.map((name) => [name, v.wo[name]])),
    sign_off: {
      signed: byCustomer.some((purpose) => SIGN_OFF_PURPOSES.includes(purpose)),
      waiver_reason: phone.unsignedReason,
      photos: v.attachments.length,
    },
    chargeable_cents: chargeableCents(v, phone.today),
    consent: consent ? { amount_cents: consent.amount_cents, signed: byCustomer.includes(CONSENT_PURPOSE) } : null,
    checklist: checklistFacts(v),
  };
}

/** What ``v`` still lacks for ending the work ``mode`` under its contract's terms. */
export function missingOnPhone(v: WorkOrderView, mode: GuardMode, phone: PhoneFacts): MissingFact[] {
  const terms = completionTerms(mergeContractSettings(v.contract?.settings ?? null), v.wo.type);
  return missingFacts(completionFacts(v, phone), terms, mode);
}
