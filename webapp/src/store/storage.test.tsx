import "fake-indexeddb/auto";

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { mount, unmount, waitFor } from "../../test/harness";
import { freshDatabase } from "../../test/records";
import { StorageNotice } from "../components/SyncAlerts";
import { setLocale } from "../i18n";
import { type AftercareDB, getMeta } from "./db";
import { requestPersistence } from "./storage";

let database: AftercareDB;
let container: HTMLElement | null = null;

function browserAnswers(persist: boolean) {
  vi.stubGlobal("navigator", {
    ...navigator,
    storage: { persisted: vi.fn(async () => false), persist: vi.fn(async () => persist) },
  });
}

beforeEach(() => {
  database = freshDatabase();
  setLocale("zh-CN");
});

afterEach(() => {
  if (container) unmount(container);
  container = null;
  vi.unstubAllGlobals();
});

describe("persistent storage, asked at sign-in", () => {
  it("a refusal is kept and warned about until the engineer has read it", async () => {
    browserAnswers(false);
    expect(await requestPersistence()).toBe("at_risk");
    expect(await getMeta("persistence", null, database)).toBe("at_risk");

    container = mount(<StorageNotice />);
    const alert = await waitFor(() => {
      const found = container?.querySelector<HTMLElement>("[data-alert=storage]");
      expect(found).toBeTruthy();
      return found as HTMLElement;
    });
    expect(alert.textContent).toContain("主屏幕");
    expect(alert.querySelector("a[href='/settings']")).not.toBeNull();
    alert.querySelector<HTMLButtonElement>("[data-dismiss=storage]")?.click();
    await waitFor(() => expect(container?.querySelector("[data-alert=storage]")).toBeNull());
  });

  it("a promise kept says nothing", async () => {
    browserAnswers(true);
    expect(await requestPersistence()).toBe("persisted");
    container = mount(<StorageNotice />);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(container.querySelector("[data-alert=storage]")).toBeNull();
  });
});
