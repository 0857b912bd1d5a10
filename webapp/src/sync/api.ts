// The only code that talks to the server: base /api/v1, the bearer token, and the one
// error shape {code, status, message, errors, key} turned into an ApiError. A 401 on a
// request that carried a token means the session is gone: the registered handler
// (the app sends the user to the login screen) is told before the error is thrown.

import { getToken } from "../store/session";
import type {
  Diagnosis,
  ErrorBody,
  LoginResult,
  Page,
  WorkOrder,
  WorkOrderEvent,
} from "./types";

export const BASE = "/api/v1";

export class ApiError extends Error {
  /** HTTP status; 0 when the server could not be reached. */
  readonly code: number;
  /** i18n key the server chose (errors.auth.badCredentials ...). */
  readonly key: string;
  /** Field messages, e.g. {json: {serial: ["Missing data for required field."]}}. */
  readonly errors: Record<string, unknown>;
  /** On 409: the server's version of what conflicted. */
  readonly conflict: Record<string, unknown> | null;

  constructor(body: Partial<ErrorBody> & { code: number; key: string; message: string }) {
    super(body.message);
    this.name = "ApiError";
    this.code = body.code;
    this.key = body.key;
    this.errors = body.errors ?? {};
    this.conflict = body.conflict ?? null;
  }
}

let onUnauthorized: (() => void) | null = null;

/** Who to tell when the server no longer accepts our token. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

type Query = Record<string, string | number | readonly string[] | undefined>;

function url(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) value.forEach((item) => params.append(name, item));
    else params.append(name, String(value));
  }
  const search = params.toString();
  return BASE + path + (search ? `?${search}` : "");
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> | null = null;
  try {
    body = (await response.json()) as Partial<ErrorBody>;
  } catch {
    body = null; // a proxy's HTML page, an empty body ...
  }
  if (body && typeof body.key === "string") {
    return new ApiError({
      ...body,
      code: response.status,
      key: body.key,
      message: body.message ?? response.statusText,
    });
  }
  return new ApiError({
    code: response.status,
    key: response.status >= 500 ? "errors.server" : "errors.unknown",
    message: response.statusText || `HTTP ${response.status}`,
  });
}

export async function request<T>(
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
  path: string,
  options: { body?: unknown; query?: Query } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";

  let response: Response;
  try {
    response = await fetch(url(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError({ code: 0, key: "errors.network", message: "Network error" });
  }

  if (!response.ok) {
    const error = await errorFrom(response);
    if (response.status === 401 && token) onUnauthorized?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

// One function per endpoint the webapp uses.

export function login(username: string, password: string, deviceName: string) {
  return request<LoginResult>("POST", "/auth/login", {
    body: { username, password, device_name: deviceName },
  });
}

export function logout() {
  return request<void>("POST", "/auth/logout");
}

export function listWorkOrders(query: { status?: readonly string[]; per_page?: number; page?: number }) {
  return request<Page<WorkOrder>>("GET", "/work-orders/", { query });
}

export function getWorkOrder(id: string) {
  return request<WorkOrder>("GET", `/work-orders/${encodeURIComponent(id)}`);
}

export function updateWorkOrder(id: string, changes: Partial<Diagnosis>) {
  return request<WorkOrder>("PATCH", `/work-orders/${encodeURIComponent(id)}`, { body: changes });
}

export function takeAction(id: string, action: string, occurredAt: string, note?: string) {
  const body: Record<string, string> = { action, occurred_at: occurredAt };
  if (note) body.note = note;
  return request<WorkOrder>("POST", `/work-orders/${encodeURIComponent(id)}/actions`, { body });
}

export function listEvents(id: string) {
  return request<WorkOrderEvent[]>("GET", `/work-orders/${encodeURIComponent(id)}/events`);
}
