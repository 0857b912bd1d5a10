import { mergeContractSettings } from "../../domain/settings";
import { slaState } from "../../domain/sla";
import { t } from "../../i18n";
import { useOrganisationCalendar } from "../../store/organisationCalendar";
import type { ContractRecord, SiteRecord, WorkOrderEventRecord, WorkOrderRecord } from "../../store/records";
import "./style.css";

/** The clock that matters next while the order is open: arrival until on site, then restore, then resolve. */
const CLOCK_ORDER = ["response", "arrival", "restore", "resolve"] as const;

interface Props {
  wo: WorkOrderRecord;
  site: SiteRecord | undefined;
  contract: ContractRecord | undefined;
  events: WorkOrderEventRecord[];
  now: Date;
}

function countdown(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60000);
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? t("sla.hoursMinutes", { hours, minutes: minutes % 60 }) : t("sla.minutes", { minutes });
}

/** The SLA countdown of the next running clock (the TS twin of server/domain/sla.py),
 * computed on the phone from the contract's settings, the organisation calendar (synced:
 * its holidays and make-up days move deadlines as on the server) and the order's events. */
export function SlaBadge({ wo, site, contract, events, now }: Props) {
  const organisation = useOrganisationCalendar();
  // Planned work (a scheduled inspection) has its plan date, not a request's clocks.
  if (wo.channel === "scheduled") return null;
  // Not read yet: nothing rather than a deadline that ignores the holidays.
  if (organisation === undefined) return null;
  let label: string | null = null;
  let state = "";
  try {
    const settings = mergeContractSettings(contract?.settings ?? null, organisation);
    const sla = settings.sla;
    const timeline = [
      { kind: "registered", origin: "office", device_at: null, server_at: wo.reported_at },
      ...events.map((e) => ({ kind: e.kind, origin: e.origin, device_at: e.device_at, server_at: e.server_at ?? e.device_at })),
    ];
    const clocks = slaState({ severity: wo.severity, zone: site?.zone ?? "in_city" }, timeline, sla, now.toISOString());
    for (const name of CLOCK_ORDER) {
      const clock = clocks[name];
      if (!clock || !clock.deadline_at) continue;
      if (clock.state === "running" || clock.state === "at_risk" || clock.state === "breached") {
        const left = new Date(clock.deadline_at).getTime() - now.getTime();
        state = clock.state;
        label =
          left >= 0
            ? t("sla.left", { clock: t(`sla.clock.${name}`), time: countdown(left) })
            : t("sla.overdue", { clock: t(`sla.clock.${name}`), time: countdown(left) });
        break;
      }
    }
  } catch {
    return null; // settings the twin cannot read: show nothing rather than a wrong clock
  }
  if (!label) return null;
  return (
    <span class={`badge sla-badge sla-badge--${state}`} data-sla={state}>
      {label}
    </span>
  );
}
