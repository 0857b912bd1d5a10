// One KPI table as the server sends it, its cells formatted by column name, with a CSV
// download of the same table (the server writes the CSV: ?format=csv).

import { useState } from "preact/hooks";

import { ErrorMessage } from "../../components/ErrorMessage";
import { useAsync } from "../../components/useAsync";
import { t } from "../../i18n";
import { formatDateTime } from "../../i18n/format";
import { Select } from "../components/Input";
import * as api from "./api";
import { formatMinutes, formatPercent, formatYuan, saveBlob } from "./logic";
import type { Row } from "./types";

/** Columns kept out of the screen (ids the CSV and links use). */
const HIDDEN = new Set(["id", "device_id", "engineer_id", "group_id", "label_en"]);

export function cell(column: string, value: Row[string] | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  if (column.endsWith("_percent")) return formatPercent(Number(value));
  if (column.endsWith("_cents")) return formatYuan(Number(value));
  if (column.endsWith("_minutes")) {
    return formatMinutes(Number(value), { d: t("kpi.unit.days"), h: t("kpi.unit.hours"), min: t("kpi.unit.minutes") });
  }
  if (column.endsWith("_at")) return formatDateTime(String(value));
  if (column === "clock") return t(`kpi.clock.${String(value)}`);
  if (column === "kind") return t(`kpi.kind.${String(value)}`);
  if (column === "reason") return t(`kpi.reason.${String(value)}`);
  if (column === "warranty_status") return t(`kpi.warranty.${String(value)}`);
  if (column === "work") return t(`kpi.work.${String(value)}`);
  if (column.endsWith("_state")) return t(`kpi.deadline.${String(value)}`);
  if (typeof value === "boolean") return value ? t("office.yes") : t("office.no");
  return String(value);
}

export function KpiTable({
  name,
  rows,
  query,
  groups,
}: {
  name: string;
  rows: Row[];
  query: Record<string, string>;
  groups?: string[];
}) {
  const [group, setGroup] = useState("");
  const [error, setError] = useState<unknown>(null);
  const grouped = useAsync(() => (group ? api.groupedOnTime(query, group) : Promise.resolve(null)), [group, JSON.stringify(query)]);
  const shown = group && grouped.data ? grouped.data.rows : rows;
  const columns = Object.keys(shown[0] ?? {}).filter((column) => !HIDDEN.has(column));
  const exportQuery = group ? { ...query, group_by: group } : query;
  return (
    <section class="kpi-section" data-table={name}>
      <div class="kpi-section__head">
        <h2>{t(`kpi.table.${name}`)}</h2>
        {groups && (
          <Select
            label={t("kpi.groupBy")}
            name={`group-${name}`}
            value={group}
            onChange={setGroup}
            empty={t("kpi.filter.none")}
            options={groups.map((g) => ({ value: g, label: t(`kpi.group.${g}`) }))}
          />
        )}
        <button
          type="button"
          class="o-button o-button--ghost"
          data-csv={name}
          onClick={() => {
            setError(null);
            api.csv(`/kpi/${name}`, exportQuery).then((blob) => saveBlob(blob, `kpi-${name}.csv`), setError);
          }}
        >
          {t("kpi.csv")}
        </button>
      </div>
      {error !== null && <ErrorMessage error={error} />}
      {grouped.error !== null && <ErrorMessage error={grouped.error} onRetry={grouped.reload} />}
      {shown.length === 0 ? (
        <p class="o-empty">{t("kpi.noData")}</p>
      ) : (
        <div class="kpi-table">
          <table class="o-table o-table--compact">
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column}>{t(`kpi.column.${column}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((row, i) => (
                <tr key={i}>
                  {columns.map((column) => (
                    <td key={column} class={typeof row[column] === "number" ? "o-num" : undefined}>
                      {cell(column, row[column])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
