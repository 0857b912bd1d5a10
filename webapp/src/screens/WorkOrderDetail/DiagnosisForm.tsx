import { useState } from "preact/hooks";

import { DraftStatus } from "../../components/DraftStatus";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { t } from "../../i18n";
import { useDrafts } from "../../store/useDrafts";
import type { Diagnosis } from "../../sync/types";

const FIELDS = [
  ["diagnosis_symptom", "workOrder.diagnosis.symptom"],
  ["diagnosis_location", "workOrder.diagnosis.location"],
  ["diagnosis_cause", "workOrder.diagnosis.cause"],
  ["diagnosis_fix", "workOrder.diagnosis.fix"],
] as const;

interface Props {
  workOrderId: string;
  /** What the order holds now: each field shows it unless a draft was typed. */
  initial: Diagnosis;
  editable: boolean;
  onSave: (diagnosis: Diagnosis) => Promise<void>;
}

/** The four diagnosis fields: symptom found, fault location, cause, fix. What is typed is
 * kept as a draft until saved. */
export function DiagnosisForm({ workOrderId, initial, editable, onSave }: Props) {
  const drafts = useDrafts(workOrderId, {
    diagnosis_symptom: initial.diagnosis_symptom,
    diagnosis_location: initial.diagnosis_location,
    diagnosis_cause: initial.diagnosis_cause,
    diagnosis_fix: initial.diagnosis_fix,
  });
  // A closed order shows what it holds; a draft left on it waits in case it opens again.
  const values: Diagnosis = editable ? drafts.values : initial;
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setSaved(false);
    setError(null);
    try {
      await onSave(values);
      await drafts.clear();
      setSaved(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card diagnosis" onSubmit={submit} aria-labelledby="diagnosis-title">
      <h2 id="diagnosis-title">{t("workOrder.sections.diagnosis")}</h2>
      {FIELDS.map(([name, label]) => (
        <Field
          key={name}
          label={t(label)}
          name={name}
          value={values[name]}
          onInput={(value) => {
            drafts.set(name, value);
            setSaved(false);
          }}
          onBlur={drafts.flush}
          multiline
          disabled={!editable}
        />
      ))}
      {editable && <DraftStatus state={drafts.state} hasDraft={drafts.hasDraft} />}
      {editable ? (
        <button type="submit" class="button button--block" disabled={busy}>
          {busy ? t("buttons.saving") : t("buttons.save")}
        </button>
      ) : (
        <p class="detail__muted">{t("workOrder.diagnosis.readOnly")}</p>
      )}
      {error !== null && <ErrorMessage error={error} />}
      {saved && (
        <p class="notice" role="status">
          {t("workOrder.diagnosis.saved")}
        </p>
      )}
    </form>
  );
}
