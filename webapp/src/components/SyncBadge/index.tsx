import { t } from "../../i18n";
import { useSyncSummary, type SyncSummary } from "../../sync/summary";
import { Link } from "../Link";
import "./style.css";

export type BadgeState = "synced" | "pending" | "offline" | "error" | "conflicts" | "syncing";

/** The one word the header shows about sync; the most urgent state wins. Being offline
 * (normal in a basement; a sync that cannot reach the server counts as offline) is shown
 * grey, never as an error: red is only for what the engineer must act on. */
export function badgeState(summary: SyncSummary): BadgeState {
  const { status } = summary;
  if (status.offline) return "offline";
  if (status.running) return "syncing";
  if (status.errorKey || summary.rejected > 0 || summary.failedFiles > 0) return "error";
  if (summary.waiting > 0) return "pending";
  if (summary.conflicts > 0) return "conflicts";
  return "synced";
}

/** Header badge: synced / N pending / offline / error / conflicts; opens the sync panel. */
export function SyncBadge() {
  const summary = useSyncSummary();
  const state = badgeState(summary);
  const count = summary.waiting;
  const label =
    state === "pending" || ((state === "offline" || state === "syncing") && count > 0)
      ? t(`sync.badge.${state}Count`, { count })
      : state === "conflicts"
        ? t("sync.badge.conflictsCount", { count: summary.conflicts })
        : t(`sync.badge.${state}`);
  // A narrow header truncates the words (ellipsis); the whole label stays in the title.
  return (
    <Link class={`sync-badge sync-badge--${state}`} href="/sync" data-state={state} data-pending={count} title={label}>
      <span class="sync-badge__dot" aria-hidden="true" />
      <span class="sync-badge__label">{label}</span>
    </Link>
  );
}
