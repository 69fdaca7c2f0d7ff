// A step that is not the engine's: a bug-hunt lesson's debugger runs one training step with a
// planted mistake (src/check/planted, which only lessons and tests import). The lesson hands the
// faulty step in as a function; the session never knows which mistake it holds. Every sub-step
// then shows that step's numbers — the forward pass, the loss, δ, the gradients and the update
// exactly as the faulty code computed them — while the gradient check, the look-ahead and
// "Check my numbers" go on computing deltascope's own, so the learner can find the difference.

import type { StepResult } from '../engine/step';
import type { BatchStart, WritableQuantities } from './batch-quantities';
import type { PlannedStep } from './plan';

export interface FaultyStep {
  /** The catalogue id of the planted mistake (the views say a mistake is planted, not which). */
  readonly id: string;
  /** The whole step as the faulty code computes it, from a batch's start; leaves its input intact. */
  readonly run: (start: BatchStart) => StepResult;
}

// One run per batch start and faulty step: every sub-step of a batch reads the same result.
const results = new WeakMap<BatchStart, WeakMap<FaultyStep, StepResult>>();

export function faultyResult(faulty: FaultyStep, start: BatchStart): StepResult {
  let byStep = results.get(start);
  if (!byStep) results.set(start, (byStep = new WeakMap()));
  let result = byStep.get(faulty);
  if (!result) byStep.set(faulty, (result = faulty.run(start)));
  return result;
}

/** Put into the slots `step` writes the faulty step's arrays for them (shared, never written). */
export function fillFromStep(result: StepResult, step: PlannedStep, q: WritableQuantities): void {
  const l = step.layer;
  switch (step.kind) {
    case 'preActivation':
      q.z[l] = result.forward.layers[l].z;
      return;
    case 'activation':
      q.a[l] = result.forward.layers[l].a;
      q.fprime[l] = result.forward.layers[l].fprime;
      return;
    case 'loss':
      q.loss = result.loss;
      return;
    case 'outputDelta':
    case 'hiddenDelta':
      q.delta[l] = result.backward.deltas[l];
      return;
    case 'gradients':
      q.gradW[l] = result.backward.gradients.weights[l];
      q.gradB[l] = result.backward.gradients.biases[l];
      return;
    case 'update':
      q.newW[l] = result.net.params.weights[l];
      q.newB[l] = result.net.params.biases[l];
      if (result.velocity) {
        q.newVW[l] = result.velocity.weights[l];
        q.newVB[l] = result.velocity.biases[l];
      }
      return;
  }
}
