// The back office (/office): intake, the hotline log, dispatch, review, conflicts,
// registry. Desktop layout, online only, for dispatchers, supervisors and admins; an
// engineer who opens it is sent to his phone screens.

import { useEffect } from "preact/hooks";

import { LanguageSwitch } from "../components/LanguageSwitch";
import { Link } from "../components/Link";
import { t } from "../i18n";
import { matchPath, navigate } from "../router";
import type { Session } from "../store/session";
import { signOut } from "../sync/auth";
import "./i18n";
import { kpiNav, kpiScreen } from "./kpi";
import "./office.css";
import { Calls } from "./screens/Calls";
import { CONFLICT_TABS, type ConflictTab, Conflicts } from "./screens/Conflicts";
import { Dispatch } from "./screens/Dispatch";
import { Intake } from "./screens/Intake";
import { Notifications } from "./screens/Notifications";
import { Registry, REGISTRY_TABS, type RegistryTab } from "./screens/Registry";
import { Review, ReviewDetail } from "./screens/Review";

import { isOfficeUser } from "./access";

export { isOfficePath, isOfficeUser, OFFICE_ROLES } from "./access";

const NAV = [
  { href: "/office/intake", key: "intake" },
  { href: "/office/calls", key: "calls" },
  { href: "/office/dispatch", key: "dispatch" },
  { href: "/office/review", key: "review" },
  { href: "/office/conflicts", key: "conflicts" },
  { href: "/office/registry/customers", key: "registry" },
  { href: "/office/notifications", key: "notifications" },
] as const;

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function conflictTab(asked: string | null): ConflictTab {
  return CONFLICT_TABS.find((tab) => tab === asked) ?? "conflicts";
}

function screenFor(path: string, query: URLSearchParams, session: Session) {
  if (matchPath("/office/intake", path)) return <Intake />;
  if (matchPath("/office/calls", path)) return <Calls />;
  if (matchPath("/office/dispatch", path)) return <Dispatch />;
  if (matchPath("/office/review", path)) return <Review />;
  const review = matchPath("/office/review/:id", path);
  if (review?.id) return <ReviewDetail key={review.id} id={review.id} role={session.user.role} />;
  if (matchPath("/office/notifications", path)) return <Notifications />;
  if (matchPath("/office/conflicts", path)) return <Conflicts tab={conflictTab(query.get("tab"))} role={session.user.role} />;
  const registry = matchPath("/office/registry/:tab", path);
  if (registry?.tab && (REGISTRY_TABS as readonly string[]).includes(registry.tab)) {
    return <Registry key={registry.tab} tab={registry.tab as RegistryTab} role={session.user.role} />;
  }
  const quality = kpiScreen(path, session);
  if (quality) return quality;
  return <Redirect to="/office/dispatch" />;
}

export function OfficeApp({ session, path, query }: { session: Session; path: string; query: URLSearchParams }) {
  if (!isOfficeUser(session)) return <Redirect to="/work-orders" />;
  const section = path.split("/")[2] ?? "";
  return (
    <div class="office">
      <header class="office__top">
        <Link class="office__brand" href="/office">
          {t("office.title")}
        </Link>
        <LanguageSwitch />
        <span class="office__user">
          {session.user.display_name} · {t(`role.${session.user.role}`)}
        </span>
        <button
          type="button"
          class="o-button o-button--ghost"
          onClick={() => void signOut().then(() => navigate("/login?for=office", { replace: true }))}
        >
          {t("buttons.signOut")}
        </button>
      </header>
      <nav class="office__nav" aria-label={t("office.title")}>
        {[...NAV, ...kpiNav(session.user.role)].map((item) => (
          <Link
            key={item.key}
            href={item.href}
            class={`office__nav-item${section === item.key ? " office__nav-item--current" : ""}`}
            aria-current={section === item.key ? "page" : undefined}
          >
            {t(`office.nav.${item.key}`)}
          </Link>
        ))}
      </nav>
      <main class="office__main">{screenFor(path, query, session)}</main>
    </div>
  );
}
