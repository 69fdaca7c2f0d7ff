import { describe, expect, it } from 'vitest';
import { crossEntropy, outputDelta, softmax } from '../../src/engine/softmax';

/** C(z) for one example, in float64. */
const lossOf = (z: number[], y: number) => crossEntropy(Float64Array.from(z), [y], 1, z.length).loss;

describe('softmax and cross-entropy', () => {
  it('equal logits give ŷ = 1/K and C = ln K', () => {
    const probs = new Float64Array(10);
    softmax(new Float64Array(10).fill(3.7), 1, 10, probs);
    probs.forEach((p) => expect(p).toBeCloseTo(0.1, 15));
    expect(lossOf(new Array(10).fill(3.7), 4)).toBeCloseTo(Math.log(10), 14);
  });

  it('a hand example: z = (1, 2, 3), y = 0', () => {
    // Σ e^z = e + e² + e³ = 30.19287485057736;  ŷ_0 = e/30.1929 = 0.0900305731703805
    const probs = new Float64Array(3);
    softmax(Float64Array.of(1, 2, 3), 1, 3, probs);
    expect(probs[0]).toBeCloseTo(0.0900305731703805, 15);
    expect(probs[2]).toBeCloseTo(0.665240955774822, 14);
    // C = −ln 0.0900305731703805 = 2.40760596444438
    expect(lossOf([1, 2, 3], 0)).toBeCloseTo(2.40760596444438, 13);
  });

  it('logits of ±1000 give a finite loss and the right δ', () => {
    // The true class is far below another: C = (1000 − (−1000)) + log(1 + e^−2000) = 2000
    expect(lossOf([1000, -1000, 0], 1)).toBe(2000);
    // Confidently right: C = log(1 + e^−1000 + e^−2000) ≈ 0
    expect(lossOf([1000, -1000, 0], 0)).toBe(0);
    const probs = new Float64Array(3);
    softmax(Float64Array.of(1000, -1000, 0), 1, 3, probs);
    expect(Array.from(probs)).toEqual([1, 0, 0]);
    const delta = new Float64Array(3);
    outputDelta(probs, [1], 1, 3, delta);
    expect(Array.from(delta)).toEqual([1, -1, 0]);
  });

  it('δ = ŷ − y is the gradient of C, checked by central differences (also at ±1000)', () => {
    for (const z of [[0.3, -1.2, 2.5, 0.1], [1000, -1000, 999, 0.5], [-1000, -998, -1001, -999.5]]) {
      for (const y of [0, 2]) {
        const probs = new Float64Array(z.length);
        softmax(Float64Array.from(z), 1, z.length, probs);
        const delta = new Float64Array(z.length);
        outputDelta(probs, [y], 1, z.length, delta);
        for (let k = 0; k < z.length; k++) {
          const h = 1e-4;
          const plus = [...z];
          const minus = [...z];
          plus[k] += h;
          minus[k] -= h;
          const numerical = (lossOf(plus, y) - lossOf(minus, y)) / (2 * h);
          expect(Math.abs(delta[k] - numerical)).toBeLessThan(1e-8);
        }
      }
    }
  });

  it('the batch loss is the mean of the per-example losses and counts argmax hits', () => {
    const z = Float64Array.of(1, 2, 3, /* example 2 */ 5, 0, 0);
    const result = crossEntropy(z, [2, 1], 2, 3);
    expect(result.loss).toBeCloseTo((result.perExample[0] + result.perExample[1]) / 2, 15);
    expect(result.perExample[1]).toBeCloseTo(5 + Math.log(1 + 2 * Math.exp(-5)), 14);
    expect(result.correct).toBe(1);
  });
});
