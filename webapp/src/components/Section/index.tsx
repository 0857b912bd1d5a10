import type { ComponentChildren } from "preact";

/** A titled card on a detail screen. */
export function Section({ id, title, children, class: extra }: { id: string; title: string; children: ComponentChildren; class?: string }) {
  return (
    <section class={`card${extra ? ` ${extra}` : ""}`} aria-labelledby={`${id}-title`} data-section={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}
