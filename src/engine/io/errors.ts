// Errors of the file formats: one line naming the file, the field path and the problem,
// e.g. "model.json: layers[1].weights[3]: expected 64 numbers, got 63".

import type { z } from 'zod';
import { plural } from '../../format';

export class FormatError extends Error {
  override name = 'FormatError';
  /** The file (or other source) being read, as the user named it. */
  readonly source: string;
  /** The field, written as in JavaScript: "layers[1].weights[3]"; "" for the whole document. */
  readonly path: string;
  /** What is wrong, without the source and path. */
  readonly problem: string;

  constructor(source: string, path: string, problem: string) {
    super(path ? `${source}: ${path}: ${problem}` : `${source}: ${problem}`);
    this.source = source;
    this.path = path;
    this.problem = problem;
  }
}

/** ["layers", 1, "weights", 3] → "layers[1].weights[3]". */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** A value as a problem statement quotes it: numbers as written, strings quoted and cut short. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 37) + '...' : value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : `an array of ${value.length}`;
  return 'an object';
}

const ARTICLES: Record<string, string> = {
  number: 'a number',
  string: 'a string',
  array: 'an array',
  object: 'an object',
  boolean: 'true or false',
  int: 'an integer',
};

/** One zod issue as a short English problem statement (parse with reportInput: true for "got …"). */
export function describeIssue(issue: z.core.$ZodIssue): { path: PropertyKey[]; problem: string } {
  const path = [...issue.path];
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined) return { path, problem: `missing (expected ${ARTICLES[issue.expected] ?? issue.expected})` };
      if (issue.expected === 'number' && typeof input === 'number') {
        return { path, problem: `expected a finite number, got ${describeValue(input)}` };
      }
      return { path, problem: `expected ${ARTICLES[issue.expected] ?? issue.expected}, got ${describeValue(input)}` };
    }
    case 'invalid_value': {
      if (input === undefined) return { path, problem: `missing (expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')})` };
      const options = issue.values.map((v) => JSON.stringify(v));
      const expected = options.length === 1 ? options[0] : `one of ${options.join(', ')}`;
      return { path, problem: `expected ${expected}, got ${describeValue(input)}` };
    }
    case 'unrecognized_keys':
      return { path: [...path, issue.keys[0]], problem: 'unknown field' };
    case 'too_small':
      if (issue.origin === 'array') {
        return { path, problem: `expected at least ${plural(Number(issue.minimum), 'entry', 'entries')}, got ${describeValue(input)}` };
      }
      return { path, problem: `expected ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}, got ${describeValue(input)}` };
    case 'too_big':
      if (issue.origin === 'array') {
        return { path, problem: `expected at most ${plural(Number(issue.maximum), 'entry', 'entries')}, got ${describeValue(input)}` };
      }
      return { path, problem: `expected ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}, got ${describeValue(input)}` };
    default:
      return { path, problem: issue.message };
  }
}

/** Parse with a zod schema; the first issue becomes a FormatError. */
export function parseWith<T extends z.ZodType>(schema: T, json: unknown, source: string): z.output<T> {
  const result = schema.safeParse(json, { reportInput: true });
  if (result.success) return result.data;
  const { path, problem } = describeIssue(result.error.issues[0]);
  throw new FormatError(source, formatPath(path), problem);
}
