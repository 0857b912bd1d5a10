// The shell: header, which screen the path shows, and who may see it.

import { useEffect } from "preact/hooks";

import { Header } from "./components/Header";
import { PushPrompt } from "./components/PushNotifications";
import { StorageNotice, SyncAlerts } from "./components/SyncAlerts";
import { UpdatePrompt } from "./components/UpdatePrompt";
import { isListFilter } from "./domain/workOrderFlow";
import { useLocale } from "./i18n";
import { lazyScreen, preloadScreens } from "./lazyScreen";
import { isOfficePath, isOfficeUser } from "./office/access";
import { LazyOffice } from "./office/lazy";
import { matchPath, navigate, useLocation } from "./router";
import { Login } from "./screens/Login";
import { WorkOrderList } from "./screens/WorkOrderList";
import { clearSession, type Session } from "./store/session";
import { requestPersistence } from "./store/storage";
import { useSession } from "./store/useSession";
import { setUnauthorizedHandler } from "./sync/api";
import { startSyncScheduler } from "./sync/scheduler";

const Checklist = lazyScreen(() => import("./screens/Checklist").then((m) => m.Checklist));
const DeviceCard = lazyScreen(() => import("./screens/DeviceCard").then((m) => m.DeviceCard));
const Scan = lazyScreen(() => import("./screens/Scan").then((m) => m.Scan));
const Settings = lazyScreen(() => import("./screens/Settings").then((m) => m.Settings));
const SignOff = lazyScreen(() => import("./screens/SignOff").then((m) => m.SignOff));
const SyncPanel = lazyScreen(() => import("./screens/SyncPanel").then((m) => m.SyncPanel));
const WorkOrderDetail = lazyScreen(() => import("./screens/WorkOrderDetail").then((m) => m.WorkOrderDetail));

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function screenFor(path: string, query: URLSearchParams, session: Session) {
  if (matchPath("/work-orders", path)) {
    const filter = query.get("filter");
    return <WorkOrderList filter={isListFilter(filter) ? filter : "open"} />;
  }
  const checklist = matchPath("/work-orders/:id/checklist", path);
  if (checklist?.id) return <Checklist key={checklist.id} id={checklist.id} />;
  const sign = matchPath("/work-orders/:id/sign", path);
  if (sign?.id) {
    const asked = query.get("purpose");
    const purpose = asked === "inspection_report" || asked === "paid_work_consent" ? asked : "sign_off";
    return <SignOff key={sign.id + purpose} id={sign.id} purpose={purpose} />;
  }
  const detail = matchPath("/work-orders/:id", path);
  if (detail?.id) return <WorkOrderDetail key={detail.id} id={detail.id} />;
  if (matchPath("/scan", path)) return <Scan initialCode={query.get("code") ?? ""} />;
  // A device's QR label: https://<our host>/d/<token>
  const label = matchPath("/d/:token", path);
  if (label?.token) return <Scan key={label.token} initialCode={`/d/${label.token}`} />;
  const device = matchPath("/devices/:id", path);
  if (device?.id) return <DeviceCard key={device.id} id={device.id} />;
  if (matchPath("/sync", path)) return <SyncPanel />;
  if (matchPath("/settings", path)) return <Settings session={session} />;
  return <Redirect to="/work-orders" />;
}

export function App() {
  useLocale(); // re-render everything when the language changes
  const session = useSession();
  const { path, query } = useLocation();

  useEffect(() => {
    // The server no longer knows our token (expired, revoked): back to the login screen.
    // The outbox stays in the local database and is sent after the next login.
    setUnauthorizedHandler(() => {
      clearSession();
      navigate("/login", { replace: true });
    });
    return () => setUnauthorizedHandler(null);
  }, []);

  // Sync while an engineer is signed in: on open, when online comes back, every few
  // minutes. The office works online; its scope would be the whole database.
  const syncs = session !== null && !isOfficeUser(session);
  useEffect(() => (syncs ? startSyncScheduler() : undefined), [session?.token, syncs]);
  // Every screen's code in memory once the first screen is up: offline from then on.
  useEffect(() => {
    if (!syncs) return;
    // Right after the first render (before the first sync is done): a phone may lose its
    // signal a moment later.
    const timer = setTimeout(() => void preloadScreens(), 0);
    return () => clearTimeout(timer);
  }, [syncs]);

  // The phone holds work the server does not have yet: ask the browser at sign-in (or at
  // the first start signed in) not to evict our database, not only when Settings opens.
  // Settings shows the answer.
  useEffect(() => {
    if (syncs) void requestPersistence().catch(() => undefined);
  }, [session?.user.id, syncs]);

  // The back office has its own desktop layout (webapp/src/office).
  if (session !== null && isOfficePath(path)) return <LazyOffice session={session} path={path} query={query} />;

  let screen;
  // Sent from the office, the login page is titled for the office (?for=office).
  if (session === null)
    screen =
      path === "/login" ? <Login forOffice={query.get("for") === "office"} /> : <Redirect to={isOfficePath(path) ? "/login?for=office" : "/login"} />;
  else if (path === "/login") screen = <Redirect to={isOfficeUser(session) ? "/office" : "/work-orders"} />;
  else screen = screenFor(path, query, session);

  return (
    <>
      <Header userName={session?.user.display_name ?? null} />
      {session && <SyncAlerts />}
      {session && <StorageNotice />}
      {screen}
      {/* The one question about notifications floats at the bottom of the list (no sticky
          action there), asked after the first sync. */}
      {session?.user.role === "engineer" && matchPath("/work-orders", path) && <PushPrompt />}
      <UpdatePrompt />
    </>
  );
}
