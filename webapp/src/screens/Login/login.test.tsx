import "fake-indexeddb/auto";

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { fakeServer, mount, unmount, waitFor } from "../../../test/harness";
import { freshDatabase } from "../../../test/records";
import { App } from "../../app";
import { getLocale, setLocale } from "../../i18n";
import { clearSession } from "../../store/session";

let container: HTMLElement | null = null;

beforeEach(() => {
  freshDatabase();
  localStorage.clear();
  clearSession();
  setLocale("zh-CN");
  vi.stubGlobal("fetch", fakeServer({}).fetch);
});

afterEach(() => {
  if (container) unmount(container);
  container = null;
  vi.unstubAllGlobals();
});

const title = () => container?.querySelector("h1")?.textContent;

describe("the login page", () => {
  it("is titled for the office when the office sent the visitor", async () => {
    window.history.replaceState(null, "", "/office/registry/contracts");
    container = mount(<App />);
    await waitFor(() => expect(title()).toBe("后台登录"));
    expect(window.location.pathname + window.location.search).toBe("/login?for=office");
  });

  it("stays the engineer's login for the phone", async () => {
    window.history.replaceState(null, "", "/work-orders");
    container = mount(<App />);
    await waitFor(() => expect(title()).toBe("工程师登录"));
  });

  it("switches to English and remembers the choice", async () => {
    window.history.replaceState(null, "", "/login?for=office");
    container = mount(<App />);
    await waitFor(() => expect(title()).toBe("后台登录"));
    const english = container.querySelector<HTMLButtonElement>("button[data-locale=en]");
    english?.click();
    await waitFor(() => expect(title()).toBe("Office sign-in"));
    expect(english?.getAttribute("aria-pressed")).toBe("true");
    expect(getLocale()).toBe("en");
    expect(localStorage.getItem("aftercare.locale")).toBe("en");
  });
});
