// The warranty override of one work order (保修判定改判): the computed decision beside the
// override a supervisor or admin set, with its reason; set, change or remove it. The
// server keeps both and records each change as an event (server/api/work_orders.py).

import { useState } from "preact/hooks";

import { errorText } from "../../../components/ErrorMessage";
import { t } from "../../../i18n";
import * as api from "../../api";
import { messagesByField } from "../../fieldErrors";
import type { OfficeWorkOrder } from "../../types";
import { Input, Select } from "../Input";

/** The statuses an override may set (server/domain/warranty.py STATUSES). */
export const OVERRIDE_STATUSES = ["return", "exchange", "free_repair", "paid", "excluded"] as const;

const CAN_OVERRIDE = ["supervisor", "admin"];

interface Props {
  wo: OfficeWorkOrder;
  role: string;
  /** Called with the order as the server answered after a change. */
  onChanged?: (wo: OfficeWorkOrder) => void;
}

export function WarrantyOverride({ wo, role, onChanged }: Props) {
  const computed = wo.warranty?.computed.status ?? "undecided";
  const current = wo.warranty?.override ?? null;
  const [status, setStatus] = useState(current?.status ?? "");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const canWrite = CAN_OVERRIDE.includes(role);
  const onField = messagesByField(error as never);

  async function run(call: () => Promise<OfficeWorkOrder>) {
    setBusy(true);
    setError(null);
    try {
      const answer = await call();
      setReason("");
      setStatus(answer.warranty?.override?.status ?? "");
      onChanged?.(answer);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  function save(event: Event) {
    event.preventDefault();
    // Sent as typed: the server's 422 names an empty status or reason on its field.
    void run(() => api.overrideWarranty(wo.id, { status, reason }));
  }

  return (
    <section class="o-warranty-override" aria-label={t("office.warrantyOverride.title")} data-testid="warranty-override">
      <h2>{t("office.warrantyOverride.title")}</h2>
      <dl class="o-facts">
        <dt>{t("office.warrantyOverride.computed")}</dt>
        <dd data-computed={computed}>{t(`office.warranty.${computed}`)}</dd>
        <dt>{t("office.warrantyOverride.override")}</dt>
        <dd data-override={current?.status ?? ""}>
          {current ? `${t(`office.warranty.${current.status}`)} · ${current.reason}` : t("office.warrantyOverride.none")}
        </dd>
      </dl>
      {canWrite && (
        <form class="o-form" onSubmit={save} aria-label={t("office.warrantyOverride.title")}>
          <Select
            label={t("office.warrantyOverride.status")}
            name="override-status"
            value={status}
            onChange={setStatus}
            empty={t("office.form.none")}
            options={OVERRIDE_STATUSES.map((value) => ({ value, label: t(`office.warranty.${value}`) }))}
            error={onField.status}
          />
          <Input
            label={t("office.warrantyOverride.reason")}
            name="override-reason"
            value={reason}
            onInput={setReason}
            multiline
            placeholder={t("office.warrantyOverride.reasonHint")}
            error={onField.reason}
          />
          {error !== null && (
            <p class="office-errors" role="alert">
              {errorText(error)}
            </p>
          )}
          <div class="o-buttons">
            <button type="submit" class="o-button" disabled={busy}>
              {current ? t("office.warrantyOverride.change") : t("office.warrantyOverride.set")}
            </button>
            {current && (
              <button type="button" class="o-button o-button--ghost" disabled={busy} onClick={() => void run(() => api.removeWarrantyOverride(wo.id))}>
                {t("office.warrantyOverride.remove")}
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
