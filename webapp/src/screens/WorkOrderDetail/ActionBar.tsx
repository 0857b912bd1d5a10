import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";

import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import type { ActionName } from "../../domain/workOrderFlow";
import { t } from "../../i18n";
import type { Primary } from "../../store/steps";

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

export type OnAction = (action: ActionName, note: string, data?: Record<string, unknown>) => Promise<void>;

/** Runs one step at a time: busy while it is recorded, then what happened. Offline too:
 * the step is recorded on the phone at once. */
export function useActionRunner(onAction: OnAction) {
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
  return { note, setNote, withLocation, setWithLocation, busy, done, error, run };
}

export type ActionRunner = ReturnType<typeof useActionRunner>;

interface BarProps {
  primary: Primary | null;
  runner: ActionRunner;
  /** What completing lacks, in words (MissingFacts), or the ready line. */
  children?: ComponentChildren;
  /** Open the step where the missing facts are entered. */
  onGoTo: () => void;
}

/** The one primary action, kept at the bottom within reach of the thumb: the next valid
 * step, and while it must wait, what is missing and a way to the step that needs it. */
export function PrimaryBar({ primary, runner, children, onGoTo }: BarProps) {
  if (!primary) return null;
  const { action, blocked } = primary;
  return (
    <div class="primary-bar" data-primary={action}>
      {children}
      {runner.error !== null && <ErrorMessage error={runner.error} />}
      {runner.done !== null && (
        <p class="primary-bar__done" role="status">
          {t("workOrder.actionDone", { action: t(`actions.${runner.done}`) })}
        </p>
      )}
      <div class="primary-bar__buttons">
        {blocked && (
          <button type="button" class="button button--secondary primary-bar__goto" data-goto-step={primary.step} onClick={onGoTo}>
            {t("steps.goTo")}
          </button>
        )}
        <button
          type="button"
          data-action={action}
          class="button primary-bar__main"
          disabled={runner.busy !== null || blocked}
          onClick={() => runner.run(action)}
        >
          {runner.busy === action ? t("buttons.saving") : t(`actions.${action}`)}
        </button>
      </div>
    </div>
  );
}

interface MoreProps {
  actions: ActionName[];
  blocked: (action: ActionName) => boolean;
  runner: ActionRunner;
  /** Arriving is on offer (primary or not): whether to record the phone's position. */
  offersArrive: boolean;
  /** What the guarded ones among them still lack. */
  children?: ComponentChildren;
}

/** The other steps the engineer may take now (solved by phone, remote session, on hold
 * ...) and the note that goes with any step. */
export function MoreActions({ actions, blocked, runner, offersArrive, children }: MoreProps) {
  if (actions.length === 0 && !offersArrive) return null;
  return (
    <section class="card actions" aria-labelledby="actions-title">
      <h2 id="actions-title">{t("workOrder.sections.actions")}</h2>
      {children}
      {actions.length > 0 && (
        <div class="actions__buttons">
          {actions.map((action) => (
            <button
              key={action}
              type="button"
              data-action={action}
              class="button button--secondary"
              disabled={runner.busy !== null || blocked(action)}
              onClick={() => runner.run(action)}
            >
              {t(`actions.${action}`)}
            </button>
          ))}
        </div>
      )}
      {offersArrive && (
        <label class="check">
          <input type="checkbox" checked={runner.withLocation} onChange={(e) => runner.setWithLocation(e.currentTarget.checked)} />
          {t("workOrder.withLocation")}
        </label>
      )}
      <Field label={t("workOrder.note")} name="action-note" value={runner.note} onInput={runner.setNote} multiline />
    </section>
  );
}
