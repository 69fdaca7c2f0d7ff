// The matrix views' selectors read the frames: shapes, keys, what is pending, ΔW, and the
// first layer as tiles (their colour scales: tests/render/quantity-colours.test.ts).
import { describe, expect, it } from 'vitest';
import type { Net } from '../../src/engine/types';
import { layerUpdate } from '../../src/session/look-ahead';
import { batchMatrices, firstLayerWeights, layerCount, weightMatrices, weightUpdate } from '../../src/viewmodel/matrix-selectors';
import { frameOf, repeat, send, start } from '../machine/helpers';

// 4 inputs (a 2×2 "image"), 3 tanh units, 2 classes; two examples.
const net: Net = {
  sizes: [4, 3, 2],
  activations: ['tanh', 'softmax'],
  improvedSigmoidC: 0.001,
  precision: 'float64',
  params: {
    weights: [Float64Array.from({ length: 12 }, (_, i) => ((i * 7) % 5) / 10 - 0.2), Float64Array.of(0.5, -0.6, 0.7, 0.8, -0.1, 0.2)],
    biases: [Float64Array.of(0.05, -0.1, 0), Float64Array.of(0, 0.1)],
  },
};
const data = { kind: 'custom' as const, inputSize: 4, classes: 2, batches: [{ inputs: [1, 0.5, 0, 0.25, 0, 0.5, 1, 0.75], labels: [1, 0] }] };
const first = () => start({ data, load: { net }, settings: { learningRate: 0.5, momentum: 0 } });

describe('matrix selectors', () => {
  it('weights are n_out × n_in with one row per unit; gradients and updates wait for their steps', () => {
    const s = first();
    expect(layerCount(s.context)).toBe(2);
    const [w, g, d] = weightMatrices(s.context, 0);
    expect([w.rows, w.cols, w.symbol, w.key]).toEqual([3, 4, 'Wⱼᵢ', 'weights:0:3x4']);
    expect(w.values).toBe(net.params.weights[0]);
    expect(w.rowAxis.symbol).toBe('j');
    expect(w.colAxis.symbol).toBe('i');
    expect([g.values, g.pending]).toEqual([null, 'computed at the gradients step of layer 1']);
    expect([d.values, d.symbol]).toEqual([null, 'ΔWⱼᵢ']);
    const [w2] = weightMatrices(s.context, 1);
    expect([w2.rows, w2.cols, w2.rowAxis.symbol, w2.colAxis.symbol]).toEqual([2, 3, 'k', 'j']);
    // how each axis counts: hidden units and inputs from 1, output rows by class
    expect([w.rowAxis.counts, w.colAxis.counts, w2.rowAxis.counts, w2.colAxis.counts]).toEqual(['unit', 'input', 'class', 'unit']);
    expect(() => weightMatrices(s.context, 2)).toThrow('layer 3 is outside the layers 1 … 2');
  });

  it('after the update ΔW = W after − W before = −α ∂C/∂W, and is the same array on later reads', () => {
    const s = repeat(first(), { type: 'step.next' }, 11); // the whole batch: 5L + 1 steps
    const q = frameOf(s).quantities;
    for (let l = 0; l < 2; l++) {
      const [, g, d] = weightMatrices(s.context, l);
      expect(g.values).toBe(q.gradW[l]);
      expect(d.values).not.toBeNull();
      d.values!.forEach((v, i) => expect(v).toBeCloseTo(-0.5 * g.values![i], 14));
      expect(weightUpdate(s.context, l)).toBe(d.values);
    }
  });

  it('ΔW has one source: the matrix view shows the array the before/after view takes apart, kept across the batch’s later frames', () => {
    const afterW2 = repeat(first(), { type: 'step.next' }, 10); // W₂ updated, W₁ not yet
    const u2 = layerUpdate(afterW2.context, 1)!;
    expect(weightUpdate(afterW2.context, 1)).toBe(u2.change);
    expect(weightMatrices(afterW2.context, 0)[2].values).toBeNull();
    const done = send(afterW2, { type: 'step.next' }); // W₁ updated: a new frame sharing W₂ after
    expect(layerUpdate(done.context, 1)).toBe(u2);
    expect(weightMatrices(done.context, 1)[2].values).toBe(u2.change);
    const u1 = layerUpdate(done.context, 0)!;
    expect(weightMatrices(done.context, 0)[2].values).toBe(u1.change);
    u1.change.forEach((d, i) => expect(d).toBe(u1.after[i] - u1.before[i]));
  });

  it('a and δ are batch × units, with what computes them while pending', () => {
    let s = first();
    const [a, delta] = batchMatrices(s.context, 0);
    expect([a.rows, a.cols, a.symbol, a.kind, a.values]).toEqual([2, 3, 'Aⱼ', 'activation', null]);
    expect(a.rowAxis.symbol).toBe('n');
    expect(delta.pending).toBe('computed at the δ step of layer 1');
    const [y, deltaL] = batchMatrices(s.context, 1);
    expect([y.symbol, y.kind, deltaL.kind]).toEqual(['Ŷ', 'activation', 'delta']);
    expect(deltaL.pending).toBe('computed at the output δ step');
    s = send(s, { type: 'step.next' }, { type: 'step.next' });
    expect(batchMatrices(s.context, 0)[0].values).toBe(frameOf(s).quantities.a[0]);
  });

  it('names come from the notation: with two hidden layers, layer superscripts and each equation’s own letters', () => {
    const deep: Net = {
      sizes: [4, 3, 2, 2],
      activations: ['tanh', 'tanh', 'softmax'],
      improvedSigmoidC: 0.001,
      precision: 'float64',
      params: {
        weights: [new Float64Array(12), new Float64Array(6), new Float64Array(4)],
        biases: [new Float64Array(3), new Float64Array(2), new Float64Array(2)],
      },
    };
    const s = start({ data, load: { net: deep }, settings: { learningRate: 0.5, momentum: 0 } });
    const [w2, g2, d2] = weightMatrices(s.context, 1);
    expect([w2.symbol, g2.symbol, d2.symbol, w2.rowAxis.symbol, w2.colAxis.symbol]).toEqual(['W⁽²⁾', '∂C/∂W⁽²⁾', 'ΔW⁽²⁾', 'j', 'i']);
    expect(w2.title).toBe("weights W⁽²⁾ before this batch's update");
    const [a1, delta1] = batchMatrices(s.context, 0);
    const [y, delta3] = batchMatrices(s.context, 2);
    expect([a1.symbol, delta1.symbol, y.symbol, delta3.symbol]).toEqual(['A⁽¹⁾', 'Δ⁽¹⁾', 'Ŷ', 'Δ⁽³⁾']);
    expect(delta1.title).toBe('Δ⁽¹⁾: δ⁽¹⁾ₙⱼ = ∂Cₙ/∂z⁽¹⁾ₙⱼ, one row per example');
    expect([y.colAxis.counts, delta3.colAxis.counts, a1.colAxis.counts]).toEqual(['class', 'class', 'unit']);
  });

  it('the first layer as tiles needs square inputs', () => {
    const tiles = firstLayerWeights(first().context);
    expect(tiles).toEqual({ weights: net.params.weights[0], units: 3, side: 2 });
    const odd = start({
      data: { kind: 'custom', inputSize: 2, classes: 2, batches: [{ inputs: [1, 0], labels: [1] }] },
      load: { net: { ...net, sizes: [2, 2], activations: ['softmax'], params: { weights: [new Float64Array(4)], biases: [new Float64Array(2)] } } },
    });
    expect(firstLayerWeights(odd.context)).toBeNull();
  });
});
