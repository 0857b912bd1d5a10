// The organisation's settings (组织设置): company name and hotline (on reports and
// e-mails), the time zone working days and SLA deadlines are counted in, and the default
// language. One row; admins change it, the server's 422 is shown on the fields.

import { useEffect, useState } from "preact/hooks";

import { ErrorMessage, errorText } from "../../../components/ErrorMessage";
import { Loading } from "../../../components/Loading";
import { useAsync } from "../../../components/useAsync";
import { t } from "../../../i18n";
import * as api from "../../api";
import { Input, Select } from "../../components/Input";
import { messagesByField } from "../../fieldErrors";
import type { OrganisationSettings } from "../../types";

const TEXT_FIELDS = ["company_name", "hotline", "timezone"] as const;

/** What changed between the stored settings and the form (PATCH sends only that). */
export function changedSettings(stored: OrganisationSettings, form: OrganisationSettings): Partial<OrganisationSettings> {
  const body: Partial<OrganisationSettings> = {};
  for (const key of Object.keys(form) as (keyof OrganisationSettings)[]) {
    if (form[key] !== stored[key]) (body as Record<string, string>)[key] = form[key].trim();
  }
  return body;
}

export function OrganisationSettingsForm({ canWrite }: { canWrite: boolean }) {
  const stored = useAsync(() => api.organisationSettings(), []);
  const [form, setForm] = useState<OrganisationSettings | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (stored.data) setForm(stored.data);
  }, [stored.data]);

  if (stored.error !== null) return <ErrorMessage error={stored.error} onRetry={stored.reload} />;
  if (!stored.data || !form) return <Loading />;
  const onField = messagesByField(error as never);

  async function save(event: Event) {
    event.preventDefault();
    if (!stored.data || !form) return;
    setError(null);
    setSaved(false);
    try {
      stored.setData(await api.saveOrganisationSettings(changedSettings(stored.data, form)));
      setSaved(true);
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <section class="o-panel" aria-label={t("office.organisation.title")}>
      <h2>{t("office.organisation.title")}</h2>
      <p class="o-muted">{t(canWrite ? "office.organisation.hint" : "office.organisation.readOnly")}</p>
      <form class="o-form" onSubmit={save} aria-label={t("office.organisation.title")}>
        <fieldset disabled={!canWrite} class="o-fieldset">
          {TEXT_FIELDS.map((name) => (
            <Input
              key={name}
              label={t(`office.organisation.${name}`)}
              name={name}
              value={form[name]}
              onInput={(value) => setForm({ ...form, [name]: value })}
              error={onField[name]}
            />
          ))}
          <Select
            label={t("office.organisation.default_locale")}
            name="default_locale"
            value={form.default_locale}
            onChange={(value) => setForm({ ...form, default_locale: value as OrganisationSettings["default_locale"] })}
            options={(["zh-CN", "en"] as const).map((value) => ({ value, label: t(`office.locale.${value}`) }))}
            error={onField.default_locale}
          />
        </fieldset>
        {error !== null && (
          <p class="office-errors" role="alert">
            {errorText(error)}
          </p>
        )}
        {saved && <p class="o-notice">{t("office.organisation.saved")}</p>}
        {canWrite && (
          <div class="o-buttons">
            <button type="submit" class="o-button">
              {t("buttons.save")}
            </button>
          </div>
        )}
      </form>
    </section>
  );
}
