import { t } from "../../i18n";
import { matchPath, useLocation } from "../../router";
import { getMeta } from "../../store/db";
import { useLiveQuery } from "../../store/useLiveQuery";
import { checkForUpdate } from "../../sw-bridge";
import { CLOCK_WARN_MS, useSyncStatus } from "../../sync/status";
import { LateWork } from "../LateWork";
import "./style.css";

/** Banners that need the engineer: update the app, log in again, a wrong phone clock; and
 * work the office now holds because its order moved on (the sync panel lists that itself). */
export function SyncAlerts() {
  const status = useSyncStatus();
  const { path } = useLocation();
  const offset = useLiveQuery(() => getMeta<number>("clock_offset_ms", 0), []);
  const minutes = Math.round((offset.data ?? 0) / 60000);
  return (
    <>
      {status.updateRequired && (
        <div class="sync-alert sync-alert--danger" role="alert">
          <p>{t("sync.alerts.updateRequired")}</p>
          <button type="button" class="button button--secondary" onClick={checkForUpdate}>
            {t("update.check")}
          </button>
        </div>
      )}
      {Math.abs(offset.data ?? 0) > CLOCK_WARN_MS && (
        <div class="sync-alert" role="alert" data-alert="clock">
          <p>{t("sync.alerts.clock", { minutes: Math.abs(minutes) })}</p>
        </div>
      )}
      {!matchPath("/sync", path) && <LateWork banner />}
    </>
  );
}
