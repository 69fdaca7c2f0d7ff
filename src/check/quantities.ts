// The quantities of one training step, named as the trace format names them
// (docs/formats.md: "layers[1].delta", "after.layers[0].weights", …) and listed in the
// order the debugger's sub-steps compute them (src/session/plan.ts): forward layer by
// layer (z, a, f'), the loss, the output, δ from the output down, then the gradients and
// the update, each from the output layer down. (The gradients of different layers do not
// depend on each other; this order makes the check's first difference the first sub-step
// of the debugger that shows a differing number.)

import type { Trace } from '../engine/io';
import { usesMomentum } from '../engine/step';
import type { FloatArray, LayerActivation } from '../engine/types';
import { EQUATIONS, type EquationRef } from './equations';

export type QuantityKind =
  | 'z'
  | 'a'
  | 'fprime'
  | 'lossPerExample'
  | 'loss'
  | 'correct'
  | 'output'
  | 'delta'
  | 'gradW'
  | 'gradB'
  | 'velocityWeights'
  | 'weightsAfter'
  | 'velocityBiases'
  | 'biasesAfter';

/** What an index of a quantity counts. */
export type Axis = 'example' | 'unit' | 'class' | 'input';

/** The stage of the step a quantity belongs to (the debugger's sub-steps group the same way). */
export type Stage = 'forward' | 'loss' | 'backward' | 'gradients' | 'update';

export interface QuantitySpec {
  /** As the trace format spells the field: "layers[1].delta", "after.layers[0].biases", "loss". */
  readonly name: string;
  readonly kind: QuantityKind;
  /** 0-based layer index (layers[l] of the JSON); null for the loss. */
  readonly layer: number | null;
  /** [] scalar, [n] vector, [rows, cols] matrix, in deltascope's layout. */
  readonly shape: readonly number[];
  /** What each index counts, one per entry of shape. */
  readonly axes: readonly Axis[];
  readonly stage: Stage;
  readonly equation: EquationRef;
  /** The transposed layout is a known convention for this quantity (weight-shaped and batch matrices). */
  readonly transposable: boolean;
}

export interface Quantity extends QuantitySpec {
  /** deltascope's values, row-major in `shape`. */
  readonly values: FloatArray | Float64Array;
}

/** The network's layers: what reading a learner's file needs. */
export interface LayerShape {
  /** [n_0, …, n_L] */
  readonly sizes: readonly number[];
  /** The hidden activations and the softmax, one per layer. */
  readonly activations: readonly LayerActivation[];
}

/** Layers, batch size and update rule: what a learner's arrays are checked against. */
export interface StepShape extends LayerShape {
  /** N */
  readonly examples: number;
  /** Does the step keep a velocity (momentum μ ≠ 0)? */
  readonly momentum: boolean;
}

export function stepShapeOf(trace: Trace): StepShape {
  return {
    sizes: trace.net.sizes,
    examples: trace.batch.size,
    momentum: usesMomentum(trace.rule),
    activations: trace.net.activations,
  };
}

/** Every quantity of a step of this shape, in computation order (values left out). */
export function quantitySpecs(shape: StepShape): QuantitySpec[] {
  const { sizes, examples: N } = shape;
  const L = sizes.length - 1;
  const specs: QuantitySpec[] = [];
  const batch = (l: number) => [N, sizes[l + 1]];
  const unitAxes: Axis[] = ['example', 'unit'];
  for (let l = 0; l < L; l++) {
    const improved = shape.activations[l] === 'improved-sigmoid';
    const last = l === L - 1;
    specs.push({ name: `layers[${l}].z`, kind: 'z', layer: l, shape: batch(l), axes: last ? ['example', 'class'] : unitAxes, stage: 'forward', equation: EQUATIONS.z, transposable: true });
    specs.push({
      name: `layers[${l}].a`,
      kind: 'a',
      layer: l,
      shape: batch(l),
      axes: last ? ['example', 'class'] : unitAxes,
      stage: 'forward',
      equation: last ? EQUATIONS.output : improved ? EQUATIONS.aImproved : EQUATIONS.a,
      transposable: true,
    });
    if (!last) {
      specs.push({ name: `layers[${l}].fprime`, kind: 'fprime', layer: l, shape: batch(l), axes: unitAxes, stage: 'forward', equation: improved ? EQUATIONS.fprimeImproved : EQUATIONS.fprime, transposable: true });
    }
  }
  specs.push({ name: 'lossPerExample', kind: 'lossPerExample', layer: null, shape: [N], axes: ['example'], stage: 'loss', equation: EQUATIONS.lossPerExample, transposable: false });
  specs.push({ name: 'loss', kind: 'loss', layer: null, shape: [], axes: [], stage: 'loss', equation: EQUATIONS.loss, transposable: false });
  specs.push({ name: 'correct', kind: 'correct', layer: null, shape: [], axes: [], stage: 'loss', equation: EQUATIONS.correct, transposable: false });
  specs.push({ name: 'output', kind: 'output', layer: L - 1, shape: batch(L - 1), axes: ['example', 'class'], stage: 'forward', equation: EQUATIONS.output, transposable: true });
  for (let l = L - 1; l >= 0; l--) {
    const last = l === L - 1;
    specs.push({
      name: `layers[${l}].delta`,
      kind: 'delta',
      layer: l,
      shape: batch(l),
      axes: last ? ['example', 'class'] : unitAxes,
      stage: 'backward',
      equation: last ? EQUATIONS.outputDelta : EQUATIONS.hiddenDelta,
      transposable: true,
    });
  }
  // A weight-shaped quantity's rows are the layer's units (classes in the output layer).
  const rowAxis = (l: number): Axis => (l === L - 1 ? 'class' : 'unit');
  for (let l = L - 1; l >= 0; l--) {
    specs.push({ name: `layers[${l}].gradW`, kind: 'gradW', layer: l, shape: [sizes[l + 1], sizes[l]], axes: [rowAxis(l), 'input'], stage: 'gradients', equation: EQUATIONS.gradW, transposable: true });
    specs.push({ name: `layers[${l}].gradB`, kind: 'gradB', layer: l, shape: [sizes[l + 1]], axes: [rowAxis(l)], stage: 'gradients', equation: EQUATIONS.gradB, transposable: false });
  }
  for (let l = L - 1; l >= 0; l--) {
    const w = [sizes[l + 1], sizes[l]];
    const b = [sizes[l + 1]];
    const update = shape.momentum ? EQUATIONS.momentumWeights : EQUATIONS.sgd;
    if (shape.momentum) {
      specs.push({ name: `velocityAfter.weights[${l}]`, kind: 'velocityWeights', layer: l, shape: w, axes: [rowAxis(l), 'input'], stage: 'update', equation: EQUATIONS.momentumVelocity, transposable: true });
    }
    specs.push({ name: `after.layers[${l}].weights`, kind: 'weightsAfter', layer: l, shape: w, axes: [rowAxis(l), 'input'], stage: 'update', equation: update, transposable: true });
    if (shape.momentum) {
      specs.push({ name: `velocityAfter.biases[${l}]`, kind: 'velocityBiases', layer: l, shape: b, axes: [rowAxis(l)], stage: 'update', equation: EQUATIONS.momentumVelocity, transposable: false });
    }
    specs.push({ name: `after.layers[${l}].biases`, kind: 'biasesAfter', layer: l, shape: b, axes: [rowAxis(l)], stage: 'update', equation: update, transposable: false });
  }
  return specs;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** deltascope's value of every quantity of the traced step, in computation order. */
export function referenceQuantities(trace: Trace): Quantity[] {
  return quantitySpecs(stepShapeOf(trace)).map((spec) => ({ ...spec, values: referenceValues(trace, spec) }));
}

function referenceValues(trace: Trace, spec: QuantitySpec): FloatArray | Float64Array {
  const { step } = trace;
  const l = spec.layer ?? 0;
  const L = trace.net.sizes.length - 1;
  switch (spec.kind) {
    case 'z':
      return step.forward.layers[l].z;
    case 'a':
      return step.forward.layers[l].a;
    case 'fprime':
      return step.forward.layers[l].fprime!;
    case 'lossPerExample':
      return step.loss.perExample;
    case 'loss':
      return Float64Array.of(step.loss.loss);
    case 'correct':
      return Float64Array.of(step.loss.correct);
    case 'output':
      return step.forward.layers[L - 1].a;
    case 'delta':
      return step.backward.deltas[l];
    case 'gradW':
      return step.backward.gradients.weights[l];
    case 'gradB':
      return step.backward.gradients.biases[l];
    case 'velocityWeights':
      return step.velocity!.weights[l];
    case 'weightsAfter':
      return step.net.params.weights[l];
    case 'velocityBiases':
      return step.velocity!.biases[l];
    case 'biasesAfter':
      return step.net.params.biases[l];
  }
}
