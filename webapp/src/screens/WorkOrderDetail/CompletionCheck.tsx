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

/** Before a guarded step (complete, solved by phone or remotely): what is still missing,
 * in words (shown in the primary bar, above the button it holds back). */
export function CompletionCheck({ v, missing }: { v: WorkOrderView; missing: MissingFact[] }) {
  const labels = new Map((v.template?.items ?? []).map((item) => [item.key, item.label]));
  return (
    <div class="completion" data-completion={missing.length ? "missing" : "ready"}>
      {missing.length === 0 ? (
        <p class="completion__ready" role="status">
          {t("completion.ready")}
        </p>
      ) : (
        <>
          <p class="completion__lacking">{t("completion.lacking")}</p>
          <MissingFacts facts={missing} itemLabel={(key) => labels.get(key) ?? key} money={yuan} />
        </>
      )}
    </div>
  );
}

interface UnsignedProps {
  /** The guards still ask for the sign-off. */
  needed: boolean;
  unsigned: Unsigned;
  onUnsigned: (next: Unsigned) => void;
}

/** The way out when the customer cannot sign: a reason, and a photo (the photos step). */
export function UnsignedOption({ needed, unsigned, onUnsigned }: UnsignedProps) {
  if (!needed && !unsigned.checked) return null;
  return (
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
  );
}
