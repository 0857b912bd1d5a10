import { useState } from "preact/hooks";

import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { Link } from "../../components/Link";
import { Section } from "../../components/Section";
import { isEditable } from "../../domain/workOrderFlow";
import { has, t } from "../../i18n";
import { formatDateTime } from "../../i18n/format";
import { LocalError, updateWorkOrder } from "../../store/actions";
import { CONSENT_PURPOSE } from "../../store/completion";
import { priceWork, recordedWork } from "../../store/estimate";
import { yuan } from "../../store/notes";
import type { WorkOrderView } from "../../store/workOrders";

/** A count typed on the phone: a whole number from 0, else null. */
function count(text: string): number | null {
  const value = Number(text.trim());
  return text.trim() !== "" && Number.isInteger(value) && value >= 0 ? value : null;
}

/** The warranty decision for the order's first device and the fee estimate of the work the
 * order records (labour minutes and visits, entered here and synced), computed on the
 * phone as the server prices it (store/estimate.ts); paid work needs the customer's
 * consent, which he signs on the signature screen (consent and signature together). */
export function WarrantyPanel({ v }: { v: WorkOrderView }) {
  const today = new Date().toISOString().slice(0, 10);
  const { judged, estimate } = priceWork(v, today);
  const work = recordedWork(v);
  const [minutes, setMinutes] = useState(String(work.labourMinutes));
  const [visits, setVisits] = useState(String(work.visits));
  const [error, setError] = useState<unknown>(null);
  const editable = isEditable(v.wo.status);
  const changed = minutes.trim() !== String(work.labourMinutes) || visits.trim() !== String(work.visits);

  async function saveWork(event: Event) {
    event.preventDefault();
    setError(null);
    const labourMinutes = count(minutes);
    const visitCount = count(visits);
    try {
      if (labourMinutes === null || visitCount === null) throw new LocalError("errors.validation");
      await updateWorkOrder(v.wo.id, { labour_minutes: labourMinutes, visits: visitCount });
    } catch (failure) {
      setError(failure);
    }
  }

  const { decision, errorKey } = judged;
  // The newest consent counts; it covers the estimate if it is at least as much, and
  // only once the customer has signed it.
  const consent = v.consents.at(-1);
  const signed = v.signatures.some((s) => s.signer_role === "customer" && s.purpose === CONSENT_PURPOSE);
  const covered = !!consent && !!estimate && consent.amount_cents >= estimate.chargeable_cents;

  return (
    <Section id="warranty" title={t("warranty.title")}>
      {decision ? (
        <div class={`warranty warranty--${decision.is_free ? "free" : "paid"}`} data-warranty={decision.status}>
          <strong class="warranty__status">{t(`warranty.status.${decision.status}`)}</strong>
          {decision.end_on && <span>{t("warranty.until", { date: decision.end_on })}</span>}
          {decision.is_lemon && <span class="warranty__lemon">{t("warranty.lemon")}</span>}
        </div>
      ) : (
        <p class="detail__muted">{t(errorKey && has(errorKey) ? errorKey : "errors.warranty.undecided")}</p>
      )}
      {estimate && (
        <div class="fees">
          <h3>{t("fees.title")}</h3>
          {editable && (
            <form class="fees__work" onSubmit={saveWork}>
              <Field label={t("fees.labourMinutes")} name="labour-minutes" value={minutes} onInput={setMinutes} inputMode="numeric" />
              <Field label={t("fees.visits")} name="visits" value={visits} onInput={setVisits} inputMode="numeric" />
              <button type="submit" class="button button--secondary" disabled={!changed} data-submit="work">
                {t("fees.saveWork")}
              </button>
            </form>
          )}
          {error !== null && <ErrorMessage error={error} />}
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
            (covered && signed && consent ? (
              <p class="notice" data-consent="yes">
                {t("fees.consentRecorded", {
                  amount: yuan(consent.amount_cents),
                  signer: consent.signer_name,
                  at: formatDateTime(consent.consented_at),
                })}
              </p>
            ) : (
              <>
                <p class="fees__warn">
                  {!consent ? t("fees.needsConsent") : covered ? t("fees.consentUnsigned") : t("fees.consentAgain")}
                </p>
                <Link
                  class="button button--block"
                  href={`/work-orders/${v.wo.id}/sign?purpose=paid_work_consent`}
                  data-consent="sign"
                >
                  {t("fees.recordConsent", { amount: yuan(estimate.chargeable_cents) })}
                </Link>
              </>
            ))}
        </div>
      )}
    </Section>
  );
}
