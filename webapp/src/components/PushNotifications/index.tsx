// Notifications on this phone (Web Push): a switch in Settings, and one question after the
// first successful sync (not at first load: the engineer knows the app by then). The
// browser asks for permission only after a tap, as browsers require.

import { useEffect, useState } from "preact/hooks";

import { t } from "../../i18n";
import { getMeta } from "../../store/db";
import { disablePush, enablePush, type PushState, pushState } from "../../sync/push";
import { useSyncStatus } from "../../sync/status";
import "./style.css";

/** Set once the engineer answered the question (either way): it is not asked again. */
export const PROMPT_ANSWERED = "aftercare.pushPromptAnswered";

function usePushState(): [PushState | null, (next: PushState) => void] {
  const [state, setState] = useState<PushState | null>(null);
  useEffect(() => {
    void pushState().then(setState, () => setState("unsupported"));
  }, []);
  return [state, setState];
}

/** The Settings section: the state and a button to turn notifications on or off. */
export function PushSettings() {
  const [state, setState] = usePushState();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const toggle = async () => {
    setBusy(true);
    setFailed(false);
    try {
      setState(await (state === "on" ? disablePush() : enablePush()));
      localStorage.setItem(PROMPT_ANSWERED, "1");
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  if (state === null) return null;
  return (
    <section class="card" aria-labelledby="push-title" data-push={state}>
      <h2 id="push-title">{t("push.title")}</h2>
      <p>{t(`push.state.${state}`)}</p>
      {(state === "on" || state === "off") && (
        <button type="button" class={`button${state === "on" ? " button--secondary" : ""}`} disabled={busy} onClick={() => void toggle()}>
          {t(state === "on" ? "push.turnOff" : "push.turnOn")}
        </button>
      )}
      {failed && <p class="fees__warn">{t("push.failed")}</p>}
    </section>
  );
}

/** The one question, after the first successful sync, while the browser has not been
 * asked and the engineer has not answered. */
export function PushPrompt() {
  const status = useSyncStatus();
  const [state, setState] = usePushState();
  const [synced, setSynced] = useState(false);
  const [answered, setAnswered] = useState(() => localStorage.getItem(PROMPT_ANSWERED) !== null);
  useEffect(() => {
    if (!status.running) void getMeta<string | null>("last_sync_at", null).then((at) => setSynced(at !== null));
  }, [status.running]);
  if (answered || !synced || state !== "off" || (typeof Notification !== "undefined" && Notification.permission !== "default")) return null;
  const answer = async (allow: boolean) => {
    localStorage.setItem(PROMPT_ANSWERED, "1");
    setAnswered(true);
    if (allow) setState(await enablePush().catch(() => "off" as const));
  };
  return (
    <aside class="card push-prompt" role="region" aria-label={t("push.title")} data-push-prompt>
      <p>{t("push.question")}</p>
      <div class="push-prompt__buttons">
        <button type="button" class="button" onClick={() => void answer(true)}>
          {t("push.allow")}
        </button>
        <button type="button" class="button button--secondary" onClick={() => void answer(false)}>
          {t("push.notNow")}
        </button>
      </div>
    </aside>
  );
}
