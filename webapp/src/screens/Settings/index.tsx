import { type Locale, LOCALES, setLocale, t, useLocale } from "../../i18n";
import { navigate } from "../../router";
import { signOut } from "../../store/auth";
import type { Session } from "../../store/session";
import "./style.css";

/** Each language is named in itself, so it can be found whatever is shown now. */
const LANGUAGE_KEYS: Record<Locale, string> = { "zh-CN": "languages.zhCN", en: "languages.en" };

export function Settings({ session }: { session: Session }) {
  const locale = useLocale();
  const user = session.user;

  async function leave() {
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
        <button type="button" class="button button--danger button--block" onClick={leave}>
          {t("buttons.signOut")}
        </button>
      </section>
    </main>
  );
}
