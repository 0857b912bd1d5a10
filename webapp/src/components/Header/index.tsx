import { t } from "../../i18n";
import { Link } from "../Link";
import "./style.css";

interface Props {
  /** Who is logged in; null on the login screen. */
  userName: string | null;
}

export function Header({ userName }: Props) {
  return (
    <header class="header">
      <Link class="header__brand" href="/work-orders">
        {t("app.name")}
      </Link>
      {userName !== null && (
        <Link class="header__user" href="/settings" aria-label={t("nav.settings")}>
          <span class="header__user-name">{userName}</span>
          <svg class="header__gear" viewBox="0 0 24 24" aria-hidden="true">
            <path d="M19.4 13a7.8 7.8 0 0 0 0-2l2.1-1.6-2-3.5-2.5 1a7.6 7.6 0 0 0-1.7-1L15 3.3h-4l-.4 2.6a7.6 7.6 0 0 0-1.7 1l-2.5-1-2 3.5L6.6 11a7.8 7.8 0 0 0 0 2l-2.1 1.6 2 3.5 2.5-1a7.6 7.6 0 0 0 1.7 1l.4 2.6h4l.4-2.6a7.6 7.6 0 0 0 1.7-1l2.5 1 2-3.5zM13 15.5a3.5 3.5 0 1 1 0-7 3.5 3.5 0 0 1 0 7z" />
          </svg>
        </Link>
      )}
    </header>
  );
}
