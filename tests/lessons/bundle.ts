// The bundle's own rules — what deltascope promises about the lessons it ships, not rules a
// teacher's lesson must meet: all of them there, at least ten, each of 6–15 steps with at
// least two questions, each in its own place in the list.
import type { CompiledLesson } from '../../src/lessons/compile';

/** The lessons deltascope ships. A new bundled lesson is added here. */
export const BUNDLED_LESSONS: readonly string[] = [
  'tiny-net',
  'chain-rule',
  'vectorising',
  'gradient-check',
  'shuffling',
  'improved-sigmoid',
  'fan-in-init',
  'momentum',
  'topology',
  'relu',
  'bug-hunt-missing-slope',
  'bug-hunt-uphill',
  'bug-hunt-sum-not-mean',
  'bug-hunt-slope-at-a',
  'bug-hunt-climbing',
];

/** What the bundled lessons among `lessons` fall short of; other lessons are not looked at. */
export function bundleProblems(lessons: readonly CompiledLesson[]): string[] {
  const bundled = lessons.filter((l) => BUNDLED_LESSONS.includes(l.id));
  const out: string[] = [];
  for (const id of BUNDLED_LESSONS) if (!bundled.some((l) => l.id === id)) out.push(`${id}: missing`);
  if (bundled.length < 10) out.push(`${bundled.length} bundled lessons, not at least 10`);
  for (const l of bundled) {
    if (l.steps.length < 6 || l.steps.length > 15) out.push(`${l.id}: ${l.steps.length} steps, not 6–15`);
    if (l.questionCount < 2) out.push(`${l.id}: ${l.questionCount} question${l.questionCount === 1 ? '' : 's'}, not at least 2`);
  }
  const orders = bundled.map((l) => l.meta.order);
  for (const l of bundled) if (orders.filter((o) => o === l.meta.order).length > 1) out.push(`${l.id}: order ${l.meta.order} is shared`);
  return out;
}
