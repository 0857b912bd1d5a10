import { useEffect, useRef, useState } from "preact/hooks";

import { t } from "../../i18n";
import { hasTorch, makeDetector, setTorch } from "./scanner";
import "./style.css";

interface Props {
  /** The first code read; the camera stops. */
  onCode: (code: string) => void;
  onStop: () => void;
  /** The camera could not be opened (no permission, no camera). */
  onError: (failure: unknown) => void;
}

/** The back camera reading QR codes and barcodes until one is found, with a torch where
 * the phone has one. Shown while mounted; the camera is released on unmount. */
export function CameraScan({ onCode, onStop, onError }: Props) {
  const video = useRef<HTMLVideoElement>(null);
  const [track, setTrack] = useState<MediaStreamTrack | null>(null);
  const [torch, setTorchOn] = useState(false);

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | null = null;
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
        if (stopped || !video.current) return;
        video.current.srcObject = stream;
        await video.current.play();
        setTrack(stream.getVideoTracks()[0] ?? null);
        const detect = await makeDetector();
        while (!stopped) {
          const found = video.current ? await detect(video.current).catch(() => null) : null;
          if (found) return onCode(found);
          await new Promise((r) => setTimeout(r, 250));
        }
      } catch (failure) {
        if (!stopped) onError(failure);
      }
    })();
    return () => {
      stopped = true;
      stream?.getTracks().forEach((tr) => tr.stop());
    };
  }, []);

  async function toggleTorch() {
    if (track && (await setTorch(track, !torch))) setTorchOn(!torch);
  }

  return (
    <>
      <video ref={video} class="camera-scan__video" playsInline muted />
      <div class="two-buttons">
        <button type="button" class="button button--secondary" onClick={onStop}>
          {t("scan.stop")}
        </button>
        {track && hasTorch(track) && (
          <button type="button" class="button button--secondary" aria-pressed={torch} onClick={toggleTorch}>
            {torch ? t("scan.torchOff") : t("scan.torchOn")}
          </button>
        )}
      </div>
    </>
  );
}
