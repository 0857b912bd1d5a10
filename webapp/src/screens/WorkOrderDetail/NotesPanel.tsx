import { useState } from "preact/hooks";

import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { Section } from "../../components/Section";
import { t } from "../../i18n";
import { formatDateTime } from "../../i18n/format";
import { addNote } from "../../store/actions";
import { LOANER_ISSUED_PREFIX, LOANER_RETURNED_PREFIX, loanerNote } from "../../store/notes";
import type { WorkOrderView } from "../../store/workOrders";
import { syncSoon } from "../../sync/scheduler";

export function NotesPanel({ v }: { v: WorkOrderView }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<unknown>(null);

  async function add(event: Event) {
    event.preventDefault();
    setError(null);
    try {
      await addNote(v.wo.id, text);
      setText("");
      syncSoon();
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

/** A loaner unit lent while the customer's is repaired, and its return (as notes). */
export function LoanerPanel({ v }: { v: WorkOrderView }) {
  const [serial, setSerial] = useState("");
  const [model, setModel] = useState("");
  const [error, setError] = useState<unknown>(null);
  const issued = v.notes.filter((n) => n.text.startsWith(LOANER_ISSUED_PREFIX)).length;
  const returned = v.notes.filter((n) => n.text.startsWith(LOANER_RETURNED_PREFIX)).length;
  const out = issued > returned;

  async function record(kind: "issued" | "returned") {
    setError(null);
    try {
      await addNote(v.wo.id, loanerNote(kind, serial.trim(), model.trim()));
      setSerial("");
      setModel("");
      syncSoon();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <Section id="loaner" title={t("loaner.title")}>
      <p class={out ? "fees__warn" : "detail__muted"}>{out ? t("loaner.out") : t("loaner.none")}</p>
      <Field label={t("loaner.model")} name="loaner-model" value={model} onInput={setModel} />
      <Field label={t("loaner.serial")} name="loaner-serial" value={serial} onInput={setSerial} />
      <div class="two-buttons">
        <button type="button" class="button button--secondary" disabled={!serial.trim()} onClick={() => record("issued")}>
          {t("loaner.issue")}
        </button>
        <button type="button" class="button button--secondary" disabled={!serial.trim()} onClick={() => record("returned")}>
          {t("loaner.return")}
        </button>
      </div>
      {error !== null && <ErrorMessage error={error} />}
    </Section>
  );
}
