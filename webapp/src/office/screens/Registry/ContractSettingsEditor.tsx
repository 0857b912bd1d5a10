// The structured contract editor: warranty terms, the SLA table by severity × zone, the
// service calendars (the organisation calendar, 24x7, business hours) and fees, each field
// with the server's message when a save is refused (docs/rules.md explains every setting).
// The whole settings object stays editable as JSON in the "advanced" view.

import { useState } from "preact/hooks";

import { t } from "../../../i18n";
import {
  countValue,
  datesValue,
  fenValue,
  getAt,
  type Json,
  minutesValue,
  type Path,
  setAt,
  type Settings,
  yuanText,
} from "./contractForm";

const START_EVENTS = ["sale", "delivery", "installation", "commissioning", "acceptance", "first_use", "purchase", "day_after_acceptance"];
const DEVICE_CLASSES = ["main", "peripheral", "consumable"];
const PERIPHERAL_COVERAGE = ["all", "none", "listed"];
const SEVERITIES = ["1", "2", "3", "4"];
const ZONES = ["in_city", "out_of_town"];
const CLOCKS = ["response", "remote", "arrival", "restore", "resolve"];
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const TRAVEL_MODES = ["per_km", "flat"];

interface Form {
  settings: Settings;
  set: (path: Path, value: Json) => void;
  messages: Map<string, string[]>;
}

const nameOf = (path: Path) => path.join(".");

/** The server's messages for the field at ``path`` (its 422 names settings.<path>). */
function Messages({ form, path }: { form: Form; path: Path }) {
  const messages = form.messages.get(`settings.${nameOf(path)}`);
  if (!messages) return null;
  return (
    <span class="o-field__error" role="alert" data-error-for={nameOf(path)}>
      {messages.join(" ")}
    </span>
  );
}

function invalid(form: Form, path: Path): boolean {
  return form.messages.has(`settings.${nameOf(path)}`);
}

function NumberField({ form, path, label, read, write, unit }: {
  form: Form;
  path: Path;
  label: string;
  read?: (value: Json | undefined) => string;
  write?: (text: string) => Json;
  unit?: string;
}) {
  const value = getAt(form.settings, path);
  const shown = read ? read(value) : value == null ? "" : String(value);
  // Money keeps what is typed ("12." on the way to "12.5") until the field is left.
  const [typing, setTyping] = useState<string | null>(null);
  return (
    <label class="o-field">
      <span class="o-field__label">
        {label}
        {unit && <span class="o-muted"> ({unit})</span>}
      </span>
      <input
        name={nameOf(path)}
        inputMode="decimal"
        value={typing ?? shown}
        aria-invalid={invalid(form, path) || undefined}
        onInput={(event) => {
          const text = (event.currentTarget as HTMLInputElement).value;
          setTyping(text);
          form.set(path, (write ?? countValue)(text));
        }}
        onBlur={() => setTyping(null)}
      />
      <Messages form={form} path={path} />
    </label>
  );
}

function CheckField({ form, path, label }: { form: Form; path: Path; label: string }) {
  return (
    <label class="o-check">
      <input
        type="checkbox"
        name={nameOf(path)}
        checked={getAt(form.settings, path) === true}
        onChange={(event) => form.set(path, (event.currentTarget as HTMLInputElement).checked)}
      />{" "}
      {label}
      <Messages form={form} path={path} />
    </label>
  );
}

function ChoiceField({ form, path, label, options }: { form: Form; path: Path; label: string; options: { value: string; label: string }[] }) {
  return (
    <label class="o-field">
      <span class="o-field__label">{label}</span>
      <select
        name={nameOf(path)}
        value={String(getAt(form.settings, path) ?? "")}
        aria-invalid={invalid(form, path) || undefined}
        onChange={(event) => form.set(path, (event.currentTarget as HTMLSelectElement).value)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <Messages form={form} path={path} />
    </label>
  );
}

function TextField({ form, path, label }: { form: Form; path: Path; label: string }) {
  return (
    <label class="o-field">
      <span class="o-field__label">{label}</span>
      <input
        name={nameOf(path)}
        value={String(getAt(form.settings, path) ?? "")}
        aria-invalid={invalid(form, path) || undefined}
        onInput={(event) => form.set(path, (event.currentTarget as HTMLInputElement).value)}
      />
      <Messages form={form} path={path} />
    </label>
  );
}

function DatesField({ form, path, label }: { form: Form; path: Path; label: string }) {
  const value = getAt(form.settings, path);
  const [typing, setTyping] = useState<string | null>(null);
  return (
    <label class="o-field">
      <span class="o-field__label">{label}</span>
      <textarea
        name={nameOf(path)}
        rows={2}
        placeholder="2026-10-08, 2026-10-09"
        value={typing ?? (Array.isArray(value) ? value.join(", ") : "")}
        aria-invalid={invalid(form, path) || undefined}
        onInput={(event) => {
          const text = (event.currentTarget as HTMLTextAreaElement).value;
          setTyping(text);
          form.set(path, datesValue(text));
        }}
        onBlur={() => setTyping(null)}
      />
      <Messages form={form} path={path} />
    </label>
  );
}

function Warranty({ form }: { form: Form }) {
  const at = (...path: string[]) => ["warranty", ...path];
  return (
    <fieldset class="o-fieldset" data-section="warranty">
      <legend>{t("office.contracts.section.warranty")}</legend>
      <div class="o-grid">
        <ChoiceField
          form={form}
          path={at("start_event")}
          label={t("office.contracts.field.start_event")}
          options={START_EVENTS.map((e) => ({ value: e, label: t(`office.contracts.startEvent.${e}`) }))}
        />
        {DEVICE_CLASSES.map((deviceClass) => (
          <NumberField
            key={deviceClass}
            form={form}
            path={at("months", deviceClass)}
            label={t("office.contracts.field.months", { deviceClass: t(`office.deviceClass.${deviceClass}`) })}
            unit={t("office.contracts.unit.months")}
          />
        ))}
        <NumberField form={form} path={at("return_days")} label={t("office.contracts.field.return_days")} unit={t("office.contracts.unit.days")} />
        <NumberField form={form} path={at("exchange_until_day")} label={t("office.contracts.field.exchange_until_day")} unit={t("office.contracts.unit.day")} />
        <NumberField form={form} path={at("lemon_threshold")} label={t("office.contracts.field.lemon_threshold")} />
        <ChoiceField
          form={form}
          path={at("peripheral_coverage")}
          label={t("office.contracts.field.peripheral_coverage")}
          options={PERIPHERAL_COVERAGE.map((c) => ({ value: c, label: t(`office.contracts.coverage.${c}`) }))}
        />
      </div>
      <CheckField form={form} path={at("manufacturer_longer_wins")} label={t("office.contracts.field.manufacturer_longer_wins")} />
      <CheckField form={form} path={at("replacement_restarts_warranty")} label={t("office.contracts.field.replacement_restarts_warranty")} />
      <CheckField form={form} path={at("covers_consumables")} label={t("office.contracts.field.covers_consumables")} />
    </fieldset>
  );
}

function SlaTable({ form }: { form: Form }) {
  const calendars = Object.keys((getAt(form.settings, ["sla", "calendars"]) as Settings | undefined) ?? {});
  return (
    <fieldset class="o-fieldset" data-section="sla">
      <legend>{t("office.contracts.section.sla")}</legend>
      <p class="o-muted">{t("office.contracts.slaHint")}</p>
      <div class="o-scroll-x">
        <table class="o-table o-sla-table">
          <thead>
            <tr>
              <th scope="col">{t("office.contracts.severity")}</th>
              <th scope="col">{t("office.contracts.zone")}</th>
              {CLOCKS.map((clock) => (
                <th key={clock} scope="col">
                  {t(`office.sla.clock.${clock}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {SEVERITIES.flatMap((level) =>
              ZONES.map((zone, index) => (
                <tr key={`${level}-${zone}`}>
                  {index === 0 && (
                    <th scope="row" rowSpan={2}>
                      {t("office.contracts.level", { level })}
                    </th>
                  )}
                  <td>{t(`office.contracts.zones.${zone}`)}</td>
                  {CLOCKS.map((clock) => {
                    const path = ["sla", "severities", level, "targets", zone, clock];
                    const value = getAt(form.settings, path);
                    return (
                      <td key={clock}>
                        <input
                          class="o-sla-table__minutes"
                          name={nameOf(path)}
                          inputMode="numeric"
                          aria-label={t("office.contracts.targetLabel", {
                            level,
                            zone: t(`office.contracts.zones.${zone}`),
                            clock: t(`office.sla.clock.${clock}`),
                          })}
                          placeholder={t("office.contracts.untracked")}
                          value={value == null ? "" : String(value)}
                          aria-invalid={invalid(form, path) || undefined}
                          onInput={(event) => form.set(path, minutesValue((event.currentTarget as HTMLInputElement).value))}
                        />
                        <Messages form={form} path={path} />
                      </td>
                    );
                  })}
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
      <div class="o-grid">
        {SEVERITIES.map((level) => (
          <div key={level} class="o-sla-severity">
            <ChoiceField
              form={form}
              path={["sla", "severities", level, "calendar"]}
              label={t("office.contracts.severityCalendar", { level })}
              options={calendars.map((name) => ({ value: name, label: calendarLabel(name) }))}
            />
            <NumberField
              form={form}
              path={["sla", "severities", level, "loaner_minutes"]}
              label={t("office.contracts.loaner", { level })}
              unit={t("office.contracts.unit.minutes")}
              write={minutesValue}
            />
          </div>
        ))}
        <NumberField form={form} path={["sla", "at_risk_percent"]} label={t("office.contracts.field.at_risk_percent")} unit="%" />
      </div>
    </fieldset>
  );
}

function calendarLabel(name: string): string {
  return name === "24x7" || name === "business_hours" ? t(`office.contracts.calendarName.${name}`) : name;
}

function Calendars({ form }: { form: Form }) {
  const calendars = (getAt(form.settings, ["sla", "calendars"]) as Settings | undefined) ?? {};
  return (
    <fieldset class="o-fieldset" data-section="calendars">
      <legend>{t("office.contracts.section.calendars")}</legend>
      {Object.keys(calendars).map((name) => {
        const at = (...path: string[]) => ["sla", "calendars", name, ...path];
        const business = getAt(form.settings, at("kind")) === "business_hours";
        const weekdays = (getAt(form.settings, at("weekdays")) as number[] | undefined) ?? [];
        return (
          <fieldset key={name} class="o-fieldset" data-calendar={name}>
            <legend>{calendarLabel(name)}</legend>
            <div class="o-grid">
              <ChoiceField
                form={form}
                path={at("kind")}
                label={t("office.contracts.field.calendarKind")}
                options={["24x7", "business_hours"].map((kind) => ({ value: kind, label: t(`office.contracts.calendarKind.${kind}`) }))}
              />
              {business && <TextField form={form} path={at("start")} label={t("office.contracts.field.start")} />}
              {business && <TextField form={form} path={at("end")} label={t("office.contracts.field.end")} />}
              <TextField form={form} path={at("timezone")} label={t("office.contracts.field.timezone")} />
            </div>
            {business && (
              <div class="o-weekdays" role="group" aria-label={t("office.contracts.field.weekdays")}>
                <span class="o-field__label">{t("office.contracts.field.weekdays")}</span>
                {WEEKDAYS.map((day) => (
                  <label key={day} class="o-check">
                    <input
                      type="checkbox"
                      name={`${nameOf(at("weekdays"))}.${day}`}
                      checked={weekdays.includes(day)}
                      onChange={(event) => {
                        const on = (event.currentTarget as HTMLInputElement).checked;
                        const next = on ? [...weekdays, day].sort((a, b) => a - b) : weekdays.filter((d) => d !== day);
                        form.set(at("weekdays"), next);
                      }}
                    />{" "}
                    {t(`office.contracts.weekday.${day}`)}
                  </label>
                ))}
                <Messages form={form} path={at("weekdays")} />
              </div>
            )}
            {business && (
              <>
                <CheckField form={form} path={at("use_organisation_calendar")} label={t("office.contracts.field.use_organisation_calendar")} />
                <div class="o-grid">
                  <DatesField form={form} path={at("holidays")} label={t("office.contracts.field.holidays")} />
                  <DatesField form={form} path={at("make_up_workdays")} label={t("office.contracts.field.make_up_workdays")} />
                </div>
              </>
            )}
          </fieldset>
        );
      })}
    </fieldset>
  );
}

function Fees({ form }: { form: Form }) {
  const money = (label: string, ...path: string[]) => (
    <NumberField form={form} path={["fees", ...path]} label={label} unit={t("office.contracts.unit.yuan")} read={yuanText} write={fenValue} />
  );
  return (
    <fieldset class="o-fieldset" data-section="fees">
      <legend>{t("office.contracts.section.fees")}</legend>
      <div class="o-grid">
        {money(t("office.contracts.field.labour_cents_per_hour"), "labour_cents_per_hour")}
        <NumberField form={form} path={["fees", "labour_increment_minutes"]} label={t("office.contracts.field.labour_increment_minutes")} unit={t("office.contracts.unit.minutes")} />
        {money(t("office.contracts.field.visit_fee_cents"), "visit_fee_cents")}
        {money(t("office.contracts.field.remote_session_fee_cents"), "remote_session_fee_cents")}
        {money(t("office.contracts.field.in_city_flat_cents"), "travel", "in_city_flat_cents")}
        <ChoiceField
          form={form}
          path={["fees", "travel", "out_of_town_mode"]}
          label={t("office.contracts.field.out_of_town_mode")}
          options={TRAVEL_MODES.map((mode) => ({ value: mode, label: t(`office.contracts.travelMode.${mode}`) }))}
        />
        {money(t("office.contracts.field.out_of_town_per_km_cents"), "travel", "out_of_town_per_km_cents")}
        {money(t("office.contracts.field.out_of_town_flat_cents"), "travel", "out_of_town_flat_cents")}
      </div>
    </fieldset>
  );
}

/** The settings as JSON, for what the form does not show (completion, schedules, clocks). */
function Advanced({ settings, onChange }: { settings: Settings; onChange: (settings: Settings) => void }) {
  const [text, setText] = useState<string | null>(null);
  const [bad, setBad] = useState(false);
  return (
    <details class="o-advanced" onToggle={() => setText(null)}>
      <summary>{t("office.contracts.advanced")}</summary>
      <textarea
        name="settings"
        class="o-code"
        rows={24}
        spellcheck={false}
        value={text ?? JSON.stringify(settings, null, 2)}
        aria-invalid={bad || undefined}
        onInput={(event) => {
          const value = (event.currentTarget as HTMLTextAreaElement).value;
          setText(value);
          try {
            const parsed = JSON.parse(value) as unknown;
            if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
            setBad(false);
            onChange(parsed as Settings);
          } catch {
            setBad(true);
          }
        }}
      />
      {bad && (
        <span class="o-field__error" role="alert">
          {t("office.contracts.badJson")}
        </span>
      )}
    </details>
  );
}

export function ContractSettingsEditor({ settings, onChange, messages }: {
  settings: Settings;
  onChange: (settings: Settings) => void;
  messages: Map<string, string[]>;
}) {
  const form: Form = { settings, messages, set: (path, value) => onChange(setAt(settings, path, value)) };
  return (
    <div class="o-contract-settings">
      <Warranty form={form} />
      <SlaTable form={form} />
      <Calendars form={form} />
      <Fees form={form} />
      <Advanced settings={settings} onChange={onChange} />
    </div>
  );
}
