// The page's side of the service worker: register it, notice when a new version is
// waiting, and only on the user's say-so tell it to take over and reload.

type Listener = (waiting: boolean) => void;
const listeners = new Set<Listener>();
let waitingWorker: ServiceWorker | null = null;
let registration: ServiceWorkerRegistration | null = null;

function setWaiting(worker: ServiceWorker | null) {
  waitingWorker = worker;
  listeners.forEach((listener) => listener(worker !== null));
}

export function onUpdateAvailable(listener: Listener): () => void {
  listeners.add(listener);
  listener(waitingWorker !== null);
  return () => listeners.delete(listener);
}

/** Register /sw.js (production builds only) and watch for updates. */
export async function registerServiceWorker(): Promise<void> {
  if (!("serviceWorker" in navigator) || import.meta.env.DEV) return;
  try {
    registration = await navigator.serviceWorker.register("/sw.js", { scope: "/" });
  } catch {
    return; // no service worker: the app still works online
  }
  // A first install takes over without a reload; an update waits for the user.
  const hadController = navigator.serviceWorker.controller !== null;
  if (registration.waiting && hadController) setWaiting(registration.waiting);
  registration.addEventListener("updatefound", () => {
    const installing = registration?.installing;
    installing?.addEventListener("statechange", () => {
      if (installing.state === "installed" && navigator.serviceWorker.controller) setWaiting(installing);
    });
  });
  setInterval(() => void registration?.update().catch(() => undefined), 60 * 60 * 1000);
}

/** Look for a new version now (the server said this one is too old). */
export function checkForUpdate(): void {
  void registration?.update().catch(() => undefined);
}

/** The user agreed: let the new version take over, then reload into it. */
export function applyUpdate(): void {
  const worker = waitingWorker;
  if (!worker) return;
  navigator.serviceWorker.addEventListener("controllerchange", () => window.location.reload(), { once: true });
  worker.postMessage({ type: "SKIP_WAITING" });
}
