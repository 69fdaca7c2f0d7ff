// A lesson's own debugger actor, separate from the Debugger screen's. It starts on a
// one-example placeholder; step 1's setup loads the lesson's net and data into it.

import { createDebuggerActor, type DebuggerActor } from '../machine/debugger-machine';

/** Lessons go back and forth over a few batches: 96 MiB of history is plenty. */
export const LESSON_MEMORY_BUDGET = 96 * 1024 * 1024;

export type LessonActor = DebuggerActor;

export function createLessonActor(): LessonActor {
  return createDebuggerActor({
    data: { kind: 'custom', inputSize: 1, classes: 2, batches: [{ inputs: [0], labels: [0] }] },
    settings: { sizes: [1, 2], precision: 'float64' },
    memoryBudget: LESSON_MEMORY_BUDGET,
  });
}
