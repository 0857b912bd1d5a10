import { useEffect, useState } from "preact/hooks";

import { CameraScan } from "../../components/CameraScan";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { t } from "../../i18n";
import { navigate } from "../../router";
import { LocalError } from "../../store/actions";
import { findLocalDevice } from "../../store/workOrders";
import { lookUpDeviceOnline } from "../../sync/devices";
import "./style.css";

/** Scan a device's QR label or barcode, or type its serial; the phone's copy first,
 * then the server when online. */
export function Scan({ initialCode }: { initialCode: string }) {
  const [camera, setCamera] = useState(false);
  const [code, setCode] = useState(initialCode.startsWith("/d/") ? "" : initialCode);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function resolve(text: string) {
    const value = text.trim();
    if (!value) return;
    setBusy(true);
    setError(null);
    try {
      const local = await findLocalDevice(value);
      if (local) return navigate(`/devices/${local.id}`, { replace: true });
      if (navigator.onLine === false) throw new LocalError("scan.notOnPhoneOffline");
      const id = await lookUpDeviceOnline(value);
      if (id) return navigate(`/devices/${id}`, { replace: true });
      throw new LocalError("scan.notFound");
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  // Opened from a label URL (/d/<token>): look it up at once.
  useEffect(() => {
    if (initialCode) void resolve(initialCode);
  }, [initialCode]);

  return (
    <main class="main scan">
      <h1>{t("scan.title")}</h1>
      <section class="card">
        {camera ? (
          <CameraScan
            onCode={(found) => {
              setCamera(false);
              void resolve(found);
            }}
            onStop={() => setCamera(false)}
            onError={(failure) => {
              setError(new LocalError("scan.noCamera", String(failure)));
              setCamera(false);
            }}
          />
        ) : (
          <button type="button" class="button button--block scan__start" onClick={() => setCamera(true)}>
            {t("scan.start")}
          </button>
        )}
      </section>
      <form
        class="card"
        onSubmit={(event) => {
          event.preventDefault();
          void resolve(code);
        }}
      >
        <Field label={t("scan.manual")} name="serial" value={code} onInput={setCode} />
        <button type="submit" class="button button--block" disabled={busy || !code.trim()}>
          {t("scan.find")}
        </button>
      </form>
      {error !== null && <ErrorMessage error={error} />}
    </main>
  );
}
