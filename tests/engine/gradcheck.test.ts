import { describe, expect, it } from 'vitest';
import { centralDifference, gradientCheck, relativeError } from '../../src/engine/gradcheck';
import { createNet, cloneNet } from '../../src/engine/network';
import { Rng } from '../../src/engine/random';
import { backward } from '../../src/engine/backward';
import { forward } from '../../src/engine/forward';
import { HIDDEN_ACTIVATIONS, type Batch } from '../../src/engine/types';
import { CHECK_MEASURES } from '../../src/notation';

function randomBatch(N: number, inputs: number, classes: number, seed: number): Batch {
  const rng = new Rng(seed);
  const x = new Float64Array(N * inputs);
  for (let i = 0; i < x.length; i++) x[i] = rng.uniform(-1, 1);
  return { inputs: x, labels: Array.from({ length: N }, () => rng.int(classes)), size: N };
}

describe('analytic gradients agree with central differences to < 1e-7', () => {
  const shapes = [
    [3, 4, 2],
    [5, 6, 4, 3],
    [4, 3, 3, 3, 2],
  ];
  for (const activation of HIDDEN_ACTIVATIONS) {
    for (const sizes of shapes) {
      it(`${activation} ${sizes.join('-')}`, () => {
        const init = activation === 'relu' ? ({ kind: 'he-normal' } as const) : ({ kind: 'normal-fan-in' } as const);
        const net = createNet({ sizes, hiddenActivation: activation, init, seed: 7, precision: 'float64', biasInit: 'like-weights' });
        const batch = randomBatch(5, sizes[0], sizes[sizes.length - 1], 11);
        const checks = gradientCheck(net, batch, { epsilon: 1e-5 });
        expect(checks).toHaveLength(2 * (sizes.length - 1));
        for (const check of checks) {
          expect(check.checked).toBe(check.total);
          expect(check.relativeError).toBeLessThan(1e-7);
        }
      });
    }
  }
});

describe('the check can fail', () => {
  it('a gradient that skips f\'(z) (a classic bug) is caught', () => {
    const net = createNet({ sizes: [3, 4, 2], hiddenActivation: 'sigmoid', init: { kind: 'normal-fan-in' }, seed: 3, precision: 'float64' });
    const batch = randomBatch(4, 3, 2, 5);
    const grads = backward(net, forward(net, batch), batch.labels, batch.size).gradients;
    // Recompute ∂C/∂w_00 of layer 1 without the f'(z_j) factor and compare.
    const pass = forward(net, batch);
    const deltaOut = backward(net, pass, batch.labels, batch.size).deltas[1];
    let buggy = 0;
    for (let n = 0; n < batch.size; n++) {
      let sum = 0;
      for (let k = 0; k < 2; k++) sum += net.params.weights[1][k * 4 + 0] * deltaOut[n * 2 + k];
      buggy += sum * batch.inputs[n * 3 + 0];
    }
    buggy /= batch.size;
    const numerical = centralDifference(cloneNet(net, 'float64'), batch, 0, 'weights', 0, 1e-5).estimate;
    expect(relativeError(grads.weights[0][0], numerical)).toBeLessThan(1e-7);
    expect(relativeError(buggy, numerical)).toBeGreaterThan(0.5);
  });

  it('relativeError is |a − n| / max(|a|, |n|)', () => {
    expect(relativeError(1, 0.5)).toBe(0.5);
    expect(relativeError(0, 0)).toBe(0);
    expect(relativeError(-2, 2)).toBe(2);
  });

  it('the two measures have two names: relative error per entry, normalised difference per array', () => {
    expect(CHECK_MEASURES.entry).toEqual({ name: 'relative error', formula: '|a − n| / max(|a|, |n|)' });
    expect(CHECK_MEASURES.array).toEqual({ name: 'normalised difference', formula: '‖a − n‖ / (‖a‖ + ‖n‖)' });
    // gradientCheck's per-array number is the normalised difference, recomputed here entry by entry.
    const net = createNet({ sizes: [3, 2, 2], hiddenActivation: 'sigmoid', init: { kind: 'normal-fan-in' }, seed: 4, precision: 'float64' });
    const batch = randomBatch(3, 3, 2, 9);
    const grads = backward(net, forward(net, batch), batch.labels, batch.size).gradients;
    const a = Array.from(grads.weights[0]);
    const n = a.map((_, i) => centralDifference(cloneNet(net, 'float64'), batch, 0, 'weights', i, 1e-6).estimate);
    const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    const expected = norm(a.map((x, i) => x - n[i])) / (norm(a) + norm(n));
    expect(gradientCheck(net, batch, { epsilon: 1e-6 })[0].relativeError).toBeCloseTo(expected, 15);
    expect(expected).not.toBeCloseTo(Math.max(...a.map((x, i) => relativeError(x, n[i]))), 15); // not the per-entry measure
  });

  it('samples a seeded subset of a large array and restores the weights', () => {
    const net = createNet({ sizes: [20, 30, 10], hiddenActivation: 'tanh', init: { kind: 'normal-fan-in' }, seed: 2, precision: 'float64' });
    const before = Float64Array.from(net.params.weights[0]);
    const checks = gradientCheck(net, randomBatch(3, 20, 10, 1), { maxPerArray: 25 });
    expect(checks[0].checked).toBe(25);
    expect(checks[0].total).toBe(600);
    expect(checks[1].checked).toBe(25); // biases: 30 > 25
    expect(Array.from(net.params.weights[0])).toEqual(Array.from(before));
  });
});
