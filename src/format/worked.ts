// Worked arithmetic that holds at the precision it shows. A worked line such as
// "0.2403 × [0.9 · 0.4525 + (−0.3) · (−0.4525)] = 0.2403 × 0.5429" claims that the numbers on
// its left give the one on its right as written; with every number cut to 4 digits the sum of
// the written terms is 0.5430, so the line is wrong as shown even though 0.5429 is the
// machine's value. The rule: a line's result stays the machine's number; its inputs are
// written with the fewest digits (4 or more) with which the arithmetic, done on the numbers
// as written, gives the result as written.

import { parseShown, texNumber } from './number';

/** The most significant digits an input is written with (a float32 carries about 7.2). */
export const MAX_WORKED_DIGITS = 9;

/** A number as a reader sees it at `digits` significant digits: what they compute with. */
export function asShown(value: number, digits = 4): number {
  if (!Number.isFinite(value)) return value;
  return parseShown(texNumber(value, digits)) ?? value;
}

export interface WorkedDigits {
  /** Significant digits for the line's inputs. */
  readonly inputs: number;
  /** Significant digits for its result (4 unless the machine's value sits on a rounding edge). */
  readonly result: number;
  /** False when no choice makes the written arithmetic give the machine's result: write ≈, not =. */
  readonly holds: boolean;
}

/**
 * The digits a worked line needs: `recompute(d)` does the line's arithmetic on its inputs as
 * written at d digits (`asShown(x, d)` each); `result` is the machine's value it must end in.
 * The fewest input digits win; the result gets more than 4 only when no input precision
 * reproduces it at 4 (the machine's float32 sum sits on a rounding edge of the float64 one),
 * and by at most `widen` digits.
 */
export function workedDigits(recompute: (digits: number) => number, result: number, resultDigits = 4, widen = 2): WorkedDigits {
  for (let r = resultDigits; r <= resultDigits + widen; r++) {
    const target = texNumber(result, r);
    for (let d = Math.max(4, r); d <= MAX_WORKED_DIGITS; d++) {
      if (texNumber(recompute(d), r) === target) return { inputs: d, result: r, holds: true };
    }
  }
  return { inputs: resultDigits, result: resultDigits, holds: false };
}
