// The server's field errors (a 422's ``errors``), flattened into dotted paths a form or an
// import report can show.

export interface FieldError {
  path: string;
  messages: string[];
}

/** The server's nested field errors ({"settings": {"warranty": {"x": ["Unknown field."]}}})
 * as a flat list of dotted paths, in the order they came. */
export function flattenErrors(errors: unknown, prefix = ""): FieldError[] {
  if (Array.isArray(errors)) {
    if (errors.every((e) => typeof e === "string")) return [{ path: prefix, messages: errors as string[] }];
    return errors.flatMap((e, i) => flattenErrors(e, prefix ? `${prefix}.${i}` : String(i)));
  }
  if (errors && typeof errors === "object") {
    return Object.entries(errors as Record<string, unknown>).flatMap(([name, value]) =>
      flattenErrors(value, prefix ? `${prefix}.${name}` : name),
    );
  }
  if (typeof errors === "string") return [{ path: prefix, messages: [errors] }];
  return [];
}

/** The field errors of a 422 body, without the "json"/"query"/"form" location level. */
export function fieldErrors(errors: Record<string, unknown>): FieldError[] {
  const inner = (errors.json ?? errors.form ?? errors.query ?? errors) as unknown;
  return flattenErrors(inner);
}

export interface RowError {
  row: number;
  field: string;
  messages: string[];
}

/** An import's {"rows": {"3": {"serial": [...]}}} as rows in sheet order. */
export function importRowErrors(errors: Record<string, unknown>): RowError[] {
  const rows = (errors.rows ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(rows)
    .flatMap(([row, fields]) =>
      flattenErrors(fields).map((error) => ({ row: Number(row), field: error.path, messages: error.messages })),
    )
    .sort((a, b) => a.row - b.row || a.field.localeCompare(b.field));
}

/** A failed save's messages per field, to show on the fields themselves: each top-level
 * field the server named (a 422's ``errors``), its messages joined. When the server chose
 * its own translation key for a one-field error (the contact cap:
 * errors.contact.tooManyAuthorised), that field shows ``translated`` instead. */
export function messagesByField(
  error: { errors?: Record<string, unknown>; key?: string } | null | undefined,
  translated?: string,
): Record<string, string> {
  if (!error?.errors) return {};
  const found = fieldErrors(error.errors);
  const byField: Record<string, string> = {};
  for (const field of found) {
    const name = field.path.split(".")[0] || "";
    if (!name) continue;
    byField[name] = byField[name] ? `${byField[name]} ${field.messages.join(" ")}` : field.messages.join(" ");
  }
  const [only, ...others] = Object.keys(byField);
  if (translated && only && others.length === 0 && error.key && error.key !== "errors.validation") byField[only] = translated;
  return byField;
}
