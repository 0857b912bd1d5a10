import type { ComponentChildren, PartialAnchorHTMLAttributes } from "preact";

import { navigate } from "../../router";

type Props = Omit<PartialAnchorHTMLAttributes<HTMLAnchorElement>, "href" | "role"> & {
  href: string;
  replace?: boolean;
  children: ComponentChildren;
};

/** An ordinary link that changes screens without reloading the page. */
export function Link({ href, replace, children, ...rest }: Props) {
  function onClick(event: MouseEvent) {
    // Let the browser handle new tabs and windows.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    navigate(href, { replace: replace ?? false });
  }
  return (
    <a {...rest} href={href} onClick={onClick}>
      {children}
    </a>
  );
}
