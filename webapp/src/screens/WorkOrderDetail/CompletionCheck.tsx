import { Field } from "../../components/Field";
import { MissingFacts } from "../../components/MissingFacts";
import type { MissingFact } from "../../domain/guards";
import { t } from "../../i18n";
import { yuan } from "../../store/notes";
import type { WorkOrderView } from "../../store/workOrders";

export interface Unsigned {
  /** The engineer says the customer could not sign. */
  checked: boolean;
  reason: string;
}

interface Props {
  v: WorkOrderView;
  /** What the guarded actions the engineer may take now still lack (store/completion.ts). */
  missing: MissingFact[];
  unsigned: Unsigned;
  onUnsigned: (next: Unsigned) => void;
}

/** Before a guarded step (complete, solved by phone or remotely): what is still missing,
 * in words, and the way out when the customer cannot sign (a reason and a photo). */
export function CompletionCheck({ v, missing, unsigned, onUnsigned }: Props) {
  const labels = new Map((v.template?.items ?? []).map((item) => [item.key, item.label]));
  const needsSignOff = missing.some((fact) => fact.code === "sign_off");
  return (
    <div class="completion" data-completion={missing.length ? "missing" : "ready"}>
      <h3>{t("completion.title")}</h3>
      {missing.length === 0 ? (
        <p class="notice" role="status">
          {t("completion.ready")}
        </p>
      ) : (
        <>
          <p class="fees__warn">{t("completion.lacking")}</p>
          <MissingFacts facts={missing} itemLabel={(key) => labels.get(key) ?? key} money={yuan} />
        </>
      )}
      {(needsSignOff || unsigned.checked) && (
        <>
          <label class="check">
            <input
              type="checkbox"
              name="unsigned"
              checked={unsigned.checked}
              onChange={(e) => onUnsigned({ ...unsigned, checked: e.currentTarget.checked })}
            />
            {t("completion.unsigned")}
          </label>
          {unsigned.checked && (
            <>
              <Field
                label={t("completion.unsignedReason")}
                name="unsigned-reason"
                value={unsigned.reason}
                onInput={(reason) => onUnsigned({ ...unsigned, reason })}
                multiline
                required
              />
              <p class="detail__muted">{t("completion.unsignedHint")}</p>
            </>
          )}
        </>
      )}
    </div>
  );
}
