// When sync runs by itself: when the app opens, when the network comes back, every few
// minutes while the app is open, and soon after each local change (each outbox write,
// which the store announces). After a network failure the next try waits longer each
// time (exponential backoff, capped).

import { onOutboxWrite } from "../store/outbox";
import { requestSync, setSyncHooks } from "./client";
import { setSyncStatus } from "./status";

export const INTERVAL_MS = 3 * 60 * 1000;
const FIRST_RETRY_MS = 5 * 1000;
const MAX_RETRY_MS = 5 * 60 * 1000;

let timer: ReturnType<typeof setTimeout> | null = null;
let failures = 0;
let started = false;

function schedule(delay: number) {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => void requestSync(), delay);
}

/** The delay before try number ``failures`` (1, 2, …) after network errors. */
export function backoffDelay(count: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, count - 1));
}

export function startSyncScheduler(): () => void {
  if (started) return () => undefined;
  started = true;
  setSyncHooks({
    success: () => {
      failures = 0;
      setSyncStatus({ retryAt: null });
      schedule(INTERVAL_MS);
    },
    failure: (code) => {
      // 401 and 426 wait for the user (log in, update); others retry with backoff.
      if (code === 401 || code === 426) return;
      failures += 1;
      const delay = backoffDelay(failures);
      setSyncStatus({ retryAt: Date.now() + delay });
      schedule(delay);
    },
  });
  const online = () => {
    setSyncStatus({ offline: false });
    failures = 0;
    void requestSync();
  };
  const offline = () => setSyncStatus({ offline: true });
  const visible = () => {
    if (document.visibilityState === "visible") void requestSync();
  };
  window.addEventListener("online", online);
  window.addEventListener("offline", offline);
  document.addEventListener("visibilitychange", visible);
  const stopListening = onOutboxWrite(syncSoon);
  void requestSync();
  return () => {
    started = false;
    if (timer) clearTimeout(timer);
    setSyncHooks(null);
    stopListening();
    window.removeEventListener("online", online);
    window.removeEventListener("offline", offline);
    document.removeEventListener("visibilitychange", visible);
  };
}

/** A local change was made: sync soon (if the network is there). */
function syncSoon(): void {
  if (typeof navigator !== "undefined" && navigator.onLine === false) return;
  void requestSync();
}
