import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { fakeServer, signIn } from "../../test/harness";
import { disablePush, enablePush, keyBytes, pushState } from "./push";

const KEY = "BOr6Yz3b0Zk3H1mJ0iVbZ6yJbqSx4oAqCwx2G5bO3A7q8kX6JmXl5cJ6d3VnqXo7b3Zr1M0lP0Ry9aR2F1eVg5k";
const SUBSCRIPTION = { endpoint: "http://127.0.0.1:9/push/abc", expirationTime: null, keys: { p256dh: "p".repeat(87), auth: "a".repeat(22) } };

function stubBrowser(permission: NotificationPermission, answer: NotificationPermission = "granted") {
  let current: { endpoint: string; toJSON: () => unknown; unsubscribe: () => Promise<boolean> } | null = null;
  const subscribe = vi.fn(async (_options: PushSubscriptionOptionsInit) => {
    current = { endpoint: SUBSCRIPTION.endpoint, toJSON: () => SUBSCRIPTION, unsubscribe: async () => ((current = null), true) };
    return current;
  });
  const pushManager = { getSubscription: async () => current, subscribe };
  const registration = { pushManager };
  const notification = Object.assign(function Notification() {}, {
    permission,
    requestPermission: vi.fn(async () => {
      notification.permission = answer;
      return answer;
    }),
  });
  vi.stubGlobal("Notification", notification);
  vi.stubGlobal("PushManager", function PushManager() {});
  Object.defineProperty(navigator, "serviceWorker", {
    configurable: true,
    value: { ready: Promise.resolve(registration), getRegistration: async () => registration },
  });
  return { subscribe, notification };
}

beforeEach(() => {
  signIn({ display_name: "李工" });
});

afterEach(() => {
  vi.unstubAllGlobals();
  Reflect.deleteProperty(navigator, "serviceWorker");
});

describe("web push on the phone", () => {
  it("decodes the server's key for the browser", () => {
    const bytes = keyBytes(KEY);
    expect(bytes.length).toBe(65);
    expect(bytes[0]).toBe(4);
  });

  it("asks, subscribes with the server's key and gives the subscription to the server", async () => {
    const { subscribe, notification } = stubBrowser("default");
    const server = fakeServer({
      "GET /api/v1/push-subscriptions/key": () => [200, { public_key: KEY }],
      "POST /api/v1/push-subscriptions/": (body) => [201, { id: "s1", ...(body as object) }],
      "DELETE /api/v1/push-subscriptions/": () => [204, null],
    });
    vi.stubGlobal("fetch", server.fetch);
    expect(await pushState()).toBe("off");
    expect(await enablePush()).toBe("on");
    expect(notification.requestPermission).toHaveBeenCalledOnce();
    expect(subscribe.mock.calls[0]?.[0]).toMatchObject({ userVisibleOnly: true });
    const posted = server.calls.find((c) => c.method === "POST")?.body as Record<string, unknown>;
    expect(posted).toMatchObject({ endpoint: SUBSCRIPTION.endpoint, keys: SUBSCRIPTION.keys });
    expect(await pushState()).toBe("on");
    expect(await disablePush()).toBe("off");
    expect(server.calls.find((c) => c.method === "DELETE")?.body).toEqual({ endpoint: SUBSCRIPTION.endpoint });
  });

  it("does not subscribe when the engineer refuses", async () => {
    const { subscribe } = stubBrowser("default", "denied");
    const server = fakeServer({});
    vi.stubGlobal("fetch", server.fetch);
    expect(await enablePush()).toBe("denied");
    expect(subscribe).not.toHaveBeenCalled();
    expect(server.calls).toEqual([]);
  });
});
