// How deltascope writes a number, in running text and in TeX — the one home of the rule:
// significant digits (4 unless asked), a true minus sign, exact integers in full with
// thousands separators, and magnitudes below 10⁻³ or from 10⁵ up as "m × 10ᵉ" in text and
// "m \times 10^{e}" in TeX. NaN and ±∞ are spelled out. Plain code and Intl only: every
// folder of src/ imports this one, the engine included.

export type NumberFormat =
  /** 4 significant digits, trailing zeros dropped; an exact integer in full. */
  | { readonly kind: 'auto' }
  /** `digits` decimals. */
  | { readonly kind: 'fixed'; readonly digits: number }
  /** `digits` significant digits, trailing zeros kept (0.1200 shows its four digits); an exact integer in full. */
  | { readonly kind: 'sig'; readonly digits: number }
  /** Rounded to an integer, with separators. */
  | { readonly kind: 'int' }
  /** A fraction as a percentage with `digits` decimals: 0.1234 → "12.3 %". */
  | { readonly kind: 'percent'; readonly digits: number }
  /** Always m × 10ᵉ with `digits` significant digits, trailing zeros kept. */
  | { readonly kind: 'sci'; readonly digits: number };

export interface Formatted {
  /** For running text: "−8.754 × 10⁻⁴", "6,422,528". */
  readonly text: string;
  /** For TeX (inside $…$): "-8.754 \times 10^{-4}", "6{,}422{,}528". */
  readonly tex: string;
}

/** Below this magnitude, and from PLAIN_BELOW up, numbers are written m × 10ᵉ. */
export const PLAIN_FROM = 1e-3;
export const PLAIN_BELOW = 1e5;
/** Integers up to here are exact in a double and written in full. */
const EXACT_INTEGER_BELOW = 2 ** 53;

const MINUS = '−';
const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** "1234567" → "1,234,567" (digits only, no sign). */
const withSeparators = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

const dropTrailingZeros = (s: string): string => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);

/** A magnitude's digits as written: "12,345.6" for text; TeX protects each comma as {,}. */
function plain(body: string, negative: boolean): Formatted {
  return { text: (negative ? MINUS : '') + body, tex: (negative ? '-' : '') + body.replace(/,/g, '{,}') };
}

function scientific(value: number, digits: number, keepZeros: boolean): Formatted {
  const [m, e] = Math.abs(value).toExponential(Math.max(0, digits - 1)).split('e');
  const mantissa = keepZeros ? m : dropTrailingZeros(m);
  const exponent = String(Number(e));
  const negative = value < 0;
  return {
    text: `${negative ? MINUS : ''}${mantissa} × 10${[...exponent].map((c) => SUPERSCRIPT[c]).join('')}`,
    tex: `${negative ? '-' : ''}${mantissa} \\times 10^{${exponent}}`,
  };
}

/** `magnitude` (> 0) at `digits` significant digits in plain decimals, with separators. */
function significant(magnitude: number, digits: number, keepZeros: boolean): string {
  const rounded = Number(magnitude.toPrecision(digits));
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(rounded)));
  const fixed = rounded.toFixed(decimals);
  const body = keepZeros ? fixed : dropTrailingZeros(fixed);
  const [whole, fraction] = body.split('.');
  return fraction === undefined ? withSeparators(whole) : `${withSeparators(whole)}.${fraction}`;
}

/** A number for a learner: the same value in text and in TeX. */
export function formatNumber(value: number, format: NumberFormat = { kind: 'auto' }): Formatted {
  if (Number.isNaN(value)) return { text: 'NaN', tex: '\\text{NaN}' };
  if (!Number.isFinite(value)) return value > 0 ? { text: '+∞', tex: '\\infty' } : { text: `${MINUS}∞`, tex: '-\\infty' };
  const negative = value < 0;
  const magnitude = Math.abs(value);
  switch (format.kind) {
    case 'fixed': {
      const body = magnitude.toFixed(format.digits);
      const [whole, fraction] = body.split('.');
      return plain(fraction === undefined ? withSeparators(whole) : `${withSeparators(whole)}.${fraction}`, negative && Number(body) !== 0);
    }
    case 'int': {
      const rounded = Math.round(magnitude);
      return plain(withSeparators(rounded.toFixed(0)), negative && rounded !== 0);
    }
    case 'percent': {
      const body = (magnitude * 100).toFixed(format.digits);
      const sign = negative && Number(body) !== 0;
      return { text: `${sign ? MINUS : ''}${body} %`, tex: `${sign ? '-' : ''}${body}\\,\\%` };
    }
    case 'sci':
      return magnitude === 0 ? { text: '0', tex: '0' } : scientific(value, format.digits, true);
    case 'sig':
      // An exact integer is never cut to fewer digits than it has: 6,422,528, not 6.423 × 10⁶.
      if (Number.isInteger(magnitude) && magnitude >= 10 ** format.digits && magnitude < EXACT_INTEGER_BELOW) return plain(withSeparators(magnitude.toFixed(0)), negative);
      return significantOrScientific(value, format.digits, true);
    case 'auto':
      return readout(value, 4);
  }
}

/** `digits` significant digits, plain within [PLAIN_FROM, PLAIN_BELOW) of the rounded value, m × 10ᵉ outside. */
function significantOrScientific(value: number, digits: number, keepZeros: boolean): Formatted {
  const magnitude = Math.abs(value);
  if (magnitude === 0) return { text: '0', tex: '0' };
  // The plain range is judged on the rounded value: 99,999.7 at 4 digits is 1 × 10⁵.
  const rounded = Number(magnitude.toPrecision(digits));
  if (rounded < PLAIN_FROM || rounded >= PLAIN_BELOW) return scientific(value, digits, keepZeros);
  return plain(significant(magnitude, digits, keepZeros), value < 0);
}

/** A read-out: an exact integer in full, else `digits` significant digits without trailing zeros. */
function readout(value: number, digits: number): Formatted {
  if (Number.isNaN(value) || !Number.isFinite(value)) return formatNumber(value);
  const magnitude = Math.abs(value);
  if (Number.isInteger(magnitude) && magnitude < EXACT_INTEGER_BELOW) return plain(withSeparators(magnitude.toFixed(0)), value < 0);
  return significantOrScientific(value, digits, false);
}

/** A read-out's value in running text: `digits` significant digits (4), trailing zeros dropped; an exact integer in full. */
export function formatValue(value: number, digits = 4): string {
  return readout(value, digits).text;
}

/** The same value as TeX: 0.2331, -0.0871, 1.23 \times 10^{-5}. Trailing zeros dropped. */
export function texNumber(value: number, digits = 4): string {
  return readout(value, digits).tex;
}

/** A factor in a TeX product: negative, infinite and m × 10ᵉ numbers in parentheses. */
export function texFactor(value: number, digits = 4): string {
  const tex = texNumber(value, digits);
  return value < 0 || tex.includes('\\times') || tex.includes('infty') ? `\\left(${tex}\\right)` : tex;
}

/** 10 to an integer power, as a log axis labels its ticks: powerOfTen(-6) → "10⁻⁶", TeX "10^{-6}"; 10⁰ is "1". */
export function powerOfTen(exponent: number): Formatted {
  if (exponent === 0) return { text: '1', tex: '1' };
  return { text: `10${[...String(exponent)].map((c) => SUPERSCRIPT[c]).join('')}`, tex: `10^{${exponent}}` };
}

/**
 * Reads back a number as formatNumber writes it, in text or TeX ("−8.754 × 10⁻⁴",
 * "6,422,528", "-1.5 \times 10^{-5}", "12.3 %" as 12.3); null for anything else.
 */
export function parseShown(shown: string): number | null {
  const s = shown
    .trim()
    .replace(/\{,\}/g, '')
    .replace(/,/g, '')
    .replace(/[−–]/g, '-')
    .replace(/\\left\(|\\right\)/g, '')
    .replace(/\s*(?:×|\\times)\s*10\s*(?:\^\{([-+]?\d+)\}|([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))/, (_, tex: string | undefined, sup: string | undefined) => {
      const exponent = tex ?? [...sup!].map((c) => (c === '⁻' ? '-' : c === '⁺' ? '+' : String('⁰¹²³⁴⁵⁶⁷⁸⁹'.indexOf(c)))).join('');
      return `e${exponent}`;
    })
    .replace(/\s*(?:\\,)?\\?%$/, '');
  if (!/^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/.test(s)) return null;
  return Number(s);
}
