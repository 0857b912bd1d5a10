/// <reference lib="webworker" />
// The service worker: its own program (own tsconfig, built by a second Vite step into
// dist/sw.js, see vite.config.ts). It precaches the app shell and every built asset, so
// after the first visit the app opens with no network; any in-app URL falls back to
// index.html. It never caches /api: the app's data lives in IndexedDB, synced by the app.
//
// A new version installs in the background and waits; the page asks the engineer and
// then sends SKIP_WAITING (src/sw-bridge). Old caches go when a version activates.

import { clientsClaim } from "workbox-core";
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<{ url: string; revision: string | null }>;
};

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Every navigation inside the app (/work-orders/…, /d/<token>) opens the cached shell;
// /api, the report links sent to customers (/r/<token>.pdf), the customer's progress
// pages (/t/<token>) and the calendar feeds (/ics/<token>.ics) are the server's and
// always go to the network.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL("/index.html"), {
    denylist: [/^\/api\//, /^\/r\//, /^\/t\//, /^\/ics\//],
  }),
);

self.addEventListener("message", (event: ExtendableMessageEvent) => {
  if ((event.data as { type?: string } | null)?.type === "SKIP_WAITING") void self.skipWaiting();
});

// Caches this app did not make with Workbox's precache (older experiments, renamed ones).
self.addEventListener("activate", (event: ExtendableEvent) => {
  event.waitUntil(
    caches.keys().then((names) =>
      Promise.all(names.filter((name) => !name.startsWith("workbox-precache")).map((name) => caches.delete(name))),
    ),
  );
});

// The first version takes over the open page at once (there is nothing older to replace).
clientsClaim();

// Web Push (server/notify/webpush.py): show what the server sent — a work order assigned,
// reassigned away, its appointment changed — and open the order when it is tapped.
interface PushPayload {
  title?: string;
  body?: string;
  url?: string;
  tag?: string;
}

self.addEventListener("push", (event: PushEvent) => {
  let payload: PushPayload = {};
  try {
    payload = (event.data?.json() ?? {}) as PushPayload;
  } catch {
    payload = { body: event.data?.text() ?? "" };
  }
  event.waitUntil(
    self.registration.showNotification(payload.title ?? "Aftercare", {
      body: payload.body ?? "",
      tag: payload.tag,
      icon: "/icons/icon-192.png",
      data: { url: payload.url ?? "/work-orders" },
    }),
  );
});

self.addEventListener("notificationclick", (event: NotificationEvent) => {
  event.notification.close();
  const url = new URL((event.notification.data as { url?: string } | null)?.url ?? "/work-orders", self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(async (windows) => {
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (open) {
        await open.focus();
        await open.navigate(url);
        return;
      }
      await self.clients.openWindow(url);
    }),
  );
});
