// The outbox: unsent mutations, numbered per client, and who to tell when one is written.
// Sync subscribes at startup and drains the outbox soon after each write; the store
// itself never calls sync (store is below sync: sync imports store, not the other way).

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
