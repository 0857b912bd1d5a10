import { errorText } from "../../../components/ErrorMessage";
import { t } from "../../../i18n";
import { ApiError } from "../../../sync/api";
import { fieldErrors } from "../../fieldErrors";

/** A failed save: the translated error and every field the server named (nested paths
 * such as settings.warranty.return_days spelled out), but those in ``shown`` (top-level
 * fields whose message the form already shows on the field). */
export function FieldErrors({ error, shown = [] }: { error: unknown; shown?: string[] }) {
  if (!error) return null;
  const all = error instanceof ApiError ? fieldErrors(error.errors) : [];
  const fields = all.filter((field) => !shown.includes(field.path.split(".")[0] ?? ""));
  return (
    <div class="office-errors" role="alert">
      <p>{errorText(error)}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map((field) => (
            <li key={field.path} data-path={field.path}>
              <code>{field.path || t("office.form.general")}</code>: {field.messages.join(" ")}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
