// Parts stock (备品备件库存): levels per location and part (sums of movements), goods
// received, transfers warehouse ↔ van (a pair of movements), and the locations.

import { useState } from "preact/hooks";

import { ErrorMessage } from "../../../components/ErrorMessage";
import { useAsync } from "../../../components/useAsync";
import { t } from "../../../i18n";
import * as api from "../../api";
import { FieldErrors } from "../../components/FieldErrors";
import { Input, Select } from "../../components/Input";

export function Stock({ canWrite }: { canWrite: boolean }) {
  const levels = useAsync(() => api.stockLevels(), []);
  const locations = useAsync(() => api.listRows("stock-locations"), []);
  const parts = useAsync(() => api.listRows("parts"), []);
  const locationOptions = (locations.data?.items ?? []).map((row) => ({
    value: row.id,
    label: `${String(row.name)} (${t(`office.stock.kind.${String(row.kind)}`)})`,
  }));
  const partOptions = (parts.data?.items ?? []).map((row) => ({ value: row.id, label: `${String(row.part_number)} ${String(row.name)}` }));

  return (
    <div class="o-columns">
      <section class="o-panel o-panel--wide">
        <h2>{t("office.stock.levels")}</h2>
        {levels.error !== null && <ErrorMessage error={levels.error} onRetry={levels.reload} />}
        <table class="o-table">
          <thead>
            <tr>
              <th>{t("office.stock.location")}</th>
              <th>{t("office.stock.part")}</th>
              <th>{t("office.stock.quantity")}</th>
            </tr>
          </thead>
          <tbody>
            {(levels.data ?? []).map((level) => (
              <tr key={`${level.location.id}-${level.part.id}`} class={level.quantity < 0 ? "o-bad" : ""}>
                <td>
                  {String(level.location.name)} <small>{t(`office.stock.kind.${level.location.kind}`)}</small>
                </td>
                <td>
                  {String(level.part.part_number)} {String(level.part.name)}
                </td>
                <td class="o-num">
                  {level.quantity} {String(level.part.unit)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {canWrite && (
        <aside class="o-panel">
          <Movement kind="transfer" locations={locationOptions} parts={partOptions} onDone={levels.reload} />
          <Movement kind="received" locations={locationOptions} parts={partOptions} onDone={levels.reload} />
          <NewLocation onDone={locations.reload} />
        </aside>
      )}
    </div>
  );
}

type Option = { value: string; label: string };

function Movement({ kind, locations, parts, onDone }: { kind: "transfer" | "received"; locations: Option[]; parts: Option[]; onDone: () => void }) {
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [part, setPart] = useState("");
  const [quantity, setQuantity] = useState("1");
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setError(null);
    setDone(false);
    try {
      if (kind === "transfer") {
        await api.transfer({ from_location_id: from, to_location_id: to, part_id: part, quantity: Number(quantity), note });
      } else {
        await api.bookStock({ location_id: to, part_id: part, quantity: Number(quantity), kind: "received", note });
      }
      setDone(true);
      onDone();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <form class="o-form" onSubmit={submit}>
      <h2>{t(`office.stock.${kind}`)}</h2>
      {kind === "transfer" && (
        <Select label={t("office.stock.from")} name={`${kind}_from`} value={from} onChange={setFrom} empty={t("office.form.none")} options={locations} />
      )}
      <Select label={t("office.stock.to")} name={`${kind}_to`} value={to} onChange={setTo} empty={t("office.form.none")} options={locations} />
      <Select label={t("office.stock.part")} name={`${kind}_part`} value={part} onChange={setPart} empty={t("office.form.none")} options={parts} />
      <Input label={t("office.stock.quantity")} name={`${kind}_quantity`} type="number" value={quantity} onInput={setQuantity} />
      <Input label={t("office.stock.note")} name={`${kind}_note`} value={note} onInput={setNote} />
      <FieldErrors error={error} />
      {done && <p class="o-notice">{t("office.registry.saved")}</p>}
      <button type="submit" class="o-button">
        {t(`office.stock.${kind}Submit`)}
      </button>
    </form>
  );
}

function NewLocation({ onDone }: { onDone: () => void }) {
  const [kind, setKind] = useState("warehouse");
  const [name, setName] = useState("");
  const [engineer, setEngineer] = useState("");
  const engineers = useAsync(() => api.listRows("users", { role: "engineer" }), []);
  const [error, setError] = useState<unknown>(null);
  async function submit(event: Event) {
    event.preventDefault();
    setError(null);
    try {
      await api.createRow("stock-locations", { kind, name, ...(kind === "van" ? { engineer_id: engineer || null } : {}) });
      setName("");
      onDone();
    } catch (failure) {
      setError(failure);
    }
  }
  return (
    <form class="o-form" onSubmit={submit}>
      <h2>{t("office.stock.newLocation")}</h2>
      <Select label={t("office.registry.field.kind")} name="location_kind" value={kind} onChange={setKind} options={["warehouse", "van"].map((k) => ({ value: k, label: t(`office.stock.kind.${k}`) }))} />
      <Input label={t("office.registry.field.name")} name="location_name" value={name} onInput={setName} />
      {kind === "van" && (
        <Select
          label={t("office.registry.field.engineer_id")}
          name="location_engineer"
          value={engineer}
          onChange={setEngineer}
          empty={t("office.form.none")}
          options={(engineers.data?.items ?? []).map((u) => ({ value: u.id, label: String(u.display_name) }))}
        />
      )}
      <FieldErrors error={error} />
      <button type="submit" class="o-button">
        {t("buttons.save")}
      </button>
    </form>
  );
}
