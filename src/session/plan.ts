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
import { kindEquations, type Phase, type ReportEquation, type StepKind } from '../notation';

export type { StepKind };

export interface PlannedStep {
  /** Position in the batch's plan, 0-based. */
  readonly index: number;
  readonly phase: Phase;
  readonly kind: StepKind;
  /** 0-based layer index l (the report's layer l + 1); the loss step names the output layer. */
  readonly layer: number;
  /** L, the net's number of weight layers (the notation tells layers apart by it). */
  readonly layers: number;
  /** The activation of that layer (softmax for the output layer). */
  readonly activation: LayerActivation;
  /** The report equations this step carries out, per neuron and in matrix form (src/notation). */
  readonly equations: readonly ReportEquation[];
}

export function planSteps(shape: Pick<NetShape, 'sizes' | 'activations'>): PlannedStep[] {
  const L = shape.sizes.length - 1;
  if (L < 1) throw new RangeError('a network needs at least one dense layer');
  if (shape.activations.length !== L) throw new RangeError(`${L} layers but ${shape.activations.length} activations`);
  const steps: Pick<PlannedStep, 'phase' | 'kind' | 'layer'>[] = [];
  for (let l = 0; l < L; l++) {
    steps.push({ phase: 'forward', kind: 'preActivation', layer: l });
    steps.push({ phase: 'forward', kind: 'activation', layer: l });
  }
  steps.push({ phase: 'loss', kind: 'loss', layer: L - 1 });
  steps.push({ phase: 'outputDelta', kind: 'outputDelta', layer: L - 1 });
  for (let l = L - 2; l >= 0; l--) steps.push({ phase: 'hiddenDelta', kind: 'hiddenDelta', layer: l });
  for (let l = L - 1; l >= 0; l--) steps.push({ phase: 'gradients', kind: 'gradients', layer: l });
  for (let l = L - 1; l >= 0; l--) steps.push({ phase: 'update', kind: 'update', layer: l });
  return steps.map((step, index) => {
    const activation = shape.activations[step.layer];
    return { ...step, activation, index, layers: L, equations: kindEquations(step.kind, activation, step.layer === L - 1) };
  });
}

/** Index of the last step of the phase that `from` belongs to. */
export function endOfPhase(plan: readonly PlannedStep[], from: number): number {
  let i = from;
  while (i + 1 < plan.length && plan[i + 1].phase === plan[from].phase) i++;
  return i;
}
