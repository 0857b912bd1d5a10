import { ErrorMessage } from "../../components/ErrorMessage";
import { Loading } from "../../components/Loading";
import type { Async } from "../../components/useAsync";
import { has, t } from "../../i18n";
import { formatDateTime } from "../../i18n/format";
import type { WorkOrderEvent } from "../../sync/types";

function kindLabel(kind: string): string {
  const key = `events.kind.${kind}`;
  return has(key) ? t(key) : kind;
}

/** The work order's history, oldest first; device time (when the engineer did it) beside
 * server time (when the server heard of it): they differ when the phone was offline. */
export function EventHistory({ events }: { events: Async<WorkOrderEvent[]> }) {
  return (
    <section class="card history" aria-labelledby="history-title">
      <h2 id="history-title">{t("workOrder.sections.history")}</h2>
      {events.error !== null && <ErrorMessage error={events.error} onRetry={events.reload} />}
      {events.loading && events.data === undefined && <Loading />}
      {events.data !== undefined && events.data.length === 0 && (
        <p class="detail__muted">{t("events.empty")}</p>
      )}
      {events.data !== undefined && events.data.length > 0 && (
        <ol class="history__list">
          {events.data.map((event) => (
            <li key={event.id} class="history__item" data-kind={event.kind}>
              <div class="history__head">
                <strong>{kindLabel(event.kind)}</strong>
                {event.from_status && event.to_status && (
                  <span class="history__change">
                    {t("events.statusChange", {
                      from: t(`status.${event.from_status}`),
                      to: t(`status.${event.to_status}`),
                    })}
                  </span>
                )}
              </div>
              {event.actor && <div>{t("events.by", { name: event.actor.display_name })}</div>}
              {event.note && <p class="history__note">{event.note}</p>}
              <div class="history__times">
                {event.device_at && (
                  <span>{t("events.deviceTime", { time: formatDateTime(event.device_at, true) })}</span>
                )}
                <span>{t("events.serverTime", { time: formatDateTime(event.server_at, true) })}</span>
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
