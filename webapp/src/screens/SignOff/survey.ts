// The satisfaction survey taken with the customer's signature. Every question starts
// unanswered: the customer rates it 1-5 or it is skipped on purpose; nothing is ever
// sent that nobody chose (server/sync/protocol.py SatisfactionSchema: unasked questions
// are left out).

import type { Satisfaction } from "../../store/records";

export const SCORES = ["attitude", "speed", "quality", "overall"] as const;
export type ScoreName = (typeof SCORES)[number];

/** A question's answer: 1-5, skipped on purpose, or not answered yet (null). */
export type ScoreAnswer = number | "skipped" | null;
export type SurveyAnswers = Record<ScoreName, ScoreAnswer>;

export const UNANSWERED: SurveyAnswers = { attitude: null, speed: null, quality: null, overall: null };

/** The questions neither rated nor skipped. */
export function unanswered(answers: SurveyAnswers): ScoreName[] {
  return SCORES.filter((name) => answers[name] === null);
}

/** What the signature carries: the rated questions only; null when none was rated.
 * Only for a complete survey (``unanswered`` empty). */
export function satisfactionOf(answers: SurveyAnswers): Satisfaction | null {
  const rated: Satisfaction = {};
  for (const name of SCORES) {
    const answer = answers[name];
    if (typeof answer === "number") rated[name] = answer;
  }
  return Object.keys(rated).length > 0 ? rated : null;
}

/** Every question not answered yet marked skipped (the customer declines the survey). */
export function skipRest(answers: SurveyAnswers): SurveyAnswers {
  const out = { ...answers };
  for (const name of unanswered(answers)) out[name] = "skipped";
  return out;
}
