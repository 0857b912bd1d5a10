import { t } from "../../i18n";
import "./style.css";

/** The work order's status in words, coloured by stage. */
export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge badge--status badge--${status}`}>{t(`status.${status}`)}</span>;
}

/** Severity 1-4: the level and its meaning; 1 (system down) is the loudest. */
export function SeverityBadge({ severity }: { severity: number }) {
  return (
    <span class={`badge badge--severity badge--s${severity}`}>
      <strong>{t("severity.short", { level: severity })}</strong> {t(`severity.s${severity}`)}
    </span>
  );
}

/** The type of work, for orders that answer no fault (an inspection, an installation ...). */
export function TypeBadge({ type }: { type: string }) {
  return <span class={`badge badge--type badge--type-${type}`}>{t(`type.${type}`)}</span>;
}

export function ImportantBadge() {
  return <span class="badge badge--important">{t("workOrders.important")}</span>;
}
