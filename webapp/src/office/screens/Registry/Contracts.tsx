// Contracts with their rules settings (docs/rules.md): the settings are edited in a
// structured form (warranty, SLA table, calendars, fees; JSON only in its advanced view);
// the server validates them and every error names its nested field, shown on that field
// (settings.warranty.return_days ...). Only what differs from the defaults is kept.

import { useState } from "preact/hooks";

import { ErrorMessage } from "../../../components/ErrorMessage";
import { useAsync } from "../../../components/useAsync";
import { t } from "../../../i18n";
import * as api from "../../api";
import { DataTable } from "../../components/DataTable";
import { changedMeanwhile, rebase } from "../../changedMeanwhile";
import { RecordSaveErrors } from "../../components/FieldErrors";
import { Input, Select } from "../../components/Input";
import type { Row } from "../../types";
import { messagesByPath, type Settings } from "./contractForm";
import { ContractSettingsEditor } from "./ContractSettingsEditor";

interface Draft {
  customer_id: string;
  number: string;
  name: string;
  kind: string;
  starts_on: string;
  ends_on: string;
  site_ids: string[];
  settings: Settings;
}

function draftOf(row: Row | null, defaults: unknown): Draft {
  return {
    customer_id: String((row?.customer as { id?: string } | undefined)?.id ?? row?.customer_id ?? ""),
    number: String(row?.number ?? ""),
    name: String(row?.name ?? ""),
    kind: String(row?.kind ?? "warranty"),
    starts_on: String(row?.starts_on ?? ""),
    ends_on: String(row?.ends_on ?? ""),
    site_ids: ((row?.sites as { id: string }[] | undefined) ?? []).map((s) => s.id),
    settings: structuredClone((row?.settings ?? defaults ?? {}) as Settings),
  };
}

export function Contracts({ canWrite }: { canWrite: boolean }) {
  const list = useAsync(() => api.listRows("contracts"), []);
  const defaults = useAsync(() => api.contractDefaults(), []);
  const customers = useAsync(() => api.listRows("customers"), []);
  const [editing, setEditing] = useState<Row | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const sites = useAsync(
    () => (draft?.customer_id ? api.listRows("sites", { customer_id: draft.customer_id }) : Promise.resolve(null)),
    [draft?.customer_id],
  );
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  function pick(row: Row | null) {
    setEditing(row);
    setDraft(draftOf(row, defaults.data));
    setError(null);
    setSaved(false);
  }

  async function save(event: Event) {
    event.preventDefault();
    if (!draft) return;
    setError(null);
    setSaved(false);
    const body: Record<string, unknown> = {
      number: draft.number,
      name: draft.name,
      kind: draft.kind,
      starts_on: draft.starts_on,
      ends_on: draft.ends_on,
      site_ids: draft.site_ids,
      settings: draft.settings,
    };
    if (!editing) body.customer_id = draft.customer_id;
    try {
      const row = editing ? await api.updateRow("contracts", editing, body) : await api.createRow("contracts", body);
      list.reload();
      setEditing(row);
      setDraft(draftOf(row, defaults.data));
      setSaved(true);
    } catch (failure) {
      const current = changedMeanwhile(failure);
      if (current && editing) {
        // Changed meanwhile: the record as it stands, with the user's changes on top.
        setDraft(rebase(draftOf(editing, defaults.data), draft, draftOf(current, defaults.data)));
        setEditing(current);
        list.reload();
      }
      setError(failure);
    }
  }

  const set = (name: Exclude<keyof Draft, "settings" | "site_ids">) => (value: string) => draft && setDraft({ ...draft, [name]: value });
  const messages = messagesByPath(error);
  return (
    <div class="o-columns">
      <section class="o-panel o-panel--wide">
        {list.error !== null && <ErrorMessage error={list.error} onRetry={list.reload} />}
        {defaults.error !== null && <ErrorMessage error={defaults.error} onRetry={defaults.reload} />}
        {list.data && (
          <DataTable
            rows={list.data.items}
            picked={editing?.id ?? null}
            onPick={canWrite && defaults.data ? pick : undefined}
            columns={[
              { key: "number", label: t("office.registry.field.number"), render: (r) => String(r.number) },
              { key: "name", label: t("office.registry.field.name"), render: (r) => String(r.name) },
              { key: "customer", label: t("office.registry.field.customer"), render: (r) => String((r.customer as { name?: string } | null)?.name ?? "") },
              { key: "kind", label: t("office.registry.field.kind"), render: (r) => t(`office.contracts.kind.${String(r.kind)}`) },
              { key: "period", label: t("office.contracts.period"), render: (r) => `${String(r.starts_on)} – ${String(r.ends_on)}` },
            ]}
          />
        )}
        {/* A form is opened on the default settings: not before they have arrived (it
            would show no calendars and every SLA target as untimed). */}
        {canWrite && !draft && defaults.data && (
          <button type="button" class="o-button" onClick={() => pick(null)}>
            {t("office.registry.new")}
          </button>
        )}
      </section>
      {canWrite && draft && (
        <aside class="o-panel o-panel--wide">
          <h2>{editing ? t("office.registry.edit") : t("office.registry.create")}</h2>
          <form class="o-form" onSubmit={save} aria-label={t("office.registry.tab.contracts")}>
            <div class="o-grid">
              {!editing && (
                <Select
                  label={t("office.registry.field.customer_id")}
                  name="customer_id"
                  value={draft.customer_id}
                  onChange={set("customer_id")}
                  empty={t("office.form.none")}
                  options={(customers.data?.items ?? []).map((c) => ({ value: c.id, label: String(c.name) }))}
                />
              )}
              <Input label={t("office.registry.field.number")} name="number" value={draft.number} onInput={set("number")} required />
              <Input label={t("office.registry.field.name")} name="name" value={draft.name} onInput={set("name")} required />
              <Select
                label={t("office.registry.field.kind")}
                name="kind"
                value={draft.kind}
                onChange={set("kind")}
                options={["warranty", "maintenance"].map((k) => ({ value: k, label: t(`office.contracts.kind.${k}`) }))}
              />
              <Input label={t("office.registry.field.starts_on")} name="starts_on" type="date" value={draft.starts_on} onInput={set("starts_on")} />
              <Input label={t("office.registry.field.ends_on")} name="ends_on" type="date" value={draft.ends_on} onInput={set("ends_on")} />
            </div>
            <fieldset class="o-fieldset">
              <legend>{t("office.contracts.sites")}</legend>
              {(sites.data?.items ?? []).map((site) => (
                <label key={site.id} class="o-check">
                  <input
                    type="checkbox"
                    checked={draft.site_ids.includes(site.id)}
                    onChange={(e) => {
                      const on = (e.currentTarget as HTMLInputElement).checked;
                      setDraft({ ...draft, site_ids: on ? [...draft.site_ids, site.id] : draft.site_ids.filter((id) => id !== site.id) });
                    }}
                  />{" "}
                  {String(site.name)}
                </label>
              ))}
            </fieldset>
            <ContractSettingsEditor
              key={editing?.id ?? "new"}
              settings={draft.settings}
              onChange={(settings) => setDraft({ ...draft, settings })}
              messages={messages}
            />
            <p class="o-muted">{t("office.contracts.hint")}</p>
            <RecordSaveErrors error={error} />
            {saved && <p class="o-notice">{t("office.registry.saved")}</p>}
            <div class="o-buttons">
              <button type="submit" class="o-button">
                {t("buttons.save")}
              </button>
              <button type="button" class="o-button o-button--ghost" onClick={() => draft && setDraft({ ...draft, settings: structuredClone((defaults.data ?? {}) as Settings) })}>
                {t("office.contracts.resetDefaults")}
              </button>
            </div>
          </form>
        </aside>
      )}
    </div>
  );
}
