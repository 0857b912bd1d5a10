// The outbox: unsent mutations, numbered per client, and who to tell when one is written.
// Sync subscribes at startup and drains the outbox soon after each write; the store
// itself never calls sync (store is below sync: sync imports store, not the other way).
//
// An entry no push has taken yet may be taken back (actions.ts withdraw…): the server has
// never seen it. A push marks what it takes, in the same transaction as it reads it
// (takeBatch), so a withdrawal is either before the push (not sent) or refused.

import Dexie from "dexie";

import type { MutationName } from "../domain/workOrderFlow";
import { getMeta, setMeta, type AftercareDB } from "./db";
import type { OutboxEntry } from "./records";

type Listener = () => void;
const listeners = new Set<Listener>();

/** Call ``listener`` after each committed outbox write; returns the unsubscribe. */
export function onOutboxWrite(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify(): void {
  listeners.forEach((listener) => listener());
}

/**
 * Queue a mutation with the next sequence number. Call only inside a transaction that
 * includes ``outbox`` and ``meta``: the seq counter and the entry move together. The
 * listeners hear of it once that transaction has committed, so a sync that starts then
 * finds the entry (and an aborted change wakes nobody).
 */
export async function enqueue(
  database: AftercareDB,
  name: MutationName,
  args: Record<string, unknown>,
  workOrderId: string | null,
  occurredAt: string,
): Promise<OutboxEntry> {
  const seq = (await getMeta<number>("seq", 0, database)) + 1;
  await setMeta("seq", seq, database);
  const entry: OutboxEntry = {
    seq,
    id: crypto.randomUUID(),
    name,
    occurred_at: occurredAt,
    args,
    work_order_id: workOrderId,
  };
  await database.outbox.add(entry);
  const transaction = Dexie.currentTransaction;
  if (transaction) transaction.on("complete", notify);
  else notify();
  return entry;
}

/** Whether ``entry`` is the mutation ``name`` (a name the declaration has: type-checked). */
export function isMutation(entry: OutboxEntry, name: MutationName): boolean {
  return entry.name === name;
}

/**
 * The next ``limit`` entries to push, lowest seq first, each marked ``sent`` in the same
 * transaction that reads them. From then on the server may have them (the answer can be
 * lost on the way back), so they can no longer be withdrawn.
 */
export function takeBatch(database: AftercareDB, limit: number): Promise<OutboxEntry[]> {
  return database.transaction("rw", database.outbox, async () => {
    const batch = await database.outbox.orderBy("seq").limit(limit).toArray();
    const fresh = batch.filter((entry) => !entry.sent).map((entry) => ({ ...entry, sent: true }));
    if (fresh.length) await database.outbox.bulkPut(fresh);
    return batch.map((entry) => ({ ...entry, sent: true }));
  });
}

/**
 * Take ``entry`` out of the outbox and close the gap it leaves: each later entry moves down
 * one seq, and so does the counter (the server applies seqs only in an unbroken run). Only
 * for an entry no push has taken: a push takes the lowest seqs first, so no later entry was
 * taken either and the server has seen none of these numbers. Call only inside a
 * transaction that includes ``outbox`` and ``meta``.
 */
export async function removeUnsent(database: AftercareDB, entry: OutboxEntry): Promise<void> {
  if (entry.sent) throw new Error(`outbox entry ${entry.seq} was sent: it stays`);
  const later = await database.outbox.where("seq").above(entry.seq).toArray();
  if (later.some((other) => other.sent)) throw new Error(`an entry after ${entry.seq} was sent: it stays`);
  await database.outbox.where("seq").aboveOrEqual(entry.seq).delete();
  await database.outbox.bulkAdd(later.map((other) => ({ ...other, seq: other.seq - 1 })));
  await setMeta("seq", (await getMeta<number>("seq", entry.seq, database)) - 1, database);
}
