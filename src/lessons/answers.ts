// Checking a learner's answer against the machine's value: reading what they typed
// (a minus sign, a decimal comma, "2e-3" or "2 × 10^-3" all count), comparing with the
// stated tolerance, and what the learner is told: right, wrong with tries left, wrong.

import { formatValue } from '../format';

export type AnswerResult =
  | {
      readonly kind: 'number';
      readonly correct: boolean;
      readonly given: number;
      /** The machine's value. */
      readonly truth: number;
      /** The largest |given − truth| accepted. */
      readonly tolerance: number;
    }
  | { readonly kind: 'choice'; readonly correct: boolean; readonly given: number; readonly truth: number }
  /** Wrong, with tries left: nothing revealed, the learner answers again (or asks to be shown). */
  | { readonly kind: 'retry'; readonly given: number; readonly triesLeft: number }
  /** The learner asked to be shown: the machine's value (a choice's position for a choice question). */
  | { readonly kind: 'shown'; readonly truth: number }
  /** Not a number (nothing revealed, no try used). */
  | { readonly kind: 'unreadable'; readonly input: string };

/** The answer is settled: the machine has revealed it and the worked solution is shown. */
export function isSettled(result: AnswerResult | null): result is Extract<AnswerResult, { kind: 'number' | 'choice' | 'shown' }> {
  return result !== null && (result.kind === 'number' || result.kind === 'choice' || result.kind === 'shown');
}

/** The number a learner typed, or null. */
export function parseLearnerNumber(input: string): number | null {
  let s = input
    .trim()
    .replace(/[\u2212\u2013\u2012]/g, '-') // − – ‒
    .replace(/[\s\u00a0\u2009\u202f]+/g, '')
    .replace(/^\+/, '');
  if (s === '') return null;
  // 2×10^-3, 2x10^(-3), 2*10^-3 → 2e-3
  s = s.replace(/^(-?[\d.,]+)(?:[×x*]10\^?\(?([+-]?\d+)\)?)$/i, '$1e$2');
  // 50,890 (thousands) vs 0,25 (decimal comma)
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?(e[+-]?\d+)?$/i.test(s)) s = s.replace(/,/g, '');
  else if (/^-?\d*,\d+(e[+-]?\d+)?$/i.test(s)) s = s.replace(',', '.');
  if (!/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
  const value = Number(s);
  return Number.isFinite(value) ? value : null;
}

export interface Tolerance {
  readonly absolute?: number;
  readonly relative?: number;
}

/** Is `given` within the tolerance of `truth`? The accepted distance is the larger of the two bounds. */
export function checkNumber(given: number, truth: number, tolerance: Tolerance): { correct: boolean; given: number; truth: number; tolerance: number } {
  const bound = Math.max(tolerance.absolute ?? 0, (tolerance.relative ?? 0) * Math.abs(truth));
  // A hair of slack so that an answer exactly on the bound is not lost to rounding.
  const correct = Number.isFinite(truth) && Math.abs(given - truth) <= bound * (1 + 1e-9) + Number.EPSILON * Math.abs(truth);
  return { correct, given, truth, tolerance: bound };
}

/** "within ±0.005" or "within 2 %" — what the learner is told before answering. */
export function describeTolerance(tolerance: Tolerance): string {
  const parts: string[] = [];
  if (tolerance.absolute !== undefined) parts.push(`±${formatValue(tolerance.absolute, 6)}`);
  if (tolerance.relative !== undefined) parts.push(`${formatValue(tolerance.relative * 100, 3)} %`);
  return `within ${parts.join(' or ')}`;
}
