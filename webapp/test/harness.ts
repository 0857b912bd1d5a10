// Helpers for screen tests: sign a user in, render into a fresh container, wait for the
// screen to settle, and a fake server answering fetch by method and path. Outside src/:
// never shipped.

import type { ComponentChild } from "preact";
import { render } from "preact";
import { act } from "preact/test-utils";

import { type Locale, setLocale } from "../src/i18n";
import { clearSession, saveSession, type User } from "../src/store/session";

/** The engineer the screen tests sign in unless they say otherwise. */
export const ENGINEER: User = {
  id: "u1",
  username: "engineer1",
  display_name: "张工",
  role: "engineer",
  centre: null,
  phone: "",
  email: "",
  locale: "zh-CN",
  is_active: true,
};

/** A clean device in ``locale`` with a session for ``user``: ENGINEER unless overridden. */
export function signIn(
  user: Partial<User> = {},
  { locale = "zh-CN", token = "ac_t" }: { locale?: Locale; token?: string } = {},
): void {
  localStorage.clear();
  clearSession();
  setLocale(locale);
  saveSession({
    token,
    expires_at: "2030-01-01T00:00:00Z",
    user: { ...ENGINEER, locale, ...user },
  });
}

export function mount(vnode: ComponentChild): HTMLElement {
  const container = document.createElement("div");
  document.body.replaceChildren(container);
  act(() => render(vnode, container));
  return container;
}

export function unmount(container: HTMLElement): void {
  act(() => render(null, container));
}

/** Longest a test waits for a condition. Only a ceiling for a test that is broken: a
 * passing wait ends as soon as its condition holds, however loaded the machine. */
export const WAIT_CEILING_MS = 15_000;

/**
 * Retry ``check`` (sync or async) until it stops throwing: the fetches and re-renders have
 * happened. Gives up, with the last error, only after ``WAIT_CEILING_MS``.
 */
export async function waitFor<T>(check: () => T | Promise<T>): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() - start > WAIT_CEILING_MS) throw error;
      await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
    }
  }
}

type Handler = (body: unknown, url: URL) => [number, unknown];

/** A fetch that answers "GET /api/v1/work-orders/" etc. from ``routes``; records calls. */
export function fakeServer(routes: Record<string, Handler>) {
  const calls: { method: string; url: URL; body: unknown; headers: Record<string, string> }[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input), "http://localhost");
    const method = init.method ?? "GET";
    const body = typeof init.body === "string" ? JSON.parse(init.body) : undefined;
    calls.push({ method, url, body, headers: (init.headers ?? {}) as Record<string, string> });
    const handler = routes[`${method} ${url.pathname}`];
    const [status, payload] = handler
      ? handler(body, url)
      : [404, { code: 404, status: "Not Found", message: "Not found.", key: "errors.notFound" }];
    return new Response(status === 204 ? null : JSON.stringify(payload), {
      status,
      headers: { "Content-Type": "application/json" },
    });
  };
  return { fetch, calls };
}
