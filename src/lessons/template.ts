// Live values in lesson text: `{{ delta(2, 1) }}` or `{{ std_z(1) | fixed 3 }}` stands for a
// number read from the machine when the step is shown. The expression is the answer
// language (expression.ts); the optional format after a single `|` says how to print it.

import { ExpressionError } from './expression';

export type NumberFormat =
  | { readonly kind: 'auto' }
  | { readonly kind: 'fixed'; readonly digits: number }
  | { readonly kind: 'sig'; readonly digits: number }
  | { readonly kind: 'int' }
  | { readonly kind: 'percent'; readonly digits: number }
  | { readonly kind: 'sci'; readonly digits: number };

export interface Placeholder {
  /** The whole `{{ … }}` as written. */
  readonly raw: string;
  readonly source: string;
  readonly format: NumberFormat;
}

export const PLACEHOLDER = /\{\{([\s\S]*?)\}\}/g;
// A lone `|` (not part of `||`) followed by a format name and an optional digit count.
const FORMAT = /(?<!\|)\|(?!\|)\s*([a-z]+)(?:\s+(\d+))?\s*$/;
const FORMATS = ['fixed', 'sig', 'int', 'percent', 'sci'] as const;

export function parsePlaceholder(raw: string, inner: string): Placeholder {
  const match = FORMAT.exec(inner);
  if (!match) return { raw, source: inner.trim(), format: { kind: 'auto' } };
  const name = match[1];
  if (!(FORMATS as readonly string[]).includes(name)) throw new ExpressionError(`unknown number format "${name}" (use ${FORMATS.join(', ')})`);
  const digits = match[2] === undefined ? (name === 'percent' ? 1 : name === 'fixed' ? 3 : 4) : Number(match[2]);
  if (digits > 12) throw new ExpressionError('a number format shows at most 12 digits');
  const source = inner.slice(0, match.index).trim();
  const format: NumberFormat = name === 'int' ? { kind: 'int' } : { kind: name as 'fixed' | 'sig' | 'percent' | 'sci', digits };
  return { raw, source, format };
}

/** Every placeholder in a piece of lesson text. */
export function placeholdersIn(text: string): Placeholder[] {
  return Array.from(text.matchAll(PLACEHOLDER), (m) => parsePlaceholder(m[0], m[1]));
}

export interface Formatted {
  /** For running text: a real minus sign, thin grouping, "× 10⁻⁵". */
  readonly text: string;
  /** For TeX (inside $…$). */
  readonly tex: string;
}

const SUPERSCRIPTS: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

function grouped(integer: string): string {
  return integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function scientific(value: number, digits: number): Formatted {
  if (value === 0) return { text: '0', tex: '0' };
  const [mantissa, exponent] = value.toExponential(Math.max(0, digits - 1)).split('e');
  const e = String(Number(exponent));
  const m = mantissa.replace('-', '');
  const sign = value < 0 ? '−' : '';
  return {
    text: `${sign}${m} × 10${e.replace(/./g, (c) => SUPERSCRIPTS[c] ?? c)}`,
    tex: `${value < 0 ? '-' : ''}${m} \\times 10^{${e}}`,
  };
}

function plain(body: string, negative: boolean, texBody = body): Formatted {
  return { text: (negative ? '−' : '') + body, tex: (negative ? '-' : '') + texBody.replace(/,/g, '{,}') };
}

/** Prints a number for a learner: the same value in text and in TeX. */
export function formatNumber(value: number, format: NumberFormat = { kind: 'auto' }): Formatted {
  if (Number.isNaN(value)) return { text: 'NaN', tex: '\\text{NaN}' };
  if (!Number.isFinite(value)) return { text: value > 0 ? '∞' : '−∞', tex: value > 0 ? '\\infty' : '-\\infty' };
  const negative = value < 0;
  const magnitude = Math.abs(value);
  switch (format.kind) {
    case 'fixed': {
      const body = magnitude.toFixed(format.digits);
      return plain(body, negative && Number(body) !== 0);
    }
    case 'int': {
      const body = grouped(Math.round(magnitude).toFixed(0));
      return plain(body, negative && Math.round(magnitude) !== 0);
    }
    case 'percent':
      return { text: `${negative ? '−' : ''}${(magnitude * 100).toFixed(format.digits)} %`, tex: `${negative ? '-' : ''}${(magnitude * 100).toFixed(format.digits)}\\,\\%` };
    case 'sci':
      return scientific(value, format.digits);
    case 'sig':
    case 'auto': {
      if (magnitude === 0) return { text: '0', tex: '0' };
      const digits = format.kind === 'sig' ? format.digits : 4;
      if (format.kind === 'auto' && Number.isInteger(value) && magnitude < 1e15) return plain(grouped(magnitude.toFixed(0)), negative);
      if (magnitude < 1e-4 || magnitude >= 1e6) return scientific(value, digits);
      const rounded = Number(magnitude.toPrecision(digits));
      // `sig` keeps trailing zeros (0.1200 shows its 4 digits); `auto` drops them (0.5, not 0.5000).
      const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(rounded)));
      const body = format.kind === 'sig' ? rounded.toFixed(decimals) : String(Number(rounded.toFixed(decimals)));
      const [whole, fraction] = body.split('.');
      return plain(fraction === undefined ? grouped(whole) : `${grouped(whole)}.${fraction}`, negative);
    }
  }
}
