import { useEffect, useState } from "preact/hooks";

import { getSession, type Session, subscribeSession } from "./session";

/** The current session, re-rendering the caller when someone signs in or out. */
export function useSession(): Session | null {
  const [session, setSession] = useState(getSession);
  useEffect(() => {
    const unsubscribe = subscribeSession(setSession);
    // Someone may have signed in or out between the render and this effect.
    const now = getSession();
    setSession((previous) => (previous?.token === now?.token ? previous : now));
    return unsubscribe;
  }, []);
  return session;
}
