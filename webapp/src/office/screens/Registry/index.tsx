// Registry administration (基础资料): customers, sites, systems, devices (with the
// equipment list import), contracts, parts and stock, users and roles, checklist templates,
// the organisation calendar of public holidays and make-up days, a customer's contacts,
// regions and service centres, the survey's questions and the organisation's settings.

import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";

import { ErrorMessage, errorText } from "../../../components/ErrorMessage";
import { Link } from "../../../components/Link";
import { useAsync } from "../../../components/useAsync";
import { has, t } from "../../../i18n";
import * as api from "../../api";
import { DataTable } from "../../components/DataTable";
import { changedMeanwhile, rebase } from "../../changedMeanwhile";
import { RecordSaveErrors } from "../../components/FieldErrors";
import { FieldError, Input, Select } from "../../components/Input";
import { messagesByField } from "../../fieldErrors";
import type { Row } from "../../types";
import { CustomerCalls } from "../Calls";
import { OrganisationCalendar } from "./Calendar";
import { ChecklistTemplates } from "./Checklists";
import { CustomerContacts } from "./Contacts";
import { Contracts } from "./Contracts";
import { DeviceImport } from "./DeviceImport";
import { DeviceSwap } from "./DeviceSwap";
import { OrganisationSettingsForm } from "./Organisation";
import { bodyFrom, type FieldSpec, initialValue, RESOURCES, type ResourceName, type ResourceSpec } from "./resources";
import { Stock } from "./Stock";

export const REGISTRY_TABS = [
  "customers",
  "sites",
  "systems",
  "devices",
  "contracts",
  "parts",
  "stock",
  "users",
  "checklists",
  "calendar",
  "contacts",
  "regions",
  "centres",
  "survey",
  "organisation",
] as const;
export type RegistryTab = (typeof REGISTRY_TABS)[number];

export function Registry({ tab, role }: { tab: RegistryTab; role: string }) {
  return (
    <div class="o-page">
      <nav class="o-tabs" aria-label={t("office.nav.registry")}>
        {REGISTRY_TABS.map((name) => (
          <Link key={name} href={`/office/registry/${name}`} replace class={`o-tabs__tab${name === tab ? " o-tabs__tab--on" : ""}`} aria-current={name === tab ? "page" : undefined}>
            {t(`office.registry.tab.${name}`)}
          </Link>
        ))}
      </nav>
      {tab === "contracts" ? (
        <Contracts canWrite={role === "admin"} />
      ) : tab === "calendar" ? (
        <OrganisationCalendar canWrite={role === "admin"} />
      ) : tab === "checklists" ? (
        <ChecklistTemplates canWrite={role === "admin"} />
      ) : tab === "stock" ? (
        <Stock canWrite={role === "admin"} />
      ) : tab === "contacts" ? (
        <CustomerContacts role={role} />
      ) : tab === "organisation" ? (
        <OrganisationSettingsForm canWrite={role === "admin"} />
      ) : (
        <>
          {tab === "devices" && role === "admin" && <DeviceImport />}
          <ResourceEditor
            key={tab}
            spec={RESOURCES[tab as ResourceName]}
            role={role}
            detail={detailFor(tab)}
          />
        </>
      )}
    </div>
  );
}

/** More about the picked row: a unit's swaps, a customer's calls (its history). */
function detailFor(tab: RegistryTab): EditorProps["detail"] {
  if (tab === "devices") return (row, reload) => <DeviceSwap key={row.id} id={row.id} onSwapped={reload} />;
  if (tab === "customers") return (row) => <CustomerCalls key={row.id} customerId={row.id} />;
  return undefined;
}

/** A cell of a registry table: nested refs by name, booleans as yes/no. */
export function cell(row: Row, column: string) {
  const value = row[column];
  if (column === "warranty") {
    const status = (value as { status?: string } | undefined)?.status ?? "undecided";
    return <span data-warranty={status}>{t(`office.warranty.${status}`)}</span>;
  }
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? t("office.yes") : t("office.no");
  if (typeof value === "object") {
    const named = value as { name?: string; display_name?: string; serial?: string };
    return named.name ?? named.display_name ?? named.serial ?? "—";
  }
  if (column === "status" && has(`deviceStatus.${value}`)) return t(`deviceStatus.${value}`);
  if (column === "zone") return t(`zone.${value}`);
  if (column === "role") return t(`role.${value}`);
  if (column === "device_class" || column === "category") return t(`office.deviceClass.${value}`);
  if (column === "type") return t(`office.systemType.${value}`);
  if (column === "kind") return t(`office.stock.kind.${value}`);
  if (column.endsWith("_cents") && typeof value === "number") return `¥${(value / 100).toFixed(2)}`;
  return String(value);
}

function refLabel(row: Row): string {
  return String(row.display_name ?? row.name ?? row.serial ?? row.id) + (row.code ? ` (${String(row.code)})` : "");
}

/** The choices of a ref field (customers, sites ...), loaded once per field. */
function RefSelect({ field, value, onChange, error }: FormFieldProps) {
  const options = useAsync(() => api.listRows(field.ref as string, field.refQuery ?? {}), [field.ref]);
  return (
    <Select
      label={t(`office.registry.field.${field.name}`)}
      name={field.name}
      value={value}
      onChange={onChange}
      empty={t("office.form.none")}
      options={(options.data?.items ?? []).map((row) => ({ value: row.id, label: refLabel(row) }))}
      error={error}
    />
  );
}

interface FormFieldProps {
  field: FieldSpec;
  value: string;
  onChange: (v: string) => void;
  /** The server's message for this field (a 422). */
  error?: string;
}

export function FormField({ field, value, onChange, error }: FormFieldProps) {
  const label = t(`office.registry.field.${field.name}`);
  switch (field.kind) {
    case "ref":
      return <RefSelect field={field} value={value} onChange={onChange} error={error} />;
    case "choice":
      return (
        <Select
          label={label}
          name={field.name}
          value={value}
          onChange={onChange}
          empty={field.required ? undefined : t("office.form.none")}
          options={(field.choices ?? []).map((choice) => ({ value: choice, label: t(`${field.labels}.${choice}`) }))}
          error={error}
        />
      );
    case "bool":
      return (
        <label class="o-check">
          <input
            type="checkbox"
            name={field.name}
            checked={value === "true"}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `office-${field.name}-error` : undefined}
            onChange={(e) => onChange(String((e.currentTarget as HTMLInputElement).checked))}
          />{" "}
          {label}
          <FieldError name={field.name} error={error} />
        </label>
      );
    case "textarea":
      return <Input label={label} name={field.name} value={value} onInput={onChange} multiline error={error} />;
    case "number":
      return <Input label={label} name={field.name} value={value} onInput={onChange} type="number" error={error} />;
    case "date":
      return <Input label={label} name={field.name} value={value} onInput={onChange} type="date" error={error} />;
    case "password":
      return <Input label={label} name={field.name} value={value} onInput={onChange} type="password" error={error} />;
    default:
      return <Input label={label} name={field.name} value={value} onInput={onChange} required={field.required} error={error} />;
  }
}

/** Registry tables whose rows have a printable sheet of device labels, by query argument. */
const LABEL_SHEETS: Partial<Record<string, string>> = { sites: "site_id", systems: "system_id" };

/** The A4 sheet of QR labels of a site's or system's devices, in a new tab. */
async function printLabels(resource: string, id: string) {
  const blob = await api.fetchFile(`/labels.pdf?${LABEL_SHEETS[resource]}=${encodeURIComponent(id)}`);
  window.open(URL.createObjectURL(blob), "_blank", "noopener");
}

interface EditorProps {
  spec: ResourceSpec;
  role: string;
  /** More about the picked row, for every office role (a unit's swaps, a customer's calls). */
  detail?: (row: Row, reload: () => void) => ComponentChildren;
  /** Fixed query and create fields (a customer's contacts: {customer_id}). */
  scope?: Record<string, string>;
}

/** A resource's rows as a page; an unpaged list (survey questions) searched here. */
async function listOf(spec: ResourceSpec, q: string, scope: Record<string, string>) {
  if (!spec.unpaged) return api.listRows(spec.resource, { q: q || undefined, ...scope });
  const all = await api.listAll(spec.resource);
  const needle = q.trim().toLowerCase();
  const items = needle ? all.filter((row) => Object.values(row).some((v) => String(v).toLowerCase().includes(needle))) : all;
  return { items, total: items.length };
}

export function ResourceEditor({ spec, role, detail, scope = {} }: EditorProps) {
  const [q, setQ] = useState("");
  const list = useAsync(() => listOf(spec, q, scope), [spec.resource, q, JSON.stringify(scope)]);
  const [editing, setEditing] = useState<Row | null>(null);
  const canWrite = spec.writeRoles.includes(role);
  const initial = (row: Row | null) => Object.fromEntries(spec.fields.map((f) => [f.name, initialValue(f, row)]));
  const [values, setValues] = useState<Record<string, string>>(() => initial(null));
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  // The server's messages on the fields it named (the contact cap in its own words).
  const onField = messagesByField(error as never, error ? errorText(error) : undefined);

  function pick(row: Row | null) {
    setEditing(row);
    setValues(initial(row));
    setError(null);
    setSaved(false);
  }

  async function save(event: Event) {
    event.preventDefault();
    setError(null);
    setSaved(false);
    try {
      const body = bodyFrom(spec.fields, values, editing ? initial(editing) : null);
      const row = editing ? await api.updateRow(spec.resource, editing, body) : await api.createRow(spec.resource, { ...body, ...scope });
      list.reload();
      pick(row);
      setSaved(true);
    } catch (failure) {
      const current = changedMeanwhile(failure);
      if (current && editing) {
        // Changed meanwhile: the record as it stands, with the user's changes on top.
        setValues(rebase(initial(editing), values, initial(current)));
        setEditing(current);
        list.reload();
      }
      setError(failure);
    }
  }

  return (
    <div class="o-columns">
      <section class="o-panel o-panel--wide">
        <div class="o-toolbar">
          <input class="o-search-box" type="search" name="q" value={q} placeholder={t("office.search")} onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} />
          <span class="o-muted">{t("office.registry.count", { count: list.data?.total ?? 0 })}</span>
        </div>
        {list.error !== null && <ErrorMessage error={list.error} onRetry={list.reload} />}
        {list.data && (
          <DataTable
            rows={list.data.items}
            picked={editing?.id ?? null}
            onPick={canWrite || detail ? pick : undefined}
            columns={spec.columns.map((column) => ({
              key: column,
              label: t(`office.registry.field.${column}`),
              render: (row: Row) => cell(row, column),
            }))}
          />
        )}
      </section>
      {detail && editing && !canWrite && <aside class="o-panel">{detail(editing, list.reload)}</aside>}
      {canWrite && (
        <aside class="o-panel">
          {detail && editing && detail(editing, list.reload)}
          <h2>{editing ? t("office.registry.edit") : t("office.registry.create")}</h2>
          {spec.hint && <p class="o-muted">{t(spec.hint)}</p>}
          <form class="o-form" onSubmit={save} aria-label={t(spec.label ?? `office.registry.tab.${spec.resource}`)}>
            {spec.fields
              .filter((field) => !(editing && field.createOnly))
              .map((field) => (
                <FormField
                  key={field.name}
                  field={field}
                  value={values[field.name] ?? ""}
                  onChange={(value) => setValues({ ...values, [field.name]: value })}
                  error={onField[field.name]}
                />
              ))}
            <RecordSaveErrors error={error} shown={Object.keys(onField)} />
            {saved && <p class="o-notice">{t("office.registry.saved")}</p>}
            <div class="o-buttons">
              <button type="submit" class="o-button">
                {t("buttons.save")}
              </button>
              {editing && (
                <button type="button" class="o-button o-button--ghost" onClick={() => pick(null)}>
                  {t("office.registry.new")}
                </button>
              )}
              {editing && LABEL_SHEETS[spec.resource] && (
                <button type="button" class="o-button o-button--ghost" onClick={() => void printLabels(spec.resource, editing.id)}>
                  {t("office.registry.printLabels")}
                </button>
              )}
            </div>
          </form>
        </aside>
      )}
    </div>
  );
}
