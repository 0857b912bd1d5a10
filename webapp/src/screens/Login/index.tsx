import { useState } from "preact/hooks";

import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { LanguageSwitch } from "../../components/LanguageSwitch";
import { adoptUserLocale, t } from "../../i18n";
import { isOfficeUser } from "../../office/access";
import { navigate } from "../../router";
import { signIn } from "../../sync/auth";
import "./style.css";

/** The office signs in here too: sent from /office, the page is titled for the office
 * (``?for=office``) instead of for the engineer's phone. */
export function Login({ forOffice = false }: { forOffice?: boolean }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await signIn(username.trim(), password);
      adoptUserLocale(session.user.locale);
      // The sync scheduler starts with the session: the first full pull brings the
      // engineer's work, devices and parts while the list says so.
      navigate(isOfficeUser(session) ? "/office" : "/work-orders", { replace: true });
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <main class="main login">
      <form class="card login__form" onSubmit={submit}>
        <LanguageSwitch className="login__languages" />
        <h1>{t(forOffice ? "login.officeTitle" : "login.title")}</h1>
        <p class="login__hint">{t(forOffice ? "login.officeHint" : "login.onlineOnly")}</p>
        <Field
          label={t("login.username")}
          name="username"
          value={username}
          onInput={setUsername}
          autoComplete="username"
          required
        />
        <Field
          label={t("login.password")}
          name="password"
          type="password"
          value={password}
          onInput={setPassword}
          autoComplete="current-password"
          required
        />
        {error !== null && <ErrorMessage error={error} />}
        <button type="submit" class="button button--block" disabled={busy}>
          {busy ? t("buttons.signingIn") : t("buttons.signIn")}
        </button>
      </form>
    </main>
  );
}
