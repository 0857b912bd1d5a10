import { useEffect, useState } from "preact/hooks";

import { CalendarFeedSettings } from "../../components/CalendarFeed";
import { Link } from "../../components/Link";
import { PushSettings } from "../../components/PushNotifications";
import { type Locale, LOCALES, setLocale, t, useLocale } from "../../i18n";
import { navigate } from "../../router";
import type { Session } from "../../store/session";
import { isIosSafari, isStandalone, type Persistence, requestPersistence } from "../../store/storage";
import { signOut } from "../../sync/auth";
import { requestSync } from "../../sync/client";
import { useSyncSummary } from "../../sync/summary";
import "./style.css";

/** Each language is named in itself, so it can be found whatever is shown now. */
const LANGUAGE_KEYS: Record<Locale, string> = { "zh-CN": "languages.zhCN", en: "languages.en" };

export function Settings({ session }: { session: Session }) {
  const locale = useLocale();
  const user = session.user;
  const summary = useSyncSummary();
  const unsynced = summary.waiting + summary.failedFiles;
  const [confirming, setConfirming] = useState(false);
  const [persistence, setPersistence] = useState<Persistence | null>(null);

  useEffect(() => {
    void requestPersistence().then(setPersistence);
  }, []);

  async function leave() {
    if (unsynced > 0 && !confirming) {
      setConfirming(true);
      return;
    }
    await signOut();
    navigate("/login", { replace: true });
  }

  return (
    <main class="main settings">
      <h1>{t("settings.title")}</h1>
      <section class="card" aria-labelledby="language-title">
        <h2 id="language-title">{t("settings.language")}</h2>
        <div class="settings__languages" role="group" aria-labelledby="language-title">
          {LOCALES.map((option) => (
            <button
              key={option}
              type="button"
              lang={option}
              data-locale={option}
              class={`button${option === locale ? "" : " button--secondary"}`}
              aria-pressed={option === locale}
              onClick={() => setLocale(option)}
            >
              {t(LANGUAGE_KEYS[option])}
            </button>
          ))}
        </div>
      </section>
      <PushSettings />
      <CalendarFeedSettings />
      <section class="card" aria-labelledby="storage-title">
        <h2 id="storage-title">{t("settings.storage")}</h2>
        {persistence === "persisted" && <p class="notice">{t("settings.storagePersisted")}</p>}
        {persistence !== null && persistence !== "persisted" && (
          <p class="fees__warn" data-storage="at-risk">
            {isIosSafari() && !isStandalone() ? t("settings.storageIos") : t("settings.storageAtRisk")}
          </p>
        )}
      </section>
      <section class="card" aria-labelledby="account-title">
        <h2 id="account-title">{t("settings.account")}</h2>
        <dl class="facts settings__account">
          <dt>{t("settings.signedInAs")}</dt>
          <dd>{user.display_name}</dd>
          <dt>{t("settings.username")}</dt>
          <dd>{user.username}</dd>
          <dt>{t("settings.role")}</dt>
          <dd>{t(`role.${user.role}`)}</dd>
          {user.centre && (
            <>
              <dt>{t("settings.centre")}</dt>
              <dd>{user.centre.name}</dd>
            </>
          )}
        </dl>
        {confirming && unsynced > 0 && (
          <div class="settings__warning" role="alert">
            <p>{t("settings.unsyncedWarning", { count: unsynced })}</p>
            <button type="button" class="button button--block" onClick={() => void requestSync()}>
              {t("sync.now")}
            </button>
            <Link href="/sync">{t("sync.title")}</Link>
          </div>
        )}
        <button type="button" class="button button--danger button--block" onClick={leave} data-sign-out>
          {confirming && unsynced > 0 ? t("settings.signOutKeep") : t("buttons.signOut")}
        </button>
      </section>
    </main>
  );
}
