// Screens past the first one arrive as their own chunks (the service worker precaches
// every chunk, so they open offline too): the login page and the work order list start
// without the detail, checklist, signature, scan and settings code. Once a chunk has
// loaded, its screen renders at once on the next visit.

import type { ComponentType, JSX } from "preact";
import { useEffect, useState } from "preact/hooks";

import { Loading } from "./components/Loading";

const loaders: (() => Promise<unknown>)[] = [];

/** Load every screen's chunk now (after sign-in, when the browser is idle): an engineer
 * who goes offline before the service worker has precached them still opens every
 * screen. A chunk that fails to load is tried again when its screen opens. */
export function preloadScreens(): Promise<unknown> {
  return Promise.allSettled(loaders.map((load) => load()));
}

export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): (props: P) => JSX.Element {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const get = () =>
    (pending ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        pending = null; // offline before it came: try again next time
        throw error;
      },
    ));
  loaders.push(get);
  return function LazyScreen(props: P) {
    const [Screen, setScreen] = useState<ComponentType<P> | null>(() => loaded);
    useEffect(() => {
      if (Screen) return;
      let live = true;
      get().then(
        (component) => {
          if (live) setScreen(() => component);
        },
        () => undefined, // not loaded (offline before it came): tried again on the next visit
      );
      return () => {
        live = false;
      };
    }, [Screen]);
    return Screen ? <Screen {...props} /> : <Loading />;
  };
}
