// Asking the browser to keep our database (navigator.storage.persist): without it a
// browser may delete IndexedDB when the phone runs short of space, and Safari on iOS
// deletes a site's data after 7 days without a visit unless the app is on the home
// screen. Asked as soon as an engineer is signed in (app.tsx), before any work is
// recorded; the answer is shown in Settings.

import { getMeta, setMeta } from "./db";

export type Persistence = "persisted" | "at_risk" | "unsupported";

export function isIosSafari(userAgent = navigator.userAgent): boolean {
  return /iPhone|iPad|iPod/.test(userAgent) && !/CriOS|FxiOS|EdgiOS/.test(userAgent);
}

export function isStandalone(): boolean {
  const nav = navigator as Navigator & { standalone?: boolean };
  return nav.standalone === true || window.matchMedia?.("(display-mode: standalone)").matches === true;
}

/** Ask once per install; answer what the browser promises now (kept in meta for the
 * warning banner, components/SyncAlerts). */
export async function requestPersistence(): Promise<Persistence> {
  const answer = await askPersistence();
  await setMeta("persistence", answer);
  return answer;
}

async function askPersistence(): Promise<Persistence> {
  const storage = navigator.storage;
  if (!storage?.persist || !storage.persisted) return "unsupported";
  if (await storage.persisted()) return "persisted";
  const asked = await getMeta<boolean>("persisted", false);
  if (!asked) {
    await setMeta("persisted", true);
    if (await storage.persist()) return "persisted";
  }
  return "at_risk";
}
