import { t } from "../../i18n";
import { useSyncSummary, type SyncSummary } from "../../sync/summary";
import { Link } from "../Link";
import "./style.css";

export type BadgeState = "synced" | "pending" | "offline" | "error" | "conflicts" | "syncing";

/** The one word the header shows about sync; the most urgent state wins. */
export function badgeState(summary: SyncSummary): BadgeState {
  const { status } = summary;
  if (status.offline) return "offline";
  if (status.running) return "syncing";
  if (status.errorKey || summary.rejected > 0 || summary.failedFiles > 0) return "error";
  if (summary.pending + summary.files > 0) return "pending";
  if (summary.conflicts > 0) return "conflicts";
  return "synced";
}

/** Header badge: synced / N pending / offline / error / conflicts; opens the sync panel. */
export function SyncBadge() {
  const summary = useSyncSummary();
  const state = badgeState(summary);
  const count = summary.pending + summary.files;
  const label =
    state === "pending" || (state === "offline" && count > 0)
      ? t(`sync.badge.${state}Count`, { count })
      : state === "conflicts"
        ? t("sync.badge.conflictsCount", { count: summary.conflicts })
        : t(`sync.badge.${state}`);
  return (
    <Link class={`sync-badge sync-badge--${state}`} href="/sync" data-state={state} data-pending={count}>
      <span class="sync-badge__dot" aria-hidden="true" />
      {label}
    </Link>
  );
}
