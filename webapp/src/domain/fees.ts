// TypeScript twin of server/domain/fees.py: what a repair costs and which part the customer pays.
//
// All money is integer fen (cents). Under warranty (status return / exchange / free_repair)
// every line is free; after the warranty or under an exclusion (paid / excluded) every line
// is chargeable, and the customer must consent before paid work starts.
// - Parts: a part number listed in the contract's locked prices is charged at that price,
//   any other part at cost.
// - Labour: the minutes worked rounded up to the billing increment, at the hourly rate,
//   rounded half up to the fen.
// - Per-visit fee per visit and per-remote-session fee per session.
// - Travel, per visit: a flat fee in the city; out of town either a flat fee or a price per
//   km of the round trip.
// Lines with a quantity or amount of 0 are left out.

import { InvalidValue } from "./errors";
import { type FeeTerms, own } from "./settings";
import { FREE_STATUSES, STATUSES } from "./warranty";

export interface FeeLine {
  kind: "part" | "labour" | "visit" | "remote_session" | "travel";
  code: string | null; // the part number for parts
  quantity: number;
  unit: "piece" | "minute" | "visit" | "session" | "km";
  unit_cents: number | null; // null for labour, priced per hour
  amount_cents: number;
  basis: "locked" | "cost" | null; // parts only
  is_chargeable: boolean;
}

export interface FeeEstimate {
  lines: FeeLine[];
  total_cents: number;
  chargeable_cents: number;
  free_cents: number;
  requires_consent: boolean;
}

export interface PartUsed {
  part_number: string;
  quantity: number;
  unit_cost_cents: number;
}

/** Travel for each visit: the zone and, out of town, the round trip in km. */
export interface Travel {
  zone: string;
  round_trip_km?: number | null;
}

/** [billed minutes, amount]: minutes rounded up to the increment, at the hourly rate. */
export function labourCents(minutes: number, feesTerms: FeeTerms): [number, number] {
  const increment = feesTerms.labour_increment_minutes;
  const billed = increment > 0 ? Math.ceil(minutes / increment) * increment : minutes;
  return [billed, Math.floor((billed * feesTerms.labour_cents_per_hour + 30) / 60)];
}

/** Price a repair. `travel` is null when there is no travel. */
export function estimateFees(
  decisionStatus: string,
  parts: readonly PartUsed[],
  labourMinutes: number,
  visits: number,
  remoteSessions: number,
  travel: Travel | null,
  feesTerms: FeeTerms,
): FeeEstimate {
  if (!(STATUSES as readonly string[]).includes(decisionStatus)) {
    throw new InvalidValue(`unknown warranty status: ${JSON.stringify(decisionStatus)}`);
  }
  const chargeable = !FREE_STATUSES.includes(decisionStatus);
  const lines = [
    ...parts.map((part) => partLine(part, feesTerms, chargeable)),
    labourLine(labourMinutes, feesTerms, chargeable),
    line("visit", visits, "visit", feesTerms.visit_fee_cents, chargeable),
    line("remote_session", remoteSessions, "session", feesTerms.remote_session_fee_cents, chargeable),
    travelLine(visits, travel, feesTerms, chargeable),
  ].filter((each) => each.quantity > 0 && each.amount_cents > 0);
  const total = sum(lines);
  const chargeableTotal = sum(lines.filter((each) => each.is_chargeable));
  return {
    lines,
    total_cents: total,
    chargeable_cents: chargeableTotal,
    free_cents: total - chargeableTotal,
    requires_consent: chargeableTotal > 0,
  };
}

function partLine(part: PartUsed, feesTerms: FeeTerms, chargeable: boolean): FeeLine {
  const locked = own(feesTerms.locked_part_prices_cents, part.part_number) ?? null;
  const unitCents = locked === null ? part.unit_cost_cents : locked;
  return {
    kind: "part",
    code: part.part_number,
    quantity: part.quantity,
    unit: "piece",
    unit_cents: unitCents,
    amount_cents: part.quantity * unitCents,
    basis: locked === null ? "cost" : "locked",
    is_chargeable: chargeable,
  };
}

function labourLine(minutes: number, feesTerms: FeeTerms, chargeable: boolean): FeeLine {
  const [billed, amount] = labourCents(minutes, feesTerms);
  return {
    kind: "labour",
    code: null,
    quantity: billed,
    unit: "minute",
    unit_cents: null,
    amount_cents: amount,
    basis: null,
    is_chargeable: chargeable,
  };
}

function line(kind: FeeLine["kind"], quantity: number, unit: FeeLine["unit"], unitCents: number, chargeable: boolean): FeeLine {
  return {
    kind,
    code: null,
    quantity,
    unit,
    unit_cents: unitCents,
    amount_cents: quantity * unitCents,
    basis: null,
    is_chargeable: chargeable,
  };
}

function travelLine(visits: number, travel: Travel | null, feesTerms: FeeTerms, chargeable: boolean): FeeLine {
  const rules = feesTerms.travel;
  if (!travel) return line("travel", 0, "visit", 0, chargeable);
  if (travel.zone === "in_city") return line("travel", visits, "visit", rules.in_city_flat_cents, chargeable);
  if (travel.zone !== "out_of_town") throw new InvalidValue(`unknown zone: ${JSON.stringify(travel.zone)}`);
  if (rules.out_of_town_mode === "flat") {
    return line("travel", visits, "visit", rules.out_of_town_flat_cents, chargeable);
  }
  const km = visits * (travel.round_trip_km ?? 0);
  return line("travel", km, "km", rules.out_of_town_per_km_cents, chargeable);
}

function sum(lines: readonly FeeLine[]): number {
  return lines.reduce((total, each) => total + each.amount_cents, 0);
}
