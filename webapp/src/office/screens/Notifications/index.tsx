// The notification outbox (通知): every e-mail the server queued for a customer or a
// manager, its state (queued, sending, sent, failed), attempts and last error, with a
// button to send one again. The server sends them (`aftercare notify`); this screen only
// reads them and asks for a resend.

import { useState } from "preact/hooks";

import { ErrorMessage } from "../../../components/ErrorMessage";
import { Link } from "../../../components/Link";
import { useAsync } from "../../../components/useAsync";
import { t } from "../../../i18n";
import { formatDateTime } from "../../../i18n/format";
import * as api from "../../api";
import { Select } from "../../components/Input";
import type { Notification } from "../../types";

const PER_PAGE = 50;
export const NOTIFICATION_STATES = ["queued", "sending", "sent", "failed"] as const;

export function Notifications() {
  const [state, setState] = useState("");
  const [page, setPage] = useState(1);
  const query = state ? { state } : {};
  const list = useAsync(() => api.listNotifications({ ...query, page, per_page: PER_PAGE }), [state, page]);
  return (
    <div class="o-page">
      <section class="o-panel o-panel--wide">
        <h1>{t("office.notifications.title")}</h1>
        <p class="o-muted">{t("office.notifications.intro")}</p>
        <div class="o-grid" role="search">
          <Select
            label={t("office.notifications.state")}
            name="filter_state"
            value={state}
            onChange={(value) => {
              setState(value);
              setPage(1);
            }}
            empty={t("office.notifications.all")}
            options={NOTIFICATION_STATES.map((s) => ({ value: s, label: t(`office.notifications.states.${s}`) }))}
          />
        </div>
        {list.error !== null && <ErrorMessage error={list.error} onRetry={list.reload} />}
        {list.data && <NotificationList items={list.data.items} onResent={list.reload} />}
        {list.data && list.data.pages > 1 && (
          <div class="o-buttons" data-pager>
            <button type="button" class="o-button o-button--ghost" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              {t("office.calls.previous")}
            </button>
            <span class="o-muted">{t("office.calls.page", { page, pages: list.data.pages })}</span>
            <button type="button" class="o-button o-button--ghost" disabled={page >= list.data.pages} onClick={() => setPage(page + 1)}>
              {t("office.calls.next")}
            </button>
          </div>
        )}
      </section>
    </div>
  );
}

function NotificationList({ items, onResent }: { items: Notification[]; onResent: () => void }) {
  if (items.length === 0) return <p class="o-empty">{t("office.notifications.none")}</p>;
  return (
    <ul class="o-list">
      {items.map((item) => (
        <NotificationItem key={item.id} item={item} onResent={onResent} />
      ))}
    </ul>
  );
}

function NotificationItem({ item, onResent }: { item: Notification; onResent: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const resend = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.resendNotification(item.id);
      onResent();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li class="o-list__item" data-notification={item.id} data-state={item.state}>
      <strong>{t(`office.notifications.states.${item.state}`)}</strong> · {formatDateTime(item.created_at)} ·{" "}
      {t(`office.notifications.templates.${item.template}`)} · {item.recipient}
      {item.work_order && (
        <>
          {" · "}
          <Link href={`/office/review/${item.work_order.id}`}>{item.work_order.number}</Link>
        </>
      )}
      <div>{item.subject}</div>
      <div class="o-muted">
        {t("office.notifications.attempts", { count: item.attempts })}
        {item.sent_at && <> · {t("office.notifications.sentAt", { at: formatDateTime(item.sent_at) })}</>}
        {item.state === "queued" && item.attempts > 0 && (
          <> · {t("office.notifications.nextAttempt", { at: formatDateTime(item.next_attempt_at) })}</>
        )}
      </div>
      {item.last_error && (
        <div class="o-bad" data-last-error>
          {t("office.notifications.lastError", { error: item.last_error })}
        </div>
      )}
      {item.state !== "sending" && (
        <div class="o-buttons">
          <button type="button" class="o-button o-button--ghost" disabled={busy} onClick={() => void resend()}>
            {t("office.notifications.resend")}
          </button>
        </div>
      )}
      {error !== null && <ErrorMessage error={error} />}
    </li>
  );
}
