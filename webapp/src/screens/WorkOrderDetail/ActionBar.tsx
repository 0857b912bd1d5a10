import { useState } from "preact/hooks";

import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { ACTIONS_NEEDING_INPUT, FORWARD_ACTIONS } from "../../domain/workOrderFlow";
import { t } from "../../i18n";

interface Props {
  /** The work order's allowed_actions, as the server computed them for this user. */
  actions: string[];
  onAction: (action: string, note: string) => Promise<void>;
}

/** One big button per action the user may take now, and an optional note. */
export function ActionBar({ actions, onAction }: Props) {
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const offered = actions.filter((action) => !ACTIONS_NEEDING_INPUT.includes(action));

  async function run(action: string) {
    setBusy(action);
    setError(null);
    setDone(null);
    try {
      await onAction(action, note.trim());
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
      {offered.length === 0 ? (
        <p class="detail__muted">{t("workOrder.noActions")}</p>
      ) : (
        <>
          <div class="actions__buttons">
            {offered.map((action) => (
              <button
                key={action}
                type="button"
                data-action={action}
                class={`button${FORWARD_ACTIONS.includes(action) ? "" : " button--secondary"}`}
                disabled={busy !== null}
                onClick={() => run(action)}
              >
                {t(`actions.${action}`)}
              </button>
            ))}
          </div>
          <Field
            label={t("workOrder.note")}
            name="action-note"
            value={note}
            onInput={setNote}
            multiline
          />
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
