import type { MissingFact } from "../../domain/guards";
import { has, t } from "../../i18n";
import "./style.css";

interface Props {
  facts: readonly MissingFact[];
  /** A checklist item's label by its key (the key itself when unknown). */
  itemLabel?: (key: string) => string;
  /** Money as this screen shows it. */
  money: (cents: number) => string;
}

function fieldLabel(field: string): string {
  const key = `completion.field.${field}`;
  return has(key) ? t(key) : field;
}

/** One missing fact in words (never its code). */
export function missingText(fact: MissingFact, props: Omit<Props, "facts">): string {
  const item = fact.item ?? "";
  return t(`completion.missing.${fact.code}`, {
    field: fieldLabel(fact.field),
    item: props.itemLabel ? props.itemLabel(item) : item,
    amount: props.money(fact.amount_cents ?? 0),
  });
}

/** What a work order still lacks before it may be completed or closed, as a list. */
export function MissingFacts({ facts, ...props }: Props) {
  return (
    <ul class="missing-facts" data-list="missing">
      {facts.map((fact) => (
        <li key={`${fact.code}-${fact.field}-${fact.item ?? ""}`} data-missing={fact.code} data-field={fact.item ?? fact.field}>
          {missingText(fact, props)}
        </li>
      ))}
    </ul>
  );
}
