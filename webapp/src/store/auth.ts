// Signing in and out on this device. Screens call these, never the API directly.

import * as api from "../sync/api";
import { describeDevice } from "../sync/deviceName";
import { clearSession, saveSession, type Session } from "./session";

export async function signIn(username: string, password: string): Promise<Session> {
  const result = await api.login(username, password, describeDevice(navigator.userAgent));
  const session: Session = { token: result.token, expires_at: result.expires_at, user: result.user };
  saveSession(session);
  return session;
}

/** Revoke the token on the server if we can; forget it here in any case. */
export async function signOut(): Promise<void> {
  try {
    await api.logout();
  } catch {
    // Offline or already expired: the token dies with its idle timeout on the server.
  } finally {
    clearSession();
  }
}
