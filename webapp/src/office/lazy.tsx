// The office's screens arrive as their own chunk the first time an office user opens
// /office, so an engineer's phone never downloads them to start the app.

import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";

import { Loading } from "../components/Loading";
import type { Session } from "../store/session";

type Props = { session: Session; path: string; query: URLSearchParams };

export function LazyOffice(props: Props) {
  const [Office, setOffice] = useState<ComponentType<Props> | null>(null);
  useEffect(() => {
    let live = true;
    void import("./index").then((module) => {
      if (live) setOffice(() => module.OfficeApp);
    });
    return () => {
      live = false;
    };
  }, []);
  // The loading line in a box of its own: its margin cannot move the page (layout shift).
  return Office ? (
    <Office {...props} />
  ) : (
    <div style={{ display: "flow-root", minHeight: "100vh" }}>
      <Loading />
    </div>
  );
}
