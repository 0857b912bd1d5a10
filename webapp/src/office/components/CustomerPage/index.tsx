import { useState } from "preact/hooks";

import { useAsync } from "../../../components/useAsync";
import { isOpen } from "../../../domain/workOrderFlow";
import { t } from "../../../i18n";
import * as api from "../../api";
import type { OfficeWorkOrder } from "../../types";
import { FieldErrors } from "../FieldErrors";

/**
 * The customer's side of one order, from the office: the progress page link (/t/<token>)
 * to give the customer, renewed or revoked here; and "merge into…", which cancels this
 * order as a duplicate of another open one of the same site (the server checks the rest).
 */
export function CustomerPage({ order, onChanged }: { order: OfficeWorkOrder; onChanged: () => void }) {
  const link = useAsync(() => api.progressLink(order.id), [order.id]);
  const [into, setInto] = useState("");
  const [merged, setMerged] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function run(step: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await step();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }
  const renew = () => run(async () => link.setData(await api.renewProgressLink(order.id)));
  const revoke = () => run(async () => link.setData(await api.revokeProgressLink(order.id)));
  const merge = () =>
    run(async () => {
      const kept = await api.mergeInto(order.id, into.trim());
      setMerged(kept.number);
      setInto("");
      onChanged();
    });

  const url = link.data?.url ?? null;
  return (
    <div class="o-customer-page" data-customer-page={order.id}>
      <h2>{t("office.customerPage.title")}</h2>
      {url ? (
        <p>
          <input class="o-link-box" data-link="progress" readOnly value={url} aria-label={t("office.customerPage.link")} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
        </p>
      ) : (
        link.data && <p class="o-muted">{t("office.customerPage.noLink")}</p>
      )}
      <div class="o-buttons">
        <button type="button" class="o-button o-button--secondary" data-progress-link="renew" disabled={busy} onClick={() => void renew()}>
          {t("office.customerPage.renew")}
        </button>
        {url && (
          <button type="button" class="o-button o-button--ghost" data-progress-link="revoke" disabled={busy} onClick={() => void revoke()}>
            {t("office.customerPage.revoke")}
          </button>
        )}
      </div>
      {isOpen(order.status) && (
        <div class="o-merge">
          <label class="o-field">
            <span class="o-field__label">{t("office.customerPage.mergeInto")}</span>
            <input name="merge_into" value={into} placeholder="WO-2026-000123" onInput={(e) => setInto((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <button type="button" class="o-button o-button--secondary" data-merge={order.id} disabled={busy || !into.trim()} onClick={() => void merge()}>
            {t("office.customerPage.merge")}
          </button>
        </div>
      )}
      {merged && (
        <p class="o-notice" role="status">
          {t("office.customerPage.merged", { number: merged })}
        </p>
      )}
      <FieldErrors error={error} />
    </div>
  );
}
