import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";

import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { type ActionName, FORWARD_ACTIONS } from "../../domain/workOrderFlow";
import { t } from "../../i18n";

interface Props {
  /** What the engineer may do from the local status (store/flow.ts). */
  actions: ActionName[];
  /** Whether an action must wait: its completion guards still lack facts. */
  blocked: (action: ActionName) => boolean;
  onAction: (action: ActionName, note: string, data?: Record<string, unknown>) => Promise<void>;
  /** Shown above the buttons: what the guarded actions still need. */
  children?: ComponentChildren;
}

/** Where the phone is, if the engineer allows it and it answers within a few seconds. */
function currentPosition(): Promise<Record<string, unknown> | undefined> {
  return new Promise((resolve) => {
    if (!navigator.geolocation) return resolve(undefined);
    navigator.geolocation.getCurrentPosition(
      (p) =>
        resolve({
          lat: Math.round(p.coords.latitude * 1e6) / 1e6,
          lng: Math.round(p.coords.longitude * 1e6) / 1e6,
          accuracy_m: Math.round(p.coords.accuracy),
        }),
      () => resolve(undefined),
      { enableHighAccuracy: true, timeout: 8000, maximumAge: 60000 },
    );
  });
}

/** One big button per step the engineer may take now, an optional note and, on arrival,
 * the phone's position. Works offline: the step is recorded on the phone at once. A
 * guarded step (complete ...) stays disabled while what it needs is missing. */
export function ActionBar({ actions, blocked, onAction, children }: Props) {
  const [note, setNote] = useState("");
  const [withLocation, setWithLocation] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<ActionName | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function run(action: ActionName) {
    setBusy(action);
    setError(null);
    setDone(null);
    try {
      const data = action === "arrive" && withLocation ? await currentPosition() : undefined;
      await onAction(action, note.trim(), data);
      setNote("");
      setDone(action);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section class="card actions" aria-labelledby="actions-title">
      <h2 id="actions-title">{t("workOrder.sections.actions")}</h2>
      {children}
      {actions.length === 0 ? (
        <p class="detail__muted">{t("workOrder.noActions")}</p>
      ) : (
        <>
          <div class="actions__buttons">
            {actions.map((action) => (
              <button
                key={action}
                type="button"
                data-action={action}
                class={`button${FORWARD_ACTIONS.includes(action) ? "" : " button--secondary"}`}
                disabled={busy !== null || blocked(action)}
                onClick={() => run(action)}
              >
                {t(`actions.${action}`)}
              </button>
            ))}
          </div>
          {actions.includes("arrive") && (
            <label class="check">
              <input type="checkbox" checked={withLocation} onChange={(e) => setWithLocation(e.currentTarget.checked)} />
              {t("workOrder.withLocation")}
            </label>
          )}
          <Field label={t("workOrder.note")} name="action-note" value={note} onInput={setNote} multiline />
        </>
      )}
      {error !== null && <ErrorMessage error={error} />}
      {done !== null && (
        <p class="notice" role="status">
          {t("workOrder.actionDone", { action: t(`actions.${done}`) })}
        </p>
      )}
    </section>
  );
}
