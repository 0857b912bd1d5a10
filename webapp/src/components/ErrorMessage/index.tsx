import { has, t } from "../../i18n";
import "./style.css";

/** What to tell the user about a failure: the server's i18n key translated if we know
 * it, else the server's own sentence, else a generic line. */
export function errorText(error: unknown): string {
  if (error && typeof error === "object") {
    const { key, message } = error as { key?: unknown; message?: unknown };
    if (typeof key === "string" && has(key)) return t(key);
    if (typeof key === "string" && typeof message === "string" && message) return message;
  }
  return t("errors.unknown");
}

interface Props {
  error: unknown;
  onRetry?: () => void;
}

export function ErrorMessage({ error, onRetry }: Props) {
  return (
    <div class="error-message" role="alert">
      <p>{errorText(error)}</p>
      {onRetry && (
        <button type="button" class="button button--secondary" onClick={onRetry}>
          {t("buttons.retry")}
        </button>
      )}
    </div>
  );
}
