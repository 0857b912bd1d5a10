import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { fakeServer, mount, signIn, unmount, waitFor } from "../../test/harness";
import { messagesByField } from "./fieldErrors";
import "./i18n";
import { ResourceEditor } from "./screens/Registry";
import { CustomerContacts } from "./screens/Registry/Contacts";
import { changedSettings, OrganisationSettingsForm } from "./screens/Registry/Organisation";
import { RESOURCES } from "./screens/Registry/resources";

let container: HTMLElement | null = null;

beforeEach(() => {
  signIn({ role: "admin", username: "admin", display_name: "管理员" });
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

describe("editing a registry record", () => {
  const PART = { id: "p1", part_number: "PSU-12V", name: "电源适配器", category: "peripheral", manufacturer: "", unit: "个", cost_cents: 3500, price_cents: 6000, is_active: true, row_version: 7 };

  it("sends the version it read as If-Match and, changed meanwhile, shows it as it stands with the user's edit on top", async () => {
    // Another office user renamed the part's manufacturer meanwhile: the row is now at 9.
    const now = { ...PART, manufacturer: "海康威视", row_version: 9 };
    let patches = 0;
    const server = fakeServer({
      "GET /api/v1/parts/": () => page([PART]),
      "PATCH /api/v1/parts/p1": (body) =>
        ++patches === 1
          ? [412, { code: 412, status: "Precondition Failed", message: "Changed.", key: "errors.precondition.failed", errors: { headers: { "If-Match": ["Not the current version."] } }, current: now }]
          : [200, { ...now, ...(body as object), row_version: 10 }],
    });
    vi.stubGlobal("fetch", server.fetch);
    container = mount(<ResourceEditor spec={RESOURCES.parts} role="admin" />);
    const row = await waitFor(() => (container?.querySelector('tr[data-id="p1"]') as HTMLElement) ?? Promise.reject(new Error("no rows")));
    await act(() => row.click());
    await act(() => setValue("input[name=name]", "12V 电源适配器"));
    await act(submit);

    const alert = await waitFor(() => container?.querySelector(".office-errors") ?? Promise.reject(new Error("no error")));
    expect(alert.textContent).toContain("这条记录在你打开后被修改过");
    expect(alert.querySelector('[data-path="headers.If-Match"]')).toBeNull();
    const first = server.calls.find((c) => c.method === "PATCH");
    expect(first?.headers["If-Match"]).toBe('"7"');
    expect(first?.body).toEqual({ name: "12V 电源适配器" });
    // The record as it stands (the other user's manufacturer) with this user's name on top.
    expect((container.querySelector("input[name=manufacturer]") as HTMLInputElement).value).toBe("海康威视");
    expect((container.querySelector("input[name=name]") as HTMLInputElement).value).toBe("12V 电源适配器");

    await act(submit);
    await waitFor(() => (container?.textContent?.includes("已保存") ? true : Promise.reject(new Error("not saved"))));
    const last = server.calls.filter((c) => c.method === "PATCH").at(-1);
    expect(last?.headers["If-Match"]).toBe('"9"');
    expect(last?.body).toEqual({ name: "12V 电源适配器" });
  });

  it("sends no If-Match for an office-only record (a user has no row version)", async () => {
    const server = fakeServer({
      "GET /api/v1/users/": () => page([{ id: "u2", username: "li", display_name: "李工", role: "dispatcher", centre: null, phone: "", email: "", locale: "zh-CN", is_active: true }]),
      "GET /api/v1/centres/": () => page([]),
      "PATCH /api/v1/users/u2": (body) => [200, { id: "u2", username: "li", role: "dispatcher", is_active: true, ...(body as object) }],
    });
    vi.stubGlobal("fetch", server.fetch);
    container = mount(<ResourceEditor spec={RESOURCES.users} role="admin" />);
    const row = await waitFor(() => (container?.querySelector('tr[data-id="u2"]') as HTMLElement) ?? Promise.reject(new Error("no rows")));
    await act(() => row.click());
    await act(() => setValue("input[name=display_name]", "李工程师"));
    await act(submit);
    await waitFor(() => (container?.textContent?.includes("已保存") ? true : Promise.reject(new Error("not saved"))));
    const patch = server.calls.find((c) => c.method === "PATCH");
    expect(patch?.headers["If-Match"]).toBeUndefined();
  });
});
