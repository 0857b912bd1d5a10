// Reading QR codes and barcodes from the camera: the browser's BarcodeDetector where it
// exists (Chrome on Android), else ZXing compiled to WebAssembly (iOS Safari, Firefox).
// The .wasm file is one of our own assets (Vite copies it into dist/assets with a hash);
// it is never fetched from a CDN.

import zxingWasmUrl from "zxing-wasm/reader/zxing_reader.wasm?url";

export type Detect = (source: HTMLVideoElement) => Promise<string | null>;

interface DetectorLike {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}

const FORMATS = ["qr_code", "code_128", "code_39", "ean_13", "ean_8", "data_matrix", "upc_a"];

async function nativeDetector(): Promise<Detect | null> {
  const Native = (globalThis as { BarcodeDetector?: new (options: { formats: string[] }) => DetectorLike } & {
    BarcodeDetector?: { getSupportedFormats?: () => Promise<string[]> };
  }).BarcodeDetector as (new (options: { formats: string[] }) => DetectorLike) & { getSupportedFormats?: () => Promise<string[]> } | undefined;
  if (!Native) return null;
  const supported = (await Native.getSupportedFormats?.()) ?? [];
  const formats = FORMATS.filter((f) => supported.includes(f));
  if (formats.length === 0) return null;
  const detector = new Native({ formats });
  return async (video) => (await detector.detect(video))[0]?.rawValue ?? null;
}

async function wasmDetector(): Promise<Detect> {
  const zxing = await import("zxing-wasm/reader");
  zxing.prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith(".wasm") ? zxingWasmUrl : prefix + path) },
    fireImmediately: true,
  });
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  return async (video) => {
    if (!context || !video.videoWidth) return null;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    context.drawImage(video, 0, 0);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    const results = await zxing.readBarcodes(image, { tryHarder: true, maxNumberOfSymbols: 1 });
    return results.find((r) => r.isValid)?.text ?? null;
  };
}

/** The best detector this browser has. */
export async function makeDetector(): Promise<Detect> {
  return (await nativeDetector()) ?? (await wasmDetector());
}

/** Turn the torch on or off, where the camera has one. */
export async function setTorch(track: MediaStreamTrack, on: boolean): Promise<boolean> {
  const capabilities = (track.getCapabilities?.() ?? {}) as { torch?: boolean };
  if (!capabilities.torch) return false;
  await track.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] });
  return true;
}

export function hasTorch(track: MediaStreamTrack): boolean {
  return Boolean((track.getCapabilities?.() as { torch?: boolean } | undefined)?.torch);
}
