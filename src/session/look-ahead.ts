// The update phase, before and after: what the update did to a layer's weights (W before,
// the gradient term α ∂C/∂W, the momentum term μ v, ΔW and W after), and a look-ahead —
// this batch's loss recomputed with the updated weights, by the engine's own forward
// pass and cross-entropy. Both are memoised per frame: frames are immutable.

import { forward } from '../engine/forward';
import { crossEntropy } from '../engine/softmax';
import { allocFloat, type FloatArray, type Net } from '../engine/types';
import type { DebuggerContext } from './context';
import type { Frame } from './frame';
import { currentFrame } from './history';

export interface LossLookAhead {
  /** Layer indices whose update has run in this frame (the rest keep their old weights). */
  readonly updatedLayers: readonly number[];
  readonly allUpdated: boolean;
  /** C and the number correct on this batch before and after the update(s). */
  readonly lossBefore: number;
  readonly lossAfter: number;
  readonly correctBefore: number;
  readonly correctAfter: number;
  readonly batchSize: number;
}

const lookAheads = new WeakMap<Frame, LossLookAhead | null>();

/** The net of `frame` with every layer updated so far in its update phase. */
function netAfterUpdates(frame: Frame): { net: Net; updated: number[] } {
  const { net } = frame.start;
  const q = frame.quantities;
  const updated: number[] = [];
  const weights = net.params.weights.map((w, l) => {
    const next = q.newW[l];
    if (next) updated.push(l);
    return next ?? w;
  });
  const biases = net.params.biases.map((b, l) => q.newB[l] ?? b);
  return { net: { ...net, params: { weights, biases } }, updated };
}

/**
 * This batch's loss after the updates made so far, recomputed on the same examples
 * (a look-ahead: the next batch is what training really sees next). Null before any
 * layer of this batch is updated.
 */
export function lossLookAhead(ctx: Pick<DebuggerContext, 'history'>): LossLookAhead | null {
  const frame = currentFrame(ctx.history);
  if (lookAheads.has(frame)) return lookAheads.get(frame)!;
  const q = frame.quantities;
  const { net, updated } = netAfterUpdates(frame);
  let result: LossLookAhead | null = null;
  if (updated.length > 0 && q.loss) {
    const { batch } = frame.start;
    const L = net.sizes.length - 1;
    const pass = forward(net, batch);
    const after = crossEntropy(pass.layers[L - 1].z, batch.labels, batch.size, net.sizes[L]);
    result = {
      updatedLayers: updated,
      allUpdated: updated.length === L,
      lossBefore: q.loss.loss,
      lossAfter: after.loss,
      correctBefore: q.loss.correct,
      correctAfter: after.correct,
      batchSize: batch.size,
    };
  }
  lookAheads.set(frame, result);
  return result;
}

export interface LayerUpdate {
  readonly layer: number;
  readonly rows: number;
  readonly cols: number;
  /** W before the update, and after it. */
  readonly before: FloatArray;
  readonly after: FloatArray;
  /** α ∂C/∂W, the gradient's part of the step. */
  readonly gradientTerm: FloatArray;
  /** μ v_t, the momentum's part (momentum only). */
  readonly momentumTerm: FloatArray | null;
  /** ΔW = W after − W before (= −α ∂C/∂W − μ v_t). */
  readonly change: FloatArray;
  readonly rule: Frame['start']['rule'];
}

// Memoised on the updated array: every frame that shares W after (the rest of its batch) shares one update.
const layerUpdates = new WeakMap<FloatArray, LayerUpdate>();

/**
 * What the update of layer index `layer` did; null until that layer's update has run.
 * The one place ΔW = W after − W before is computed: the matrix views read it too.
 */
export function layerUpdate(ctx: Pick<DebuggerContext, 'history'>, layer: number): LayerUpdate | null {
  const frame = currentFrame(ctx.history);
  const q = frame.quantities;
  const after = q.newW[layer];
  const grad = q.gradW[layer];
  if (!after || !grad) return null;
  const known = layerUpdates.get(after);
  if (known) return known;
  const { net, rule, velocity } = frame.start;
  const before = net.params.weights[layer];
  const count = before.length;
  const gradientTerm = allocFloat(net.precision, count);
  const change = allocFloat(net.precision, count);
  const momentumTerm = velocity && rule.momentum !== 0 ? allocFloat(net.precision, count) : null;
  const v = velocity?.weights[layer];
  for (let i = 0; i < count; i++) {
    gradientTerm[i] = rule.learningRate * grad[i];
    if (momentumTerm && v) momentumTerm[i] = rule.momentum * v[i];
    change[i] = after[i] - before[i];
  }
  const result: LayerUpdate = { layer, rows: net.sizes[layer + 1], cols: net.sizes[layer], before, after, gradientTerm, momentumTerm, change, rule };
  layerUpdates.set(after, result);
  return result;
}
