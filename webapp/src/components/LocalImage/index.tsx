import { useEffect, useState } from "preact/hooks";

import { t } from "../../i18n";
import { db } from "../../store/db";
import { useLiveQuery } from "../../store/useLiveQuery";
import "./style.css";

/** An image kept on the phone, by its SHA-256, with its upload state. */
export function LocalImage({ sha256, alt }: { sha256: string; alt: string }) {
  const row = useLiveQuery(() => db().blobs.get(sha256), [sha256]);
  const [src, setSrc] = useState<string | null>(null);
  const blob = row.data?.blob;
  useEffect(() => {
    if (!(blob instanceof Blob)) return;
    const made = URL.createObjectURL(blob);
    setSrc(made);
    return () => URL.revokeObjectURL(made);
  }, [blob]);
  const state = row.data?.state ?? "server";
  return (
    <figure class="local-image" data-upload={state}>
      {src ? <img src={src} alt={alt} /> : <div class="local-image__none">{t("photos.onServer")}</div>}
      <figcaption>{t(`photos.state.${state}`)}</figcaption>
    </figure>
  );
}
