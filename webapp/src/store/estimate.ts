// The warranty decision and the fee estimate of a work order as the phone computes them,
// offline, with the TypeScript twins of the server's rules (domain/warranty.ts,
// domain/fees.ts) over the local copy. The warranty panel shows them, the customer signs
// his consent to the estimate, and the completion check prices the work by it.

import { estimateFees, type FeeEstimate } from "../domain/fees";
import { mergeContractSettings } from "../domain/settings";
import { warrantyDecision, type WarrantyDecision } from "../domain/warranty";
import type { ConsentLine } from "./records";
import type { WorkOrderView } from "./workOrders";

export interface Judged {
  decision: WarrantyDecision | null;
  /** Why there is no decision (an i18n key), when there is none. */
  errorKey: string | null;
}

/** The warranty decision for the order's first device from its contract's settings. */
export function judgeWarranty(v: WorkOrderView, today: string): Judged {
  const device = v.devices[0];
  if (!device) return { decision: null, errorKey: "errors.warranty.noDevice" };
  try {
    const terms = mergeContractSettings(v.contract?.settings ?? null).warranty;
    const decision = warrantyDecision(device as never, [], terms, today, v.wo.exclusions ?? [], {
      defectCode: v.wo.defect_code || null,
    });
    return { decision, errorKey: null };
  } catch (error) {
    const key = (error as { key?: string }).key;
    return { decision: null, errorKey: key ?? "errors.warranty.undecided" };
  }
}

/** The warranty status that prices the work: a supervisor's override first, else the
 * decision; null when neither decides (as the server's effective_status). */
export function effectiveWarrantyStatus(v: WorkOrderView, judged: Judged): string | null {
  const override = v.wo.warranty_override;
  if (override && typeof override.status === "string") return override.status;
  return judged.decision?.status ?? null;
}

/** What the order records to price: its labour minutes and visits (absent on a row pulled
 * before the server recorded them: none), one remote session per remote_started event. */
export function recordedWork(v: WorkOrderView): { labourMinutes: number; visits: number; remoteSessions: number } {
  return {
    labourMinutes: v.wo.labour_minutes ?? 0,
    visits: v.wo.visits ?? 0,
    remoteSessions: v.events.filter((event) => event.kind === "remote_started").length,
  };
}

/** The estimate under ``status`` of what the order records, the parts used and the
 * site's travel (there and back), as the server prices it; null when the rules cannot. */
export function feeEstimate(v: WorkOrderView, status: string): FeeEstimate | null {
  try {
    const fees = mergeContractSettings(v.contract?.settings ?? null).fees;
    const parts = v.usages
      .filter((u) => u.part && u.quantity > 0)
      .map((u) => ({ part_number: u.part!.part_number, quantity: u.quantity, unit_cost_cents: u.part!.cost_cents }));
    const travel = { zone: v.site?.zone ?? "in_city", round_trip_km: 2 * (v.site?.distance_km ?? 0) };
    const work = recordedWork(v);
    return estimateFees(status, parts, work.labourMinutes, work.visits, work.remoteSessions, travel, fees);
  } catch {
    return null;
  }
}

export interface Priced {
  judged: Judged;
  /** The estimate the warranty panel shows and the customer consents to: priced as paid
   * work while nothing decides the warranty (better to ask than to surprise). */
  estimate: FeeEstimate | null;
}

/** The warranty decision and the estimate of the work the order records. */
export function priceWork(v: WorkOrderView, today: string): Priced {
  const judged = judgeWarranty(v, today);
  return { judged, estimate: feeEstimate(v, effectiveWarrantyStatus(v, judged) ?? "paid") };
}

/** What the customer pays for the work: null when there is no warranty decision to price
 * it by (the guards then ask no consent, as on the server). */
export function chargeableCents(v: WorkOrderView, today: string): number | null {
  const status = effectiveWarrantyStatus(v, judgeWarranty(v, today));
  if (status === null) return null;
  return feeEstimate(v, status)?.chargeable_cents ?? null;
}

/** The estimate's lines as the customer sees them when consenting. */
export function consentLines(estimate: FeeEstimate): ConsentLine[] {
  return estimate.lines.map((l) => ({
    kind: l.kind,
    code: l.code,
    quantity: l.quantity,
    amount_cents: l.amount_cents,
    is_chargeable: l.is_chargeable,
  }));
}
