import "fake-indexeddb/auto";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { mount, unmount, waitFor } from "../../../test/harness";
import { freshDatabase } from "../../../test/records";
import { SyncBadge } from "../../components/SyncBadge";
import { setLocale } from "../../i18n";
import type { AftercareDB } from "../../store/db";
import { setSyncStatus } from "../../sync/status";
import { SyncPanel } from ".";

let database: AftercareDB;
let container: HTMLElement | null = null;

const CALM = { running: false, errorKey: null, errorMessage: null, updateRequired: false, needsLogin: false, offline: false, retryAt: null };

beforeEach(() => {
  database = freshDatabase();
  setLocale("zh-CN");
  setSyncStatus(CALM);
});

afterEach(() => {
  if (container) unmount(container);
  container = null;
  setSyncStatus(CALM);
});

/** What a sync that could not reach the server leaves (sync/client.ts guardedRun). */
const UNREACHABLE = { offline: true, errorKey: "errors.network", errorMessage: "Network error" };

async function onePending() {
  await database.outbox.add({ seq: 1, id: "m1", name: "work_order_note.add", occurred_at: "2026-11-22T01:00:00Z", args: {}, work_order_id: "w1" });
}

describe("offline is not an error", () => {
  it("the sync panel says offline plainly, with no red error", async () => {
    await onePending();
    setSyncStatus(UNREACHABLE);
    container = mount(<SyncPanel />);
    await waitFor(() => expect(container?.querySelector("[data-offline]")).not.toBeNull());
    expect(container.querySelector("[data-offline]")?.textContent).toBe("离线：修改都保存在本机，联网后会自动发送。");
    expect(container.querySelector(".error-message")).toBeNull();
    expect(container.querySelector("[role=alert]")).toBeNull();
  });

  it("the header badge is grey offline, with the count", async () => {
    await onePending();
    setSyncStatus(UNREACHABLE);
    container = mount(<SyncBadge />);
    await waitFor(() => expect(container?.querySelector(".sync-badge")?.getAttribute("data-pending")).toBe("1"));
    const badge = container.querySelector<HTMLElement>(".sync-badge")!;
    expect(badge.dataset.state).toBe("offline");
    expect(badge.classList.contains("sync-badge--error")).toBe(false);
    expect(badge.textContent).toBe("离线 · 1 待同步");
    expect(badge.getAttribute("title")).toBe("离线 · 1 待同步");
  });

  it("a real sync error is still shown, but not while the next sync runs", async () => {
    setSyncStatus({ errorKey: "errors.server", errorMessage: "Internal Server Error" });
    container = mount(<SyncPanel />);
    await waitFor(() => expect(container?.querySelector(".error-message")).not.toBeNull());
    expect(container.querySelector("[data-offline]")).toBeNull();
    setSyncStatus({ running: true });
    await waitFor(() => expect(container?.querySelector(".error-message")).toBeNull());
  });
});
