// The plan (计划): inspections, follow-ups, site checks and satisfaction surveys that are
// overdue, due soon, coming up or done, as the scheduler planned them (`flask schedule`).
// A follow-up or survey is recorded here: mode, what the customer said, the scores.

import { useState } from "preact/hooks";

import { ErrorMessage } from "../../components/ErrorMessage";
import { useAsync } from "../../components/useAsync";
import { getLocale, t } from "../../i18n";
import { formatDateTime } from "../../i18n/format";
import { Input, Select } from "../components/Input";
import * as api from "./api";
import { saveBlob } from "./logic";
import type { ScheduledVisit, SurveyQuestion } from "./types";

const STATES = ["overdue", "due", "upcoming", "done"] as const;
const MODES = ["phone", "visit", "meeting", "letter"];

export function Plan() {
  const [state, setState] = useState<(typeof STATES)[number]>("overdue");
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const visits = useAsync(() => api.visits(state), [state]);
  return (
    <div class="o-page">
      <div class="o-toolbar">
        <h1>{t("kpi.plan.title")}</h1>
        <div class="o-segmented" role="group" aria-label={t("kpi.plan.title")}>
          {STATES.map((value) => (
            <button key={value} type="button" data-state={value} class={`o-segmented__item${state === value ? " o-segmented__item--on" : ""}`} onClick={() => setState(value)}>
              {t(`kpi.state.${value}`)}
            </button>
          ))}
        </div>
        <button type="button" class="o-button o-button--ghost" onClick={() => api.csv("/scheduled-visits/", { state }).then((blob) => saveBlob(blob, `plan-${state}.csv`), setError)}>
          {t("kpi.csv")}
        </button>
      </div>
      {error !== null && <ErrorMessage error={error} />}
      {visits.error !== null && <ErrorMessage error={visits.error} onRetry={visits.reload} />}
      {visits.data && visits.data.items.length === 0 && <p class="o-empty">{t("office.table.empty")}</p>}
      {visits.data && visits.data.items.length > 0 && (
        <table class="o-table" data-plan={state}>
          <thead>
            <tr>
              <th>{t("kpi.column.due_on")}</th>
              <th>{t("kpi.column.kind")}</th>
              <th>{t("kpi.column.customer")}</th>
              <th>{t("kpi.plan.what")}</th>
              <th>{t("kpi.plan.workOrder")}</th>
              <th>{t("kpi.column.engineer")}</th>
              <th>{t("kpi.column.state")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {visits.data.items.map((visit) => (
              <VisitRow key={visit.id} visit={visit} open={open === visit.id} onOpen={() => setOpen(open === visit.id ? null : visit.id)} onDone={() => { setOpen(null); visits.reload(); }} />
            ))}
          </tbody>
        </table>
      )}
      {visits.data && visits.data.total > visits.data.items.length && (
        <p class="o-muted">{t("kpi.plan.more", { count: visits.data.total - visits.data.items.length })}</p>
      )}
    </div>
  );
}

function VisitRow({ visit, open, onOpen, onDone }: { visit: ScheduledVisit; open: boolean; onOpen: () => void; onDone: () => void }) {
  const recordable = visit.state !== "done" && visit.state !== "cancelled" && visit.kind !== "inspection";
  const what = visit.system?.name ?? visit.contract?.number ?? visit.site.name;
  return (
    <>
      <tr data-visit={visit.kind}>
        <td>{visit.due_at ? formatDateTime(visit.due_at) : visit.due_on}</td>
        <td>{t(`kpi.kind.${visit.kind}`)}</td>
        <td>{visit.customer.name}</td>
        <td>{what}</td>
        <td>{visit.work_order ? `${visit.work_order.number} · ${t(`status.${visit.work_order.status}`)}` : "—"}</td>
        <td>{visit.work_order?.assigned_engineer?.display_name ?? "—"}</td>
        <td class={`kpi-state--${visit.state}`}>{t(`kpi.state.${visit.state}`)}</td>
        <td>
          {recordable && (
            <button type="button" class="o-button o-button--secondary" onClick={onOpen} aria-expanded={open}>
              {t("kpi.plan.record")}
            </button>
          )}
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={8}>
            <FollowUpForm visit={visit} onDone={onDone} />
          </td>
        </tr>
      )}
    </>
  );
}

function FollowUpForm({ visit, onDone }: { visit: ScheduledVisit; onDone: () => void }) {
  const questions = useAsync(() => api.questions(), []);
  const [mode, setMode] = useState(visit.kind === "survey" ? "phone" : "visit");
  const [contact, setContact] = useState("");
  const [opinions, setOpinions] = useState("");
  const [scores, setScores] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const label = (q: SurveyQuestion) => (getLocale() === "en" ? q.label_en : q.label_zh);

  async function save(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const given = Object.fromEntries(Object.entries(scores).filter(([, v]) => v !== "").map(([k, v]) => [k, Number(v)]));
      await api.recordFollowUp({
        customer_id: visit.customer.id,
        scheduled_visit_id: visit.id,
        mode,
        contact_name: contact,
        opinions,
        scores: given,
      });
      onDone();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="o-form" onSubmit={save} data-form="follow-up">
      <div class="kpi-filters">
        <Select label={t("kpi.followUp.mode")} name="mode" value={mode} onChange={setMode} options={MODES.map((m) => ({ value: m, label: t(`kpi.mode.${m}`) }))} />
        <Input label={t("kpi.followUp.contact")} name="contact_name" value={contact} onInput={setContact} />
      </div>
      <Input label={t("kpi.followUp.opinions")} name="opinions" value={opinions} onInput={setOpinions} multiline />
      <div class="kpi-scores">
        {(questions.data ?? []).map((q) => (
          <Select
            key={q.key}
            label={label(q)}
            name={`score-${q.key}`}
            value={scores[q.key] ?? ""}
            onChange={(value) => setScores({ ...scores, [q.key]: value })}
            empty={t("kpi.followUp.noScore")}
            options={[5, 4, 3, 2, 1].map((n) => ({ value: String(n), label: t(`kpi.score.s${n}`) }))}
          />
        ))}
      </div>
      {error !== null && <ErrorMessage error={error} />}
      <button type="submit" class="o-button" disabled={busy}>
        {t("kpi.followUp.save")}
      </button>
    </form>
  );
}
