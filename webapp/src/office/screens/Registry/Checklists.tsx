// Checklist templates (巡检模板) per system type: items with a unique key, a type
// (pass/fail, number, text, photo) and for numbers a range; errors name the item.

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
import { draftToItem, type ItemDraft, itemToDraft } from "./checklistDraft";
import { RESOURCES } from "./resources";

const ITEM_TYPES = ["pass_fail", "number", "text", "photo"];
const SYSTEM_TYPES = RESOURCES.systems.fields.find((f) => f.name === "type")?.choices ?? [];

interface Draft {
  name: string;
  system_type: string;
  is_active: boolean;
  items: ItemDraft[];
}

const blankItem = (): ItemDraft => ({ key: "", label: "", type: "pass_fail", unit: "", min: "", max: "", required: false });

function draftOf(row: Row | null): Draft {
  return {
    name: String(row?.name ?? ""),
    system_type: String(row?.system_type ?? "cctv"),
    is_active: row ? Boolean(row.is_active) : true,
    items: ((row?.items as Record<string, unknown>[] | undefined) ?? [{}]).map((item) => (row ? itemToDraft(item) : blankItem())),
  };
}

export function ChecklistTemplates({ canWrite }: { canWrite: boolean }) {
  const list = useAsync(() => api.listRows("checklist-templates"), []);
  const [editing, setEditing] = useState<Row | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  function pick(row: Row | null) {
    setEditing(row);
    setDraft(draftOf(row));
    setError(null);
    setSaved(false);
  }

  function setItem(index: number, change: Partial<ItemDraft>) {
    if (!draft) return;
    setDraft({ ...draft, items: draft.items.map((item, i) => (i === index ? { ...item, ...change } : item)) });
  }

  async function save(event: Event) {
    event.preventDefault();
    if (!draft) return;
    setError(null);
    setSaved(false);
    const body = { name: draft.name, system_type: draft.system_type, is_active: draft.is_active, items: draft.items.map(draftToItem) };
    try {
      const row = editing ? await api.updateRow("checklist-templates", editing, body) : await api.createRow("checklist-templates", body);
      list.reload();
      setEditing(row);
      setDraft(draftOf(row));
      setSaved(true);
    } catch (failure) {
      const current = changedMeanwhile(failure);
      if (current && editing) {
        // Changed meanwhile: the record as it stands, with the user's changes on top.
        setDraft(rebase(draftOf(editing), draft, draftOf(current)));
        setEditing(current);
        list.reload();
      }
      setError(failure);
    }
  }

  return (
    <div class="o-columns">
      <section class="o-panel">
        {list.error !== null && <ErrorMessage error={list.error} onRetry={list.reload} />}
        {list.data && (
          <DataTable
            rows={list.data.items}
            picked={editing?.id ?? null}
            onPick={canWrite ? pick : undefined}
            columns={[
              { key: "name", label: t("office.registry.field.name"), render: (r) => String(r.name) },
              { key: "type", label: t("office.registry.field.system_type"), render: (r) => t(`office.systemType.${String(r.system_type)}`) },
              { key: "items", label: t("office.checklists.items"), render: (r) => String((r.items as unknown[]).length) },
              { key: "active", label: t("office.registry.field.is_active"), render: (r) => (r.is_active ? t("office.yes") : t("office.no")) },
            ]}
          />
        )}
        {canWrite && !draft && (
          <button type="button" class="o-button" onClick={() => pick(null)}>
            {t("office.registry.new")}
          </button>
        )}
      </section>
      {canWrite && draft && (
        <aside class="o-panel o-panel--wide">
          <h2>{editing ? t("office.registry.edit") : t("office.registry.create")}</h2>
          <form class="o-form" onSubmit={save} aria-label={t("office.registry.tab.checklists")}>
            <div class="o-grid">
              <Input label={t("office.registry.field.name")} name="name" value={draft.name} onInput={(v) => setDraft({ ...draft, name: v })} required />
              <Select
                label={t("office.registry.field.system_type")}
                name="system_type"
                value={draft.system_type}
                onChange={(v) => setDraft({ ...draft, system_type: v })}
                options={SYSTEM_TYPES.map((v) => ({ value: v, label: t(`office.systemType.${v}`) }))}
              />
              <label class="o-check">
                <input type="checkbox" checked={draft.is_active} onChange={(e) => setDraft({ ...draft, is_active: (e.currentTarget as HTMLInputElement).checked })} />{" "}
                {t("office.registry.field.is_active")}
              </label>
            </div>
            <table class="o-table o-table--compact o-items">
              <thead>
                <tr>
                  <th>#</th>
                  <th>{t("office.checklists.key")}</th>
                  <th>{t("office.checklists.label")}</th>
                  <th>{t("office.checklists.type")}</th>
                  <th>{t("office.checklists.unit")}</th>
                  <th>{t("office.checklists.min")}</th>
                  <th>{t("office.checklists.max")}</th>
                  <th>{t("office.checklists.required")}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {draft.items.map((item, index) => (
                  <tr key={index} data-item={index}>
                    <td>{index}</td>
                    <td>
                      <input name={`items.${index}.key`} value={item.key} onInput={(e) => setItem(index, { key: (e.currentTarget as HTMLInputElement).value })} />
                    </td>
                    <td>
                      <input name={`items.${index}.label`} value={item.label} onInput={(e) => setItem(index, { label: (e.currentTarget as HTMLInputElement).value })} />
                    </td>
                    <td>
                      <select name={`items.${index}.type`} value={item.type} onChange={(e) => setItem(index, { type: (e.currentTarget as HTMLSelectElement).value })}>
                        {ITEM_TYPES.map((type) => (
                          <option key={type} value={type}>
                            {t(`office.checklists.itemType.${type}`)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <input class="o-narrow" name={`items.${index}.unit`} value={item.unit} onInput={(e) => setItem(index, { unit: (e.currentTarget as HTMLInputElement).value })} />
                    </td>
                    <td>
                      <input class="o-narrow" name={`items.${index}.min`} value={item.min} onInput={(e) => setItem(index, { min: (e.currentTarget as HTMLInputElement).value })} />
                    </td>
                    <td>
                      <input class="o-narrow" name={`items.${index}.max`} value={item.max} onInput={(e) => setItem(index, { max: (e.currentTarget as HTMLInputElement).value })} />
                    </td>
                    <td>
                      <input type="checkbox" checked={item.required} onChange={(e) => setItem(index, { required: (e.currentTarget as HTMLInputElement).checked })} />
                    </td>
                    <td>
                      <button type="button" class="o-link" onClick={() => setDraft({ ...draft, items: draft.items.filter((_, i) => i !== index) })}>
                        {t("office.checklists.remove")}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button type="button" class="o-button o-button--ghost" onClick={() => setDraft({ ...draft, items: [...draft.items, blankItem()] })}>
              {t("office.checklists.addItem")}
            </button>
            <RecordSaveErrors error={error} />
            {saved && <p class="o-notice">{t("office.registry.saved")}</p>}
            <button type="submit" class="o-button">
              {t("buttons.save")}
            </button>
          </form>
        </aside>
      )}
    </div>
  );
}
