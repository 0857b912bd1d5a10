// The upload queue for photos and signatures. Each blob goes up in 256 KB chunks; after
// a break the server is asked how much arrived and the upload goes on from there, so a
// 3 MB photo over a weak signal is never sent twice. A blob the server refuses (422) is
// marked failed with the server's key (422, or 413 too large) and shown in the sync panel.

import { compareInstants } from "../domain/dates";
import type { AftercareDB } from "../store/db";
import type { BlobRow } from "../store/records";
import * as api from "./api";

export const CHUNK_BYTES = 256 * 1024;

/** Upload every blob not yet on the server; stops at the first network failure. */
export async function uploadBlobs(database: AftercareDB): Promise<number> {
  const waiting = await database.blobs.where("state").anyOf("pending", "uploading").toArray();
  let done = 0;
  for (const row of waiting.sort((a, b) => compareInstants(a.created_at, b.created_at))) {
    if (await uploadBlob(database, row)) done += 1;
  }
  return done;
}

/** Retry a blob the server refused (the engineer asked for it in the sync panel). */
export function retryBlob(database: AftercareDB, sha256: string) {
  return database.blobs.update(sha256, { state: "pending", error_key: null });
}

async function mark(database: AftercareDB, row: BlobRow, patch: Partial<BlobRow>) {
  Object.assign(row, patch);
  await database.blobs.update(row.sha256, patch);
}

export async function uploadBlob(database: AftercareDB, row: BlobRow): Promise<boolean> {
  try {
    if (await api.blobExists(row.sha256)) {
      await mark(database, row, { state: "uploaded", received: row.size });
      return true;
    }
    let received = 0;
    try {
      received = (await api.blobUploadState(row.sha256)).received;
    } catch (error) {
      if (!(error instanceof api.ApiError && error.code === 404)) throw error;
    }
    await mark(database, row, { state: "uploading", received });
    for (let guard = 0; guard < 10000; guard++) {
      const end = Math.min(row.size, received + CHUNK_BYTES);
      let answer;
      try {
        answer = await api.putBlobChunk(row.sha256, received, row.size, row.blob.slice(received, end), row.content_type);
      } catch (error) {
        if (error instanceof api.ApiError && error.code === 409 && typeof error.body.received === "number") {
          received = error.body.received; // the server has more (or less) than we thought
          await mark(database, row, { received });
          continue;
        }
        throw error;
      }
      if (answer.complete) {
        await mark(database, row, { state: "uploaded", received: row.size });
        return true;
      }
      received = answer.received;
      await mark(database, row, { received });
    }
    return false;
  } catch (error) {
    if (error instanceof api.ApiError && (error.code === 422 || error.code === 413)) {
      await mark(database, row, { state: "failed", error_key: error.key });
      return false;
    }
    throw error;
  }
}
