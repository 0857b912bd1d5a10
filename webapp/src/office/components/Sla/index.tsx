import { t } from "../../../i18n";
import { hoursMinutes, urgentClock } from "../../sla";
import type { SlaState } from "../../types";

/** The most urgent SLA clock as a countdown; at risk and breached are highlighted. */
export function SlaCountdown({ sla, now }: { sla: SlaState | undefined; now: Date }) {
  const clock = urgentClock(sla, now);
  if (!clock) return <span class="sla sla--none">{t("office.sla.none")}</span>;
  const { hours, minutes } = hoursMinutes(clock.left_ms);
  const time = t("office.sla.duration", { hours, minutes: String(minutes).padStart(2, "0") });
  const name = t(`office.sla.clock.${clock.clock}`);
  return (
    <span class={`sla sla--${clock.state}`} data-sla={clock.state} title={clock.deadline_at}>
      {clock.left_ms >= 0 ? t("office.sla.left", { clock: name, time }) : t("office.sla.overdue", { clock: name, time })}
    </span>
  );
}
