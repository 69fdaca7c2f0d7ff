// Bug-hunt lessons: the lesson block's `planted:` names a mistake of the check's catalogue,
// and the lesson's debugger then steps a training step computed with that one mistake
// (src/check/planted — which only lessons and tests import) instead of the engine's. The
// learner finds the sub-step and the equation with the inspector, the gradient check and
// "Check my numbers" (a `check` move), whose report names the mistake.

import type { MistakeId } from '../check';
import { plantedStep } from '../check/planted/planted-mistakes';
import type { FaultyStep } from '../session/faulty-step';

// One FaultyStep per id, so every batch start's planted result is computed once (faulty-step.ts caches by identity).
const steps = new Map<MistakeId, FaultyStep>();

/** The faulty step a lesson's debugger runs for a planted mistake. */
export function plantedFaulty(id: MistakeId): FaultyStep {
  let step = steps.get(id);
  if (!step) steps.set(id, (step = { id, run: (start) => plantedStep(id, start) }));
  return step;
}
