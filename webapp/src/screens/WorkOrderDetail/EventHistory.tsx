import { has, t } from "../../i18n";
import { changedFields, formatDateTime } from "../../i18n/format";
import type { WorkOrderEventRecord } from "../../store/records";

function kindLabel(kind: string): string {
  const key = `events.kind.${kind}`;
  return has(key) ? t(key) : kind;
}

/** The work order's history, oldest first; device time (when the engineer did it) beside
 * server time (when the server heard of it): they differ when the phone was offline. */
export function EventHistory({ events }: { events: WorkOrderEventRecord[] }) {
  return (
    <section class="card history" aria-labelledby="history-title">
      <h2 id="history-title">{t("workOrder.sections.history")}</h2>
      {events.length === 0 && <p class="detail__muted">{t("events.empty")}</p>}
      {events.length > 0 && (
        <ol class="history__list">
          {events.map((event) => (
            <li key={event.id} class="history__item" data-kind={event.kind} data-synced={event.server_at ? "yes" : "no"}>
              <div class="history__head">
                <strong>{kindLabel(event.kind)}</strong>
                {event.from_status && event.to_status && event.from_status !== event.to_status && (
                  <span class="history__change">
                    {t("events.statusChange", {
                      from: t(`status.${event.from_status}`),
                      to: t(`status.${event.to_status}`),
                    })}
                  </span>
                )}
              </div>
              {changedFields(event.kind, event.data) && (
                <p class="history__note" data-fields>{changedFields(event.kind, event.data)}</p>
              )}
              {event.note && <p class="history__note">{event.note}</p>}
              <div class="history__times">
                {event.device_at && <span>{t("events.deviceTime", { time: formatDateTime(event.device_at, true) })}</span>}
                {event.server_at ? (
                  <span>{t("events.serverTime", { time: formatDateTime(event.server_at, true) })}</span>
                ) : (
                  <span class="history__pending">{t("events.notSynced")}</span>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
