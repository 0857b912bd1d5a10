// A unit's swap chain (换机) in the registry, and recording a swap from the office
// (POST /devices/<id>/replace): the new unit takes this one's place in its system.

import { useState } from "preact/hooks";

import { ErrorMessage } from "../../../components/ErrorMessage";
import { useAsync } from "../../../components/useAsync";
import { isInService } from "../../../domain/vocabulary";
import { has, t } from "../../../i18n";
import * as api from "../../api";
import { FieldErrors } from "../../components/FieldErrors";
import { Input } from "../../components/Input";
import type { Device } from "../../types";

/** The unit as the server has it now, its chain, and the swap form while it is in service. */
export function DeviceSwap({ id, onSwapped }: { id: string; onSwapped: () => void }) {
  const device = useAsync(() => api.getDevice(id), [id]);
  const [done, setDone] = useState<string | null>(null);
  if (device.error !== null) return <ErrorMessage error={device.error} onRetry={device.reload} />;
  if (!device.data) return null;
  return (
    <>
      <SwapForm
        key={`${device.data.id}-${device.data.replaced_by?.id ?? ""}`}
        device={device.data}
        onSwapped={(text) => {
          setDone(text);
          device.reload();
          onSwapped();
        }}
      />
      {done && (
        <p class="o-notice" role="status">
          {done}
        </p>
      )}
    </>
  );
}

function SwapForm({ device, onSwapped }: { device: Device; onSwapped: (done: string) => void }) {
  const [serial, setSerial] = useState("");
  const [model, setModel] = useState("");
  const [manufacturer, setManufacturer] = useState("");
  const [swappedOn, setSwappedOn] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const status = device.status ?? "";
  const replacedBy = device.replaced_by ?? null;
  const replaces = device.replaces ?? null;

  async function swap(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = {
        serial: serial.trim(),
        ...(model.trim() ? { model: model.trim() } : {}),
        ...(manufacturer.trim() ? { manufacturer: manufacturer.trim() } : {}),
        ...(swappedOn ? { swapped_on: swappedOn } : {}),
      };
      const unit = await api.replaceDevice(device.id, body);
      onSwapped(t("office.swap.done", { old: device.serial, serial: unit.serial }));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="o-swap" aria-label={t("office.swap.chain")} data-swap={device.serial}>
      <h3>{t("office.swap.chain")}</h3>
      <dl class="o-facts">
        <dt>{t("office.swap.status")}</dt>
        <dd data-status={status}>{has(`deviceStatus.${status}`) ? t(`deviceStatus.${status}`) : "—"}</dd>
        <dt>{t("office.swap.replaces")}</dt>
        <dd data-replaces>{replaces?.serial ?? "—"}</dd>
        <dt>{t("office.swap.replacedBy")}</dt>
        <dd data-replaced-by>{replacedBy?.serial ?? "—"}</dd>
      </dl>
      {isInService({ status, replaced_by_id: replacedBy?.id ?? null }) && (
        <form class="o-form" onSubmit={swap} aria-label={t("office.swap.title")}>
          <h3>{t("office.swap.title")}</h3>
          <Input label={t("office.swap.serial")} name="swap_serial" value={serial} onInput={setSerial} required />
          <Input label={t("office.swap.model")} name="swap_model" value={model} onInput={setModel} placeholder={device.model} />
          <Input label={t("office.swap.manufacturer")} name="swap_manufacturer" value={manufacturer} onInput={setManufacturer} placeholder={device.manufacturer} />
          <Input label={t("office.swap.swappedOn")} name="swap_swapped_on" value={swappedOn} onInput={setSwappedOn} type="date" />
          <FieldErrors error={error} />
          <button type="submit" class="o-button" disabled={busy || !serial.trim()} data-action="swap">
            {t("office.swap.record")}
          </button>
        </form>
      )}
    </section>
  );
}
