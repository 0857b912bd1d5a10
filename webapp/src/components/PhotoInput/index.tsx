import { useState } from "preact/hooks";

import { t } from "../../i18n";
import "./style.css";

interface Props {
  label: string;
  name: string;
  onPhoto: (file: File) => Promise<void>;
}

/** A big "take a photo" button: the rear camera on a phone, a file picker elsewhere. */
export function PhotoInput({ label, name, onPhoto }: Props) {
  const [busy, setBusy] = useState(false);
  async function picked(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    try {
      await onPhoto(file);
    } finally {
      input.value = "";
      setBusy(false);
    }
  }
  return (
    <label class={`button button--secondary button--block photo-input${busy ? " photo-input--busy" : ""}`}>
      <input
        class="visually-hidden"
        type="file"
        name={name}
        accept="image/*"
        capture="environment"
        onChange={picked}
        disabled={busy}
      />
      {busy ? t("photos.saving") : label}
    </label>
  );
}
