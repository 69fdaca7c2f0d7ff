// A 2-2-2 network worked by hand: every number below is written out from the formulas,
// so a reader can follow one backprop step with a calculator. Sigmoid hidden layer,
// softmax output, one example x = (1, 0.5) with label y = 1, learning rate α = 0.5.
import { describe, expect, it } from 'vitest';
import { trainStep } from '../../src/engine/step';
import type { Net } from '../../src/engine/types';

const net: Net = {
  sizes: [2, 2, 2],
  activations: ['sigmoid', 'softmax'],
  improvedSigmoidC: 0.001,
  precision: 'float64',
  params: {
    // W1 = [[0.1, 0.2], [-0.3, 0.4]], b1 = [0.05, -0.1]
    // W2 = [[0.5, -0.6], [0.7, 0.8]], b2 = [0, 0.1]
    weights: [Float64Array.of(0.1, 0.2, -0.3, 0.4), Float64Array.of(0.5, -0.6, 0.7, 0.8)],
    biases: [Float64Array.of(0.05, -0.1), Float64Array.of(0, 0.1)],
  },
};
const batch = { inputs: Float64Array.of(1, 0.5), labels: [1], size: 1 };
const result = trainStep(net, null, batch, { learningRate: 0.5, momentum: 0 });
const close = (actual: ArrayLike<number>, expected: number[]) => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, 14));
};

describe('a 2-2-2 step worked by hand', () => {
  it('forward: z_j = Σ_i w_ji x_i + b_j, a_j = σ(z_j)', () => {
    // z_1 = 0.1·1 + 0.2·0.5 + 0.05 = 0.25;  z_2 = −0.3·1 + 0.4·0.5 − 0.1 = −0.2
    close(result.forward.layers[0].z, [0.25, -0.2]);
    // σ(0.25) = 1/(1 + e^−0.25) = 0.562176500885798;  σ(−0.2) = 0.450166002687522
    close(result.forward.layers[0].a, [0.562176500885798104, 0.450166002687522091]);
    // f'(z) = σ(1 − σ): 0.562176…·0.437823… = 0.246134082737598;  0.450166…·0.549833… = 0.247516572711860
    close(result.forward.layers[0].fprime!, [0.246134082737598348, 0.247516572711859945]);
  });

  it('output: z_k = Σ_j w_kj a_j + b_k, ŷ = softmax(z), C = −log ŷ_y', () => {
    // z_1 = 0.5·0.562177 − 0.6·0.450166 + 0 = 0.010988648830386
    // z_2 = 0.7·0.562177 + 0.8·0.450166 + 0.1 = 0.853656352770076
    close(result.forward.layers[1].z, [0.0109886488303857971, 0.853656352770076346]);
    // ŷ_2 = 1/(1 + e^(z_1 − z_2)) = 1/(1 + e^−0.842668) = 0.699026767641113
    close(result.forward.layers[1].a, [0.300973232358886758, 0.699026767641113242]);
    // C = −ln 0.699026767641113 = 0.358066243288236
    expect(result.loss.loss).toBeCloseTo(0.358066243288235645, 14);
    expect(result.loss.correct).toBe(1);
  });

  it('δ at the output is ŷ − y, and the hidden δ is f\'(z_j) Σ_k w_kj δ_k (eq. 8)', () => {
    close(result.backward.deltas[1], [0.300973232358886758, -0.300973232358886758]);
    // δ_1 = 0.246134·(0.5·0.300973 + 0.7·(−0.300973)) = 0.246134·(−0.0601946) = −0.0148159540950449
    // δ_2 = 0.247517·(−0.6·0.300973 + 0.8·(−0.300973)) = 0.247517·(−0.421363) = −0.104294208132075
    close(result.backward.deltas[0], [-0.0148159540950449291, -0.104294208132074678]);
  });

  it('gradients: ∂C/∂w_kj = δ_k a_j and ∂C/∂w_ji = δ_j x_i (eq. 7), ∂C/∂b = δ', () => {
    // 0.300973·0.562177 = 0.169200078627807;  0.300973·0.450166 = 0.135487916926943
    close(result.backward.gradients.weights[1], [0.169200078627807220, 0.135487916926942827, -0.169200078627807220, -0.135487916926942827]);
    // −0.0148160·1, −0.0148160·0.5, −0.104294·1, −0.104294·0.5
    close(result.backward.gradients.weights[0], [-0.0148159540950449291, -0.00740797704752246457, -0.104294208132074678, -0.0521471040660373389]);
    close(result.backward.gradients.biases[0], [-0.0148159540950449291, -0.104294208132074678]);
    close(result.backward.gradients.biases[1], [0.300973232358886758, -0.300973232358886758]);
  });

  it('update: w := w − α ∂C/∂w (eq. 1) with α = 0.5, leaving the old net intact', () => {
    // 0.1 − 0.5·(−0.0148160) = 0.107407977047522, …
    close(result.net.params.weights[0], [0.107407977047522465, 0.203703988523761232, -0.247852895933962661, 0.426073552033018669]);
    // 0.5 − 0.5·0.169200 = 0.415399960686096, …
    close(result.net.params.weights[1], [0.41539996068609639, -0.667743958463471414, 0.78460003931390361, 0.867743958463471414]);
    expect(Array.from(net.params.weights[0])).toEqual([0.1, 0.2, -0.3, 0.4]);
    expect(result.velocity).toBeNull();
  });
});
