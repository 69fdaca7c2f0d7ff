// zod's issues as a teacher reads them: one message per mistake, at the field's path. A
// union (a `do` move, a highlight, a figure, a batch) is reported through the one form the
// author evidently meant — the branch whose key they wrote — instead of zod's "Invalid input".

import type { z } from 'zod';
import { noun, plural } from '../format';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

export interface FieldProblem {
  readonly path: Path;
  readonly message: string;
}

function valueAt(input: unknown, path: Path): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const list = (items: readonly string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`);
const stripped = (message: string) => message.replace(/^Invalid input: /, '');

/** Does this branch of a union fail on the shape itself (wrong type, a key it does not have, its own key missing)? */
function missesShape(branch: readonly Issue[], input: unknown): boolean {
  return branch.some(
    (i) =>
      (i.path.length === 0 && (i.code === 'unrecognized_keys' || i.code === 'invalid_type')) ||
      (i.path.length === 1 && valueAt(input, i.path) === undefined),
  );
}

/** The keys a union's object forms are written with, as far as the branches' issues tell. */
function formKeys(branches: readonly (readonly Issue[])[], input: Record<string, unknown>): string[] {
  const keys = new Set<string>();
  for (const branch of branches) {
    const unknown = new Set(branch.flatMap((i) => (i.code === 'unrecognized_keys' && i.path.length === 0 ? i.keys : [])));
    for (const k of Object.keys(input)) if (!unknown.has(k)) keys.add(k);
    for (const i of branch) if (i.path.length === 1 && input[i.path[0] as string] === undefined) keys.add(String(i.path[0]));
  }
  return [...keys];
}

function describeIssue(issue: Issue, input: unknown, at: Path): FieldProblem[] {
  const path = [...at, ...issue.path];
  const value = valueAt(input, path);
  const one = (message: string): FieldProblem[] => [{ path, message }];
  if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union' || issue.code === 'invalid_value')) return one('is required');
  switch (issue.code) {
    case 'invalid_union': {
      if (issue.errors.length === 0) {
        const options = (issue as { options?: unknown[] }).options ?? [];
        return one(`expected ${list(options.map((o) => JSON.stringify(o)))}`);
      }
      const fitting = issue.errors.filter((branch) => !missesShape(branch, value));
      if (fitting.length) {
        const best = fitting.reduce((a, b) => (b.length < a.length ? b : a));
        return best.flatMap((i) => describeIssue(i, input, path));
      }
      if (isRecord(value)) {
        const written = Object.keys(value).map((k) => `\`${k}\``);
        const forms = formKeys(issue.errors, value).map((k) => `\`${k}\``);
        return one(`expected exactly one of ${list(forms)} (found ${list(written) || 'none'})`);
      }
      const roots = [...new Set(issue.errors.flatMap((b) => b.filter((i) => i.path.length === 0).map((i) => stripped(i.message))))];
      return one(roots.join('; or '));
    }
    case 'unrecognized_keys':
      return one(`unknown ${noun(issue.keys.length, 'field')} ${list(issue.keys.map((k) => `"${k}"`))}`);
    case 'invalid_value':
      return one(`expected ${list(issue.values.map((v) => JSON.stringify(v)))}, got ${JSON.stringify(value)}`);
    case 'too_small':
      if (issue.origin === 'array') return one(`needs at least ${plural(Number(issue.minimum), 'entry', 'entries')}`);
      if (issue.origin === 'string') return one('must not be empty');
      return one(`must be ${issue.inclusive ? '≥' : '>'} ${issue.minimum}, got ${String(value)}`);
    case 'too_big':
      if (issue.origin === 'array') return one(`takes at most ${plural(Number(issue.maximum), 'entry', 'entries')}`);
      return one(`must be ${issue.inclusive ? '≤' : '<'} ${issue.maximum}, got ${String(value)}`);
    default:
      return one(stripped(issue.message));
  }
}

/** Every problem zod found in `input`, each at its field's path. */
export function fieldProblems(error: z.ZodError, input: unknown): FieldProblem[] {
  return error.issues.flatMap((issue) => describeIssue(issue, input, []));
}

/** "question.tolerance" — how a field is named in messages. */
export function pathText(path: Path): string {
  return path.length ? path.map(String).join('.') : '(block)';
}
