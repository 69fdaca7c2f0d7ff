// Loss and accuracy of a network over a whole labelled set, in chunks with reusable
// buffers (the trainer calls this at every validation check).

import { gatherBatch, type LabelledImages } from './dataset';
import { activation, preActivation } from './forward';
import { crossEntropy } from './softmax';
import { allocFloat, type FloatArray, type Net, type SetMetrics } from './types';

export type { SetMetrics };

/** Examples per chunk: the loss is summed chunk by chunk (each chunk's mean times its size). */
export const EVALUATION_CHUNK = 1000;

export class Evaluator {
  private readonly chunk: number;
  private readonly inputs: FloatArray;
  private readonly labels: Uint8Array;
  private readonly z: FloatArray[];
  private readonly a: FloatArray[];
  private readonly fprime: (FloatArray | null)[];
  private readonly perExample: Float64Array;

  constructor(net: Pick<Net, 'sizes' | 'precision'>, chunk = EVALUATION_CHUNK) {
    this.chunk = chunk;
    const alloc = (n: number) => allocFloat(net.precision, n);
    this.inputs = alloc(chunk * net.sizes[0]);
    this.labels = new Uint8Array(chunk);
    this.z = [];
    this.a = [];
    this.fprime = [];
    for (let l = 1; l < net.sizes.length; l++) {
      this.z.push(alloc(chunk * net.sizes[l]));
      this.a.push(alloc(chunk * net.sizes[l]));
      this.fprime.push(l === net.sizes.length - 1 ? null : alloc(chunk * net.sizes[l]));
    }
    this.perExample = new Float64Array(chunk);
  }

  evaluate(net: Net, set: LabelledImages): SetMetrics {
    if (set.inputSize !== net.sizes[0]) throw new RangeError(`set has ${set.inputSize} inputs, net expects ${net.sizes[0]}`);
    const L = net.sizes.length - 1;
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < set.count; start += this.chunk) {
      const N = Math.min(this.chunk, set.count - start);
      gatherBatch(set, null, start, N, this.inputs, this.labels);
      let aPrev = this.inputs;
      for (let l = 0; l < L; l++) {
        preActivation(net, l, aPrev, N, this.z[l]);
        // The output layer's softmax is not needed: the loss and argmax come from z.
        if (l < L - 1) activation(net, l, this.z[l], N, this.a[l], this.fprime[l]);
        aPrev = this.a[l];
      }
      const result = crossEntropy(this.z[L - 1], this.labels, N, net.sizes[L], this.perExample);
      lossSum += result.loss * N;
      correct += result.correct;
    }
    return { loss: lossSum / set.count, accuracy: correct / set.count, correct, count: set.count };
  }
}
