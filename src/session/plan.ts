// The ordered sub-steps of one mini-batch, for a network shape. The debugger machine
// walks this list; views read a step's phase, layer and equations from it (and its label,
// in the report's notation, from src/viewmodel/step-label.ts).
//
// For layers 1 … L (0-based index l = 0 … L−1 in code):
//   forward      z_l then a_l, for l = 1 … L           (2L steps)
//   loss         C from z_L                             (1)
//   outputDelta  δ_L = ŷ − y                            (1)
//   hiddenDelta  δ_l, for l = L−1 … 1                   (L−1)
//   gradients    ∂C/∂W_l and ∂C/∂b_l, for l = L … 1      (L)
//   update       W_l, b_l (and v_l), for l = L … 1       (L)
// 5L + 1 steps in all: 11 for 784-64-10.

import type { LayerActivation, NetShape } from '../engine/types';
import type { Phase, ReportEquation } from './equations';

/** The engine primitive a sub-step calls (src/engine/forward.ts, backward.ts, softmax.ts, step.ts). */
export type StepKind = 'preActivation' | 'activation' | 'loss' | 'outputDelta' | 'hiddenDelta' | 'gradients' | 'update';

export interface PlannedStep {
  /** Position in the batch's plan, 0-based. */
  readonly index: number;
  readonly phase: Phase;
  readonly kind: StepKind;
  /** 0-based layer index l (the report's layer l + 1); the loss step names the output layer. */
  readonly layer: number;
  /** The activation of that layer (softmax for the output layer). */
  readonly activation: LayerActivation;
  /** The report equations this step carries out. */
  readonly equations: readonly ReportEquation[];
}

function activationEquations(kind: LayerActivation): ReportEquation[] {
  if (kind === 'softmax') return []; // ŷ = softmax(z): no numbered equation in the report
  return kind === 'improved-sigmoid' ? [5, 16, 17] : [5];
}

export function planSteps(shape: Pick<NetShape, 'sizes' | 'activations'>): PlannedStep[] {
  const L = shape.sizes.length - 1;
  if (L < 1) throw new RangeError('a network needs at least one dense layer');
  if (shape.activations.length !== L) throw new RangeError(`${L} layers but ${shape.activations.length} activations`);
  const steps: Omit<PlannedStep, 'index' | 'activation'>[] = [];
  for (let l = 0; l < L; l++) {
    steps.push({ phase: 'forward', kind: 'preActivation', layer: l, equations: [4, 6] });
    steps.push({ phase: 'forward', kind: 'activation', layer: l, equations: activationEquations(shape.activations[l]) });
  }
  steps.push({ phase: 'loss', kind: 'loss', layer: L - 1, equations: [] });
  steps.push({ phase: 'outputDelta', kind: 'outputDelta', layer: L - 1, equations: [3] });
  for (let l = L - 2; l >= 0; l--) steps.push({ phase: 'hiddenDelta', kind: 'hiddenDelta', layer: l, equations: [8, 12, 13, 14] });
  for (let l = L - 1; l >= 0; l--) steps.push({ phase: 'gradients', kind: 'gradients', layer: l, equations: [7, 10, 15] });
  for (let l = L - 1; l >= 0; l--) steps.push({ phase: 'update', kind: 'update', layer: l, equations: [1, 9, 19] });
  return steps.map((step, index) => ({ ...step, activation: shape.activations[step.layer], index }));
}

/** Index of the last step of the phase that `from` belongs to. */
export function endOfPhase(plan: readonly PlannedStep[], from: number): number {
  let i = from;
  while (i + 1 < plan.length && plan[i + 1].phase === plan[from].phase) i++;
  return i;
}
