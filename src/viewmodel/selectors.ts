// What views show, read from the machine's context: the current frame, sub-step and
// phase, memory use, and everything the neuron inspector needs — read from frames,
// never recomputed. Pure functions of the context (snapshot.context).

import { usesMomentum } from '../engine/step';
import type { FloatArray, UpdateRule } from '../engine/types';
import type { DebuggerContext } from '../session/context';
import type { Phase, ReportEquation } from '../notation';
import type { Frame } from '../session/frame';
import { currentFrame as historyCurrent, firstFrame, frameCount, lastFrame } from '../session/history';
import type { PlannedStep } from '../session/plan';
import { indexProblem, unitProblem } from '../notation/indices';
import { grouped } from '../format';

type Ctx = Pick<DebuggerContext, 'history' | 'plan' | 'sample'>;

export function currentFrame(ctx: Pick<DebuggerContext, 'history'>): Frame {
  return historyCurrent(ctx.history);
}

/** The sub-step the current frame completed; null when its batch is loaded and nothing computed. */
export function currentStep(ctx: Ctx): PlannedStep | null {
  const index = currentFrame(ctx).stepIndex;
  return index < 0 ? null : ctx.plan[index];
}

/** What step.next will compute; null when the batch is done (step.next loads the next batch). */
export function nextStep(ctx: Ctx): PlannedStep | null {
  return ctx.plan[currentFrame(ctx).stepIndex + 1] ?? null;
}

export function currentPhase(ctx: Ctx): Phase | 'ready' {
  return currentStep(ctx)?.phase ?? 'ready';
}

/** The report equations the current sub-step carried out. */
export function currentEquations(ctx: Ctx): readonly ReportEquation[] {
  return currentStep(ctx)?.equations ?? [];
}

/** Is the batch of the current frame complete (all layers updated)? */
export function batchComplete(ctx: Ctx): boolean {
  return currentFrame(ctx).stepIndex === ctx.plan.length - 1;
}

export interface MemoryUse {
  /** Bytes the retained frames hold, and the bound. */
  readonly bytes: number;
  readonly budget: number;
  readonly frames: number;
  readonly evicted: number;
  /** Indices of the oldest, current and newest retained frames (for step.goto). */
  readonly first: number;
  readonly current: number;
  readonly last: number;
}

export function memoryUse(ctx: Pick<DebuggerContext, 'history'>): MemoryUse {
  const h = ctx.history;
  return {
    bytes: h.bytes,
    budget: h.budget,
    frames: frameCount(h),
    evicted: h.evicted,
    first: firstFrame(h).index,
    current: historyCurrent(h).index,
    last: lastFrame(h).index,
  };
}

export interface BatchView {
  readonly source: Frame['start']['source'];
  readonly size: number;
  readonly labels: readonly number[];
  /** Gradient steps before this batch, and the training order's position. */
  readonly stepsBefore: number;
  readonly order: Frame['start']['order'];
  readonly rule: UpdateRule;
  /** C, the number classified correctly, and C_n of the selected example, once the loss step has run. */
  readonly loss: number | null;
  readonly correct: number | null;
  readonly sampleLoss: number | null;
}

export function batchView(ctx: Ctx): BatchView {
  const { start, quantities } = currentFrame(ctx);
  const labels = Array.from(start.batch.labels as ArrayLike<number>).slice(0, start.batch.size);
  return {
    source: start.source,
    size: start.batch.size,
    labels,
    stepsBefore: start.stepsBefore,
    order: start.order,
    rule: start.rule,
    loss: quantities.loss?.loss ?? null,
    correct: quantities.loss?.correct ?? null,
    sampleLoss: quantities.loss ? quantities.loss.perExample[ctx.sample] : null,
  };
}

/** The inputs x of the selected example (n_0 values, a view). */
export function sampleInputs(ctx: Ctx): FloatArray {
  const { start } = currentFrame(ctx);
  const d = start.net.sizes[0];
  return start.batch.inputs.subarray(ctx.sample * d, (ctx.sample + 1) * d);
}

export interface NeuronView {
  /** 0-based layer index (the report's layer + 1) and unit j. */
  readonly layer: number;
  readonly neuron: number;
  readonly sample: number;
  readonly isOutput: boolean;
  /** For the selected example: z_j, a_j, f'(z_j) (null on the softmax layer), δ_j; null until computed. */
  readonly z: number | null;
  readonly a: number | null;
  readonly fprime: number | null;
  readonly delta: number | null;
  /** 1 when this unit is the example's label (output layer), else 0; null for hidden units. */
  readonly target: number | null;
  /** b_j and the incoming weights w_j· (row j of W, a view), before this batch's update. */
  readonly bias: number;
  readonly weights: FloatArray;
  /** a_{l−1} of the selected example: what the weights multiply (x for the first layer); null until computed. */
  readonly inputs: FloatArray | null;
  /** ∂C/∂b_j and the row ∂C/∂w_j· of the batch mean; null until the gradients step for this layer. */
  readonly gradBias: number | null;
  readonly gradWeights: FloatArray | null;
  readonly update: NeuronUpdate;
}

/** The update of this unit's parameters: the rule, the old velocity, and the results once applied. */
export interface NeuronUpdate {
  readonly rule: UpdateRule;
  /** v of b_j and of w_j· before the update (momentum only). */
  readonly velocityBias: number | null;
  readonly velocityWeights: FloatArray | null;
  /** After the update step for this layer; null before it. */
  readonly newBias: number | null;
  readonly newWeights: FloatArray | null;
  readonly newVelocityBias: number | null;
  readonly newVelocityWeights: FloatArray | null;
}

const at = (array: FloatArray | null, index: number): number | null => (array ? array[index] : null);
const row = (array: FloatArray | null, j: number, width: number): FloatArray | null => (array ? array.subarray(j * width, (j + 1) * width) : null);

/** Everything about unit `neuron` of layer index `layer` for the selected example (or `sample`). */
export function neuronView(ctx: Ctx, layer: number, neuron: number, sample: number = ctx.sample): NeuronView {
  const { start, quantities: q } = currentFrame(ctx);
  const { net } = start;
  const L = net.sizes.length - 1;
  const problem = unitProblem(neuron, layer, net.sizes, grouped) ?? indexProblem('example', sample, start.batch.size, 'the batch', grouped);
  if (problem) throw new RangeError(problem);
  const width = net.sizes[layer + 1];
  const nIn = net.sizes[layer];
  const cell = sample * width + neuron;
  const isOutput = layer === L - 1;
  const previous = layer === 0 ? start.batch.inputs : q.a[layer - 1];
  const momentum = usesMomentum(start.rule);
  return {
    layer,
    neuron,
    sample,
    isOutput,
    z: at(q.z[layer], cell),
    a: at(q.a[layer], cell),
    fprime: isOutput ? null : at(q.fprime[layer], cell),
    delta: at(q.delta[layer], cell),
    target: isOutput ? (Number(start.batch.labels[sample]) === neuron ? 1 : 0) : null,
    bias: net.params.biases[layer][neuron],
    weights: row(net.params.weights[layer], neuron, nIn)!,
    inputs: row(previous, sample, nIn),
    gradBias: at(q.gradB[layer], neuron),
    gradWeights: row(q.gradW[layer], neuron, nIn),
    update: {
      rule: start.rule,
      velocityBias: momentum && start.velocity ? start.velocity.biases[layer][neuron] : null,
      velocityWeights: momentum && start.velocity ? row(start.velocity.weights[layer], neuron, nIn) : null,
      newBias: at(q.newB[layer], neuron),
      newWeights: row(q.newW[layer], neuron, nIn),
      newVelocityBias: at(q.newVB[layer], neuron),
      newVelocityWeights: row(q.newVW[layer], neuron, nIn),
    },
  };
}
