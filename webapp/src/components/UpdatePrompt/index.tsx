import { useEffect, useState } from "preact/hooks";

import { t } from "../../i18n";
import { applyUpdate, onUpdateAvailable } from "../../sw-bridge";
import "./style.css";

/** "A new version is ready": reload only when the engineer says so (he may be typing). */
export function UpdatePrompt() {
  const [waiting, setWaiting] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  useEffect(() => onUpdateAvailable(setWaiting), []);
  if (!waiting || dismissed) return null;
  return (
    <div class="update-prompt" role="alertdialog" aria-labelledby="update-title">
      <p id="update-title">{t("update.available")}</p>
      <div class="update-prompt__buttons">
        <button type="button" class="button" onClick={applyUpdate}>
          {t("update.reload")}
        </button>
        <button type="button" class="button button--secondary" onClick={() => setDismissed(true)}>
          {t("update.later")}
        </button>
      </div>
    </div>
  );
}
