import { errorText } from "../../../components/ErrorMessage";
import { t } from "../../../i18n";
import { ApiError } from "../../../sync/api";
import { changedMeanwhile } from "../../changedMeanwhile";
import { fieldErrors } from "../../fieldErrors";

/** A failed save: the translated error (or ``message``) and every field the server named
 * (nested paths such as settings.warranty.return_days spelled out), but those in ``shown``
 * (top-level fields whose message the form already shows on the field). */
export function FieldErrors({ error, shown = [], message }: { error: unknown; shown?: string[]; message?: string }) {
  if (!error) return null;
  const all = error instanceof ApiError ? fieldErrors(error.errors) : [];
  const fields = all.filter((field) => !shown.includes(field.path.split(".")[0] ?? ""));
  return (
    <div class="office-errors" role="alert">
      <p>{message ?? errorText(error)}</p>
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

/** A registry form's failed save. A record changed since it was read (412) is told as
 * such: the form now shows it as it stands, with the user's changes on top, to check and
 * save again (changedMeanwhile.ts). */
export function RecordSaveErrors({ error, shown = [] }: { error: unknown; shown?: string[] }) {
  if (changedMeanwhile(error) === null) return <FieldErrors error={error} shown={shown} />;
  return <FieldErrors error={error} shown={[...shown, "headers"]} message={t("office.registry.changedMeanwhile")} />;
}
