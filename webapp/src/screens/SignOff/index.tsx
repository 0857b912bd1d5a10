import { useEffect, useRef, useState } from "preact/hooks";
import type SignaturePad from "signature_pad";

import { DraftStatus } from "../../components/DraftStatus";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { signedSummary, type SignedSummaryInput, summarySha256 } from "../../domain/signing";
import { t } from "../../i18n";
import { goBack } from "../../router";
import { addSignature, LocalError, signPaidWorkConsent } from "../../store/actions";
import { signOffPurpose } from "../../store/completion";
import { consentLines, priceWork } from "../../store/estimate";
import { prepareCanvasPng } from "../../store/media";
import { yuan } from "../../store/notes";
import type { SignaturePurpose } from "../../store/records";
import { signedFactsOf, withConsent } from "../../store/signing";
import { useDrafts } from "../../store/useDrafts";
import { useLiveQuery } from "../../store/useLiveQuery";
import { getWorkOrderView, type WorkOrderView } from "../../store/workOrders";
import { SCORES, satisfactionOf, skipRest, type SurveyAnswers, UNANSWERED, unanswered } from "./survey";
import "./style.css";

/** The purposes the customer signs on this screen. */
export type SignedHere = Extract<SignaturePurpose, "sign_off" | "inspection_report" | "paid_work_consent">;

export function SignOff({ id, purpose }: { id: string; purpose: SignedHere }) {
  // The order with the facts the customer signs (format 2, server/domain/signing.py).
  const view = useLiveQuery(async () => {
    const v = await getWorkOrderView(id);
    return v && { v, facts: await signedFactsOf(v) };
  }, [id]);
  const data = view.data;
  if (data === undefined) return <Loading />;
  if (data === null) return <p class="list-empty">{t("workOrder.notOnPhone")}</p>;
  // An inspection is signed once, on its report: asked for a sign-off, it signs that.
  const signed = purpose === "sign_off" ? signOffPurpose(data.v.wo.type) : purpose;
  return <SignForm key={signed} v={data.v} facts={data.facts} purpose={signed} />;
}

function SignForm({ v, facts: opened, purpose }: { v: WorkOrderView; facts: SignedSummaryInput; purpose: SignedHere }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad | null>(null);
  // The signer's name and comment are kept as drafts until signed (per purpose).
  const signerField = `sign.${purpose}.signer`;
  const commentField = `sign.${purpose}.comment`;
  const drafts = useDrafts(v.wo.id, { [signerField]: v.wo.contact_name || v.wo.reporter_name, [commentField]: "" });
  const signer = drafts.values[signerField] ?? "";
  const comment = drafts.values[commentField] ?? "";
  // The survey starts unanswered: each question is rated or skipped, never assumed.
  const [scores, setScores] = useState<SurveyAnswers>(UNANSWERED);
  const [showUnrated, setShowUnrated] = useState(false);
  const [empty, setEmpty] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // The facts are fixed when the screen opens: what the customer reads is what is signed.
  const [facts] = useState(opened);
  // The signature that signs the work off carries his ratings (an inspection's: the report).
  const rating = purpose === signOffPurpose(v.wo.type);
  // Consent to paid work: the estimate is fixed when the screen opens, like the facts.
  const [estimate] = useState(() =>
    purpose === "paid_work_consent" ? priceWork(v, new Date().toISOString().slice(0, 10)).estimate : null,
  );
  const consenting = purpose === "paid_work_consent";
  const nothingToConsent = consenting && !(estimate && estimate.chargeable_cents > 0);
  const consent =
    consenting && estimate ? { amount_cents: estimate.chargeable_cents, lines: consentLines(estimate), signer_name: signer } : null;
  // A consent signature signs the consent it gives, with the signer's name as typed.
  const summary = signedSummary(consent ? withConsent(facts, consent) : facts);

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
    if (rating && unanswered(scores).length > 0) {
      setShowUnrated(true);
      setError(new LocalError("signOff.errors.unrated"));
      return;
    }
    if (!pad.current || pad.current.isEmpty() || !canvas.current) {
      setError(new LocalError("signOff.errors.empty"));
      return;
    }
    setBusy(true);
    try {
      const png = await prepareCanvasPng(canvas.current);
      const signed = { work_order_id: v.wo.id, summary, summary_sha256: await summarySha256(summary) };
      if (consent) {
        await signPaidWorkConsent(png, consent, signed);
      } else {
        await addSignature(png, {
          ...signed,
          purpose,
          signer_name: signer,
          signer_role: "customer",
          satisfaction: rating ? satisfactionOf(scores) : null,
          comment: comment.trim(),
        });
      }
      await drafts.clear();
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
          <section class="card" aria-labelledby="survey-title" data-survey>
            <h2 id="survey-title">{t("signOff.satisfaction")}</h2>
            <p class="sign__hint">{t("signOff.surveyHint")}</p>
            {SCORES.map((name) => {
              const answer = scores[name];
              const missing = showUnrated && answer === null;
              return (
                <div
                  key={name}
                  class={`score${missing ? " score--missing" : ""}`}
                  role="group"
                  aria-labelledby={`score-${name}`}
                  data-question={name}
                  data-answer={answer === null ? "none" : String(answer)}
                >
                  <span class="score__label" id={`score-${name}`}>
                    {t(`signOff.scores.${name}`)}
                    <span class={`score__state${missing ? " score__state--missing" : ""}`}>
                      {answer === null
                        ? t("signOff.unrated")
                        : answer === "skipped"
                          ? t("signOff.skipped")
                          : t("signOff.stars", { count: answer })}
                    </span>
                  </span>
                  <div class="score__buttons">
                    {[1, 2, 3, 4, 5].map((n) => (
                      <button
                        key={n}
                        type="button"
                        class={`score__star${typeof answer === "number" && n <= answer ? " score__star--on" : ""}`}
                        aria-pressed={n === answer}
                        aria-label={t("signOff.stars", { count: n })}
                        data-score={`${name}-${n}`}
                        onClick={() => setScores({ ...scores, [name]: n })}
                      >
                        ★
                      </button>
                    ))}
                    <button
                      type="button"
                      class={`chip score__skip${answer === "skipped" ? " chip--on" : ""}`}
                      aria-pressed={answer === "skipped"}
                      data-score={`${name}-skip`}
                      onClick={() => setScores({ ...scores, [name]: "skipped" })}
                    >
                      {t("signOff.skip")}
                    </button>
                  </div>
                </div>
              );
            })}
            {unanswered(scores).length > 0 && (
              <button type="button" class="button button--secondary button--block" data-score="skip-rest" onClick={() => setScores(skipRest(scores))}>
                {t("signOff.skipRest")}
              </button>
            )}
            <Field
              label={t("signOff.comment")}
              name="comment"
              value={comment}
              onInput={(value) => drafts.set(commentField, value)}
              onBlur={drafts.flush}
              multiline
            />
          </section>
        )}
        <section class="card">
          <Field
            label={t("signOff.signer")}
            name="signer"
            value={signer}
            onInput={(value) => drafts.set(signerField, value)}
            onBlur={drafts.flush}
            required
          />
          <DraftStatus state={drafts.state} hasDraft={drafts.hasDraft} />
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
