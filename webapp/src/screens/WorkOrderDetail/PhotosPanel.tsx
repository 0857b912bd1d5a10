import { useState } from "preact/hooks";

import { DraftStatus } from "../../components/DraftStatus";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { LocalImage } from "../../components/LocalImage";
import { PhotoInput } from "../../components/PhotoInput";
import { Section } from "../../components/Section";
import { t } from "../../i18n";
import { addAttachment, withdrawPhoto } from "../../store/actions";
import { preparePhoto } from "../../store/media";
import { ATTACHMENT_KINDS, type AttachmentKind } from "../../store/records";
import { useDrafts } from "../../store/useDrafts";
import type { WorkOrderView } from "../../store/workOrders";
import { WithdrawButton } from "./WithdrawButton";

/** Photos of the label, the warranty card, before and after: kept on the phone until
 * uploaded; one not yet sent can be taken back. The caption is kept as a draft. */
export function PhotosPanel({ v }: { v: WorkOrderView }) {
  const [kind, setKind] = useState<AttachmentKind>("before");
  const drafts = useDrafts(v.wo.id, { "photo.caption": "" });
  const caption = drafts.values["photo.caption"];
  const [error, setError] = useState<unknown>(null);
  const photos = v.attachments.filter((a) => !a.inspection_result_id);

  async function take(file: File) {
    setError(null);
    try {
      const prepared = await preparePhoto(file);
      await addAttachment(prepared, {
        work_order_id: v.wo.id,
        device_id: kind === "label" || kind === "warranty_card" ? (v.devices[0]?.id ?? null) : null,
        kind,
        caption: caption.trim(),
      });
      await drafts.clear(undefined, { "photo.caption": "" });
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <Section id="photos" title={t("photos.title")}>
      {photos.length === 0 ? (
        <p class="detail__muted">{t("photos.none")}</p>
      ) : (
        <ul class="photo-grid" data-list="photos">
          {photos.map((photo) => (
            <li key={photo.id} data-photo={photo.id}>
              <LocalImage sha256={photo.sha256} alt={t(`photos.kind.${photo.kind}`)} />
              <span class="photo-grid__kind">{t(`photos.kind.${photo.kind}`)}</span>
              {photo.caption && <span>{photo.caption}</span>}
              {v.unsent.has(photo.id) && <WithdrawButton label={t("withdraw.photo")} onWithdraw={() => withdrawPhoto(photo.id)} />}
            </li>
          ))}
        </ul>
      )}
      <div class="photo-kinds" role="group" aria-label={t("photos.kindLabel")}>
        {ATTACHMENT_KINDS.map((option) => (
          <button
            key={option}
            type="button"
            class={`chip${option === kind ? " chip--on" : ""}`}
            aria-pressed={option === kind}
            onClick={() => setKind(option)}
          >
            {t(`photos.kind.${option}`)}
          </button>
        ))}
      </div>
      <Field
        label={t("photos.caption")}
        name="photo-caption"
        value={caption}
        onInput={(value) => drafts.set("photo.caption", value)}
        onBlur={drafts.flush}
      />
      <DraftStatus state={drafts.state} hasDraft={drafts.hasDraft} />
      <PhotoInput label={t("photos.take")} name="photo" onPhoto={take} />
      {error !== null && <ErrorMessage error={error} />}
    </Section>
  );
}
