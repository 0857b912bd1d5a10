import { useState } from "preact/hooks";

import { MissingFacts } from "../../../components/MissingFacts";
import { useAsync } from "../../../components/useAsync";
import type { GuardMode, MissingFact } from "../../../domain/guards";
import { ACTIONS, type ActionName, officeRemoteActions } from "../../../domain/workOrderFlow";
import { t } from "../../../i18n";
import * as api from "../../api";
import { money } from "../../format";
import type { OfficeWorkOrder } from "../../types";
import { FieldErrors } from "../FieldErrors";

/** The completion guards the offered steps check, each once. */
function guardModes(actions: readonly ActionName[]): GuardMode[] {
  return [...new Set(actions.map((name) => ACTIONS[name].guarded).filter((mode): mode is GuardMode => mode !== null))];
}

/** A list answer has no completion_missing: read the order itself when a step needs it. */
function withMissing(order: OfficeWorkOrder, modes: readonly GuardMode[]): Promise<OfficeWorkOrder> {
  if (modes.length === 0 || order.completion_missing) return Promise.resolve(order);
  return api.getWorkOrder(order.id);
}

/**
 * The office's share of the remote ladder on one order (phone support failed, a remote
 * session, solved by phone or remotely): the steps the flow declaration lets the office
 * take from the order's status. A solving step stays disabled while its guards lack
 * facts (the order's completion_missing), listed in words.
 */
export function RemoteActions({ order, onDone }: { order: OfficeWorkOrder; onDone: (order: OfficeWorkOrder) => void }) {
  const offered = officeRemoteActions(order.status);
  const modes = guardModes(offered);
  const full = useAsync(() => withMissing(order, modes), [order.id, order.status, order.updated_at]);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (offered.length === 0) return null;

  const missing = full.data?.completion_missing ?? null;
  const lacking = (mode: GuardMode): MissingFact[] => missing?.[mode] ?? [];
  const facts = [...new Map(modes.flatMap(lacking).map((fact) => [JSON.stringify(fact), fact])).values()];
  function blocked(name: ActionName): boolean {
    const mode = ACTIONS[name].guarded;
    // Until the facts are known a solving step waits; the server checks them again anyway.
    return mode !== null && (full.data === undefined ? full.error === null : lacking(mode).length > 0);
  }

  async function run(name: ActionName) {
    setBusy(true);
    setError(null);
    try {
      onDone(await api.act(order.id, name, note.trim() ? { note: note.trim() } : {}));
      setNote("");
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="o-remote" aria-label={t("office.remote.title")} data-remote={order.id}>
      <h3>{t("office.remote.title")}</h3>
      {facts.length > 0 && (
        <div class="o-lacking">
          <p class="o-bad">{t("office.remote.lacking")}</p>
          <MissingFacts facts={facts} money={money} />
        </div>
      )}
      <label class="o-field">
        <span class="o-field__label">{t("office.remote.note")}</span>
        <input name="remote_note" value={note} onInput={(e) => setNote((e.currentTarget as HTMLInputElement).value)} />
      </label>
      <div class="o-buttons">
        {offered.map((name) => (
          <button
            key={name}
            type="button"
            class={`o-button${ACTIONS[name].guarded ? "" : " o-button--secondary"}`}
            data-action={name}
            disabled={busy || blocked(name)}
            onClick={() => void run(name)}
          >
            {t(`actions.${name}`)}
          </button>
        ))}
      </div>
      <FieldErrors error={error} />
    </div>
  );
}
