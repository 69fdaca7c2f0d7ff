// A learner's progress through the lessons, kept in the browser's localStorage: the
// step they were on (so leaving and coming back lands there), the furthest step seen,
// and which questions they answered and how. Read back through zod lesson by lesson: an
// entry stored by an older version or edited by hand is set aside (named, with its
// problem) rather than trusted, and never costs the other lessons their progress. The
// next save leaves it out. (localStorage, not IndexedDB: a few hundred bytes, read
// synchronously as the lessons screen opens.)

import { z } from 'zod';
import { describeValue } from '../engine/io/errors';
import { readRecord, type SetAside } from '../session/stored-record';

const answerSchema = z.strictObject({ correct: z.boolean(), given: z.string() });

const lessonProgressSchema = z.strictObject({
  /** 1-based step the learner was on. */
  step: z.number().int().min(1),
  furthest: z.number().int().min(1),
  /** By 1-based step number. */
  answers: z.record(z.string().regex(/^\d+$/), answerSchema),
});

export type LessonProgress = z.output<typeof lessonProgressSchema>;
export type ProgressMap = Readonly<Record<string, LessonProgress>>;

/** The progress that read back, and the entries set aside. */
export interface StoredProgress {
  readonly progress: ProgressMap;
  readonly setAside: SetAside[];
}

export const PROGRESS_KEY = 'deltascope.lessons.progress.v1';

/** The part of the Storage API used here (localStorage, or a Map-backed stand-in in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const KIND = 'lesson-progress entry';

export function loadProgress(store: KeyValueStore | null): StoredProgress {
  let raw: string | null = null;
  try {
    raw = store?.getItem(PROGRESS_KEY) ?? null;
  } catch {
    // Storage disabled: nothing was kept.
  }
  if (!raw) return { progress: {}, setAside: [] };
  const whole = (problem: string): StoredProgress => ({ progress: {}, setAside: [{ kind: KIND, key: PROGRESS_KEY, label: null, problem }] });
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return whole('not JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return whole(`expected a map of lessons, got ${describeValue(parsed)}`);
  const progress: Record<string, LessonProgress> = {};
  const setAside: SetAside[] = [];
  for (const [lesson, entry] of Object.entries(parsed)) {
    const read = readRecord(lessonProgressSchema, entry);
    if (read.ok) progress[lesson] = read.record;
    else setAside.push({ kind: KIND, key: lesson, label: null, problem: read.problem });
  }
  return { progress, setAside };
}

export function saveProgress(store: KeyValueStore | null, progress: ProgressMap): void {
  if (!store) return;
  try {
    store.setItem(PROGRESS_KEY, JSON.stringify(progress));
  } catch {
    // Storage full or disabled (private mode): progress lives for this visit only.
  }
}

const empty = (): LessonProgress => ({ step: 1, furthest: 1, answers: {} });

/** Progress after visiting a step. */
export function visit(progress: ProgressMap, lesson: string, step: number): ProgressMap {
  const p = progress[lesson] ?? empty();
  return { ...progress, [lesson]: { ...p, step, furthest: Math.max(p.furthest, step) } };
}

/** Progress after answering the question of a step. */
export function recordAnswer(progress: ProgressMap, lesson: string, step: number, answer: { correct: boolean; given: string }): ProgressMap {
  const p = progress[lesson] ?? empty();
  return { ...progress, [lesson]: { ...p, answers: { ...p.answers, [String(step)]: answer } } };
}

export interface LessonStanding {
  readonly step: number;
  readonly furthest: number;
  readonly answered: number;
  readonly right: number;
  /** Every step seen and every question answered. */
  readonly complete: boolean;
}

export function standing(progress: ProgressMap, lesson: string, steps: number, questionSteps: readonly number[]): LessonStanding {
  const p = progress[lesson] ?? empty();
  const answers = questionSteps.map((n) => p.answers[String(n)]).filter((a) => a !== undefined);
  return {
    step: Math.min(p.step, steps),
    furthest: Math.min(p.furthest, steps),
    answered: answers.length,
    right: answers.filter((a) => a.correct).length,
    complete: p.furthest >= steps && answers.length === questionSteps.length,
  };
}
