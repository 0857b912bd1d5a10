// A small path router on the History API. Flask answers every non-/api path with
// index.html, so /work-orders/<id> can be bookmarked and reloaded.

import { useEffect, useState } from "preact/hooks";

export interface Location {
  path: string;
  query: URLSearchParams;
}

const listeners = new Set<() => void>();
/** Whether this page load has moved between screens, so "back" stays inside the app. */
let hasMoved = false;

function read(): Location {
  return { path: window.location.pathname, query: new URLSearchParams(window.location.search) };
}

function notify(): void {
  listeners.forEach((listener) => listener());
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === window.location.pathname + window.location.search) return;
  if (options.replace) window.history.replaceState(null, "", to);
  else {
    window.history.pushState(null, "", to);
    hasMoved = true;
  }
  window.scrollTo?.(0, 0);
  notify();
}

/** Back to the previous screen, or to ``fallback`` when the app was opened here. */
export function goBack(fallback: string): void {
  if (hasMoved) window.history.back();
  else navigate(fallback, { replace: true });
}

/** The current location; re-renders the caller when it changes. */
export function useLocation(): Location {
  const [location, setLocation] = useState(read);
  useEffect(() => {
    const update = () =>
      setLocation((previous) => {
        const next = read();
        const same =
          next.path === previous.path && next.query.toString() === previous.query.toString();
        return same ? previous : next;
      });
    listeners.add(update);
    window.addEventListener("popstate", update);
    // A child's effect (a redirect) may have navigated before this effect subscribed.
    update();
    return () => {
      listeners.delete(update);
      window.removeEventListener("popstate", update);
    };
  }, []);
  return location;
}

/** Match "/work-orders/:id" against a path; the named parts, or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split("/").filter(Boolean);
  const have = path.split("/").filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i] as string;
    const value = have[i] as string;
    if (part.startsWith(":")) params[part.slice(1)] = decodeURIComponent(value);
    else if (part !== value) return null;
  }
  return params;
}
