// What the registry tabs show and edit, per resource: the table's columns and the form's
// fields. A field's label is office.registry.field.<name>; a choice's label is
// <labels>.<value> (status, zone, role ... already translated for the phone).

import type { Row } from "../../types";

export type FieldKind = "text" | "textarea" | "number" | "date" | "bool" | "choice" | "ref" | "password";

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  /** choice: the values; their labels are t(`${labels}.${value}`). */
  choices?: readonly string[];
  labels?: string;
  /** ref: the resource listing the choices, and its query. */
  ref?: string;
  refQuery?: Record<string, string>;
  required?: boolean;
  /** Sent on create only (a password, the customer of a site). */
  createOnly?: boolean;
  /** The value a new row's field starts with ("true": a new survey question is active). */
  initial?: string;
}

export interface ResourceSpec {
  resource: string;
  columns: string[];
  fields: FieldSpec[];
  writeRoles: string[];
  /** The list is a plain array, not a page, and has no ``q`` search (survey questions). */
  unpaged?: boolean;
  /** The form's name, an i18n key; office.registry.tab.<resource> when omitted. */
  label?: string;
  /** A hint above the form (what a field means for the business). */
  hint?: string;
}

const SYSTEM_TYPES = ["cctv", "access_control", "network", "telephony", "public_address", "machine_room", "computer", "kiosk", "led_display", "other"];
const DATES = ["sold_on", "delivered_on", "installed_on", "commissioned_on", "accepted_on", "first_used_on", "purchased_on"];

export const RESOURCES = {
  customers: {
    resource: "customers",
    columns: ["code", "name", "is_important", "address"],
    writeRoles: ["admin", "dispatcher"],
    fields: [
      { name: "name", kind: "text", required: true },
      { name: "code", kind: "text", required: true },
      { name: "is_important", kind: "bool" },
      { name: "address", kind: "text" },
      { name: "notes", kind: "textarea" },
    ],
  },
  sites: {
    resource: "sites",
    columns: ["customer", "name", "zone", "distance_km", "address"],
    writeRoles: ["admin", "dispatcher"],
    fields: [
      { name: "customer_id", kind: "ref", ref: "customers", required: true, createOnly: true },
      { name: "name", kind: "text", required: true },
      { name: "address", kind: "text" },
      { name: "zone", kind: "choice", choices: ["in_city", "out_of_town"], labels: "zone" },
      { name: "distance_km", kind: "number" },
    ],
  },
  systems: {
    resource: "systems",
    columns: ["site", "type", "name", "responsible_engineer", "device_count"],
    writeRoles: ["admin"],
    fields: [
      { name: "site_id", kind: "ref", ref: "sites", required: true },
      { name: "type", kind: "choice", choices: SYSTEM_TYPES, labels: "office.systemType", required: true },
      { name: "name", kind: "text", required: true },
      { name: "responsible_engineer_id", kind: "ref", ref: "users", refQuery: { role: "engineer" } },
    ],
  },
  devices: {
    resource: "devices",
    columns: ["serial", "model", "manufacturer", "device_class", "customer", "site", "location", "status", "replaces", "replaced_by", "warranty"],
    writeRoles: ["admin"],
    fields: [
      { name: "system_id", kind: "ref", ref: "systems", required: true },
      { name: "serial", kind: "text", required: true },
      { name: "model", kind: "text", required: true },
      { name: "manufacturer", kind: "text", required: true },
      { name: "device_class", kind: "choice", choices: ["main", "peripheral", "consumable"], labels: "office.deviceClass" },
      { name: "location", kind: "text" },
      { name: "version", kind: "text" },
      { name: "ip_address", kind: "text" },
      ...DATES.map((name) => ({ name, kind: "date" as const })),
      { name: "manufacturer_warranty_months", kind: "number" },
      { name: "notes", kind: "textarea" },
    ],
  },
  parts: {
    resource: "parts",
    columns: ["part_number", "name", "category", "manufacturer", "unit", "cost_cents", "price_cents", "is_active"],
    writeRoles: ["admin"],
    fields: [
      { name: "part_number", kind: "text", required: true },
      { name: "name", kind: "text", required: true },
      { name: "category", kind: "choice", choices: ["main", "peripheral", "consumable"], labels: "office.deviceClass" },
      { name: "manufacturer", kind: "text" },
      { name: "unit", kind: "text" },
      { name: "cost_cents", kind: "number" },
      { name: "price_cents", kind: "number" },
      { name: "is_active", kind: "bool" },
    ],
  },
  users: {
    resource: "users",
    columns: ["username", "display_name", "role", "centre", "phone", "is_active"],
    writeRoles: ["admin"],
    fields: [
      { name: "username", kind: "text", required: true },
      { name: "display_name", kind: "text", required: true },
      { name: "role", kind: "choice", choices: ["admin", "dispatcher", "supervisor", "engineer"], labels: "role", required: true },
      { name: "password", kind: "password", required: true, createOnly: true },
      { name: "centre_id", kind: "ref", ref: "centres" },
      { name: "phone", kind: "text" },
      { name: "email", kind: "text" },
      { name: "is_active", kind: "bool" },
    ],
  },
  regions: {
    resource: "regions",
    columns: ["name"],
    writeRoles: ["admin"],
    fields: [{ name: "name", kind: "text", required: true }],
  },
  centres: {
    resource: "centres",
    columns: ["region", "name", "city", "address"],
    writeRoles: ["admin"],
    fields: [
      { name: "region_id", kind: "ref", ref: "regions", required: true },
      { name: "name", kind: "text", required: true },
      { name: "city", kind: "text" },
      { name: "address", kind: "text" },
    ],
  },
  // A customer's contacts; the Contacts tab lists one customer's and fixes customer_id.
  contacts: {
    resource: "contacts",
    columns: ["name", "title", "phone", "email", "is_authorised"],
    writeRoles: ["admin", "dispatcher"],
    hint: "office.registry.authorisedHint",
    fields: [
      { name: "name", kind: "text", required: true },
      { name: "title", kind: "text" },
      { name: "phone", kind: "text" },
      { name: "email", kind: "text" },
      { name: "is_authorised", kind: "bool" },
      { name: "locale", kind: "choice", choices: ["zh-CN", "en"], labels: "office.locale" },
    ],
  },
  survey: {
    resource: "survey-questions",
    label: "office.registry.tab.survey",
    columns: ["position", "key", "label_zh", "label_en", "is_active"],
    writeRoles: ["admin"],
    unpaged: true,
    hint: "office.registry.surveyHint",
    fields: [
      { name: "key", kind: "text", required: true },
      { name: "label_zh", kind: "text", required: true },
      { name: "label_en", kind: "text", required: true },
      { name: "position", kind: "number" },
      { name: "is_active", kind: "bool", initial: "true" },
    ],
  },
} satisfies Record<string, ResourceSpec>;

export type ResourceName = keyof typeof RESOURCES;

/** The value a form field starts with for ``row`` (nested refs give their id). */
export function initialValue(field: FieldSpec, row: Row | null): string {
  if (!row) return field.initial ?? (field.kind === "bool" ? "false" : "");
  let value = row[field.name];
  if (value === undefined && field.kind === "ref") {
    const nested = row[field.name.replace(/_id$/, "")] as { id?: string } | null | undefined;
    value = nested?.id ?? null;
  }
  if (value === null || value === undefined) return field.kind === "bool" ? "false" : "";
  return String(value);
}

/** The form's text values as the body to send: numbers parsed, booleans, empty optional
 * fields as null (cleared) on edit and left out on create; on edit only what changed, and
 * no create-only field. A text that is not a number is sent as typed: the server names
 * the field. */
export function bodyFrom(
  fields: FieldSpec[],
  values: Record<string, string>,
  initial: Record<string, string> | null,
): Record<string, unknown> {
  const editing = initial !== null;
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    if (editing && field.createOnly) continue;
    // An edit sends what changed only (PATCH): untouched fields stay as stored.
    if (editing && (values[field.name] ?? "") === (initial[field.name] ?? "")) continue;
    const raw = (values[field.name] ?? "").trim();
    if (field.kind === "bool") {
      body[field.name] = raw === "true";
      continue;
    }
    if (raw === "") {
      if (editing && !field.required && ["number", "date", "ref"].includes(field.kind)) body[field.name] = null;
      else if (editing && !field.required && ["text", "textarea"].includes(field.kind)) body[field.name] = "";
      continue;
    }
    body[field.name] = field.kind === "number" && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
  }
  if (body.ip_address === "") body.ip_address = null;
  return body;
}
