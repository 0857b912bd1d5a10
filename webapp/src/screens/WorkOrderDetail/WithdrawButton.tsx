import { useState } from "preact/hooks";

import { ErrorMessage } from "../../components/ErrorMessage";
import { t } from "../../i18n";

interface Props {
  /** What is taken back, for screen readers ("Remove this note"). */
  label: string;
  onWithdraw: () => Promise<void>;
}

/** Take back a record that has not left the phone: one tap asks, the second removes. A
 * refusal (already sent meanwhile) is said in words under the button. */
export function WithdrawButton({ label, onWithdraw }: Props) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function withdraw() {
    setBusy(true);
    setError(null);
    try {
      await onWithdraw();
    } catch (failure) {
      setError(failure);
      setAsking(false);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="withdraw">
      {asking ? (
        <>
          <button type="button" class="button button--danger" data-withdraw="confirm" disabled={busy} onClick={withdraw}>
            {t("withdraw.confirm")}
          </button>
          <button type="button" class="button button--secondary" data-withdraw="keep" onClick={() => setAsking(false)}>
            {t("withdraw.keep")}
          </button>
        </>
      ) : (
        <button type="button" class="button button--secondary" data-withdraw="ask" aria-label={label} onClick={() => setAsking(true)}>
          {t("withdraw.remove")}
        </button>
      )}
      {error !== null && <ErrorMessage error={error} />}
    </div>
  );
}
