import type { ComponentChildren } from "preact";

import { t } from "../../../i18n";

export interface Column<T> {
  key: string;
  label: string;
  render: (row: T) => ComponentChildren;
}

/** A plain table: one row per item, the given columns, a line when there is nothing. */
export function DataTable<T extends { id: string }>({
  rows,
  columns,
  onPick,
  picked,
}: {
  rows: T[];
  columns: Column<T>[];
  onPick?: (row: T) => void;
  picked?: string | null;
}) {
  if (rows.length === 0) return <p class="o-empty">{t("office.table.empty")}</p>;
  return (
    <table class="o-table">
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.key}>{column.label}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr
            key={row.id}
            data-id={row.id}
            class={`${onPick ? "o-table__pickable" : ""}${picked === row.id ? " o-table__picked" : ""}`}
            onClick={onPick ? () => onPick(row) : undefined}
          >
            {columns.map((column) => (
              <td key={column.key}>{column.render(row)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
