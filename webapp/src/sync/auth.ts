// Signing in and out on this device. Screens call these, never the API directly.
//
// The local database belongs to one user. Signing in as someone else wipes it, unless it
// still holds unsent changes: those are never thrown away silently. Signing out keeps
// unsent changes on the phone (they go out when the same user signs in again).

import { LocalError } from "../store/actions";
import { db, getMeta, setMeta } from "../store/db";
import { unsyncedCounts, wipeLocalData } from "../store/localData";
import { clearSession, saveSession, type Session } from "../store/session";
import * as api from "./api";
import { describeDevice } from "./deviceName";

export async function signIn(username: string, password: string, database = db()): Promise<Session> {
  const result = await api.login(username, password, describeDevice(navigator.userAgent));
  const previous = await getMeta<string | null>("user_id", null, database);
  if (previous && previous !== result.user.id) {
    const { changes, files } = await unsyncedCounts(database);
    if (changes + files > 0) {
      // Do not sign the new user in with the old one's changes still waiting.
      saveSession({ token: result.token, expires_at: result.expires_at, user: result.user });
      await api.logout().catch(() => undefined);
      clearSession();
      throw new LocalError("errors.sync.otherUsersChanges");
    }
    await wipeLocalData(database);
  }
  await setMeta("user_id", result.user.id, database);
  const session: Session = { token: result.token, expires_at: result.expires_at, user: result.user };
  saveSession(session);
  return session;
}

/**
 * Revoke the token on the server if we can; forget it here in any case. With nothing
 * unsent the local copy is wiped too; with unsent changes it stays for the next sign-in.
 */
export async function signOut(database = db()): Promise<{ keptUnsynced: boolean }> {
  const { changes, files } = await unsyncedCounts(database);
  try {
    await api.logout();
  } catch {
    // Offline or already expired: the token dies with its idle timeout on the server.
  } finally {
    clearSession();
  }
  if (changes + files === 0) await wipeLocalData(database);
  return { keptUnsynced: changes + files > 0 };
}
