// A learner's progress through the lessons, kept in the browser's localStorage: the
// step they were on (so leaving and coming back lands there), the furthest step seen,
// and which questions they answered and how. Read back through zod: anything stored
// by an older version or edited by hand is dropped rather than trusted.

import { z } from 'zod';

const answerSchema = z.strictObject({ correct: z.boolean(), given: z.string() });

const lessonProgressSchema = z.strictObject({
  /** 1-based step the learner was on. */
  step: z.number().int().min(1),
  furthest: z.number().int().min(1),
  /** By 1-based step number. */
  answers: z.record(z.string().regex(/^\d+$/), answerSchema),
});

const storeSchema = z.record(z.string(), lessonProgressSchema);

export type LessonProgress = z.output<typeof lessonProgressSchema>;
export type ProgressMap = Readonly<Record<string, LessonProgress>>;

export const PROGRESS_KEY = 'deltascope.lessons.progress.v1';

/** The part of the Storage API used here (localStorage, or a Map-backed stand-in in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function loadProgress(store: KeyValueStore | null): ProgressMap {
  if (!store) return {};
  try {
    const raw = store.getItem(PROGRESS_KEY);
    if (!raw) return {};
    const parsed = storeSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
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
