// The engineer's appointments in his phone's own calendar app: Settings shows the feed's
// URL (an iCalendar subscription, /ics/<token>.ics, no login) to copy, and can make a new
// one (the old one stops working) or turn it off. Online only: the server keeps the token.

import { useState } from "preact/hooks";

import { t } from "../../i18n";
import { request } from "../../sync/api";
import "./style.css";

interface Feed {
  url: string | null;
  created_at: string | null;
}

type Copied = "yes" | "no" | null;

export function CalendarFeedSettings() {
  const [url, setUrl] = useState<string | null>(null);
  const [shown, setShown] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const [copied, setCopied] = useState<Copied>(null);

  async function run(work: () => Promise<string | null>) {
    setBusy(true);
    setFailed(false);
    setCopied(null);
    try {
      setUrl(await work());
      setShown(true);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  }

  /** The feed's URL; the first time, one is made. */
  const show = () =>
    run(async () => {
      const feed = await request<Feed>("GET", "/me/calendar-feed");
      return feed.url ?? (await request<Feed>("POST", "/me/calendar-feed")).url;
    });
  const renew = () => run(async () => (await request<Feed>("POST", "/me/calendar-feed")).url);
  const turnOff = () =>
    run(async () => {
      await request<void>("DELETE", "/me/calendar-feed");
      return null;
    });

  async function copy(link: string) {
    try {
      await navigator.clipboard.writeText(link);
      setCopied("yes");
    } catch {
      setCopied("no"); // no clipboard here: the field is selected for a long press
      (document.querySelector("[data-calendar-url]") as HTMLInputElement | null)?.select();
    }
  }

  return (
    <section class="card" aria-labelledby="calendar-title" data-calendar-feed={shown ? (url ? "on" : "off") : "hidden"}>
      <h2 id="calendar-title">{t("calendarFeed.title")}</h2>
      <p>{t("calendarFeed.hint")}</p>
      {!shown && (
        <button type="button" class="button button--secondary" disabled={busy} onClick={() => void show()} data-calendar-show>
          {t("calendarFeed.show")}
        </button>
      )}
      {shown && url && (
        <>
          <label class="calendar-feed__url">
            <span>{t("calendarFeed.url")}</span>
            <input type="url" readOnly value={url} data-calendar-url onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
          </label>
          <div class="calendar-feed__buttons">
            <button type="button" class="button" onClick={() => void copy(url)} data-calendar-copy>
              {t("calendarFeed.copy")}
            </button>
            <button type="button" class="button button--secondary" disabled={busy} onClick={() => void renew()} data-calendar-renew>
              {t("calendarFeed.renew")}
            </button>
          </div>
          {copied === "yes" && <p class="notice">{t("calendarFeed.copied")}</p>}
          {copied === "no" && <p class="fees__warn">{t("calendarFeed.copyFailed")}</p>}
          <p class="calendar-feed__hint">{t("calendarFeed.private")}</p>
          <button type="button" class="button button--danger button--block" disabled={busy} onClick={() => void turnOff()} data-calendar-off>
            {t("calendarFeed.turnOff")}
          </button>
        </>
      )}
      {shown && !url && (
        <>
          <p>{t("calendarFeed.off")}</p>
          <button type="button" class="button button--secondary" disabled={busy} onClick={() => void renew()} data-calendar-renew>
            {t("calendarFeed.turnOn")}
          </button>
        </>
      )}
      {failed && <p class="fees__warn">{t("calendarFeed.failed")}</p>}
    </section>
  );
}
