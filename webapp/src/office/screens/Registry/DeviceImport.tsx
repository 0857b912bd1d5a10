// Import an equipment list (设备清单, CSV or XLSX): all rows or none; every bad row is
// listed with its spreadsheet row number.

import { useState } from "preact/hooks";

import { errorText } from "../../../components/ErrorMessage";
import { useAsync } from "../../../components/useAsync";
import { t } from "../../../i18n";
import { ApiError } from "../../../sync/api";
import * as api from "../../api";
import { Select } from "../../components/Input";
import { fieldErrors, importRowErrors } from "../../fieldErrors";
import type { ImportResult } from "../../types";

export function DeviceImport() {
  const systems = useAsync(() => api.listRows("systems"), []);
  const [systemId, setSystemId] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function upload(event: Event) {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api.importDevices(file, systemId));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const errors = error instanceof ApiError ? error.errors : {};
  const rows = importRowErrors(errors);
  const other = fieldErrors({ columns: errors.columns, file: errors.file });
  return (
    <section class="o-panel o-import">
      <h2>{t("office.import.title")}</h2>
      <p class="o-muted">{t("office.import.hint")}</p>
      <form class="o-inline" onSubmit={upload}>
        <Select
          label={t("office.registry.field.system_id")}
          name="import_system_id"
          value={systemId}
          onChange={setSystemId}
          empty={t("office.import.systemFromFile")}
          options={(systems.data?.items ?? []).map((row) => ({ value: row.id, label: `${String((row.site as { name: string }).name)} / ${String(row.name)}` }))}
        />
        <label class="o-field">
          <span class="o-field__label">{t("office.import.file")}</span>
          <input type="file" name="file" accept=".csv,.xlsx" onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)} />
        </label>
        <button type="submit" class="o-button" disabled={!file || busy}>
          {t("office.import.upload")}
        </button>
      </form>
      {result && <p class="o-notice" role="status">{t("office.import.done", { count: result.created })}</p>}
      {error !== null && (
        <div class="office-errors" role="alert">
          <p>{errorText(error)}</p>
          {other.length > 0 && (
            <ul>
              {other.map((e) => (
                <li key={e.path}>
                  <code>{e.path}</code>: {e.messages.join(" ")}
                </li>
              ))}
            </ul>
          )}
          {rows.length > 0 && (
            <table class="o-table o-table--compact">
              <thead>
                <tr>
                  <th>{t("office.import.row")}</th>
                  <th>{t("office.import.column")}</th>
                  <th>{t("office.import.problem")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={`${row.row}-${row.field}`} data-row={row.row}>
                    <td class="o-num">{row.row}</td>
                    <td>{row.field}</td>
                    <td>{row.messages.join(" ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
