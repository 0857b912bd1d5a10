import { useState } from "preact/hooks";

import { DraftStatus } from "../../components/DraftStatus";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { Section } from "../../components/Section";
import { isEditable } from "../../domain/workOrderFlow";
import { t } from "../../i18n";
import { addPartUsage, withdrawPartUsage } from "../../store/actions";
import { getSession } from "../../store/session";
import { useDrafts } from "../../store/useDrafts";
import { useLiveQuery } from "../../store/useLiveQuery";
import { searchParts, vanStock, type WorkOrderView } from "../../store/workOrders";
import { WithdrawButton } from "./WithdrawButton";

/** The part form as it starts: no part chosen, one of it, into the order's first unit. */
function emptyForm(v: WorkOrderView) {
  return {
    "part.search": "",
    "part.part_id": "",
    "part.quantity": "1",
    "part.device_id": v.devices[0]?.id ?? "",
    "part.serial_out": "",
    "part.serial_in": "",
  };
}

/** Parts used: what went in (from the van), how many, into which device, serials out/in.
 * The form is kept as a draft until recorded; a part not yet sent can be taken back. */
export function PartsPanel({ v }: { v: WorkOrderView }) {
  const stock = useLiveQuery(() => vanStock(getSession()?.user.id ?? null), []);
  const drafts = useDrafts(v.wo.id, emptyForm(v));
  const {
    "part.search": search,
    "part.quantity": quantity,
    "part.device_id": deviceId,
    "part.serial_out": serialOut,
    "part.serial_in": serialIn,
  } = drafts.values;
  const partId = drafts.values["part.part_id"] || null;
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const editable = isEditable(v.wo.status);
  // Search first: before anything is typed only what the van holds is listed; a part
  // with none left shows only when searched for.
  const found = (search.trim() ? searchParts(stock.data ?? [], search) : (stock.data ?? []).filter((p) => p.quantity > 0)).slice(0, 8);
  const chosen = (stock.data ?? []).find((p) => p.part.id === partId);

  async function add(event: Event) {
    event.preventDefault();
    if (!partId) return;
    setError(null);
    setSaved(false);
    try {
      await addPartUsage(v.wo.id, {
        part_id: partId,
        quantity: Number(quantity),
        device_id: deviceId || null,
        serial_out: serialOut.trim(),
        serial_in: serialIn.trim(),
      });
      const empty = emptyForm(v);
      await drafts.clear(undefined, { ...empty, "part.device_id": deviceId });
      setSaved(true);
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <Section id="parts" title={t("parts.title")}>
      {v.usages.length === 0 ? (
        <p class="detail__muted">{t("parts.none")}</p>
      ) : (
        <ul class="rows" data-list="parts">
          {v.usages.map((u) => (
            <li key={u.id} class="rows__item" data-usage={u.id}>
              <strong>
                {u.part?.name ?? u.part_id} × {u.quantity}
              </strong>
              <span class="detail__muted">{u.part?.part_number}</span>
              {(u.serial_out || u.serial_in) && (
                <span>{t("parts.serials", { out: u.serial_out || "-", in: u.serial_in || "-" })}</span>
              )}
              {u.row_version === 0 && <span class="badge badge--pending">{t("sync.notSynced")}</span>}
              {v.unsent.has(u.id) && <WithdrawButton label={t("withdraw.part")} onWithdraw={() => withdrawPartUsage(u.id)} />}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <form class="parts-form" onSubmit={add}>
          <h3>{t("parts.add")}</h3>
          {!chosen ? (
            <>
              <Field label={t("parts.search")} name="part-search" value={search} onInput={(value) => drafts.set("part.search", value)} />
              <ul class="choices">
                {found.map(({ part, quantity: onHand }) => (
                  <li key={part.id}>
                    <button type="button" class="choice" data-part={part.part_number} onClick={() => drafts.set("part.part_id", part.id)}>
                      <strong>{part.name}</strong>
                      <span>
                        {part.part_number} · {t("parts.inVan", { count: onHand, unit: part.unit })}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <>
              <p class="parts-form__chosen">
                <strong>{chosen.part.name}</strong> {chosen.part.part_number}{" "}
                <button type="button" class="link-button" onClick={() => drafts.set("part.part_id", "")}>
                  {t("parts.change")}
                </button>
              </p>
              <Field
                label={t("parts.quantity")}
                name="part-quantity"
                value={quantity}
                onInput={(value) => drafts.set("part.quantity", value)}
                onBlur={drafts.flush}
                inputMode="numeric"
              />
              {v.devices.length > 0 && (
                <div class="field">
                  <label class="field__label" for="part-device">
                    {t("parts.device")}
                  </label>
                  <select id="part-device" class="field__input" value={deviceId} onChange={(e) => drafts.set("part.device_id", e.currentTarget.value)}>
                    <option value="">{t("parts.noDevice")}</option>
                    {v.devices.map((d) => (
                      <option key={d.id} value={d.id}>
                        {d.model} {d.serial}
                      </option>
                    ))}
                  </select>
                </div>
              )}
              <Field
                label={t("parts.serialOut")}
                name="serial-out"
                value={serialOut}
                onInput={(value) => drafts.set("part.serial_out", value)}
                onBlur={drafts.flush}
              />
              <Field
                label={t("parts.serialIn")}
                name="serial-in"
                value={serialIn}
                onInput={(value) => drafts.set("part.serial_in", value)}
                onBlur={drafts.flush}
              />
              <DraftStatus state={drafts.state} hasDraft={drafts.hasDraft} />
              <button type="submit" class="button button--block" data-submit="part">
                {t("parts.record")}
              </button>
            </>
          )}
        </form>
      )}
      {error !== null && <ErrorMessage error={error} />}
      {saved && (
        <p class="notice" role="status">
          {t("parts.saved")}
        </p>
      )}
    </Section>
  );
}
