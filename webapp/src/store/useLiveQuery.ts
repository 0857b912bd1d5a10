// Read the local database in a screen and re-render when the rows it read change
// (Dexie's liveQuery; the Preact twin of dexie-react-hooks' useLiveQuery).

import { liveQuery } from "dexie";
import { useEffect, useState } from "preact/hooks";

export interface Live<T> {
  data: T | undefined;
  error: unknown;
}

export function useLiveQuery<T>(query: () => Promise<T>, deps: readonly unknown[]): Live<T> {
  const [state, setState] = useState<Live<T>>({ data: undefined, error: null });
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (data) => setState({ data, error: null }),
      error: (error: unknown) => setState((previous) => ({ data: previous.data, error })),
    });
    return () => subscription.unsubscribe();
  }, deps); // ``query`` is a fresh closure each render: ``deps`` say when it changed.
  return state;
}
