// Who is logged in on this device: the bearer token and the user it belongs to.
// Kept in localStorage for now; it moves into the versioned local database with the
// offline work, so everything reads it through these functions only.

const KEY = "aftercare.session";

/** The signed-in user as the server describes it at login (a wire shape, re-exported by
 * sync/types; defined here because the session owns it and store imports no sync code). */
export interface User {
  id: string;
  username: string;
  display_name: string;
  role: "admin" | "dispatcher" | "supervisor" | "engineer";
  centre: { id: string; name: string } | null;
  phone: string;
  email: string;
  locale: string;
  is_active: boolean;
}

export interface Session {
  token: string;
  expires_at: string;
  user: User;
}

type Listener = (session: Session | null) => void;
const listeners = new Set<Listener>();

export function getSession(): Session | null {
  const raw = localStorage.getItem(KEY);
  if (!raw) return null;
  try {
    const session = JSON.parse(raw) as Session;
    return session.token && session.user ? session : null;
  } catch {
    return null;
  }
}

export function getToken(): string | null {
  return getSession()?.token ?? null;
}

export function saveSession(session: Session): void {
  localStorage.setItem(KEY, JSON.stringify(session));
  listeners.forEach((listener) => listener(session));
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
  listeners.forEach((listener) => listener(null));
}

/** Call ``listener`` whenever the session starts or ends; returns the unsubscribe. */
export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
