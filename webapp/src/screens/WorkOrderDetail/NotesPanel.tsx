import { useState } from "preact/hooks";

import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { Section } from "../../components/Section";
import { t } from "../../i18n";
import { formatDateTime } from "../../i18n/format";
import { addNote, issueLoaner, returnLoaner } from "../../store/actions";
import type { WorkOrderView } from "../../store/workOrders";

export function NotesPanel({ v }: { v: WorkOrderView }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<unknown>(null);

  async function add(event: Event) {
    event.preventDefault();
    setError(null);
    try {
      await addNote(v.wo.id, text);
      setText("");
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <Section id="notes" title={t("notes.title")}>
      {v.notes.length === 0 ? (
        <p class="detail__muted">{t("notes.none")}</p>
      ) : (
        <ul class="rows" data-list="notes">
          {v.notes.map((note) => (
            <li key={note.id} class="rows__item">
              <p class="rows__text">{note.text}</p>
              <span class="detail__muted">
                {formatDateTime(note.device_at ?? note.server_at)}
                {note.row_version === 0 && ` · ${t("sync.notSynced")}`}
              </span>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add}>
        <Field label={t("notes.new")} name="note-text" value={text} onInput={setText} multiline />
        <button type="submit" class="button button--secondary button--block" disabled={!text.trim()}>
          {t("notes.add")}
        </button>
      </form>
      {error !== null && <ErrorMessage error={error} />}
    </Section>
  );
}

/** Loaner units (备用机) lent while the customer's is repaired: issue one, take it back. */
export function LoanerPanel({ v }: { v: WorkOrderView }) {
  const [serial, setSerial] = useState("");
  const [model, setModel] = useState("");
  const [due, setDue] = useState("");
  const [condition, setCondition] = useState("");
  const [error, setError] = useState<unknown>(null);
  const out = v.loaners.some((l) => !l.returned_at);

  async function run(body: () => Promise<unknown>) {
    setError(null);
    try {
      await body();
    } catch (failure) {
      setError(failure);
    }
  }

  function issue() {
    return run(async () => {
      await issueLoaner(v.wo.id, { description: model, serial, due_back_on: due || null });
      setSerial("");
      setModel("");
      setDue("");
    });
  }

  function giveBack(id: string) {
    return run(async () => {
      await returnLoaner(id, condition);
      setCondition("");
    });
  }

  return (
    <Section id="loaner" title={t("loaner.title")}>
      <p class={out ? "fees__warn" : "detail__muted"}>{out ? t("loaner.out") : t("loaner.none")}</p>
      {v.loaners.length > 0 && (
        <ul class="rows" data-list="loaners">
          {v.loaners.map((loaner) => (
            <li key={loaner.id} class="rows__item" data-loaner={loaner.returned_at ? "returned" : "out"}>
              <p class="rows__text">
                {loaner.description} {loaner.serial}
              </p>
              <span class="detail__muted">
                {t("loaner.issued", { at: formatDateTime(loaner.issued_at) })}
                {loaner.due_back_on && ` · ${t("loaner.dueOn", { date: loaner.due_back_on })}`}
                {" · "}
                {loaner.returned_at ? t("loaner.returned", { at: formatDateTime(loaner.returned_at) }) : t("loaner.outNow")}
                {loaner.row_version === 0 && ` · ${t("sync.notSynced")}`}
              </span>
              {!loaner.returned_at && (
                <button type="button" class="button button--secondary" data-loaner-return={loaner.id} onClick={() => giveBack(loaner.id)}>
                  {t("loaner.return")}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {out && <Field label={t("loaner.condition")} name="loaner-condition" value={condition} onInput={setCondition} />}
      <Field label={t("loaner.model")} name="loaner-model" value={model} onInput={setModel} />
      <Field label={t("loaner.serial")} name="loaner-serial" value={serial} onInput={setSerial} />
      <Field label={t("loaner.dueBack")} name="loaner-due" value={due} onInput={setDue} type="date" />
      <button type="button" class="button button--secondary button--block" disabled={!model.trim()} onClick={issue} data-loaner="issue">
        {t("loaner.issue")}
      </button>
      {error !== null && <ErrorMessage error={error} />}
    </Section>
  );
}
