import { t } from "../../i18n";
import { Link } from "../Link";
import { SyncBadge } from "../SyncBadge";
import "./style.css";

interface Props {
  /** Who is logged in; null on the login screen. */
  userName: string | null;
}

export function Header({ userName }: Props) {
  return (
    <header class={`header${userName !== null ? " header--tools" : ""}`}>
      <Link class="header__brand" href="/work-orders">
        {/* On a narrow phone the wrench alone; the name stays for screen readers. */}
        <svg class="header__logo" viewBox="0 0 64 64" aria-hidden="true">
          <path d="M40.5 14a11 11 0 0 0-10.3 14.8L14.6 44.4a4 4 0 0 0 5.6 5.6l15.6-15.6A11 11 0 0 0 50 24.1l-6.2 6.2-6.1-1.6-1.6-6.1 6.2-6.2a11 11 0 0 0-1.8-2.4z" />
        </svg>
        <span class="header__brand-name">{t("app.name")}</span>
      </Link>
      {userName !== null && (
        <div class="header__tools">
          <SyncBadge />
          <Link class="header__icon" href="/scan" aria-label={t("nav.scan")}>
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M3 3h6v2H5v4H3zm12 0h6v6h-2V5h-4zM3 15h2v4h4v2H3zm16 0h2v6h-6v-2h4zM7 7h2v10H7zm3 0h1v10h-1zm2 0h2v10h-2zm3 0h2v10h-2z" />
            </svg>
          </Link>
          <Link class="header__user" href="/settings" aria-label={t("nav.settings")}>
            <span class="header__user-name">{userName}</span>
            <svg class="header__gear" viewBox="0 0 24 24" aria-hidden="true">
              <path d="M19.4 13a7.8 7.8 0 0 0 0-2l2.1-1.6-2-3.5-2.5 1a7.6 7.6 0 0 0-1.7-1L15 3.3h-4l-.4 2.6a7.6 7.6 0 0 0-1.7 1l-2.5-1-2 3.5L6.6 11a7.8 7.8 0 0 0 0 2l-2.1 1.6 2 3.5 2.5-1a7.6 7.6 0 0 0 1.7 1l.4 2.6h4l.4-2.6a7.6 7.6 0 0 0 1.7-1l2.5 1 2-3.5zM13 15.5a3.5 3.5 0 1 1 0-7 3.5 3.5 0 0 1 0 7z" />
            </svg>
          </Link>
        </div>
      )}
    </header>
  );
}
