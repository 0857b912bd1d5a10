import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { fakeServer, mount, unmount, waitFor } from "../../test/harness";
import { setLocale } from "../i18n";
import { clearSession, saveSession } from "../store/session";
import { messagesByField } from "./fieldErrors";
import "./i18n";
import { ResourceEditor } from "./screens/Registry";
import { CustomerContacts } from "./screens/Registry/Contacts";
import { changedSettings, OrganisationSettingsForm } from "./screens/Registry/Organisation";
import { RESOURCES } from "./screens/Registry/resources";

let container: HTMLElement | null = null;

beforeEach(() => {
  localStorage.clear();
  clearSession();
  setLocale("zh-CN");
  saveSession({
    token: "ac_t",
    expires_at: "2030-01-01T00:00:00Z",
    user: { id: "u1", username: "admin", display_name: "管理员", role: "admin", centre: null, phone: "", email: "", locale: "zh-CN", is_active: true },
  });
});

afterEach(() => {
  if (container) unmount(container);
  container = null;
  vi.unstubAllGlobals();
});

const page = (items: unknown[]) => [200, { items, page: 1, per_page: 200, total: items.length, pages: 1 }] as [number, unknown];
const invalid = (errors: Record<string, string[]>, key = "errors.validation") =>
  [422, { code: 422, status: "Unprocessable Entity", message: "Invalid input.", key, errors: { json: errors } }] as [number, unknown];

function setValue(selector: string, value: string) {
  const field = container?.querySelector(selector) as HTMLInputElement | HTMLSelectElement;
  field.value = value;
  field.dispatchEvent(new Event(field.tagName === "SELECT" ? "change" : "input", { bubbles: true }));
}

const submit = () => (container?.querySelector("form") as HTMLFormElement).requestSubmit();
const fieldError = (name: string) => waitFor(() => container?.querySelector(`[data-field-error="${name}"]`) ?? Promise.reject(new Error(`no error on ${name}`)));

describe("messagesByField", () => {
  it("joins a field's messages and uses the server's own sentence for a one-field error with a key", () => {
    const error = { key: "errors.contact.tooManyAuthorised", errors: { json: { is_authorised: ["A customer has at most 3."] } } };
    expect(messagesByField(error, "授权联系人已达上限。")).toEqual({ is_authorised: "授权联系人已达上限。" });
    expect(messagesByField({ key: "errors.validation", errors: { json: { name: ["a"], "settings.x": ["b"] } } }, "x")).toEqual({ name: "a", settings: "b" });
    expect(messagesByField({ errors: { json: { settings: { sla: ["c", "d"] } } } })).toEqual({ settings: "c d" });
    expect(messagesByField(null)).toEqual({});
  });
});

describe("a customer's contacts", () => {
  it("list the picked customer's contacts and show the authorised cap on its checkbox", async () => {
    const server = fakeServer({
      "GET /api/v1/customers/": () => page([{ id: "c1", name: "第一医院", code: "C001" }]),
      "GET /api/v1/contacts/": () => page([{ id: "k1", customer_id: "c1", name: "王主任", title: "信息科", phone: "139", email: "", is_authorised: true, locale: null }]),
      "POST /api/v1/contacts/": () => invalid({ is_authorised: ["A customer has at most 3 authorised requesters."] }, "errors.contact.tooManyAuthorised"),
    });
    vi.stubGlobal("fetch", server.fetch);
    container = mount(<CustomerContacts role="dispatcher" />);
    await waitFor(() => container?.querySelector("select[name=contacts-customer] option[value=c1]") ?? Promise.reject(new Error("no customers")));
    await act(() => setValue("select[name=contacts-customer]", "c1"));
    await waitFor(() => (container?.textContent?.includes("王主任") ? true : Promise.reject(new Error("no rows"))));
    expect(server.calls.find((c) => c.url.pathname === "/api/v1/contacts/")?.url.searchParams.get("customer_id")).toBe("c1");

    await act(() => setValue("input[name=name]", "李工"));
    const box = container.querySelector("input[name=is_authorised]") as HTMLInputElement;
    await act(() => box.click());
    await act(submit);
    expect((await fieldError("is_authorised")).textContent).toBe("授权联系人已达上限。");
    expect(box.getAttribute("aria-invalid")).toBe("true");
    expect(server.calls.at(-1)?.body).toMatchObject({ customer_id: "c1", name: "李工", is_authorised: true });
    // Shown on the field, so not listed again under the form.
    expect(container.querySelector('[data-path="is_authorised"]')).toBeNull();
  });
});

describe("survey questions", () => {
  it("list all questions (an array), create active ones and show a bad key on its field", async () => {
    const server = fakeServer({
      "GET /api/v1/survey-questions/": () => [200, [{ id: "q1", key: "speed", label_zh: "响应速度", label_en: "Speed", position: 1, is_active: true }]],
      "POST /api/v1/survey-questions/": () => invalid({ key: ["Lower-case letters, digits and _."] }),
    });
    vi.stubGlobal("fetch", server.fetch);
    container = mount(<ResourceEditor spec={RESOURCES.survey} role="admin" />);
    await waitFor(() => (container?.textContent?.includes("响应速度") ? true : Promise.reject(new Error("no rows"))));
    expect((container.querySelector("input[name=is_active]") as HTMLInputElement).checked).toBe(true);
    await act(() => setValue("input[name=key]", "Bad Key"));
    await act(() => setValue("input[name=label_zh]", "态度"));
    await act(() => setValue("input[name=label_en]", "Attitude"));
    await act(submit);
    expect((await fieldError("key")).textContent).toBe("Lower-case letters, digits and _.");
    expect(server.calls.at(-1)?.body).toEqual({ key: "Bad Key", label_zh: "态度", label_en: "Attitude", is_active: true });
  });
});

describe("organisation settings", () => {
  const SETTINGS = { company_name: "华东服务", hotline: "400-000", timezone: "Asia/Shanghai", default_locale: "zh-CN" };

  it("send only what changed and show a bad time zone on its field", async () => {
    const server = fakeServer({
      "GET /api/v1/settings": () => [200, SETTINGS],
      "PATCH /api/v1/settings": () => invalid({ timezone: ["Not a known time zone."] }),
    });
    vi.stubGlobal("fetch", server.fetch);
    container = mount(<OrganisationSettingsForm canWrite />);
    await waitFor(() => container?.querySelector("input[name=timezone]") ?? Promise.reject(new Error("loading")));
    await act(() => setValue("input[name=timezone]", "Mars/Olympus"));
    await act(submit);
    expect((await fieldError("timezone")).textContent).toBe("Not a known time zone.");
    expect(server.calls.at(-1)?.body).toEqual({ timezone: "Mars/Olympus" });
  });

  it("are read-only for other roles", async () => {
    vi.stubGlobal("fetch", fakeServer({ "GET /api/v1/settings": () => [200, SETTINGS] }).fetch);
    container = mount(<OrganisationSettingsForm canWrite={false} />);
    await waitFor(() => container?.querySelector("fieldset[disabled]") ?? Promise.reject(new Error("loading")));
    expect(container.querySelector("button[type=submit]")).toBeNull();
    expect(changedSettings(SETTINGS as never, { ...SETTINGS, hotline: " 400-1 " } as never)).toEqual({ hotline: "400-1" });
  });
});
