// Loss and accuracy of a resident run's weights over a labelled set, forward only, inside the
// WebAssembly module: the set's images are already there (resident-data.ts), so a chunk is
// gathered as row lists, pushed through the layers (no f'(z), no softmax: the loss and argmax
// come from the logits) and scored, with nothing copied in or out. The numbers are Evaluator's:
// the loss is summed chunk by chunk, each chunk's mean times its size.

import { IMPROVED_SIGMOID_A, IMPROVED_SIGMOID_B } from '../../activations';
import type { LabelledImages } from '../../dataset';
import type { SetMetrics } from '../../types';
import type { Arena } from './module';
import { residentSet } from './resident-data';
import type { LayerLayout } from './resident-weights';

export interface EvaluationNet {
  readonly layers: readonly LayerLayout[];
  /** The weight slot to evaluate. */
  readonly slot: number;
  /** assembly/activations.ts's code of each hidden layer's f, and the improved sigmoid's c. */
  readonly activations: readonly number[];
  readonly c: number;
}

export function evaluateResident(arena: Arena, net: EvaluationNet, set: LabelledImages, chunk: number): SetMetrics {
  const { layers, slot } = net;
  const ex = arena.exports;
  const width = layers[0].nIn;
  if (set.inputSize !== width) throw new RangeError(`set has ${set.inputSize} inputs, net expects ${width}`);
  const resident = residentSet(arena, set);
  const L = layers.length;
  const E = Math.max(1, Math.min(chunk, set.count));
  // Scratch above the arena's blocks: lists (with the gather's 8 entries of slack), labels, z and a of each layer.
  let top = arena.scratchBase;
  const take = (bytes: number) => {
    const at = top;
    top = (top + bytes + 16 + 15) & ~15;
    return at;
  };
  const rowOffs = take((E * width + 16) * 4);
  const rowVals = take((E * width + 16) * 4);
  const rowStarts = take((E + 1) * 4);
  const labels = take(E);
  const z = layers.map((layer) => take(E * layer.nOut * 4));
  const a = layers.map((layer) => take(E * layer.nOut * 4));
  const exps = take(layers[L - 1].nOut * 8);
  arena.ensure(top);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < set.count; start += E) {
    const N = Math.min(E, set.count - start);
    ex.gatherRows(resident.blockAt, resident.labels, 0, start, N, layers[0].outPad * 4, rowOffs, rowVals, rowStarts, labels);
    for (let l = 0; l < L; l++) {
      const layer = layers[l];
      if (l === 0) ex.gemmLists(rowStarts, rowStarts + 4, rowOffs, rowVals, 4, slot + layer.wt, slot + layer.b, N, layer.nOut, z[0], layer.nOut, 0);
      else ex.gemm(a[l - 1], layer.nIn, 1, slot + layer.wt, layer.outPad, slot + layer.b, N, layer.nIn, layer.nOut, z[l], layer.nOut, 0);
      if (l < L - 1) ex.activate(net.activations[l], IMPROVED_SIGMOID_A, IMPROVED_SIGMOID_B, net.c, z[l], a[l], 0, N * layer.nOut);
    }
    const total = ex.softmaxCrossEntropy(z[L - 1], labels, N, layers[L - 1].nOut, 0, 0, 0, 0, exps);
    lossSum += (total / N) * N;
    correct += ex.lastCorrect();
  }
  return { loss: lossSum / set.count, accuracy: correct / set.count, correct, count: set.count };
}
