// Duplicate keys in a JSON (or JSON5) document. JSON.parse and JSON5.parse both keep the last
// of two equal keys without a word — so `{"format": "x", …, "format": "deltascope-model/1"}`
// would pass — and neither can be asked to object (a reviver sees only the object built).
// A JSON AST parser that reports them (@humanwhocodes/momoa) builds a node with a location
// for every number: millions of objects for a full MNIST batch file. So this is a small
// pre-pass instead: one scan over text that has already parsed, keeping only the keys of the
// objects open on the way down and the index in each array, so that the error names the
// path: `model.json: layers[0].weights: duplicate key "weights"`.

import JSON5 from 'json5';
import { FormatError, formatPath } from './errors';

const QUOTE = 0x22; // "
const APOSTROPHE = 0x27; // '
const BACKSLASH = 0x5c;
const SLASH = 0x2f;
const STAR = 0x2a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Characters of numbers (JSON5's too, but for NaN and Infinity), commas and spaces: the inside of an array of numbers. */
const NUMBER_RUN = /[-+\d.eExXa-fA-F,\s]*/y;

function commas(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === COMMA) count++;
  return count;
}

interface Open {
  /** The keys seen in this object; null for an array. */
  readonly keys: Set<string> | null;
  /** The key (object) or index (array) of the value being read in it. */
  at: string | number;
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff || c === 0xa0 || c === 0x2028 || c === 0x2029;

/** A key as written (quoted, or a JSON5 identifier) → its value; JSON5 decodes every escape either allows. */
function keyValue(raw: string): string {
  if (raw.charCodeAt(0) === QUOTE && !raw.includes('\\')) return raw.slice(1, -1);
  try {
    return Object.keys(JSON5.parse(`{${raw}: 0}`) as object)[0] ?? raw;
  } catch {
    return raw;
  }
}

/**
 * Throws a FormatError naming the first duplicate key and its path. `text` must be valid
 * JSON or JSON5 (the parser has read it already): on anything else the scan stops quietly.
 */
export function checkDuplicateKeys(text: string, source: string): void {
  const open: Open[] = [];
  let expectKey = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE || c === APOSTROPHE) {
      const start = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i += 2;
        else if (d === c) break;
        else i++;
      }
      i++;
      if (expectKey) key(keyValue(text.slice(start, i)));
      continue;
    }
    switch (c) {
      case OPEN_BRACE:
        open.push({ keys: new Set(), at: '' });
        expectKey = true;
        i++;
        continue;
      case OPEN_BRACKET: {
        // The bulk of every file is arrays of numbers: skip the run of number characters at
        // once (a native regex loop, several times faster than this one), counting its commas
        // only when something other than the array's end follows it.
        const array: Open = { keys: null, at: 0 };
        open.push(array);
        NUMBER_RUN.lastIndex = i + 1;
        NUMBER_RUN.test(text);
        const end = NUMBER_RUN.lastIndex;
        if (text.charCodeAt(end) !== CLOSE_BRACKET) array.at = commas(text, i + 1, end);
        i = end;
        continue;
      }
      case CLOSE_BRACE:
      case CLOSE_BRACKET:
        open.pop();
        expectKey = false;
        i++;
        continue;
      case COMMA: {
        const top = open[open.length - 1];
        if (top === undefined) return;
        if (top.keys === null) (top.at as number)++;
        else expectKey = true;
        i++;
        continue;
      }
      case SLASH:
        if (text.charCodeAt(i + 1) === SLASH) {
          const end = text.indexOf('\n', i);
          i = end < 0 ? n : end;
        } else if (text.charCodeAt(i + 1) === STAR) {
          const end = text.indexOf('*/', i + 2);
          i = end < 0 ? n : end + 2;
        } else {
          return;
        }
        continue;
    }
    if (expectKey && !isSpace(c)) {
      // A JSON5 identifier key: up to the colon, a space or a comment.
      const start = i;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === COLON || d === SLASH || isSpace(d)) break;
        i++;
      }
      key(keyValue(text.slice(start, i)));
      continue;
    }
    i++;
  }

  function key(name: string): void {
    expectKey = false;
    const top = open[open.length - 1];
    if (top?.keys == null) return;
    if (top.keys.has(name)) {
      const path = [...open.slice(0, -1).map((o) => o.at), name];
      throw new FormatError(source, formatPath(path), `duplicate key ${JSON.stringify(name)}`);
    }
    top.keys.add(name);
    top.at = name;
  }
}
