// One planned sub-step, computed by exactly the engine primitives the one-shot training
// step uses (src/engine/step.ts), so stepping a batch ends bit-identical to trainStep().
// computeStep writes into output arrays already in the slots: fresh ones from
// allocateOutputs (a debugger frame), or reused buffers (the run loop).

import { hiddenDelta, layerGradients, outputDelta } from '../engine/backward';
import { activation, preActivation } from '../engine/forward';
import { crossEntropy } from '../engine/softmax';
import { updateLayer, usesMomentum } from '../engine/step';
import { allocFloat, type FloatArray, type Gradients, type Params } from '../engine/types';
import type { BatchStart, Slots, WritableQuantities } from './batch-quantities';
import type { PlannedStep } from './plan';

function need(slots: Slots, layer: number, what: string): FloatArray {
  const array = slots[layer];
  if (!array) throw new Error(`${what} of layer ${layer + 1} has not been computed yet`);
  return array;
}

/** a_{l−1}: the inputs x for the first layer. */
function previousActivation(start: BatchStart, q: WritableQuantities, layer: number): FloatArray {
  return layer === 0 ? start.batch.inputs : need(q.a, layer - 1, 'a');
}

/** Put fresh arrays in the slots `step` writes. */
export function allocateOutputs(start: BatchStart, step: PlannedStep, q: WritableQuantities): void {
  const { net, batch } = start;
  const l = step.layer;
  const batchWide = batch.size * net.sizes[l + 1];
  const alloc = (n: number) => allocFloat(net.precision, n);
  switch (step.kind) {
    case 'preActivation':
      q.z[l] = alloc(batchWide);
      return;
    case 'activation':
      q.a[l] = alloc(batchWide);
      q.fprime[l] = net.activations[l] === 'softmax' ? null : alloc(batchWide);
      return;
    case 'loss':
      return; // crossEntropy allocates its per-example array
    case 'outputDelta':
    case 'hiddenDelta':
      q.delta[l] = alloc(batchWide);
      return;
    case 'gradients':
      q.gradW[l] = alloc(net.params.weights[l].length);
      q.gradB[l] = alloc(net.params.biases[l].length);
      return;
    case 'update':
      q.newW[l] = alloc(net.params.weights[l].length);
      q.newB[l] = alloc(net.params.biases[l].length);
      if (usesMomentum(start.rule)) {
        q.newVW[l] = alloc(net.params.weights[l].length);
        q.newVB[l] = alloc(net.params.biases[l].length);
      }
      return;
  }
}

/**
 * Run `step` on the batch, reading earlier results from `q` and writing this step's into
 * it. `lossBuffer` (≥ N entries) receives the per-example loss; omitted, a fresh one is made.
 */
export function computeStep(start: BatchStart, step: PlannedStep, q: WritableQuantities, lossBuffer?: Float64Array): void {
  const { net, batch, rule } = start;
  const N = batch.size;
  const l = step.layer;
  const L = net.sizes.length - 1;
  switch (step.kind) {
    case 'preActivation':
      // z_j = Σ_i w_ji a_i + b_j
      preActivation(net, l, previousActivation(start, q, l), N, need(q.z, l, 'z'));
      return;
    case 'activation':
      // a = f(z), f'(z); ŷ = softmax(z) on the output layer
      activation(net, l, need(q.z, l, 'z'), N, need(q.a, l, 'a'), q.fprime[l]);
      return;
    case 'loss':
      // C = (1/N) Σ_n −log ŷ_{n, y_n}, from the logits z_L
      q.loss = crossEntropy(need(q.z, L - 1, 'z'), batch.labels, N, net.sizes[L], lossBuffer);
      return;
    case 'outputDelta':
      // δ_k = ŷ_k − y_k   (eq. 3)
      outputDelta(need(q.a, L - 1, 'ŷ'), batch.labels, N, net.sizes[L], need(q.delta, l, 'δ'));
      return;
    case 'hiddenDelta':
      // δ_j = f'(z_j) Σ_k w_kj δ_k   (eq. 8, 12–14)
      hiddenDelta(net, l, need(q.delta, l + 1, 'δ'), need(q.fprime, l, "f'(z)"), N, need(q.delta, l, 'δ'));
      return;
    case 'gradients':
      // ∂C/∂w_ji = (1/N) Σ_n δ_j x_i   (eq. 7, 10, 15)
      layerGradients(net, l, need(q.delta, l, 'δ'), previousActivation(start, q, l), N, need(q.gradW, l, '∂C/∂W'), need(q.gradB, l, '∂C/∂b'));
      return;
    case 'update': {
      // w := w − α ∂C/∂w (eq. 1, 9), or v := α ∂C/∂w + μ v, w := w − v (eq. 19)
      need(q.gradW, l, '∂C/∂W');
      need(q.newW, l, 'the updated W');
      // updateLayer reads and writes only index l of these lists, which is set.
      const gradients = { weights: q.gradW, biases: q.gradB } as Gradients;
      const out = { weights: q.newW, biases: q.newB } as Params;
      const outVelocity = usesMomentum(rule) ? ({ weights: q.newVW, biases: q.newVB } as Params) : null;
      updateLayer(net.params, start.velocity, gradients, l, rule, out, outVelocity);
      return;
    }
  }
}
