import { t } from "../../i18n";
import type { DraftState } from "../../store/useDrafts";
import "./style.css";

/** "Draft saved" under a form while some of its text is kept on the phone unsaved. The
 * line is always there (empty when there is nothing to say), so nothing moves when it
 * appears. ``data-draft`` says the exact state (none, typing, saved). */
export function DraftStatus({ state, hasDraft }: { state: DraftState; hasDraft: boolean }) {
  const shown = state === "saved" || (state === "typing" && hasDraft);
  return (
    <p class="draft-status" role="status" aria-live="polite" data-draft={state}>
      {shown ? t("drafts.saved") : ""}
    </p>
  );
}
