// Reading the live machine as lessons count: a lesson's layer, unit and example numbers
// checked and turned into the code's 0-based indices, the frame's arrays read at them, and
// the few statistics and float64 copies the functions of quantities.ts share.

import { activate, activationDerivative, DEFAULT_IMPROVED_SIGMOID_C } from '../engine/activations';
import { backward } from '../engine/backward';
import { forward } from '../engine/forward';
import { exp, log, tanh } from '../engine/libm';
import { batchLoss, centralDifference, relativeError } from '../engine/gradcheck';
import { cloneNet } from '../engine/network';
import { parameterCount, type Batch, type FloatArray, type Gradients, type HiddenActivation, type LossResult, type Net } from '../engine/types';
import type { DebuggerContext } from '../session/context';
import { batchesPerEpoch, trainingOrder as trainingOrderOf } from '../session/data-source';
import { currentFrame } from '../session/history';
import type { Frame } from '../session/frame';
import { ExpressionError, type FunctionSpec, type FunctionTable } from './expression';
import { descend, stepsToReach } from './ravine';
import { stepLabel } from '../viewmodel/step-label';
import { layerNotation, layerQuantityText, type LayerQuantity } from '../notation';
import { indexOf, indexProblem, sourceProblem, unitPosition, unitProblem, type Position } from '../notation/indices';
import { grouped } from '../format';

/** What expressions read: the machine's context (snapshot.context). */
export interface LiveState {
  readonly context: DebuggerContext;
}

export type Args = Readonly<Record<string, number | undefined>>;
export type Spec = FunctionSpec<LiveState>;

export function frameOf(state: LiveState): Frame {
  return currentFrame(state.context.history);
}

/** Where the machine stands, for error messages: "after z₁ = W₁ a₀ + b₁" or "at the start of the batch". */
export function describePosition(context: DebuggerContext): string {
  const index = currentFrame(context.history).stepIndex;
  return index < 0 ? 'the batch is loaded and nothing is computed yet' : `the machine has just computed ${stepLabel(context.plan[index])}`;
}

export function whole(value: number | undefined, what: string): number {
  if (value === undefined || !Number.isInteger(value)) throw new ExpressionError(`${what} must be a whole number, got ${value}`);
  return value;
}

/** A whole number in 0 … count − 1; `what` names it ("unit"), `of` says whose (" of layer 1"). */
export function inRange(value: number | undefined, count: number, what: string, of = ''): number {
  const v = whole(value, what);
  if (v < 0 || v >= count) throw new ExpressionError(`${what} ${v}${of} is outside 0 … ${count - 1}`);
  return v;
}

/** A dense layer as lessons number it (1 … L); returns the code's 0-based index. */
export function denseLayer(state: LiveState, layer: number | undefined): number {
  const L = frameOf(state).start.net.sizes.length - 1;
  const l = whole(layer, 'layer');
  if (l < 1 || l > L) throw new ExpressionError(`layer ${l} does not exist: the dense layers are 1 … ${L}`);
  return l - 1;
}

/** A whole number in 1 … count, returned 0-based. */
export function fromOne(value: number | undefined, count: number, what: string, of = ''): number {
  const v = whole(value, what);
  if (v < 1 || v > count) throw new ExpressionError(`${what} ${v}${of} is outside 1 … ${count}`);
  return v - 1;
}

/** A label read as notation/indices counts it, 0-based, or the problem of a unit or input that is not there. */
function readIndex(problemOf: typeof unitProblem, label: number, what: Position, l: number, sizes: readonly number[]): number {
  const index = indexOf(what, label);
  const problem = problemOf(index, l, sizes);
  if (problem) throw new ExpressionError(problem);
  return index;
}

/** Unit `unit` of code layer l, 0-based: a class (from 0) on the output layer, else counted from 1. */
export function unitOf(state: LiveState, l: number, unit: number | undefined): number {
  const { sizes } = frameOf(state).start.net;
  return readIndex(unitProblem, whole(unit, 'unit'), unitPosition(l, sizes.length - 1), l, sizes);
}

/** Unit `unit` of the layer below code layer l (the inputs for l = 0), counted from 1; 0-based. */
export function sourceOf(state: LiveState, l: number, unit: number | undefined): number {
  const { sizes } = frameOf(state).start.net;
  return readIndex(sourceProblem, whole(unit, 'unit'), l === 0 ? 'input' : 'unit', l, sizes);
}

export function sampleOf(state: LiveState, sample: number | undefined): number {
  const N = frameOf(state).start.batch.size;
  if (sample === undefined) return state.context.sample;
  const index = indexOf('example', whole(sample, 'example'));
  const problem = indexProblem('example', index, N, 'the batch', grouped);
  if (problem) throw new ExpressionError(problem);
  return index;
}

export function computed(state: LiveState, array: FloatArray | null | undefined, what: string): FloatArray {
  if (!array) throw new ExpressionError(`${what} is not computed yet: ${describePosition(state.context)}`);
  return array;
}

export type SlotName = 'z' | 'a' | 'fprime' | 'delta';
/** How a message names a quantity of code layer `l` (the report's layer l + 1), in the notation of the state's net. */
export function layerName(state: LiveState, quantity: LayerQuantity, l: number): string {
  return layerQuantityText(layerNotation(frameOf(state).start.net.sizes.length - 1), quantity, l + 1);
}

/** One per-example entry of a batch quantity: z, a, f'(z) or δ of (layer, unit, sample). */
export function perExample(slot: SlotName) {
  return (state: LiveState, args: Args): number => {
    const frame = frameOf(state);
    const l = denseLayer(state, args.layer);
    const width = frame.start.net.sizes[l + 1];
    const j = unitOf(state, l, args.unit);
    const n = sampleOf(state, args.sample);
    if (slot === 'fprime' && l === frame.start.net.sizes.length - 2) throw new ExpressionError("the softmax output layer has no f'(z): its δ comes from the loss");
    const array = computed(state, frame.quantities[slot][l], layerName(state, slot, l));
    return array[n * width + j];
  };
}

/** The input x_i of an example (a₀). */
export function input(state: LiveState, i: number | undefined, sample: number | undefined): number {
  const { batch, net } = frameOf(state).start;
  const d = net.sizes[0];
  return batch.inputs[sampleOf(state, sample) * d + readIndex(sourceProblem, whole(i, 'input'), 'input', 0, net.sizes)];
}

export type ParamSlot = 'w' | 'b' | 'gradW' | 'gradB' | 'newW' | 'newB' | 'vW' | 'vB' | 'newVW' | 'newVB';

export function parameterArray(state: LiveState, slot: ParamSlot, l: number): FloatArray {
  const frame = frameOf(state);
  const { net, velocity } = frame.start;
  const q = frame.quantities;
  switch (slot) {
    case 'w':
      return net.params.weights[l];
    case 'b':
      return net.params.biases[l];
    case 'gradW':
      return computed(state, q.gradW[l], layerName(state, 'gradW', l));
    case 'gradB':
      return computed(state, q.gradB[l], layerName(state, 'gradB', l));
    case 'newW':
      return computed(state, q.newW[l], layerName(state, 'newW', l));
    case 'newB':
      return computed(state, q.newB[l], layerName(state, 'newB', l));
    case 'vW':
    case 'vB':
      if (!velocity) throw new ExpressionError('this batch uses plain SGD (momentum 0): there is no velocity');
      return slot === 'vW' ? velocity.weights[l] : velocity.biases[l];
    case 'newVW':
    case 'newVB':
      if (!velocity) throw new ExpressionError('this batch uses plain SGD (momentum 0): there is no velocity');
      return computed(state, slot === 'newVW' ? q.newVW[l] : q.newVB[l], layerName(state, 'newV', l));
  }
}

export function weightEntry(slot: ParamSlot) {
  return (state: LiveState, args: Args): number => {
    const { l, index } = weightIndex(state, args);
    return parameterArray(state, slot, l)[index];
  };
}

export function biasEntry(slot: ParamSlot) {
  return (state: LiveState, args: Args): number => {
    const l = denseLayer(state, args.layer);
    return parameterArray(state, slot, l)[unitOf(state, l, args.unit)];
  };
}

export function hiddenKind(state: LiveState): HiddenActivation {
  const kind = frameOf(state).start.net.activations.find((k): k is HiddenActivation => k !== 'softmax');
  if (!kind) throw new ExpressionError('this net has no hidden layer');
  return kind;
}

export function lossOf(state: LiveState): LossResult {
  const loss = frameOf(state).quantities.loss;
  if (!loss) throw new ExpressionError(`the loss is not computed yet: ${describePosition(state.context)}`);
  return loss;
}

export function outputLayer(state: LiveState): number {
  return frameOf(state).start.net.sizes.length - 1;
}

export function labelOf(state: LiveState, sample: number | undefined): number {
  return Number(frameOf(state).start.batch.labels[sampleOf(state, sample)]);
}

/** The N × n values of a batch quantity of a layer (every example, every unit). */
export function layerValues(state: LiveState, slot: SlotName, layer: number | undefined): FloatArray {
  const frame = frameOf(state);
  const l = denseLayer(state, layer);
  if (slot === 'fprime' && l === frame.start.net.sizes.length - 2) throw new ExpressionError("the softmax output layer has no f'(z)");
  return computed(state, frame.quantities[slot][l], layerName(state, slot, l));
}

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}

/** Population standard deviation. */
export function std(values: ArrayLike<number>): number {
  const m = mean(values);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i] - m) * (values[i] - m);
  return Math.sqrt(s / values.length);
}

export function fraction(values: ArrayLike<number>, test: (v: number) => boolean): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (test(values[i])) count++;
  return count / values.length;
}

/** Units of a layer whose activation is 0 for every example of the batch. */
export function deadUnits(state: LiveState, layer: number | undefined): number[] {
  const a = layerValues(state, 'a', layer);
  const frame = frameOf(state);
  const width = frame.start.net.sizes[denseLayer(state, layer) + 1];
  const N = frame.start.batch.size;
  const dead: number[] = [];
  for (let j = 0; j < width; j++) {
    let silent = true;
    for (let n = 0; n < N && silent; n++) if (a[n * width + j] !== 0) silent = false;
    if (silent) dead.push(j);
  }
  return dead;
}

/** A float64 copy of the frame's net and batch for central differences, made once per batch. */
export const float64Copies = new WeakMap<object, { net: Net; batch: Batch }>();

export function float64Of(frame: Frame): { net: Net; batch: Batch } {
  let copy = float64Copies.get(frame.start);
  if (!copy) {
    const { net, batch } = frame.start;
    copy = { net: cloneNet(net, 'float64'), batch: { ...batch, inputs: Float64Array.from(batch.inputs) } };
    float64Copies.set(frame.start, copy);
  }
  return copy;
}

export function epsilonOf(value: number | undefined): number {
  if (value === undefined || !(value > 0) || !Number.isFinite(value)) throw new ExpressionError(`ε must be a positive number, got ${value}`);
  return value;
}

export function weightIndex(state: LiveState, args: Args): { l: number; index: number } {
  const l = denseLayer(state, args.layer);
  const { sizes } = frameOf(state).start.net;
  return { l, index: unitOf(state, l, args.to) * sizes[l] + sourceOf(state, l, args.from) };
}

export function ravineArgs(args: Args) {
  const steep = args.steep ?? NaN;
  const gentle = args.gentle ?? NaN;
  if (!(steep > 0 && gentle > 0)) throw new ExpressionError('the ravine needs positive curvatures steep and gentle');
  return { steep, gentle, start: [args.x0 ?? 1, args.y0 ?? 1] as [number, number] };
}

export function guard<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof ExpressionError) throw error;
    throw new ExpressionError((error as Error).message);
  }
}

export const math1 = (doc: string, f: (x: number) => number): Spec => ({ params: ['x'], doc, compute: (_, a) => f(a.x!) });

/**
 * cosh x from libm's exp (the same bits in every browser, as the engine's numbers are; within
 * a few ulps), halving the argument where e^|x| would overflow first.
 */
export function cosh(x: number): number {
  const a = Math.abs(x);
  if (a < 709) {
    const e = exp(a);
    return 0.5 * e + 0.5 / e;
  }
  const h = exp(0.5 * a);
  return 0.5 * h * h;
}
