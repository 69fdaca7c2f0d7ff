// Live values in lesson text: `{{ delta(2, 1) }}` or `{{ std_z(1) | fixed 3 }}` stands for a
// number read from the machine when the step is shown. The expression is the answer
// language (expression.ts); the optional format after a single `|` says how to print it
// (src/format's NumberFormat: how each is written lives there). `| symbol` prints the
// quantity's symbol instead of its number, from the notation (symbols.ts).

import type { NumberFormat } from '../format';
import { ExpressionError } from './expression';

export interface Placeholder {
  /** The whole `{{ … }}` as written. */
  readonly raw: string;
  readonly source: string;
  readonly format: NumberFormat;
  /** `{{ delta(1, 6) | symbol }}`: the quantity's symbol (δ_{j=6}), not its number. */
  readonly symbol?: boolean;
}

export const PLACEHOLDER = /\{\{([\s\S]*?)\}\}/g;
// A lone `|` (not part of `||`) followed by a format name and an optional digit count.
const FORMAT = /(?<!\|)\|(?!\|)\s*([a-z]+)(?:\s+(\d+))?\s*$/;
const FORMATS = ['fixed', 'sig', 'int', 'percent', 'sci'] as const;

export function parsePlaceholder(raw: string, inner: string): Placeholder {
  const match = FORMAT.exec(inner);
  if (!match) return { raw, source: inner.trim(), format: { kind: 'auto' } };
  const name = match[1];
  if (name === 'symbol' && match[2] === undefined) return { raw, source: inner.slice(0, match.index).trim(), format: { kind: 'auto' }, symbol: true };
  if (!(FORMATS as readonly string[]).includes(name)) throw new ExpressionError(`unknown number format "${name}" (use ${FORMATS.join(', ')}, or symbol for the quantity's symbol)`);
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
