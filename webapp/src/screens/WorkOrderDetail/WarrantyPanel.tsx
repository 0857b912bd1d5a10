import { useState } from "preact/hooks";

import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { Section } from "../../components/Section";
import { estimateFees, type FeeEstimate } from "../../domain/fees";
import { mergeContractSettings } from "../../domain/settings";
import { warrantyDecision, type WarrantyDecision } from "../../domain/warranty";
import { has, t } from "../../i18n";
import { formatDateTime } from "../../i18n/format";
import { addPaidWorkConsent } from "../../store/actions";
import { yuan } from "../../store/notes";
import type { WorkOrderView } from "../../store/workOrders";

interface Judged {
  decision: WarrantyDecision | null;
  errorKey: string | null;
}

/** The warranty decision for the order's first device, computed on the phone with the TS
 * twin of server/domain/warranty.py from the device and its contract's settings. */
function judge(v: WorkOrderView, today: string): Judged {
  const device = v.devices[0];
  if (!device) return { decision: null, errorKey: "errors.warranty.noDevice" };
  try {
    const terms = mergeContractSettings(v.contract?.settings ?? null).warranty;
    const decision = warrantyDecision(device as never, [], terms, today, v.wo.exclusions ?? [], {
      defectCode: v.wo.defect_code || null,
    });
    return { decision, errorKey: null };
  } catch (error) {
    const key = (error as { key?: string }).key;
    return { decision: null, errorKey: key && has(key) ? key : "errors.warranty.undecided" };
  }
}

export function WarrantyPanel({ v }: { v: WorkOrderView }) {
  const today = new Date().toISOString().slice(0, 10);
  const { decision, errorKey } = judge(v, today);
  const [minutes, setMinutes] = useState("60");
  const [signer, setSigner] = useState(v.wo.contact_name || v.wo.reporter_name);
  const [error, setError] = useState<unknown>(null);
  const status = decision?.status ?? "paid";
  let estimate: FeeEstimate | null = null;
  try {
    const fees = mergeContractSettings(v.contract?.settings ?? null).fees;
    const parts = v.usages
      .filter((u) => u.part)
      .map((u) => ({ part_number: u.part!.part_number, quantity: u.quantity, unit_cost_cents: u.part!.cost_cents }))
      .filter((p) => p.quantity > 0);
    const km = v.site?.distance_km ? Math.round(v.site.distance_km * 2) : null;
    estimate = estimateFees(status, parts, Math.max(0, Number(minutes) || 0), 1, 0, { zone: v.site?.zone ?? "in_city", round_trip_km: km }, fees);
  } catch {
    estimate = null;
  }
  // The newest consent counts; it covers the estimate only if the amount is unchanged.
  const consent = v.consents.at(-1);
  const consented = !!consent && !!estimate && consent.amount_cents === estimate.chargeable_cents;

  async function recordConsent() {
    if (!estimate) return;
    setError(null);
    try {
      await addPaidWorkConsent(v.wo.id, {
        amount_cents: estimate.chargeable_cents,
        signer_name: signer,
        lines: estimate.lines.map((l) => ({
          kind: l.kind,
          code: l.code,
          quantity: l.quantity,
          amount_cents: l.amount_cents,
          is_chargeable: l.is_chargeable,
        })),
      });
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <Section id="warranty" title={t("warranty.title")}>
      {decision ? (
        <div class={`warranty warranty--${decision.is_free ? "free" : "paid"}`} data-warranty={decision.status}>
          <strong class="warranty__status">{t(`warranty.status.${decision.status}`)}</strong>
          {decision.end_on && <span>{t("warranty.until", { date: decision.end_on })}</span>}
          {decision.is_lemon && <span class="warranty__lemon">{t("warranty.lemon")}</span>}
        </div>
      ) : (
        <p class="detail__muted">{t(errorKey ?? "errors.warranty.undecided")}</p>
      )}
      {estimate && (
        <div class="fees">
          <h3>{t("fees.title")}</h3>
          <Field label={t("fees.labourMinutes")} name="labour-minutes" value={minutes} onInput={setMinutes} inputMode="numeric" />
          <ul class="fees__lines">
            {estimate.lines.map((line, i) => (
              <li key={i}>
                <span>
                  {t(`fees.kind.${line.kind}`)} {line.code ?? ""} × {line.quantity}
                </span>
                <span>{yuan(line.amount_cents)}</span>
              </li>
            ))}
          </ul>
          <p class="fees__total">
            {t("fees.chargeable", { amount: yuan(estimate.chargeable_cents) })}
            {estimate.free_cents > 0 && <span> · {t("fees.free", { amount: yuan(estimate.free_cents) })}</span>}
          </p>
          {estimate.requires_consent &&
            (consented && consent ? (
              <p class="notice" data-consent="yes">
                {t("fees.consentRecorded", {
                  amount: yuan(consent.amount_cents),
                  signer: consent.signer_name,
                  at: formatDateTime(consent.consented_at),
                })}
              </p>
            ) : (
              <>
                <p class="fees__warn">{consent ? t("fees.consentAgain") : t("fees.needsConsent")}</p>
                <Field label={t("fees.signer")} name="consent-signer" value={signer} onInput={setSigner} />
                <button type="button" class="button button--block" onClick={recordConsent} disabled={!signer.trim()} data-consent="record">
                  {t("fees.recordConsent", { amount: yuan(estimate.chargeable_cents) })}
                </button>
              </>
            ))}
        </div>
      )}
      {error !== null && <ErrorMessage error={error} />}
    </Section>
  );
}
