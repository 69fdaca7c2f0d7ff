// Numbers written for code to read, not for people: a literal that numpy and JavaScript both
// parse (1.5e-7, not 1.5 × 10⁻⁷), NaN and ±inf as Python prints them. For what a practitioner
// copies into a program or a command line — the check's CLI report, a flag value to try.
// Everything else a person reads is written by number.ts; the two switch to powers of ten at
// the same magnitudes (below 10⁻³, from 10⁵).

import { PLAIN_BELOW, PLAIN_FROM } from './number';

/** The shortest literal of a double: plain within [10⁻³, 10⁵), else 1.5e-7 (no "+", no padding). */
function literal(value: number): string {
  const a = Math.abs(value);
  if (a === 0 || (a >= PLAIN_FROM && a < PLAIN_BELOW)) return String(value);
  const [mantissa, exponent] = value.toExponential().split('e');
  return `${mantissa}e${Number(exponent)}`;
}

/** Six significant digits (or `digits`), as a literal: 1e-6, 0.0312, 1.23457e7. */
export function literalNumber(value: number, digits = 6): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return literal(Number(value.toPrecision(digits)));
}

/** Every digit: the shortest form that reads back as the same double. */
export function exactLiteral(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return literal(value);
}
