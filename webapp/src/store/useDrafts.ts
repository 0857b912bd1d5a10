// A form's text fields kept as drafts (store/drafts.ts) while the engineer types: written
// DRAFT_DELAY_MS after the last keystroke, at once when a field loses focus, when the app
// goes to the background (visibilitychange) or the page goes away (pagehide), and when
// the form leaves the screen. Drafts found when the form opens replace the saved values
// (a field typed into before they were read keeps what was typed).

import { useCallback, useEffect, useRef, useState } from "preact/hooks";

import { clearDrafts, readDrafts, writeDrafts } from "./drafts";

export const DRAFT_DELAY_MS = 300;

/** none: nothing unsaved; typing: keystrokes not written yet; saved: all of it on the phone. */
export type DraftState = "none" | "typing" | "saved";

export interface Drafts<F extends string> {
  values: Record<F, string>;
  set: (field: F, value: string) => void;
  /** Write what is typed now (on blur). */
  flush: () => Promise<void>;
  /** The values went into the outbox (or were thrown away): forget the drafts of
   * ``fields`` (all by default) and show ``next`` in them, if given. */
  clear: (fields?: F[], next?: Partial<Record<F, string>>) => Promise<void>;
  state: DraftState;
  /** Whether some of this form's text is kept as a draft. */
  hasDraft: boolean;
}

/**
 * The drafts of ``saved``'s fields on work order ``workOrderId``. ``saved`` holds what
 * each field shows with no draft (the record's value, or "" for a new note); its keys
 * are read once, its values on every write (a draft equal to its saved value is none).
 */
export function useDrafts<F extends string>(workOrderId: string, saved: Record<F, string>): Drafts<F> {
  const [fields] = useState(() => Object.keys(saved) as F[]);
  const [values, setValues] = useState<Record<F, string>>(saved);
  const [stored, setStored] = useState<ReadonlySet<string>>(() => new Set());
  const [typing, setTyping] = useState(false);
  const savedNow = useRef(saved);
  savedNow.current = saved;
  const pending = useRef<Record<string, string>>({});
  const touched = useRef(new Set<string>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const stopTimer = () => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
  };

  const flush = useCallback(async () => {
    stopTimer();
    const batch = pending.current;
    pending.current = {};
    const names = Object.keys(batch);
    if (names.length === 0) return;
    try {
      const kept = await writeDrafts(workOrderId, batch, savedNow.current);
      setStored((previous) => {
        const next = new Set(previous);
        for (const name of names) {
          if (kept.includes(name)) next.add(name);
          else next.delete(name);
        }
        return next;
      });
    } catch {
      // Not written (storage full?): keep it for the next try, newer keystrokes first.
      pending.current = { ...batch, ...pending.current };
    }
    if (Object.keys(pending.current).length === 0) setTyping(false);
  }, [workOrderId]);

  const set = useCallback(
    (field: F, value: string) => {
      touched.current.add(field);
      setValues((previous) => ({ ...previous, [field]: value }));
      pending.current = { ...pending.current, [field]: value };
      setTyping(true);
      stopTimer();
      timer.current = setTimeout(() => void flush(), DRAFT_DELAY_MS);
    },
    [flush],
  );

  const clear = useCallback(
    async (which: F[] = fields, next: Partial<Record<F, string>> = {}) => {
      for (const field of which) delete pending.current[field];
      if (Object.keys(pending.current).length === 0) {
        stopTimer();
        setTyping(false);
      }
      if (Object.keys(next).length) setValues((previous) => ({ ...previous, ...next }));
      await clearDrafts(workOrderId, which);
      setStored((previous) => new Set([...previous].filter((field) => !(which as string[]).includes(field))));
    },
    [workOrderId, fields],
  );

  useEffect(() => {
    let open = true;
    readDrafts(workOrderId, fields)
      .then((found) => {
        const usable = Object.entries(found).filter(([field]) => !touched.current.has(field));
        if (!open || usable.length === 0) return;
        setValues((previous) => ({ ...previous, ...Object.fromEntries(usable) }));
        setStored((previous) => new Set([...previous, ...usable.map(([field]) => field)]));
      })
      .catch(() => undefined); // no drafts to show: the saved values stay
    const hidden = () => {
      if (document.visibilityState === "hidden") void flush();
    };
    const leaving = () => void flush();
    document.addEventListener("visibilitychange", hidden);
    window.addEventListener("pagehide", leaving);
    return () => {
      open = false;
      document.removeEventListener("visibilitychange", hidden);
      window.removeEventListener("pagehide", leaving);
      void flush();
    };
  }, [workOrderId, fields, flush]);

  const state: DraftState = typing ? "typing" : stored.size > 0 ? "saved" : "none";
  return { values, set, flush, clear, state, hasDraft: stored.size > 0 };
}
