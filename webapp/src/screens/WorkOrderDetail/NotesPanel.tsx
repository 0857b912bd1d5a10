import { useState } from "preact/hooks";

import { DraftStatus } from "../../components/DraftStatus";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { Section } from "../../components/Section";
import { t } from "../../i18n";
import { formatDateTime } from "../../i18n/format";
import { addNote, issueLoaner, returnLoaner, withdrawNote } from "../../store/actions";
import { useDrafts } from "../../store/useDrafts";
import type { WorkOrderView } from "../../store/workOrders";
import { WithdrawButton } from "./WithdrawButton";

/** Notes: the new one is kept as a draft while typed; one not yet sent can be taken back. */
export function NotesPanel({ v }: { v: WorkOrderView }) {
  const drafts = useDrafts(v.wo.id, { note: "" });
  const text = drafts.values.note;
  const [error, setError] = useState<unknown>(null);

  async function add(event: Event) {
    event.preventDefault();
    setError(null);
    try {
      await addNote(v.wo.id, text);
      await drafts.clear(["note"], { note: "" });
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
            <li key={note.id} class="rows__item" data-note={note.id}>
              <p class="rows__text">{note.text}</p>
              <span class="detail__muted">
                {formatDateTime(note.device_at ?? note.server_at)}
                {note.row_version === 0 && ` · ${t("sync.notSynced")}`}
              </span>
              {v.unsent.has(note.id) && <WithdrawButton label={t("withdraw.note")} onWithdraw={() => withdrawNote(note.id)} />}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add}>
        <Field
          label={t("notes.new")}
          name="note-text"
          value={text}
          onInput={(value) => drafts.set("note", value)}
          onBlur={drafts.flush}
          multiline
        />
        <DraftStatus state={drafts.state} hasDraft={drafts.hasDraft} />
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
  const drafts = useDrafts(v.wo.id, { "loaner.serial": "", "loaner.model": "", "loaner.due": "", "loaner.condition": "" });
  const { "loaner.serial": serial, "loaner.model": model, "loaner.due": due, "loaner.condition": condition } = drafts.values;
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
      await drafts.clear(["loaner.serial", "loaner.model", "loaner.due"], { "loaner.serial": "", "loaner.model": "", "loaner.due": "" });
    });
  }

  function giveBack(id: string) {
    return run(async () => {
      await returnLoaner(id, condition);
      await drafts.clear(["loaner.condition"], { "loaner.condition": "" });
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
      {out && (
        <Field
          label={t("loaner.condition")}
          name="loaner-condition"
          value={condition}
          onInput={(value) => drafts.set("loaner.condition", value)}
          onBlur={drafts.flush}
        />
      )}
      <Field label={t("loaner.model")} name="loaner-model" value={model} onInput={(value) => drafts.set("loaner.model", value)} onBlur={drafts.flush} />
      <Field label={t("loaner.serial")} name="loaner-serial" value={serial} onInput={(value) => drafts.set("loaner.serial", value)} onBlur={drafts.flush} />
      <Field
        label={t("loaner.dueBack")}
        name="loaner-due"
        value={due}
        onInput={(value) => drafts.set("loaner.due", value)}
        onBlur={drafts.flush}
        type="date"
      />
      <DraftStatus state={drafts.state} hasDraft={drafts.hasDraft} />
      <button type="button" class="button button--secondary button--block" disabled={!model.trim()} onClick={issue} data-loaner="issue">
        {t("loaner.issue")}
      </button>
      {error !== null && <ErrorMessage error={error} />}
    </Section>
  );
}
