// Records the browser keeps (finished runs, training checkpoints, the debugger's place, lesson
// progress) are read back through zod: a record written by an older version, cut short or
// edited by hand is set aside — named, with its first problem — and never hides the good ones.
// The stores (src/platform) read through `readRecord`; what a bad record becomes is a SetAside.

import type { z } from 'zod';
import { firstProblem } from '../engine/training-config';

/** The key a record is stored under (IndexedDB keys the app writes are strings; a planted one may be a number). */
export type RecordKey = string | number;

/** A stored record that could not be read: kept out of the app until the learner deletes it. */
export interface SetAside {
  /** Which store it is in, in words: "run", "checkpoint", "lesson-progress entry". */
  readonly kind: string;
  readonly key: RecordKey;
  /** What the record calls itself, when that much could be read ("2 Baseline, seed 1"), else null. */
  readonly label: string | null;
  /** Its first problem, "field: problem". */
  readonly problem: string;
}

/** A record parsed by `schema`, or why not. */
export function readRecord<T extends z.ZodType>(schema: T, value: unknown): { ok: true; record: z.output<T> } | { ok: false; problem: string } {
  const problem = firstProblem(schema, value);
  return problem === null ? { ok: true, record: schema.parse(value) } : { ok: false, problem };
}

/** The `label` field of a record that has one (a string), for naming a bad record. */
export function labelOf(value: unknown): string | null {
  const label = value !== null && typeof value === 'object' ? (value as { label?: unknown }).label : undefined;
  return typeof label === 'string' && label.length > 0 ? label : null;
}

/** The notice for a record set aside: what it is, which one, what is wrong, what the learner can do. */
export function setAsideNotice(bad: SetAside, whereToDelete: string): string {
  const name = bad.label ? `“${bad.label}” (${String(bad.key)})` : `“${String(bad.key)}”`;
  return `A stored ${bad.kind} could not be read and is set aside: ${name} — ${bad.problem}. ${whereToDelete}`;
}
