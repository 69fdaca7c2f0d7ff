// Worked lines: the inputs get the fewest digits (4 or more) with which the arithmetic on them,
// as written, gives the machine's result as written. Hand-made cases from the issue.
import { describe, expect, it } from 'vitest';
import { asShown, texNumber, workedDigits } from '../../src/format';

describe('asShown', () => {
  it('is the number a reader computes with', () => {
    expect(asShown(0.45254)).toBe(0.4525);
    expect(asShown(0.45254, 5)).toBe(0.45254);
    expect(asShown(-8.7543e-4)).toBe(-8.754e-4);
    expect(asShown(6422528)).toBe(6422528);
  });
});

describe('workedDigits', () => {
  // 0.9·w + 0.3·w with w = 0.45254: the machine's sum 0.543048 shows as 0.543; at 4 digits the
  // inputs give 0.9·0.4525 + 0.3·0.4525 = 0.543 too, so 4 digits hold.
  it('keeps 4 digits when they hold', () => {
    const w = 0.45254;
    expect(workedDigits((d) => 0.9 * asShown(w, d) + 0.3 * asShown(w, d), 1.2 * w)).toEqual({ inputs: 4, result: 4, holds: true });
  });
  it('adds digits to the inputs until the line holds, the result staying at 4', () => {
    // the case: terms whose 4-digit copies sum to 0.5430 while the machine has 0.54294
    const a = 0.452453;
    const sum = 0.9 * a + 0.3 * a; // 0.5429436
    expect(texNumber(sum)).toBe('0.5429');
    expect(texNumber(0.9 * asShown(a) + 0.3 * asShown(a))).toBe('0.543');
    const fit = workedDigits((d) => 0.9 * asShown(a, d) + 0.3 * asShown(a, d), sum);
    expect(fit).toEqual({ inputs: 5, result: 4, holds: true });
  });
  it('writes the result with more digits when it sits on a rounding edge no input precision reaches', () => {
    // the "machine" rounded 0.12345 up; the exact arithmetic gives 0.1234499999…
    const fit = workedDigits(() => 0.12344999999, 0.12345000001);
    expect(fit).toEqual({ inputs: 5, result: 5, holds: true });
  });
  it('says when nothing holds, so the line writes ≈', () => {
    expect(workedDigits(() => 0.5, 0.6).holds).toBe(false);
  });
});
