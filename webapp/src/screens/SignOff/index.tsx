import { useEffect, useRef, useState } from "preact/hooks";
import type SignaturePad from "signature_pad";

import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { summarySha256, workOrderSummary } from "../../domain/signing";
import { t } from "../../i18n";
import { goBack } from "../../router";
import { addSignature, LocalError, signPaidWorkConsent } from "../../store/actions";
import { consentLines, priceWork } from "../../store/estimate";
import { prepareCanvasPng } from "../../store/media";
import { yuan } from "../../store/notes";
import type { Satisfaction, SignaturePurpose } from "../../store/records";
import { useLiveQuery } from "../../store/useLiveQuery";
import { getWorkOrderView, type WorkOrderView } from "../../store/workOrders";
import "./style.css";

const SCORES = ["attitude", "speed", "quality", "overall"] as const;

/** What the customer signs: the shared summary format (server/domain/signing.py). */
export function summaryOf(v: WorkOrderView): string {
  return workOrderSummary({
    number: v.wo.number,
    status: v.wo.status,
    customer_name: v.customer?.name,
    site_name: v.site?.name,
    site_address: v.site?.address,
    devices: v.devices.map((d) => ({ model: d.model, serial: d.serial })),
    diagnosis_symptom: v.wo.diagnosis_symptom,
    diagnosis_location: v.wo.diagnosis_location,
    diagnosis_cause: v.wo.diagnosis_cause,
    diagnosis_fix: v.wo.diagnosis_fix,
    parts: v.usages.map((u) => ({ part_number: u.part?.part_number ?? "", name: u.part?.name ?? "", quantity: u.quantity })),
  });
}

/** The purposes the customer signs on this screen. */
export type SignedHere = Extract<SignaturePurpose, "sign_off" | "inspection_report" | "paid_work_consent">;

export function SignOff({ id, purpose }: { id: string; purpose: SignedHere }) {
  const view = useLiveQuery(() => getWorkOrderView(id), [id]);
  const v = view.data;
  if (v === undefined) return <Loading />;
  if (v === null) return <p class="list-empty">{t("workOrder.notOnPhone")}</p>;
  return <SignForm v={v} purpose={purpose} />;
}

function SignForm({ v, purpose }: { v: WorkOrderView; purpose: SignedHere }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad | null>(null);
  const [signer, setSigner] = useState(v.wo.contact_name || v.wo.reporter_name);
  const [scores, setScores] = useState<Satisfaction>({ attitude: 5, speed: 5, quality: 5, overall: 5 });
  const [comment, setComment] = useState("");
  const [empty, setEmpty] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // The text is fixed when the screen opens: what the customer reads is what is signed.
  const [summary] = useState(() => summaryOf(v));
  const rating = purpose === "sign_off";
  // Consent to paid work: the estimate is fixed when the screen opens, like the summary.
  const [estimate] = useState(() =>
    purpose === "paid_work_consent" ? priceWork(v, new Date().toISOString().slice(0, 10)).estimate : null,
  );
  const consenting = purpose === "paid_work_consent";
  const nothingToConsent = consenting && !(estimate && estimate.chargeable_cents > 0);

  useEffect(() => {
    let cancelled = false;
    const element = canvas.current;
    if (!element) return;
    void import("signature_pad").then(({ default: Pad }) => {
      if (cancelled) return;
      // Draw at the screen's real pixel density so the signature stays sharp.
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      element.width = element.offsetWidth * ratio;
      element.height = element.offsetHeight * ratio;
      element.getContext("2d")?.scale(ratio, ratio);
      const made = new Pad(element, { backgroundColor: "rgb(255,255,255)", penColor: "rgb(0,0,0)", minWidth: 1, maxWidth: 3 });
      made.addEventListener("endStroke", () => setEmpty(made.isEmpty()));
      pad.current = made;
    });
    return () => {
      cancelled = true;
      pad.current?.off();
    };
  }, []);

  function clear() {
    pad.current?.clear();
    setEmpty(true);
  }

  async function submit(event: Event) {
    event.preventDefault();
    setError(null);
    if (!pad.current || pad.current.isEmpty() || !canvas.current) {
      setError(new LocalError("signOff.errors.empty"));
      return;
    }
    setBusy(true);
    try {
      const png = await prepareCanvasPng(canvas.current);
      const signed = { work_order_id: v.wo.id, summary, summary_sha256: await summarySha256(summary) };
      if (purpose === "paid_work_consent" && estimate) {
        const consent = { amount_cents: estimate.chargeable_cents, lines: consentLines(estimate), signer_name: signer };
        await signPaidWorkConsent(png, consent, signed);
      } else {
        await addSignature(png, {
          ...signed,
          purpose,
          signer_name: signer,
          signer_role: "customer",
          satisfaction: rating ? scores : null,
          comment: comment.trim(),
        });
      }
      goBack(`/work-orders/${v.wo.id}`);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <main class="main sign">
      <button type="button" class="detail__back" onClick={() => goBack(`/work-orders/${v.wo.id}`)}>
        ‹ {t("nav.back")}
      </button>
      <h1>{t(`signOff.title.${purpose}`)}</h1>
      <form onSubmit={submit}>
        {consenting && (
          <section class="card" data-consent-estimate>
            <h2>{t("signOff.consent.title")}</h2>
            {estimate && !nothingToConsent ? (
              <>
                <ul class="sign__lines">
                  {estimate.lines.map((line, i) => (
                    <li key={i}>
                      <span>
                        {t(`fees.kind.${line.kind}`)} {line.code ?? ""} × {line.quantity}
                      </span>
                      <span>{yuan(line.amount_cents)}</span>
                    </li>
                  ))}
                </ul>
                <p class="sign__total">{t("signOff.consent.total", { amount: yuan(estimate.chargeable_cents) })}</p>
              </>
            ) : (
              <p class="detail__muted">{t("signOff.consent.nothing")}</p>
            )}
          </section>
        )}
        <section class="card">
          <h2>{t("signOff.summary")}</h2>
          <pre class="sign__summary" data-summary>
            {summary}
          </pre>
        </section>
        {rating && (
          <section class="card">
            <h2>{t("signOff.satisfaction")}</h2>
            {SCORES.map((name) => (
              <div key={name} class="score" role="group" aria-label={t(`signOff.scores.${name}`)}>
                <span class="score__label">{t(`signOff.scores.${name}`)}</span>
                <div class="score__buttons">
                  {[1, 2, 3, 4, 5].map((n) => (
                    <button
                      key={n}
                      type="button"
                      class={`score__star${n <= scores[name] ? " score__star--on" : ""}`}
                      aria-pressed={n === scores[name]}
                      aria-label={t("signOff.stars", { count: n })}
                      data-score={`${name}-${n}`}
                      onClick={() => setScores({ ...scores, [name]: n })}
                    >
                      ★
                    </button>
                  ))}
                </div>
              </div>
            ))}
            <Field label={t("signOff.comment")} name="comment" value={comment} onInput={setComment} multiline />
          </section>
        )}
        <section class="card">
          <Field label={t("signOff.signer")} name="signer" value={signer} onInput={setSigner} required />
          <p class="sign__hint">{t("signOff.hint")}</p>
          <canvas ref={canvas} class="sign__pad" aria-label={t("signOff.pad")} data-pad />
          <div class="two-buttons">
            <button type="button" class="button button--secondary" onClick={clear}>
              {t("signOff.clear")}
            </button>
            <button type="submit" class="button" disabled={busy || empty || !signer.trim() || nothingToConsent} data-submit="signature">
              {t("signOff.confirm")}
            </button>
          </div>
          {error !== null && <ErrorMessage error={error} />}
        </section>
      </form>
    </main>
  );
}
