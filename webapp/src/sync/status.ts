// What the sync engine is doing, for the header badge and the sync panel. The counts
// (pending changes, photos, conflicts) are read live from the local database; this holds
// what only the engine knows: running, the last error, whether the server wants a newer
// app or a new login, the clock offset.

import { useEffect, useState } from "preact/hooks";

export interface SyncStatus {
  running: boolean;
  /** The last run's failure: an i18n key (errors.network ...), or null. */
  errorKey: string | null;
  errorMessage: string | null;
  /** The server no longer accepts this app version (426): update before syncing. */
  updateRequired: boolean;
  /** The server refused our token (401): log in again; the outbox stays. */
  needsLogin: boolean;
  /** The browser says there is no network. */
  offline: boolean;
  /** When the next automatic try is due after a failure (ms since epoch), or null. */
  retryAt: number | null;
}

let state: SyncStatus = {
  running: false,
  errorKey: null,
  errorMessage: null,
  updateRequired: false,
  needsLogin: false,
  offline: typeof navigator !== "undefined" && navigator.onLine === false,
  retryAt: null,
};
const listeners = new Set<(status: SyncStatus) => void>();

export function getSyncStatus(): SyncStatus {
  return state;
}

export function setSyncStatus(patch: Partial<SyncStatus>): void {
  state = { ...state, ...patch };
  listeners.forEach((listener) => listener(state));
}

export function subscribeSyncStatus(listener: (status: SyncStatus) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSyncStatus(): SyncStatus {
  const [status, setStatus] = useState(state);
  useEffect(() => {
    const unsubscribe = subscribeSyncStatus(setStatus);
    setStatus(state);
    return unsubscribe;
  }, []);
  return status;
}

/** Above this the phone's clock is wrong enough to spoil on-site times: warn. */
export const CLOCK_WARN_MS = 2 * 60 * 1000;
