import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { fakeServer, mount, signIn, unmount, waitFor } from "../../test/harness";
import { order } from "../../test/officeOrders";
import { WarrantyOverride } from "./components/WarrantyOverride";
import "./i18n";
import type { OfficeWorkOrder } from "./types";

let container: HTMLElement | null = null;

const COMPUTED = { status: "paid", reasons: ["warranty_expired"] };

function paidOrder(override: { status: string; reason: string } | null = null): OfficeWorkOrder {
  return order("w1", { warranty: { computed: COMPUTED, override, effective_status: override?.status ?? "paid" } });
}

beforeEach(() => {
  signIn({ id: "u2", username: "sup", display_name: "Sup", role: "supervisor" }, { locale: "en" });
});

afterEach(() => {
  if (container) unmount(container);
  container = null;
  vi.unstubAllGlobals();
});

function type(selector: string, value: string) {
  const field = container?.querySelector(selector) as HTMLInputElement | HTMLSelectElement;
  field.value = value;
  field.dispatchEvent(new Event(field.tagName === "SELECT" ? "change" : "input", { bubbles: true }));
}

describe("the warranty override", () => {
  it("shows the server's 422 on the reason field, then overrides and can remove it", async () => {
    const server = fakeServer({
      "POST /api/v1/work-orders/w1/warranty-override": (body) => {
        const { reason, status } = body as { reason: string; status: string };
        if (!reason.trim()) {
          return [422, { code: 422, status: "Unprocessable Entity", message: "Invalid input.", key: "errors.validation", errors: { json: { reason: ["Shorter than minimum length 1."] } } }];
        }
        return [200, paidOrder({ status, reason })];
      },
      "DELETE /api/v1/work-orders/w1/warranty-override": () => [200, paidOrder()],
    });
    vi.stubGlobal("fetch", server.fetch);
    let latest: OfficeWorkOrder | null = null;
    container = mount(<WarrantyOverride wo={paidOrder()} role="supervisor" onChanged={(wo) => (latest = wo)} />);
    expect(container.querySelector("[data-computed]")?.textContent).toBe("Paid");
    expect(container.querySelector("[data-override]")?.textContent).toContain("None");

    await act(() => type("select[name=override-status]", "free_repair"));
    await act(() => (container?.querySelector("form") as HTMLFormElement).requestSubmit());
    const message = await waitFor(() => container?.querySelector("[data-field-error=override-reason]") ?? Promise.reject(new Error("no error yet")));
    expect(message.textContent).toBe("Shorter than minimum length 1.");
    expect(container.querySelector("textarea[name=override-reason]")?.getAttribute("aria-invalid")).toBe("true");

    await act(() => type("textarea[name=override-reason]", "Lightning damage was ruled out by the lab"));
    await act(() => (container?.querySelector("form") as HTMLFormElement).requestSubmit());
    await waitFor(() => (latest?.warranty.override ? latest : Promise.reject(new Error("not yet"))));
    expect(server.calls.at(-1)?.body).toEqual({ status: "free_repair", reason: "Lightning damage was ruled out by the lab" });
  });

  it("offers removal of an override, and nothing to engineers or dispatchers", async () => {
    const server = fakeServer({ "DELETE /api/v1/work-orders/w1/warranty-override": () => [200, paidOrder()] });
    vi.stubGlobal("fetch", server.fetch);
    let latest: OfficeWorkOrder | null = null;
    container = mount(<WarrantyOverride wo={paidOrder({ status: "free_repair", reason: "lab report" })} role="admin" onChanged={(wo) => (latest = wo)} />);
    expect(container.querySelector("[data-override]")?.textContent).toBe("Free repair · lab report");
    const remove = [...container.querySelectorAll("button")].find((b) => b.textContent === "Remove override") as HTMLButtonElement;
    await act(() => remove.click());
    await waitFor(() => (latest ? latest : Promise.reject(new Error("not yet"))));
    expect(server.calls.at(-1)?.method).toBe("DELETE");
    unmount(container);
    container = mount(<WarrantyOverride wo={paidOrder()} role="dispatcher" />);
    expect(container.querySelector("form")).toBeNull();
  });
});
