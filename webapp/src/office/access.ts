// Who the back office is for and where it lives: small enough for the phone's first load,
// which must not carry the office's screens (they load when an office user opens them).

import type { Session } from "../store/session";

export const OFFICE_ROLES = ["admin", "dispatcher", "supervisor"];

/** Who accepts or dismisses late work (server/api/sync.py: supervisors and admins). */
export function decidesLateWork(role: string): boolean {
  return role === "supervisor" || role === "admin";
}

export function isOfficePath(path: string): boolean {
  return path === "/office" || path.startsWith("/office/");
}

export function isOfficeUser(session: Session | null): boolean {
  return session !== null && OFFICE_ROLES.includes(session.user.role);
}
