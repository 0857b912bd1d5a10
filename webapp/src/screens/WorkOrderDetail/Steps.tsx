import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";

import { t } from "../../i18n";
import { formatDateTime } from "../../i18n/format";
import type { Step, StepName, StepSummary } from "../../store/steps";

/** A step's one line in words. */
export function summaryText(summary: StepSummary): string {
  return t(`steps.summary.${summary.key}`, {
    count: summary.count ?? 0,
    total: summary.total ?? 0,
    at: summary.at ? formatDateTime(summary.at) : "",
  });
}

/** Which steps the engineer opened or closed by hand, per order; kept for the tab (a
 * reload reopens what he had open). The current step is open unless he closed it. */
function useOpened(workOrderId: string) {
  const key = `aftercare.steps.${workOrderId}`;
  const [opened, setOpened] = useState<Record<string, boolean>>(() => {
    try {
      return JSON.parse(sessionStorage.getItem(key) ?? "{}") as Record<string, boolean>;
    } catch {
      return {};
    }
  });
  function set(name: StepName, open: boolean) {
    const next = { ...opened, [name]: open };
    setOpened(next);
    try {
      sessionStorage.setItem(key, JSON.stringify(next));
    } catch {
      // private mode: the choice lasts this screen
    }
  }
  return { opened, set };
}

export type StepOpener = (name: StepName) => void;

interface Props {
  workOrderId: string;
  steps: Step[];
  /** Each step's body (a step without one shows only its line). */
  bodies: Partial<Record<StepName, ComponentChildren>>;
  /** Lets the primary bar open the step it points to. */
  onOpener?: (open: StepOpener) => void;
}

/** The order's steps in order: done ones folded to a line, the current one open; every
 * line opens its step with one tap. */
export function Steps({ workOrderId, steps, bodies, onOpener }: Props) {
  const { opened, set } = useOpened(workOrderId);
  onOpener?.((name) => {
    set(name, true);
    requestAnimationFrame(() => document.getElementById(`step-${name}`)?.scrollIntoView({ block: "start" }));
  });
  return (
    <ol class="steps" aria-label={t("steps.title")}>
      {steps.map((step, index) => {
        const body = bodies[step.name];
        const open = body !== undefined && (opened[step.name] ?? step.state === "current");
        return (
          <li key={step.name} id={`step-${step.name}`} class={`step step--${step.state}`} data-step-card={step.name} data-state={step.state} data-open={open ? "yes" : "no"}>
            <button
              type="button"
              class="step__head"
              aria-expanded={body === undefined ? undefined : open}
              aria-controls={`step-${step.name}-body`}
              data-step-toggle={step.name}
              onClick={() => body !== undefined && set(step.name, !open)}
            >
              <span class="step__mark" aria-hidden="true">
                {step.state === "done" ? "✓" : index + 1}
              </span>
              <span class="step__text">
                <span class="step__title">{t(`steps.name.${step.name}`)}</span>
                <span class="step__summary" data-summary-key={step.summary.key}>
                  {/* Done: the tick says it; the word stays for screen readers. */}
                  <span class={step.state === "done" ? "visually-hidden" : undefined}>{t(`steps.state.${step.state}`)} · </span>
                  {summaryText(step.summary)}
                </span>
              </span>
              {body !== undefined && <span class="step__chevron" aria-hidden="true" />}
            </button>
            {body !== undefined && (
              <div class="step__body" id={`step-${step.name}-body`} hidden={!open}>
                {body}
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
