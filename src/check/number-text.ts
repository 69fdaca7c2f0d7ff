// Numbers as the check's messages write them: six significant digits, in a form numpy and
// JavaScript both read back (1.5e-7, not 1.5·10⁻⁷); NaN and ±Infinity as Python prints them.

export function numberText(value: number, digits = 6): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return String(Number(value.toPrecision(digits)));
}

/** Every digit: the shortest form that reads back as the same double. */
export function exactText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return String(value);
}
