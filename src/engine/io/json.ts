// Reading and writing the JSON of the file formats.
//
// Reading: plain JSON.parse first (fast, exact); when that fails, JSON5 — a maintained
// superset of JSON — both to locate syntax errors by line and column and to read the
// tokens NaN, Infinity and -Infinity (which numpy's and Python's json writers emit), so
// that the validators can reject them with their field path rather than a syntax error.
// A number too large for a double (1e999) parses as Infinity and is rejected the same way.
// Both parsers keep the last of two equal keys silently; checkDuplicateKeys refuses them.
//
// Writing: numbers use JavaScript's shortest round-trip form, so every double (and every
// float32 value, widened) reads back bit for bit. Arrays of numbers stay on one line.

import JSON5 from 'json5';
import { checkDuplicateKeys } from './duplicate-keys';
import { FormatError } from './errors';

/** Parse the text of a file; syntax errors become a FormatError naming the file, line and column. */
export function parseJsonText(text: string, source: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new FormatError(source, '', 'the file is empty (expected JSON)');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    value = parseJson5(body, source);
  }
  checkDuplicateKeys(body, source);
  return value;
}

/** JSON5's reading of text that is not strict JSON, or a FormatError saying where it breaks. */
function parseJson5(body: string, source: string): unknown {
  try {
    return JSON5.parse(body);
  } catch (error) {
    const e = error as { message?: string; lineNumber?: number; columnNumber?: number };
    const what = String(e.message ?? error)
      .replace(/^JSON5: /, '')
      .replace(/ at \d+:\d+$/, '');
    const where = e.lineNumber !== undefined ? ` at line ${e.lineNumber}, column ${e.columnNumber}` : '';
    throw new FormatError(source, '', `not valid JSON: ${what}${where}`);
  }
}

/** A number as JSON writes it; non-finite values as Python's json module does (NaN, Infinity). */
export function numberToJson(value: number): string {
  if (Number.isFinite(value)) return JSON.stringify(value);
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

function isNumberArray(value: readonly unknown[]): boolean {
  return value.length > 0 && value.every((v) => typeof v === 'number');
}

/**
 * JSON text with objects and nested arrays indented and arrays of numbers on one line.
 * Keys whose value is undefined are left out, as JSON.stringify does.
 */
export function formatJson(value: unknown, indent = '  '): string {
  const parts: string[] = [];
  const write = (v: unknown, pad: string): void => {
    if (typeof v === 'number') {
      parts.push(numberToJson(v));
    } else if (v === null || typeof v === 'string' || typeof v === 'boolean') {
      parts.push(JSON.stringify(v));
    } else if (Array.isArray(v)) {
      if (v.length === 0) parts.push('[]');
      else if (isNumberArray(v)) parts.push('[' + (v as number[]).map(numberToJson).join(', ') + ']');
      else {
        const inner = pad + indent;
        parts.push('[\n');
        v.forEach((item, i) => {
          parts.push(inner);
          write(item, inner);
          parts.push(i < v.length - 1 ? ',\n' : '\n');
        });
        parts.push(pad + ']');
      }
    } else if (typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
      if (entries.length === 0) parts.push('{}');
      else {
        const inner = pad + indent;
        parts.push('{\n');
        entries.forEach(([key, item], i) => {
          parts.push(inner + JSON.stringify(key) + ': ');
          write(item, inner);
          parts.push(i < entries.length - 1 ? ',\n' : '\n');
        });
        parts.push(pad + '}');
      }
    } else {
      throw new TypeError(`formatJson: cannot write a ${typeof v}`);
    }
  };
  write(value, '');
  return parts.join('') + '\n';
}

/** Row-major rows × cols array → array of rows (plain numbers; float32 values widen exactly). */
export function toRows(array: ArrayLike<number>, rows: number, cols: number): number[][] {
  const out: number[][] = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const row = new Array<number>(cols);
    for (let c = 0; c < cols; c++) row[c] = array[r * cols + c];
    out[r] = row;
  }
  return out;
}
