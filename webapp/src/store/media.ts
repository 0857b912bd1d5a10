// Preparing images on the phone before they are stored: photos are turned upright and
// scaled to at most 1600 px on the longest edge (a 12 MP photo becomes ~300 KB instead of
// 4 MB, which matters on a weak signal), and every image is named by its SHA-256.

import type { PreparedBlob } from "./actions";

export const MAX_EDGE = 1600;
const JPEG_QUALITY = 0.85;

export async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The size that fits ``width`` × ``height`` within ``max`` on the longest edge. */
export function fitWithin(width: number, height: number, max = MAX_EDGE): { width: number; height: number } {
  const longest = Math.max(width, height);
  if (longest <= max) return { width, height };
  const scale = max / longest;
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

/** A camera photo, upright and scaled down, as JPEG with its hash. */
export async function preparePhoto(file: Blob): Promise<PreparedBlob> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    // A browser without the option (or an image it cannot decode): keep the file as it is.
    return { blob: file, sha256: await sha256Hex(file), content_type: file.type || "application/octet-stream" };
  }
  const { width, height } = fitWithin(bitmap.width, bitmap.height);
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d");
  if (!context) throw new Error("no 2d canvas");
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const blob = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((made) => (made ? resolve(made) : reject(new Error("toBlob failed"))), "image/jpeg", JPEG_QUALITY),
  );
  return { blob, sha256: await sha256Hex(blob), content_type: "image/jpeg" };
}

/** A signature drawn on a canvas, as PNG with its hash. */
export async function prepareCanvasPng(canvas: HTMLCanvasElement): Promise<PreparedBlob> {
  const blob = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((made) => (made ? resolve(made) : reject(new Error("toBlob failed"))), "image/png"),
  );
  return { blob, sha256: await sha256Hex(blob), content_type: "image/png" };
}

/** An object URL for a locally stored image (revoke it when the view goes). */
export function localImageUrl(blob: Blob): string {
  return URL.createObjectURL(blob);
}
