import { useState } from "preact/hooks";

import { t } from "../../i18n";
import type { DeviceRecord } from "../../store/records";
import { CameraScan } from "../CameraScan";
import { ErrorMessage } from "../ErrorMessage";
import { Field } from "../Field";
import "./style.css";

export interface SwapInput {
  serial: string;
  model: string;
  manufacturer: string;
}

interface Props {
  /** The unit going out. */
  old: DeviceRecord;
  /** Record the swap (the screen's store action); a failure is shown here. */
  onReplace: (unit: SwapInput) => Promise<unknown>;
}

/** 换机 on the spot, offline: the new unit's serial typed or scanned from its barcode,
 * model and manufacturer as the old unit's unless changed. */
export function ReplaceUnit({ old, onReplace }: Props) {
  const [open, setOpen] = useState(false);
  const [camera, setCamera] = useState(false);
  const [serial, setSerial] = useState("");
  const [model, setModel] = useState(old.model ?? "");
  const [manufacturer, setManufacturer] = useState(old.manufacturer ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (!open) {
    return (
      <button type="button" class="button button--secondary swap__start" data-swap-start={old.id} onClick={() => setOpen(true)}>
        {t("swap.start")}
      </button>
    );
  }

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onReplace({ serial: serial.trim(), model: model.trim(), manufacturer: manufacturer.trim() });
      setOpen(false);
      setSerial("");
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const name = (field: string) => `swap-${field}-${old.id}`;
  return (
    <form class="swap" onSubmit={submit} data-swap={old.id}>
      <p class="swap__old">{t("swap.oldUnit", { serial: old.serial })}</p>
      {camera ? (
        <CameraScan
          onCode={(code) => {
            setCamera(false);
            setSerial(code.trim());
          }}
          onStop={() => setCamera(false)}
          onError={() => {
            setCamera(false);
            setError({ key: "scan.noCamera" });
          }}
        />
      ) : (
        <button type="button" class="button button--secondary button--block" onClick={() => setCamera(true)}>
          {t("swap.scan")}
        </button>
      )}
      <Field label={t("swap.serial")} name={name("serial")} value={serial} onInput={setSerial} required />
      <Field label={t("swap.model")} name={name("model")} value={model} onInput={setModel} />
      <Field label={t("swap.manufacturer")} name={name("manufacturer")} value={manufacturer} onInput={setManufacturer} />
      <div class="two-buttons">
        <button type="submit" class="button" disabled={busy || !serial.trim()} data-step="swap">
          {t("swap.record")}
        </button>
        <button type="button" class="button button--secondary" onClick={() => setOpen(false)}>
          {t("swap.cancel")}
        </button>
      </div>
      {error !== null && <ErrorMessage error={error} />}
    </form>
  );
}
