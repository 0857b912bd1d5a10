// The organisation calendar (组织日历): the public holidays and make-up working days (调休)
// the admin enters once a year from the State Council notice. Every contract calendar
// counts them unless it says otherwise (docs/rules.md, use_organisation_calendar); a date
// is in the calendar once (the server's 422 names falls_on).

import { useState } from "preact/hooks";

import { ErrorMessage } from "../../../components/ErrorMessage";
import { useAsync } from "../../../components/useAsync";
import { t } from "../../../i18n";
import * as api from "../../api";
import { FieldErrors } from "../../components/FieldErrors";
import { Input, Select } from "../../components/Input";

const KINDS = ["holiday", "make_up_workday"] as const;

/** The years the filter offers: around this one, and any year already in the calendar. */
export function yearsToOffer(thisYear: number, days: readonly { falls_on: string }[]): number[] {
  const years = new Set([thisYear - 1, thisYear, thisYear + 1]);
  for (const day of days) years.add(Number(day.falls_on.slice(0, 4)));
  return [...years].sort((a, b) => a - b);
}

export function OrganisationCalendar({ canWrite, thisYear = new Date().getFullYear() }: { canWrite: boolean; thisYear?: number }) {
  const [year, setYear] = useState(thisYear);
  const all = useAsync(() => api.calendarDays(), []);
  const days = (all.data ?? []).filter((day) => day.falls_on.startsWith(`${year}-`));
  const [draft, setDraft] = useState({ falls_on: "", kind: "holiday" as (typeof KINDS)[number], name: "" });
  const [error, setError] = useState<unknown>(null);

  async function add(event: Event) {
    event.preventDefault();
    setError(null);
    try {
      await api.addCalendarDay(draft);
      setDraft({ ...draft, falls_on: "" });
      all.reload();
    } catch (failure) {
      setError(failure);
    }
  }

  async function remove(id: string) {
    setError(null);
    try {
      await api.removeCalendarDay(id);
      all.reload();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <div class="o-columns">
      <section class="o-panel o-panel--wide" aria-label={t("office.calendar.title")}>
        <p class="o-muted">{t("office.calendar.hint")}</p>
        <Select
          label={t("office.calendar.year")}
          name="calendar-year"
          value={String(year)}
          onChange={(value) => setYear(Number(value))}
          options={yearsToOffer(thisYear, all.data ?? []).map((y) => ({ value: String(y), label: String(y) }))}
        />
        {all.error !== null && <ErrorMessage error={all.error} onRetry={all.reload} />}
        {all.data && days.length === 0 && <p class="o-muted">{t("office.calendar.empty", { year })}</p>}
        {days.length > 0 && (
          <table class="o-table" data-testid="calendar-days">
            <thead>
              <tr>
                <th scope="col">{t("office.calendar.date")}</th>
                <th scope="col">{t("office.calendar.kind")}</th>
                <th scope="col">{t("office.calendar.name")}</th>
                {canWrite && <th scope="col" />}
              </tr>
            </thead>
            <tbody>
              {days.map((day) => (
                <tr key={day.id} data-day={day.falls_on} data-kind={day.kind}>
                  <td>{day.falls_on}</td>
                  <td>{t(`office.calendar.kinds.${day.kind}`)}</td>
                  <td>{day.name}</td>
                  {canWrite && (
                    <td>
                      <button
                        type="button"
                        class="o-button o-button--ghost"
                        onClick={() => void remove(day.id)}
                        aria-label={t("office.calendar.removeDay", { date: day.falls_on })}
                      >
                        {t("office.calendar.remove")}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {canWrite && (
        <aside class="o-panel">
          <h2>{t("office.calendar.add")}</h2>
          <form class="o-form" onSubmit={add} aria-label={t("office.calendar.add")}>
            <Input label={t("office.calendar.date")} name="falls_on" type="date" value={draft.falls_on} onInput={(falls_on) => setDraft({ ...draft, falls_on })} required />
            <Select
              label={t("office.calendar.kind")}
              name="kind"
              value={draft.kind}
              onChange={(kind) => setDraft({ ...draft, kind: kind as (typeof KINDS)[number] })}
              options={KINDS.map((kind) => ({ value: kind, label: t(`office.calendar.kinds.${kind}`) }))}
            />
            <Input label={t("office.calendar.name")} name="day-name" value={draft.name} onInput={(name) => setDraft({ ...draft, name })} placeholder={t("office.calendar.namePlaceholder")} />
            <FieldErrors error={error} />
            <div class="o-buttons">
              <button type="submit" class="o-button">
                {t("office.calendar.add")}
              </button>
            </div>
          </form>
        </aside>
      )}
    </div>
  );
}
