// The shell: header, which screen the path shows, and who may see it.

import { useEffect } from "preact/hooks";

import { Header } from "./components/Header";
import { isListFilter } from "./domain/workOrderFlow";
import { useLocale } from "./i18n";
import { matchPath, navigate, useLocation } from "./router";
import { Login } from "./screens/Login";
import { Settings } from "./screens/Settings";
import { WorkOrderDetail } from "./screens/WorkOrderDetail";
import { WorkOrderList } from "./screens/WorkOrderList";
import { clearSession, type Session } from "./store/session";
import { useSession } from "./store/useSession";
import { setUnauthorizedHandler } from "./sync/api";

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function screenFor(path: string, query: URLSearchParams, session: Session) {
  if (matchPath("/work-orders", path)) {
    const filter = query.get("filter");
    return <WorkOrderList filter={isListFilter(filter) ? filter : "open"} />;
  }
  const detail = matchPath("/work-orders/:id", path);
  if (detail?.id) return <WorkOrderDetail key={detail.id} id={detail.id} />;
  if (matchPath("/settings", path)) return <Settings session={session} />;
  return <Redirect to="/work-orders" />;
}

export function App() {
  useLocale(); // re-render everything when the language changes
  const session = useSession();
  const { path, query } = useLocation();

  useEffect(() => {
    // The server no longer knows our token (expired, revoked): back to the login screen.
    setUnauthorizedHandler(() => {
      clearSession();
      navigate("/login", { replace: true });
    });
    return () => setUnauthorizedHandler(null);
  }, []);

  let screen;
  if (session === null) screen = path === "/login" ? <Login /> : <Redirect to="/login" />;
  else if (path === "/login") screen = <Redirect to="/work-orders" />;
  else screen = screenFor(path, query, session);

  return (
    <>
      <Header userName={session?.user.display_name ?? null} />
      {screen}
    </>
  );
}
