// The equation of one neuron with its live numbers, as the inspector writes it out:
// which equation applies (the latest sub-step that computed something for the neuron's
// layer), the values it reads, and each sum term by term — largest |term| first, the
// rest summed — beside the value the engine computed. The terms are the engine's own
// numbers multiplied again in float64 only to be shown; `sum` lets a view (and a test)
// check that they add up to the engine's result.

import { exp } from '../engine/libm';
import type { HiddenActivation, UpdateRule } from '../engine/types';
import type { DebuggerContext } from '../session/context';
import { currentFrame } from '../session/history';
import type { PlannedStep } from '../session/plan';
import { indexProblem, unitProblem } from '../notation/indices';
import { grouped } from '../format';

/** One term of a sum: the factors multiplied, in the equation's order, and their product. */
export interface SumTerm {
  /** The summation index (k, i or n), 0-based. */
  readonly index: number;
  readonly factors: readonly number[];
  readonly value: number;
}

export interface TermExpansion {
  /** Terms in the sum. */
  readonly count: number;
  /** The largest terms by |value|, largest first. */
  readonly shown: readonly SumTerm[];
  /** The terms not shown: how many, how many of them are exactly 0, and their sum. */
  readonly rest: { readonly count: number; readonly zeros: number; readonly sum: number } | null;
  /** Σ of all terms in float64, in index order. */
  readonly sum: number;
}

/** Σ_i Π factors(i) written out: the `show` largest terms by |value| and the rest summed. */
export function expandSum(count: number, factors: (i: number) => readonly number[], show = 4): TermExpansion {
  const values = new Float64Array(count);
  const lists: (readonly number[])[] = new Array(count);
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const f = factors(i);
    let product = 1;
    for (const x of f) product *= x;
    lists[i] = f;
    values[i] = product;
    sum += product;
  }
  // Largest |term| first; ties keep index order, so the expansion is deterministic.
  const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => Math.abs(values[b]) - Math.abs(values[a]) || a - b);
  const kept = order.slice(0, Math.min(show, count));
  const shown = kept.map((i) => ({ index: i, factors: lists[i], value: values[i] }));
  if (count <= kept.length) return { count, shown, rest: null, sum };
  let restSum = 0;
  let zeros = 0;
  for (const i of order.slice(kept.length)) {
    restSum += values[i];
    if (values[i] === 0) zeros++;
  }
  return { count, shown, rest: { count: count - kept.length, zeros, sum: restSum }, sum };
}

interface EquationBase {
  /** The sub-step whose equation this is, and whether it is the one just computed. */
  readonly step: PlannedStep;
  readonly isCurrent: boolean;
  /** 0-based layer index and unit j; the example n it is written for. */
  readonly layer: number;
  readonly neuron: number;
  readonly sample: number;
  /** Is this the output (softmax) layer? */
  readonly isOutput: boolean;
  /** Is the layer after this one the output layer (so the k of eq. 8 are classes)? */
  readonly nextIsOutput: boolean;
}

/** z_j = Σ_i w_ji a_i + b_j (eq. 4, 6); a_i is x_i on the first layer. */
export interface PreActivationEquation extends EquationBase {
  readonly kind: 'preActivation';
  /** Terms w_ji · a_i over the inputs i. */
  readonly terms: TermExpansion;
  readonly bias: number;
  /** z_j as the engine computed it. */
  readonly value: number;
}

/** a_j = f(z_j) and f'(z_j) (eq. 5; 16–17 for the improved sigmoid). */
export interface ActivationEquation extends EquationBase {
  readonly kind: 'activation';
  readonly activation: HiddenActivation;
  /** The improved sigmoid's twist c. */
  readonly twist: number;
  readonly z: number;
  readonly a: number;
  readonly fprime: number;
}

/** ŷ_k = exp(z_k) / Σ_k' exp(z_k'), over the output units of the example. */
export interface SoftmaxEquation extends EquationBase {
  readonly kind: 'softmax';
  readonly z: number;
  /** The example's logits and Σ_k' exp(z_k' − max z) (the shift the engine uses). */
  readonly logits: readonly number[];
  readonly maxLogit: number;
  readonly expSum: number;
  readonly value: number;
}

/** C_n = −log ŷ_{y_n}; C = (1/N) Σ_n C_n. */
export interface LossEquation extends EquationBase {
  readonly kind: 'loss';
  readonly label: number;
  /** ŷ_{y_n}, C_n and C. */
  readonly probability: number;
  readonly sampleLoss: number;
  readonly batchLoss: number;
  readonly batchSize: number;
}

/** δ_k = ŷ_k − y_k (eq. 3). */
export interface OutputDeltaEquation extends EquationBase {
  readonly kind: 'outputDelta';
  readonly yhat: number;
  readonly target: number;
  readonly value: number;
}

/** δ_j = f'(z_j) Σ_k w_kj δ_k (eq. 8, 12). */
export interface HiddenDeltaEquation extends EquationBase {
  readonly kind: 'hiddenDelta';
  readonly fprime: number;
  /** Terms w_kj · δ_k over the units k of the next layer. */
  readonly terms: TermExpansion;
  readonly value: number;
}

/** ∂C/∂w_ji = (1/N) Σ_n δ_j a_i (eq. 7, batch mean) and ∂C/∂b_j = (1/N) Σ_n δ_j. */
export interface GradientEquation extends EquationBase {
  readonly kind: 'gradients';
  readonly batchSize: number;
  /** The input i whose weight is written out. */
  readonly input: number;
  /** Terms δ_j · a_i over the examples n. */
  readonly weightTerms: TermExpansion;
  readonly weightGradient: number;
  /** Terms δ_j over the examples n. */
  readonly biasTerms: TermExpansion;
  readonly biasGradient: number;
}

export interface ParameterUpdate {
  readonly before: number;
  readonly gradient: number;
  /** v before and after (momentum only). */
  readonly velocityBefore: number | null;
  readonly velocityAfter: number | null;
  readonly after: number;
}

/** w := w − α ∂C/∂w (eq. 1, 9), or v := α ∂C/∂w + μ v, w := w − v (eq. 19). */
export interface UpdateEquation extends EquationBase {
  readonly kind: 'update';
  readonly rule: UpdateRule;
  readonly input: number;
  readonly weight: ParameterUpdate;
  readonly bias: ParameterUpdate;
}

/** Nothing is computed for this layer yet in this batch; `next` computes its first value. */
export interface PendingEquation {
  readonly kind: 'pending';
  readonly layer: number;
  readonly neuron: number;
  readonly sample: number;
  readonly next: PlannedStep | null;
}

export type NeuronEquation =
  | PreActivationEquation
  | ActivationEquation
  | SoftmaxEquation
  | LossEquation
  | OutputDeltaEquation
  | HiddenDeltaEquation
  | GradientEquation
  | UpdateEquation
  | PendingEquation;

type Ctx = Pick<DebuggerContext, 'history' | 'plan' | 'sample'>;

/** The latest completed sub-step of the current batch that computed something for `layer`. */
export function latestStepFor(ctx: Ctx, layer: number): PlannedStep | null {
  const current = currentFrame(ctx.history).stepIndex;
  for (let s = current; s >= 0; s--) if (ctx.plan[s].layer === layer) return ctx.plan[s];
  return null;
}

/** The input i with the largest |∂C/∂w_ji| (the first one on ties). */
function largestGradientInput(grad: ArrayLike<number>, offset: number, width: number): number {
  let best = 0;
  for (let i = 1; i < width; i++) if (Math.abs(grad[offset + i]) > Math.abs(grad[offset + best])) best = i;
  return best;
}

export interface EquationOptions {
  /** The example (default: the selected one). */
  readonly sample?: number;
  /** For the gradient and update equations: the input i of the weight written out (default: the largest |∂C/∂w_ji|). */
  readonly input?: number;
  /** Terms shown before the rest is summed. */
  readonly show?: number;
}

/** The equation of unit `neuron` of layer index `layer`, with its live numbers. */
export function neuronEquation(ctx: Ctx, layer: number, neuron: number, options: EquationOptions = {}): NeuronEquation {
  const frame = currentFrame(ctx.history);
  const { net, batch, rule, velocity } = frame.start;
  const q = frame.quantities;
  const sample = options.sample ?? ctx.sample;
  const show = options.show ?? 4;
  const L = net.sizes.length - 1;
  const N = batch.size;
  const problem = unitProblem(neuron, layer, net.sizes, grouped) ?? indexProblem('example', sample, N, 'the batch', grouped);
  if (problem) throw new RangeError(problem);
  const width = net.sizes[layer + 1];
  const nIn = net.sizes[layer];

  const step = latestStepFor(ctx, layer);
  if (!step) {
    const next = ctx.plan.find((s) => s.index > frame.stepIndex && s.layer === layer) ?? null;
    return { kind: 'pending', layer, neuron, sample, next };
  }
  const base = { step, isCurrent: step.index === frame.stepIndex, layer, neuron, sample, isOutput: layer === L - 1, nextIsOutput: layer === L - 2 };
  const cell = sample * width + neuron;
  const previous = layer === 0 ? batch.inputs : q.a[layer - 1]!;
  const W = net.params.weights[layer];

  switch (step.kind) {
    case 'preActivation': {
      const row = neuron * nIn;
      const inputs = sample * nIn;
      return {
        ...base,
        kind: 'preActivation',
        terms: expandSum(nIn, (i) => [W[row + i], previous[inputs + i]], show),
        bias: net.params.biases[layer][neuron],
        value: q.z[layer]![cell],
      };
    }
    case 'activation': {
      const kind = net.activations[layer];
      const z = q.z[layer]![cell];
      if (kind === 'softmax') {
        const logits = Array.from(q.z[layer]!.subarray(sample * width, (sample + 1) * width));
        const maxLogit = Math.max(...logits);
        // the engine's sum (softmax.ts): libm's exp, added in k order
        const expSum = logits.reduce((s, zk) => s + exp(zk - maxLogit), 0);
        return { ...base, kind: 'softmax', z, logits, maxLogit, expSum, value: q.a[layer]![cell] };
      }
      return { ...base, kind: 'activation', activation: kind, twist: net.improvedSigmoidC, z, a: q.a[layer]![cell], fprime: q.fprime[layer]![cell] };
    }
    case 'loss': {
      const label = Number(batch.labels[sample]);
      return {
        ...base,
        kind: 'loss',
        label,
        probability: q.a[layer]![sample * width + label],
        sampleLoss: q.loss!.perExample[sample],
        batchLoss: q.loss!.loss,
        batchSize: N,
      };
    }
    case 'outputDelta':
      return {
        ...base,
        kind: 'outputDelta',
        yhat: q.a[layer]![cell],
        target: Number(batch.labels[sample]) === neuron ? 1 : 0,
        value: q.delta[layer]![cell],
      };
    case 'hiddenDelta': {
      const nNext = net.sizes[layer + 2];
      const Wnext = net.params.weights[layer + 1];
      const deltaNext = q.delta[layer + 1]!;
      return {
        ...base,
        kind: 'hiddenDelta',
        fprime: q.fprime[layer]![cell],
        terms: expandSum(nNext, (k) => [Wnext[k * width + neuron], deltaNext[sample * nNext + k]], show),
        value: q.delta[layer]![cell],
      };
    }
    case 'gradients': {
      const gradW = q.gradW[layer]!;
      const input = options.input ?? largestGradientInput(gradW, neuron * nIn, nIn);
      const delta = q.delta[layer]!;
      return {
        ...base,
        kind: 'gradients',
        batchSize: N,
        input,
        weightTerms: expandSum(N, (n) => [delta[n * width + neuron], previous[n * nIn + input]], show),
        weightGradient: gradW[neuron * nIn + input],
        biasTerms: expandSum(N, (n) => [delta[n * width + neuron]], show),
        biasGradient: q.gradB[layer]![neuron],
      };
    }
    case 'update': {
      const gradW = q.gradW[layer]!;
      const input = options.input ?? largestGradientInput(gradW, neuron * nIn, nIn);
      const w = neuron * nIn + input;
      const momentum = velocity !== null && q.newVW[layer] !== null;
      return {
        ...base,
        kind: 'update',
        rule,
        input,
        weight: {
          before: W[w],
          gradient: gradW[w],
          velocityBefore: momentum ? velocity.weights[layer][w] : null,
          velocityAfter: momentum ? q.newVW[layer]![w] : null,
          after: q.newW[layer]![w],
        },
        bias: {
          before: net.params.biases[layer][neuron],
          gradient: q.gradB[layer]![neuron],
          velocityBefore: momentum ? velocity.biases[layer][neuron] : null,
          velocityAfter: momentum ? q.newVB[layer]![neuron] : null,
          after: q.newB[layer]![neuron],
        },
      };
    }
  }
}

/**
 * The equation's result recomputed in float64 from the numbers it shows, beside the
 * engine's (null where the equation has no sum to check). The two agree to the engine's
 * precision: float32 rounding of a 784-term sum is about 1e-7 relative.
 */
export function recomputed(e: NeuronEquation): { readonly fromTerms: number; readonly engine: number } | null {
  switch (e.kind) {
    case 'preActivation':
      return { fromTerms: e.terms.sum + e.bias, engine: e.value };
    case 'hiddenDelta':
      return { fromTerms: e.fprime * e.terms.sum, engine: e.value };
    case 'gradients':
      return { fromTerms: e.weightTerms.sum / e.batchSize, engine: e.weightGradient };
    case 'outputDelta':
      return { fromTerms: e.yhat - e.target, engine: e.value };
    default:
      return null;
  }
}
