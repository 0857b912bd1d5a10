// Service quality in the office: the KPI dashboard, the plan (due and overdue visits) and
// complaints. The office's index adds these routes and nav entries with kpiNav/kpiScreen.

import { matchPath } from "../../router";
import type { Session } from "../../store/session";
import { Complaints } from "./Complaints";
import { Dashboard } from "./Dashboard";
import "./i18n";
import { Plan } from "./Plan";
import "./style.css";

/** Complaints are handled apart from the service team. */
const COMPLAINT_ROLES = ["supervisor", "admin"];

/** Nav entries (their labels are office.nav.<key>, in this folder's i18n). */
export function kpiNav(role: string) {
  const items = [
    { href: "/office/kpi", key: "kpi" },
    { href: "/office/plan", key: "plan" },
  ];
  if (COMPLAINT_ROLES.includes(role)) items.push({ href: "/office/complaints", key: "complaints" });
  return items;
}

/** The screen for ``path``, or null when it is not one of ours. */
export function kpiScreen(path: string, session: Session) {
  if (matchPath("/office/kpi", path)) return <Dashboard />;
  if (matchPath("/office/plan", path)) return <Plan />;
  if (matchPath("/office/complaints", path) && COMPLAINT_ROLES.includes(session.user.role)) return <Complaints />;
  return null;
}
