import { useEffect, useState } from "preact/hooks";

import { fetchFile } from "../../api";

/** An image the API serves behind the token (a photo, a signature): fetched with it and
 * shown from an object URL, released when the element goes. */
export function AuthImage({ path, alt, class: className }: { path: string; alt: string; class?: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let url: string | null = null;
    let live = true;
    fetchFile(path).then(
      (blob) => {
        if (!live) return;
        url = URL.createObjectURL(blob);
        setSrc(url);
      },
      () => setSrc(null),
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [path]);
  return src ? <img src={src} alt={alt} class={className} /> : <span class={`${className ?? ""} image-pending`}>{alt}</span>;
}
