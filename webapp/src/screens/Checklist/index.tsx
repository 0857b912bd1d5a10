import { useState } from "preact/hooks";

import { DraftStatus } from "../../components/DraftStatus";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Link } from "../../components/Link";
import { Loading } from "../../components/Loading";
import { PhotoInput } from "../../components/PhotoInput";
import { t } from "../../i18n";
import { goBack } from "../../router";
import { addAttachment, addInspectionResult } from "../../store/actions";
import { judgeAnswer, missingRequired } from "../../store/checklist";
import { preparePhoto } from "../../store/media";
import type { ChecklistItem, InspectionResultRecord } from "../../store/records";
import { useDrafts } from "../../store/useDrafts";
import { useLiveQuery } from "../../store/useLiveQuery";
import { answerKey, getWorkOrderView, latestAnswers, type WorkOrderView } from "../../store/workOrders";
import "./style.css";

/** The inspection checklist of the system's type, answered per device. */
export function Checklist({ id }: { id: string }) {
  const view = useLiveQuery(() => getWorkOrderView(id), [id]);
  const [deviceIndex, setDeviceIndex] = useState(0);
  const v = view.data;
  if (v === undefined) return <Loading />;
  if (v === null || !v.template) {
    return (
      <main class="main">
        <p class="list-empty">{t("checklist.noTemplate")}</p>
      </main>
    );
  }
  const targets = v.devices.length ? v.devices.map((d) => ({ id: d.id as string | null, label: `${d.model} ${d.serial}` })) : [{ id: null, label: t("checklist.wholeSystem") }];
  const target = targets[Math.min(deviceIndex, targets.length - 1)]!;
  const latest = latestAnswers(v.results);
  const items = v.template.items;
  const missing = targets.flatMap((tg) => missingRequired(items, (key) => latest.get(answerKey(key, tg.id))?.value));

  return (
    <main class="main checklist">
      <button type="button" class="detail__back" onClick={() => goBack(`/work-orders/${id}`)}>
        ‹ {t("nav.back")}
      </button>
      <h1>{v.template.name}</h1>
      <p class="detail__muted">{v.wo.number}</p>
      {targets.length > 1 && (
        <div class="photo-kinds" role="group" aria-label={t("checklist.device")}>
          {targets.map((tg, i) => (
            <button key={tg.id} type="button" class={`chip${i === deviceIndex ? " chip--on" : ""}`} aria-pressed={i === deviceIndex} onClick={() => setDeviceIndex(i)}>
              {tg.label}
            </button>
          ))}
        </div>
      )}
      <ol class="checklist__items">
        {items.map((item) => (
          <li key={`${item.key}|${target.id}`}>
            <ItemCard v={v} item={item} deviceId={target.id} answer={latest.get(answerKey(item.key, target.id))} />
          </li>
        ))}
      </ol>
      <section class="card">
        {missing.length > 0 ? (
          <p class="fees__warn" data-missing={missing.length}>
            {t("checklist.missing", { count: missing.length })}
          </p>
        ) : (
          <p class="notice" data-complete="yes">
            {t("checklist.complete")}
          </p>
        )}
        {missing.length > 0 ? (
          <button type="button" class="button button--block" disabled data-step="report-sign">
            {t("checklist.sign")}
          </button>
        ) : (
          <Link class="button button--block" href={`/work-orders/${id}/sign?purpose=inspection_report`} data-step="report-sign">
            {t("checklist.sign")}
          </Link>
        )}
      </section>
    </main>
  );
}

/** An item's allowed range in words: "18–27 °C", "≥ 30 天" with only a lower bound,
 * "≤ 5 %" with only an upper one; "" when it sets none. */
export function rangeText(item: ChecklistItem): string {
  if (item.type !== "number") return "";
  const min = item.min ?? null;
  const max = item.max ?? null;
  const unit = item.unit ?? "";
  const text =
    min !== null && max !== null
      ? t("checklist.range", { min, max, unit })
      : min !== null
        ? t("checklist.rangeMin", { min, unit })
        : max !== null
          ? t("checklist.rangeMax", { max, unit })
          : "";
  return text.trim();
}

function ItemCard({ v, item, deviceId, answer }: { v: WorkOrderView; item: ChecklistItem; deviceId: string | null; answer: InspectionResultRecord | undefined }) {
  // The reading and the note are kept as drafts until saved (per item and device).
  const answerField = `checklist.${item.key}.${deviceId ?? ""}.answer`;
  const noteField = `checklist.${item.key}.${deviceId ?? ""}.note`;
  const drafts = useDrafts(v.wo.id, {
    [answerField]: answer?.value === undefined || answer?.value === null ? "" : String(answer.value),
    [noteField]: answer?.note ?? "",
  });
  const text = drafts.values[answerField] ?? "";
  const note = drafts.values[noteField] ?? "";
  const [error, setError] = useState<unknown>(null);
  const number = item.type === "number" && text.trim() !== "" ? Number(text) : null;
  const judged = item.type === "number" && number !== null ? judgeAnswer(item, number) : answer?.is_ok ?? null;

  /** Save the answer; ``typed``: the draft it came from, forgotten once saved. */
  async function save(value: unknown, withNote = "", typed: string[] = []) {
    setError(null);
    try {
      await addInspectionResult(v.wo.id, { template_id: v.template!.id, item_key: item.key, device_id: deviceId, value, note: withNote });
      if (typed.length) await drafts.clear(typed);
    } catch (failure) {
      setError(failure);
    }
  }

  // A failed answer must be explained (completion guards): a note saved with the same
  // answer (the newest counts), or a photo linked to the answer itself.
  async function evidence(file: File) {
    if (!answer) return;
    setError(null);
    try {
      const prepared = await preparePhoto(file);
      await addAttachment(prepared, { work_order_id: v.wo.id, device_id: deviceId, inspection_result_id: answer.id, kind: "other", caption: item.label });
    } catch (failure) {
      setError(failure);
    }
  }

  async function photo(file: File) {
    setError(null);
    try {
      const prepared = await preparePhoto(file);
      const attachment = await addAttachment(prepared, { work_order_id: v.wo.id, device_id: deviceId, kind: "other", caption: item.label });
      await save(attachment.id);
    } catch (failure) {
      setError(failure);
    }
  }

  const range = rangeText(item);
  const answered = answer !== undefined && answer.value !== null && answer.value !== "";
  const failed = answer?.is_ok === false;
  const explained = failed && (answer.note.trim() !== "" || v.attachments.some((a) => a.inspection_result_id === answer.id));
  // The verdict in words beside the item, not by colour only: the reading typed (before
  // it is saved) or the saved answer.
  const verdict = judged === false ? "fail" : judged === true && answered ? "pass" : null;
  return (
    <div
      class={`card check-item${judged === false ? " check-item--bad" : ""}`}
      data-item={item.key}
      data-answered={answered ? "yes" : "no"}
      data-verdict={verdict ?? "none"}
    >
      <div class="check-item__head">
        <strong>{item.label}</strong>
        <span class="check-item__tags">
          {item.required && <span class="check-item__required">{t("checklist.required")}</span>}
          {verdict && (
            <span class={`check-item__verdict check-item__verdict--${verdict}`}>
              <span aria-hidden="true">{verdict === "fail" ? "✕ " : "✓ "}</span>
              {t(verdict === "fail" ? "checklist.fail" : "checklist.pass")}
            </span>
          )}
        </span>
      </div>
      {range && <p class="detail__muted">{range}</p>}
      {item.type === "pass_fail" && (
        <div class="two-buttons">
          <button type="button" class={`button${answer?.value === true ? "" : " button--secondary"}`} aria-pressed={answer?.value === true} data-answer="pass" onClick={() => save(true)}>
            {t("checklist.pass")}
          </button>
          <button type="button" class={`button button--danger${answer?.value === false ? " button--danger-on" : ""}`} aria-pressed={answer?.value === false} data-answer="fail" onClick={() => save(false)}>
            {t("checklist.fail")}
          </button>
        </div>
      )}
      {(item.type === "number" || item.type === "text") && (
        <form
          class="check-item__form"
          onSubmit={(event) => {
            event.preventDefault();
            void save(item.type === "number" ? (text.trim() === "" ? null : Number(text)) : text.trim(), "", [answerField]);
          }}
        >
          <input
            class="field__input"
            name={`answer-${item.key}`}
            inputMode={item.type === "number" ? "decimal" : "text"}
            value={text}
            aria-label={item.label}
            aria-invalid={judged === false ? "true" : undefined}
            onInput={(e) => drafts.set(answerField, e.currentTarget.value)}
            onBlur={drafts.flush}
          />
          {item.unit && <span class="check-item__unit">{item.unit}</span>}
          <button type="submit" class="button" data-answer="save">
            {t("buttons.save")}
          </button>
        </form>
      )}
      {item.type === "photo" && (
        <PhotoInput label={answered ? t("checklist.photoAgain") : t("photos.take")} name={`photo-${item.key}`} onPhoto={photo} />
      )}
      {judged === false && item.type === "number" && <p class="check-item__flag" data-flag="out-of-range">{t("checklist.outOfRange")}</p>}
      {answered && <p class="check-item__saved">{t("checklist.saved")}</p>}
      {failed && (
        <div class="check-item__evidence" data-evidence={explained ? "yes" : "no"}>
          <p class={explained ? "check-item__saved" : "check-item__flag"} data-flag={explained ? "explained" : "needs-evidence"} role={explained ? undefined : "status"}>
            {explained ? t("checklist.explained") : t("checklist.needsEvidence")}
          </p>
          <form
            class="check-item__form"
            onSubmit={(event) => {
              event.preventDefault();
              if (note.trim()) void save(answer.value, note.trim(), [noteField]);
            }}
          >
            <input class="field__input" name={`note-${item.key}`} value={note} aria-label={t("checklist.note")} placeholder={t("checklist.note")} onInput={(e) => drafts.set(noteField, e.currentTarget.value)} onBlur={drafts.flush} />
            <button type="submit" class="button button--secondary" data-answer="note" disabled={!note.trim()}>
              {t("checklist.saveNote")}
            </button>
          </form>
          <PhotoInput label={t("checklist.evidencePhoto")} name={`evidence-${item.key}`} onPhoto={evidence} />
        </div>
      )}
      {(item.type === "number" || item.type === "text" || failed) && <DraftStatus state={drafts.state} hasDraft={drafts.hasDraft} />}
      {error !== null && <ErrorMessage error={error} />}
    </div>
  );
}
