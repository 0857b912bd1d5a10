// The SLA clocks as the office shows them: which running clock is most urgent on a card,
// and how long is left on it.

import type { ClockState, SlaState } from "./types";

const LIVE = ["running", "at_risk", "breached"];
const RANK: Record<string, number> = { breached: 0, at_risk: 1, running: 2 };

/** How urgent a clock in ``state`` is: breached 0, at risk 1, running 2, anything else 9. */
export function urgencyRank(state: string): number {
  return RANK[state] ?? 9;
}

export interface UrgentClock {
  clock: string;
  state: string;
  deadline_at: string;
  /** Milliseconds to the deadline; negative once it has passed. */
  left_ms: number;
}

/** The clock to show on a card: breached before at risk before running, then the
 * earliest deadline. Null when no clock with a deadline is running. */
export function urgentClock(sla: SlaState | undefined, now: Date): UrgentClock | null {
  const clocks = Object.values(sla?.clocks ?? {}).filter(
    (c): c is ClockState & { deadline_at: string } => LIVE.includes(c.state) && c.deadline_at !== null,
  );
  clocks.sort(
    (a, b) => urgencyRank(a.state) - urgencyRank(b.state) || Date.parse(a.deadline_at) - Date.parse(b.deadline_at),
  );
  const first = clocks[0];
  if (!first) return null;
  return {
    clock: first.clock,
    state: first.state,
    deadline_at: first.deadline_at,
    left_ms: Date.parse(first.deadline_at) - now.getTime(),
  };
}

/** Whole hours and minutes of a duration (sign dropped), for "2 h 05 min left". */
export function hoursMinutes(ms: number): { hours: number; minutes: number } {
  const total = Math.floor(Math.abs(ms) / 60000);
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}
