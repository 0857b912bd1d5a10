import { t } from "../../i18n";
import "./style.css";

export function Loading() {
  return (
    <p class="loading" role="status">
      {t("app.loading")}
    </p>
  );
}
