import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { ENGINEER, signIn } from "../../test/harness";
import { clearSession } from "../store/session";
import { ApiError, login, logout, request, requestFile, setUnauthorizedHandler } from "./api";

const USER = ENGINEER;

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

const fetchMock = vi.fn<typeof fetch>();

function lastCall(): { url: string; init: RequestInit; headers: Record<string, string> } {
  const [url, init] = fetchMock.mock.calls.at(-1) as [string, RequestInit];
  return { url, init, headers: (init.headers ?? {}) as Record<string, string> };
}

beforeEach(() => {
  fetchMock.mockReset();
  vi.stubGlobal("fetch", fetchMock);
  clearSession();
});

afterEach(() => {
  vi.unstubAllGlobals();
  setUnauthorizedHandler(null);
});

describe("request", () => {
  it("sends the bearer token of the session", async () => {
    signIn({}, { token: "ac_secret" });
    fetchMock.mockResolvedValue(json({ items: [], page: 1, per_page: 50, total: 0, pages: 1 }));
    await request("GET", "/work-orders/", { query: { per_page: 50, status: ["new", "assigned"] } });
    const { url, headers } = lastCall();
    expect(url).toBe("/api/v1/work-orders/?per_page=50&status=new&status=assigned");
    expect(headers.Authorization).toBe("Bearer ac_secret");
  });

  it("sends no Authorization header without a session", async () => {
    fetchMock.mockResolvedValue(json({ token: "t", expires_at: "x", user: USER }));
    await login("engineer1", "pw", "Android / Chrome 124");
    const { url, init, headers } = lastCall();
    expect(url).toBe("/api/v1/auth/login");
    expect(init.method).toBe("POST");
    expect(headers.Authorization).toBeUndefined();
    expect(headers["Content-Type"]).toBe("application/json");
    expect(JSON.parse(init.body as string)).toEqual({
      username: "engineer1",
      password: "pw",
      device_name: "Android / Chrome 124",
    });
  });

  it("turns the server's error shape into an ApiError", async () => {
    fetchMock.mockResolvedValue(
      json(
        {
          code: 409,
          status: "Conflict",
          message: "cannot accept a work order that is on_site",
          key: "errors.workOrder.invalidTransition",
          conflict: { status: "on_site" },
        },
        409,
      ),
    );
    const error = await request("POST", "/work-orders/w1/actions", { body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 409,
      key: "errors.workOrder.invalidTransition",
      message: "cannot accept a work order that is on_site",
      conflict: { status: "on_site" },
    });
  });

  it("keeps field errors of a 422", async () => {
    fetchMock.mockResolvedValue(
      json(
        {
          code: 422,
          status: "Unprocessable Entity",
          message: "Invalid data.",
          key: "errors.validation",
          errors: { json: { diagnosis_fix: ["Longer than maximum length 4000."] } },
        },
        422,
      ),
    );
    const error = (await request("PATCH", "/work-orders/w1", { body: {} }).catch((e: unknown) => e)) as ApiError;
    expect(error.errors).toEqual({ json: { diagnosis_fix: ["Longer than maximum length 4000."] } });
  });

  it("sends the version an edit was made on as If-Match, and keeps a 412's current record", async () => {
    fetchMock.mockResolvedValue(
      json(
        {
          code: 412,
          status: "Precondition Failed",
          message: "Changed.",
          key: "errors.precondition.failed",
          current: { id: "w1", row_version: 8 },
        },
        412,
      ),
    );
    const error = (await request("PATCH", "/work-orders/w1", { body: {}, ifMatch: 7 }).catch((e: unknown) => e)) as ApiError;
    const init = fetchMock.mock.calls[0]?.[1] as RequestInit;
    expect((init.headers as Record<string, string>)["If-Match"]).toBe('"7"');
    expect(error.code).toBe(412);
    expect(error.body.current).toEqual({ id: "w1", row_version: 8 });
  });

  it("answers a body that is not ours with a generic key", async () => {
    fetchMock.mockResolvedValue(new Response("<html>Bad Gateway</html>", { status: 502, statusText: "Bad Gateway" }));
    const error = (await request("GET", "/work-orders/").catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ code: 502, key: "errors.server", message: "Bad Gateway" });
  });

  it("reports an unreachable server as a network error", async () => {
    fetchMock.mockRejectedValue(new TypeError("Failed to fetch"));
    const error = (await request("GET", "/work-orders/").catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ code: 0, key: "errors.network" });
  });

  it("returns nothing for 204", async () => {
    signIn({}, { token: "ac_secret" });
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    await expect(logout()).resolves.toBeUndefined();
  });
});

describe("files and uploads", () => {
  it("fetches a file with the token and without asking for JSON", async () => {
    signIn({}, { token: "ac_secret" });
    fetchMock.mockResolvedValue(new Response("%PDF-1.7", { status: 200, headers: { "Content-Type": "application/pdf" } }));
    const blob = await requestFile("/work-orders/w1/report.pdf");
    const { url, headers } = lastCall();
    expect(url).toBe("/api/v1/work-orders/w1/report.pdf");
    expect(headers.Authorization).toBe("Bearer ac_secret");
    expect(headers.Accept).toBeUndefined();
    expect(await blob.text()).toBe("%PDF-1.7");
  });

  it("sends a form as it is, for the browser to set its multipart type", async () => {
    fetchMock.mockResolvedValue(json({ created: 1 }));
    const form = new FormData();
    form.append("system_id", "sy1");
    await expect(request("POST", "/devices/import", { form })).resolves.toEqual({ created: 1 });
    const { init, headers } = lastCall();
    expect(init.body).toBe(form);
    expect(headers["Content-Type"]).toBeUndefined();
  });
});

describe("a 401", () => {
  const expired = {
    code: 401,
    status: "Unauthorized",
    message: "The session has expired or was revoked; log in again.",
    key: "errors.auth.invalidToken",
  };

  it("on a request with a token tells the handler, then throws", async () => {
    signIn({}, { token: "ac_old" });
    const handler = vi.fn();
    setUnauthorizedHandler(handler);
    fetchMock.mockResolvedValue(json(expired, 401));
    await expect(request("GET", "/work-orders/")).rejects.toMatchObject({ key: "errors.auth.invalidToken" });
    expect(handler).toHaveBeenCalledOnce();
  });

  it("on a file download with a token tells the handler too", async () => {
    signIn({}, { token: "ac_old" });
    const handler = vi.fn();
    setUnauthorizedHandler(handler);
    fetchMock.mockResolvedValue(json(expired, 401));
    await expect(requestFile("/labels.pdf")).rejects.toMatchObject({ code: 401, key: "errors.auth.invalidToken" });
    expect(handler).toHaveBeenCalledOnce();
  });

  it("on a login (wrong password) is only an error", async () => {
    const handler = vi.fn();
    setUnauthorizedHandler(handler);
    fetchMock.mockResolvedValue(
      json({ code: 401, status: "Unauthorized", message: "Wrong username or password.", key: "errors.auth.badCredentials" }, 401),
    );
    await expect(login("engineer1", "nope", "")).rejects.toMatchObject({ key: "errors.auth.badCredentials" });
    expect(handler).not.toHaveBeenCalled();
  });
});
