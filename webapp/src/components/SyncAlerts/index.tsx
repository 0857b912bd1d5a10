import { useEffect, useState } from "preact/hooks";

import { t } from "../../i18n";
import { matchPath, useLocation } from "../../router";
import { getMeta, setMeta } from "../../store/db";
import type { Persistence } from "../../store/storage";
import { Link } from "../Link";
import { useLiveQuery } from "../../store/useLiveQuery";
import { checkForUpdate } from "../../sw-bridge";
import { CLOCK_WARN_MS, useSyncStatus } from "../../sync/status";
import { LateWork } from "../LateWork";
import "./style.css";

/** localStorage: "1" while the storage notice is to be shown (StorageNotice). */
const STORAGE_NOTICE = "aftercare.storageNotice";

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

/** Persistent storage, asked at sign-in (app.tsx): refused, unsynced work could be
 * evicted; said once, until the engineer has read it. Whether it shows is also kept in
 * localStorage, read at the first render: a reopened app paints it with the screen instead
 * of pushing the screen down a moment later (layout shift). */
export function StorageNotice() {
  const [shown, setShown] = useState(() => localStorage.getItem(STORAGE_NOTICE) === "1");
  const storage = useLiveQuery(
    async () => ({ answer: await getMeta<Persistence | null>("persistence", null), read: await getMeta<boolean>("persistence_warned", false) }),
    [],
  );
  useEffect(() => {
    if (storage.data === undefined) return;
    const show = storage.data.answer === "at_risk" && !storage.data.read;
    if (show) localStorage.setItem(STORAGE_NOTICE, "1");
    else localStorage.removeItem(STORAGE_NOTICE);
    setShown(show);
  }, [storage.data?.answer, storage.data?.read]);
  if (!shown) return null;
  return (
    <div class="sync-alert sync-alert--warn" role="status" data-alert="storage">
      <p>{t("sync.storageAlert.atRisk")}</p>
      <div class="sync-alert__actions">
        <Link class="button button--secondary" href="/settings">
          {t("sync.storageAlert.details")}
        </Link>
        <button type="button" class="button button--secondary" data-dismiss="storage" onClick={() => void setMeta("persistence_warned", true)}>
          {t("sync.storageAlert.dismiss")}
        </button>
      </div>
    </div>
  );
}
