// What the network view draws, read from the current frame: the quantity each layer's
// neurons are filled with for the selected example (a in the forward phases, δ in the
// backward ones), the colour domain of each layer, the weights in force, and which
// edges to draw (the selected neuron's, or the strongest of a layer). Pure functions;
// colour domains are the views' (src/render/domains.ts).

import type { FloatArray, LayerActivation } from '../engine/types';
import type { DebuggerContext } from '../session/context';
import { currentFrame } from '../session/history';
import { predictedClass } from '../engine/forward';

type Ctx = Pick<DebuggerContext, 'history' | 'plan' | 'sample'>;

/** Forward phases fill neurons with a (or z before a is computed); backward ones with δ. */
export type FillMode = 'forward' | 'backward';
export type FillQuantity = 'z' | 'a' | 'δ';

export interface LayerFill {
  /** 0-based layer index (the report's layer + 1). */
  readonly layer: number;
  /** null: nothing to show yet in this phase (not computed in this batch). */
  readonly quantity: FillQuantity | null;
  /** n_l values for the selected example (a view into the frame's arrays). */
  readonly values: FloatArray | null;
  /** The same quantity for the whole batch, N × n_l (for a colour domain that does not change with the example). */
  readonly batchValues: FloatArray | null;
  /** The layer's activation (its natural output range colours a). */
  readonly activation: LayerActivation;
}

export interface NetworkFill {
  readonly mode: FillMode;
  /** x of the selected example (n_0 values). */
  readonly inputs: FloatArray;
  readonly layers: readonly LayerFill[];
}

export function fillMode(ctx: Ctx): FillMode {
  const index = currentFrame(ctx.history).stepIndex;
  const phase = index < 0 ? 'ready' : ctx.plan[index].phase;
  return phase === 'ready' || phase === 'forward' || phase === 'loss' ? 'forward' : 'backward';
}

const rowMemo = new WeakMap<FloatArray, Map<string, FloatArray>>();

/**
 * Row `r` of a row-major matrix `width` wide, as a view — the same view object every time
 * for the same array, so frames that share the array share the row too.
 */
export function rowOf(array: FloatArray, r: number, width: number): FloatArray {
  const key = `${r}/${width}`;
  let memo = rowMemo.get(array);
  const known = memo?.get(key);
  if (known) return known;
  const row = array.subarray(r * width, (r + 1) * width);
  if (!memo) rowMemo.set(array, (memo = new Map()));
  memo.set(key, row);
  return row;
}

export function networkFill(ctx: Ctx): NetworkFill {
  const { start, quantities: q } = currentFrame(ctx.history);
  const { net, batch } = start;
  const mode = fillMode(ctx);
  const n0 = net.sizes[0];
  const layers: LayerFill[] = [];
  for (let l = 0; l < net.sizes.length - 1; l++) {
    const width = net.sizes[l + 1];
    const pick: [FillQuantity, FloatArray | null] =
      mode === 'backward' ? ['δ', q.delta[l]] : q.a[l] ? ['a', q.a[l]] : ['z', q.z[l]];
    const [quantity, batchValues] = pick;
    const activation = net.activations[l];
    layers.push(
      batchValues
        ? { layer: l, quantity, values: rowOf(batchValues, ctx.sample, width), batchValues, activation }
        : { layer: l, quantity: null, values: null, batchValues: null, activation },
    );
  }
  return { mode, inputs: rowOf(batch.inputs, ctx.sample, n0), layers };
}

/** W of layer index `layer` as it stands in the current frame: after its update once that has run. */
export function currentWeights(ctx: Pick<DebuggerContext, 'history'>, layer: number): FloatArray {
  const { start, quantities: q } = currentFrame(ctx.history);
  return q.newW[layer] ?? start.net.params.weights[layer];
}

/** Has layer index `layer` been updated in the current frame? */
export function isUpdated(ctx: Pick<DebuggerContext, 'history'>, layer: number): boolean {
  return currentFrame(ctx.history).quantities.newW[layer] !== null;
}

/** An edge of layer index `layer`: from unit `from` of layer l−1 (an input for l = 0) to unit `to`, weight w_to,from. */
export interface Edge {
  readonly layer: number;
  readonly from: number;
  readonly to: number;
  readonly weight: number;
}

/**
 * The `k` entries of largest |value| among `count`, as indices, largest first (ties in
 * index order). One pass with a small sorted buffer: O(count · log k) for small k.
 */
export function topIndicesByMagnitude(count: number, valueAt: (i: number) => number, k: number): number[] {
  const kept: number[] = [];
  const mags: number[] = [];
  if (k <= 0) return kept;
  for (let i = 0; i < count; i++) {
    const m = Math.abs(valueAt(i));
    if (kept.length === k && !(m > mags[k - 1])) continue;
    // binary search for the first position with a smaller magnitude
    let lo = 0;
    let hi = mags.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (mags[mid] >= m) lo = mid + 1;
      else hi = mid;
    }
    mags.splice(lo, 0, m);
    kept.splice(lo, 0, i);
    if (kept.length > k) {
      mags.pop();
      kept.pop();
    }
  }
  return kept;
}

/** Incoming edges of unit `to`: its `k` strongest weights w_to,i (all of them when k ≥ n_in). */
export function incomingEdges(weights: FloatArray, nIn: number, layer: number, to: number, k: number): Edge[] {
  const row = to * nIn;
  return topIndicesByMagnitude(nIn, (i) => weights[row + i], k).map((from) => ({ layer, from, to, weight: weights[row + from] }));
}

/** Outgoing edges of unit `from` (column `from` of W of layer index `layer`, n_out × n_in), strongest first. */
export function outgoingEdges(weights: FloatArray, nOut: number, nIn: number, layer: number, from: number, k: number = nOut): Edge[] {
  return topIndicesByMagnitude(nOut, (to) => weights[to * nIn + from], k).map((to) => ({ layer, from, to, weight: weights[to * nIn + from] }));
}

/** The `k` strongest weights of a whole layer. */
export function strongestEdges(weights: FloatArray, nOut: number, nIn: number, layer: number, k: number): Edge[] {
  return topIndicesByMagnitude(nOut * nIn, (c) => weights[c], k).map((c) => ({ layer, from: c % nIn, to: Math.floor(c / nIn), weight: weights[c] }));
}

/** A selected neuron: 0-based layer index and unit. */
export interface NeuronRef {
  readonly layer: number;
  readonly neuron: number;
}

export interface EdgeOptions {
  /** Incoming edges drawn for the selected unit, and per layer without a selection. */
  readonly perNeuron: number;
  readonly perLayer: number;
}

/**
 * The edges to draw: with a selected unit, its strongest incoming weights and all its
 * outgoing ones; without, the strongest of every layer. Weights as they stand now.
 */
export function visibleEdges(ctx: Pick<DebuggerContext, 'history'>, selected: NeuronRef | null, options: EdgeOptions): Edge[] {
  const { net } = currentFrame(ctx.history).start;
  const L = net.sizes.length - 1;
  if (!selected) {
    const edges: Edge[] = [];
    for (let l = 0; l < L; l++) edges.push(...strongestEdges(currentWeights(ctx, l), net.sizes[l + 1], net.sizes[l], l, options.perLayer));
    return edges;
  }
  const { layer, neuron } = selected;
  const edges = incomingEdges(currentWeights(ctx, layer), net.sizes[layer], layer, neuron, options.perNeuron);
  if (layer + 1 < L) edges.push(...outgoingEdges(currentWeights(ctx, layer + 1), net.sizes[layer + 2], net.sizes[layer + 1], layer + 1, neuron));
  return edges;
}

export interface Predictions {
  /** ŷ, N × K (a view), once the output activation has run. */
  readonly probabilities: FloatArray;
  readonly classes: number;
  /** argmax_k ŷ_k per example. */
  readonly predicted: readonly number[];
}

// Frames share the arrays a sub-step did not write, so results keyed by those arrays are
// the same objects from frame to frame, and views that compare by identity skip redrawing.
const predictionMemo = new WeakMap<FloatArray, Predictions>();
const columnMemo = new WeakMap<FloatArray, Map<number, Float64Array>>();

/** The batch's softmax outputs and predicted classes; null before ŷ is computed. */
export function batchPredictions(ctx: Pick<DebuggerContext, 'history'>): Predictions | null {
  const { start, quantities: q } = currentFrame(ctx.history);
  const L = start.net.sizes.length - 1;
  const yhat = q.a[L - 1];
  if (!yhat) return null;
  const known = predictionMemo.get(yhat);
  if (known) return known;
  const K = start.net.sizes[L];
  const N = start.batch.size;
  const predicted: number[] = new Array(N);
  for (let n = 0; n < N; n++) predicted[n] = predictedClass(yhat, n, K);
  const result = { probabilities: yhat, classes: K, predicted };
  predictionMemo.set(yhat, result);
  return result;
}

export type NeuronQuantity = 'z' | 'a' | 'fprime' | 'delta';

/** One unit's value for every example of the batch (column j of an N × n_l quantity); null until computed. */
export function neuronAcrossBatch(ctx: Pick<DebuggerContext, 'history'>, layer: number, neuron: number, quantity: NeuronQuantity): Float64Array | null {
  const { start, quantities: q } = currentFrame(ctx.history);
  const slot = q[quantity][layer];
  if (!slot) return null;
  let memo = columnMemo.get(slot);
  const known = memo?.get(neuron);
  if (known) return known;
  const width = start.net.sizes[layer + 1];
  const N = start.batch.size;
  const column = new Float64Array(N);
  for (let n = 0; n < N; n++) column[n] = slot[n * width + neuron];
  if (!memo) columnMemo.set(slot, (memo = new Map()));
  memo.set(neuron, column);
  return column;
}
