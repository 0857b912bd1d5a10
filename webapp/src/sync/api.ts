// The only code that talks to the server: base /api/v1, the bearer token, and the one
// error shape {code, status, message, errors, key} turned into an ApiError. A 401 on a
// request that carried a token means the session is gone: the registered handler
// (the app sends the user to the login screen) is told before the error is thrown.

import { getToken } from "../store/session";
import type {
  BlobUploadState,
  DeviceResolveResult,
  PullRequest,
  PullResponse,
  PushRequest,
  PushResponse,
  ErrorBody,
  LoginResult,
} from "./types";

const BASE = "/api/v1";

export class ApiError extends Error {
  /** HTTP status; 0 when the server could not be reached. */
  readonly code: number;
  /** i18n key the server chose (errors.auth.badCredentials ...). */
  readonly key: string;
  /** Field messages, e.g. {json: {serial: ["Missing data for required field."]}}. */
  readonly errors: Record<string, unknown>;
  /** On 409: the server's version of what conflicted. */
  readonly conflict: Record<string, unknown> | null;
  /** The whole error body, for answers with more fields (426's min_schema_version,
   * an upload's 409 {received}). */
  readonly body: Record<string, unknown>;

  constructor(body: Partial<ErrorBody> & { code: number; key: string; message: string }) {
    super(body.message);
    this.name = "ApiError";
    this.code = body.code;
    this.key = body.key;
    this.errors = body.errors ?? {};
    this.conflict = body.conflict ?? null;
    this.body = body as Record<string, unknown>;
  }
}

let onUnauthorized: (() => void) | null = null;

/** Who to tell when the server no longer accepts our token. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

export type Query = Record<string, string | number | readonly string[] | undefined>;

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
  if (body && typeof body.key !== "string" && response.status === 409 && "received" in body) {
    // The blob upload's "wrong offset" answer: {received} only.
    return new ApiError({ ...body, code: 409, key: "errors.conflict", message: "Wrong offset" });
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

export type Method = "GET" | "HEAD" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface RequestOptions {
  query?: Query;
  /** JSON. */
  body?: unknown;
  /** Raw bytes (a blob chunk) of ``contentType``. */
  bytes?: Blob;
  contentType?: string;
  /** A multipart form (a file upload); the browser sets its Content-Type. */
  form?: FormData;
  /** The version the caller read (a record's row_version), sent as If-Match. */
  ifMatch?: number;
}

/**
 * Send one request and check the answer; every call to the server goes through here.
 * ``accept`` is null for files (PDF, CSV, photos), which are not JSON.
 */
async function send(
  method: Method,
  path: string,
  options: RequestOptions,
  accept: string | null,
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (accept) headers.Accept = accept;
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.ifMatch !== undefined) headers["If-Match"] = `"${options.ifMatch}"`;
  let body: BodyInit | undefined;
  if (options.form !== undefined) {
    body = options.form;
  } else if (options.bytes !== undefined) {
    headers["Content-Type"] = options.contentType ?? "application/octet-stream";
    body = options.bytes;
  } else if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(url(path, options.query), { method, headers, body, cache: "no-store" });
  } catch {
    throw new ApiError({ code: 0, key: "errors.network", message: "Network error" });
  }

  if (!response.ok) {
    const error = method === "HEAD" ? headError(response) : await errorFrom(response);
    if (response.status === 401 && token) onUnauthorized?.();
    throw error;
  }
  return response;
}

/** Send one request; JSON ``body``, raw ``bytes`` or a ``form``; the parsed JSON answer. */
export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options, "application/json");
  if (response.status === 204 || method === "HEAD") return undefined as T;
  return (await response.json()) as T;
}

/** A file the API serves behind the token (a report, a CSV, a photo) as a Blob. */
export async function requestFile(path: string): Promise<Blob> {
  return (await send("GET", path, {}, null)).blob();
}

function headError(response: Response): ApiError {
  const key = response.status === 404 ? "errors.notFound" : "errors.unknown";
  return new ApiError({ code: response.status, key, message: response.statusText });
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

// Sync (docs/sync-protocol.md).

export function syncPush(body: PushRequest) {
  return request<PushResponse>("POST", "/sync/push", { body });
}

export function syncPull(body: PullRequest) {
  return request<PullResponse>("POST", "/sync/pull", { body });
}

// Blobs: photos and signatures, uploaded in chunks that survive a broken connection.

/** Whether the server already stores every byte of this blob. */
export async function blobExists(sha256: string): Promise<boolean> {
  try {
    await request<void>("HEAD", `/blobs/${sha256}`);
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.code === 404) return false;
    throw error;
  }
}

/** How much of an interrupted upload arrived. */
export function blobUploadState(sha256: string) {
  return request<BlobUploadState>("GET", `/blobs/${sha256}/upload`);
}

export function putBlobChunk(sha256: string, offset: number, size: number, chunk: Blob, contentType: string) {
  return request<BlobUploadState>("PUT", `/blobs/${sha256}/upload`, {
    query: { offset, size },
    bytes: chunk,
    contentType,
  });
}

/** A device outside the phone's copy, by label token, URL or serial (online only). */
export function resolveDevice(code: string) {
  return request<DeviceResolveResult>("GET", "/devices/resolve", { query: { code } });
}
