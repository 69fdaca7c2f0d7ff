// Breakpoints are data: a list in the machine's context, editable while paused. Each
// is checked after the sub-step where its condition can first hold, on the numbers
// that sub-step produced — by the run loop on its buffers and by the stepper on frames,
// with the same functions, so both stop on the same sub-step.

import { firstNonFiniteInBatch, firstNonFiniteInMatrix, type NonFiniteReport } from '../engine/finite';
import type { FloatArray, Net } from '../engine/types';
import type { BatchQuantities } from './batch-quantities';
import type { PlannedStep } from './plan';
import type { FrameBatch } from './frame';
import { epochLabel, exampleLabel, indexProblem, labelOf, layerLabel, sourceLabel, unitProblem } from '../notation/indices';
import { formatValue } from '../format';

export type BreakpointSpec =
  /** Any z, a, f'(z), C, δ, gradient or updated parameter becomes NaN or ±Infinity. */
  | { readonly kind: 'non-finite' }
  /** The batch loss C exceeds `factor` × the previous batch's. */
  | { readonly kind: 'loss-rise'; readonly factor: number }
  /** |δ| of unit `neuron` of layer index `layer` exceeds `threshold` for some example. */
  | { readonly kind: 'delta-above'; readonly layer: number; readonly neuron: number; readonly threshold: number }
  /** A hidden unit (of layer index `layer`, or of any hidden layer) has |f'(z)| < threshold for every example. */
  | { readonly kind: 'saturation'; readonly layer: number | null; readonly threshold: number }
  /** The validation loss rose since the last check; checked at the trainer's check points. */
  | { readonly kind: 'validation-rise'; readonly checksPerEpoch: number }
  /** The last batch of an epoch of the training order has been updated. */
  | { readonly kind: 'epoch-end' };

export type BreakpointKind = BreakpointSpec['kind'];

export type Breakpoint = BreakpointSpec & { readonly id: string; readonly enabled: boolean };

export interface BreakpointHit {
  readonly breakpointId: string;
  readonly kind: BreakpointKind;
  /** The plan step after which the condition first held. */
  readonly stepIndex: number;
  /** 0-based layer index, unit and example it concerns (null where it does not apply). */
  readonly layer: number | null;
  readonly neuron: number | null;
  readonly example: number | null;
  /** The input (column) of a weight-matrix entry — ∂C/∂W, W or v after the update — else null. */
  readonly input: number | null;
  /** Which quantity, in the report's symbols (z, a, f'(z), δ, ∂C/∂W, C, …). */
  readonly quantity: string | null;
  readonly value: number;
  readonly message: string;
}

/** Why a breakpoint cannot be set on this net, or null. */
export function checkBreakpoint(spec: BreakpointSpec, net: Pick<Net, 'sizes'>, hasValidation: boolean): string | null {
  const L = net.sizes.length - 1;
  switch (spec.kind) {
    case 'non-finite':
    case 'epoch-end':
      return null;
    case 'loss-rise':
      return spec.factor > 0 && Number.isFinite(spec.factor) ? null : `the factor must be a positive number, got ${spec.factor}`;
    case 'delta-above':
      return unitProblem(spec.neuron, spec.layer, net.sizes) ?? (spec.threshold >= 0 ? null : `the threshold must be ≥ 0, got ${spec.threshold}`);
    case 'saturation':
      if (L < 2) return 'the net has no hidden layer';
      if (spec.layer !== null && indexProblem('layer', spec.layer, L - 1)) return `${indexProblem('layer', spec.layer, L - 1)!} (the hidden layers)`;
      return spec.threshold > 0 ? null : `the threshold must be > 0, got ${spec.threshold}`;
    case 'validation-rise':
      if (!hasValidation) return 'there is no validation set to watch';
      return Number.isInteger(spec.checksPerEpoch) && spec.checksPerEpoch >= 1 ? null : `checks per epoch must be a whole number ≥ 1, got ${spec.checksPerEpoch}`;
  }
}

/** null when every entry is finite. A sum is finite iff its terms are (or it overflowed): a fast first pass. */
function quickNonFinite(array: FloatArray, count: number, find: () => NonFiniteReport | null): NonFiniteReport | null {
  let s = 0;
  for (let i = 0; i < count; i++) s += array[i];
  return Number.isFinite(s) ? null : find();
}

function batchNonFinite(array: FloatArray | null, N: number, width: number, quantity: string, layer: number): NonFiniteReport | null {
  return array ? quickNonFinite(array, N * width, () => firstNonFiniteInBatch(array, N, width, quantity, layer)) : null;
}

function matrixNonFinite(array: FloatArray | null, cols: number, quantity: string, layer: number): NonFiniteReport | null {
  return array ? quickNonFinite(array, array.length, () => firstNonFiniteInMatrix(array, cols, quantity, layer)) : null;
}

/** A non-finite value found; the loss names no unit when no example's term is to blame. */
export type NonFiniteFinding = Omit<NonFiniteReport, 'neuron'> & { readonly neuron: number | null };

/** The first non-finite value `step` produced, in the order it computed them. */
export function nonFiniteAfter(step: PlannedStep, start: Pick<FrameBatch, 'net' | 'batch'>, q: BatchQuantities): NonFiniteFinding | null {
  const { net } = start;
  const N = start.batch.size;
  const l = step.layer;
  const width = net.sizes[l + 1];
  const nIn = net.sizes[l];
  const output = l === net.sizes.length - 2;
  switch (step.kind) {
    case 'preActivation':
      return batchNonFinite(q.z[l], N, width, 'z', l);
    case 'activation':
      return batchNonFinite(q.a[l], N, width, output ? 'ŷ' : 'a', l) ?? batchNonFinite(q.fprime[l], N, width, "f'(z)", l);
    case 'loss': {
      if (!q.loss || Number.isFinite(q.loss.loss)) return null;
      const n = q.loss.perExample.findIndex((c, i) => i < N && !Number.isFinite(c));
      const example = n < 0 ? null : n;
      const label = example === null ? null : Number(start.batch.labels[example]);
      return { quantity: 'C', layer: l, neuron: label, example, input: null, value: q.loss.loss };
    }
    case 'outputDelta':
    case 'hiddenDelta':
      return batchNonFinite(q.delta[l], N, width, 'δ', l);
    case 'gradients':
      return matrixNonFinite(q.gradW[l], nIn, '∂C/∂W', l) ?? matrixNonFinite(q.gradB[l], 1, '∂C/∂b', l);
    case 'update':
      return (
        matrixNonFinite(q.newW[l], nIn, 'W after the update', l) ??
        matrixNonFinite(q.newB[l], 1, 'b after the update', l) ??
        matrixNonFinite(q.newVW[l], nIn, 'v of W', l) ??
        matrixNonFinite(q.newVB[l], 1, 'v of b', l)
      );
  }
}

/** "layer 1, unit 17, example 3" — counted as every screen counts (notation/indices): units and examples from 1, outputs by class. */
const where = (layer: number, neuron: number | null, example: number | null, outputLayer: number) => {
  const position = layer === outputLayer ? 'class' : 'unit';
  const unit = neuron === null ? '' : `, ${position} ${labelOf(position, neuron)}`;
  return `layer ${layerLabel(layer)}${unit}${example === null ? '' : `, example ${exampleLabel(example)}`}`;
};

/** Does any per-sub-step breakpoint fire after `step`? The first in list order that does. */
export function checkStep(
  breakpoints: readonly Breakpoint[],
  step: PlannedStep,
  start: Pick<FrameBatch, 'net' | 'batch' | 'previousLoss'>,
  q: BatchQuantities,
): BreakpointHit | null {
  for (const bp of breakpoints) {
    if (!bp.enabled) continue;
    const hit = checkOne(bp, step, start, q);
    if (hit) return hit;
  }
  return null;
}

function checkOne(bp: Breakpoint, step: PlannedStep, start: Pick<FrameBatch, 'net' | 'batch' | 'previousLoss'>, q: BatchQuantities): BreakpointHit | null {
  const base = { breakpointId: bp.id, kind: bp.kind, stepIndex: step.index };
  const N = start.batch.size;
  switch (bp.kind) {
    case 'non-finite': {
      const found = nonFiniteAfter(step, start, q);
      if (!found) return null;
      return {
        ...base,
        layer: found.layer,
        neuron: found.neuron,
        example: found.example,
        input: found.input,
        quantity: found.quantity,
        value: found.value,
        message: `${found.value} in ${found.quantity} of ${where(found.layer, found.neuron, found.example, start.net.sizes.length - 2)}${found.input === null ? '' : `, input ${sourceLabel(found.input, found.layer)}`}`,
      };
    }
    case 'loss-rise': {
      if (step.kind !== 'loss' || !q.loss || start.previousLoss === null) return null;
      const C = q.loss.loss;
      if (!(C > bp.factor * start.previousLoss)) return null;
      return {
        ...base,
        layer: null,
        neuron: null,
        example: null,
        input: null,
        quantity: 'C',
        value: C,
        message: `the loss rose from ${formatValue(start.previousLoss)} to ${formatValue(C)}, more than ×${formatValue(bp.factor)}`,
      };
    }
    case 'delta-above': {
      if ((step.kind !== 'outputDelta' && step.kind !== 'hiddenDelta') || step.layer !== bp.layer) return null;
      const delta = q.delta[bp.layer];
      if (!delta) return null;
      const width = start.net.sizes[bp.layer + 1];
      for (let n = 0; n < N; n++) {
        const value = delta[n * width + bp.neuron];
        if (Math.abs(value) > bp.threshold) {
          return { ...base, layer: bp.layer, neuron: bp.neuron, example: n, input: null, quantity: 'δ', value, message: `|δ| = ${formatValue(Math.abs(value))} > ${formatValue(bp.threshold)} at ${where(bp.layer, bp.neuron, n, start.net.sizes.length - 2)}` };
        }
      }
      return null;
    }
    case 'saturation': {
      if (step.kind !== 'activation' || (bp.layer !== null && step.layer !== bp.layer)) return null;
      const fprime = q.fprime[step.layer];
      if (!fprime) return null; // the softmax output layer has no f'
      const width = start.net.sizes[step.layer + 1];
      for (let j = 0; j < width; j++) {
        let largest = 0;
        for (let n = 0; n < N && largest < bp.threshold; n++) largest = Math.max(largest, Math.abs(fprime[n * width + j]));
        if (largest < bp.threshold) {
          return { ...base, layer: step.layer, neuron: j, example: null, input: null, quantity: "f'(z)", value: largest, message: `unit saturated: |f'(z)| ≤ ${formatValue(largest, 3)} < ${formatValue(bp.threshold)} for every example at ${where(step.layer, j, null, start.net.sizes.length - 2)}` };
        }
      }
      return null;
    }
    case 'validation-rise':
    case 'epoch-end':
      return null; // checked at the end of the batch: see batchEndHit
  }
}

/** What the batch-end breakpoints need to know about a completed batch. */
export interface BatchEndFacts {
  /** The completed batch was the last of its epoch in the training order. */
  readonly endsEpoch: boolean;
  readonly epoch: number | null;
  /** Validation loss measured after this batch (at a check point), and the one before it. */
  readonly validation: { readonly loss: number; readonly previous: number | null } | null;
}

/** The batch-end breakpoint that fires, if any; `lastStep` is the plan's final (update) step. */
export function batchEndHit(breakpoints: readonly Breakpoint[], lastStep: number, facts: BatchEndFacts): BreakpointHit | null {
  for (const bp of breakpoints) {
    if (!bp.enabled) continue;
    const base = { breakpointId: bp.id, kind: bp.kind, stepIndex: lastStep, layer: null, neuron: null, example: null, input: null };
    if (bp.kind === 'validation-rise' && facts.validation && facts.validation.previous !== null && facts.validation.loss > facts.validation.previous) {
      const { loss, previous } = facts.validation;
      return { ...base, quantity: 'validation C', value: loss, message: `the validation loss rose from ${formatValue(previous)} to ${formatValue(loss)}` };
    }
    if (bp.kind === 'epoch-end' && facts.endsEpoch) {
      return { ...base, quantity: null, value: facts.epoch ?? 0, message: `epoch ${epochLabel(facts.epoch ?? 0)} ended` };
    }
  }
  return null;
}

/** The validation-rise breakpoint to honour (the first enabled one), if any. */
export function validationWatch(breakpoints: readonly Breakpoint[]): Extract<Breakpoint, { kind: 'validation-rise' }> | null {
  for (const bp of breakpoints) if (bp.enabled && bp.kind === 'validation-rise') return bp;
  return null;
}
