import { describe, expect, it } from 'vitest';
import { activate, activationDerivative, applyActivation, IMPROVED_SIGMOID_A } from '../../src/engine/activations';
import { HIDDEN_ACTIVATIONS } from '../../src/engine/types';

const zs = [-40, -12.5, -5, -2, -1, -0.3, -1e-3, 0.2, 0.7, 1, 1.5, 3, 6, 15, 40];

describe('activation derivatives agree with central differences', () => {
  for (const kind of HIDDEN_ACTIVATIONS) {
    it(kind, () => {
      for (const z of zs) {
        const h = 1e-6;
        const numerical = (activate(kind, z + h) - activate(kind, z - h)) / (2 * h);
        const analytic = activationDerivative(kind, z);
        expect(Math.abs(analytic - numerical)).toBeLessThan(1e-8 + 1e-6 * Math.abs(analytic));
      }
    });
  }
});

describe('activation values', () => {
  it('sigmoid is 1/(1+e^−z) and symmetric: σ(−z) = 1 − σ(z)', () => {
    expect(activate('sigmoid', 0)).toBe(0.5);
    expect(activate('sigmoid', 2)).toBeCloseTo(1 / (1 + Math.exp(-2)), 15);
    expect(activate('sigmoid', -3) + activate('sigmoid', 3)).toBeCloseTo(1, 15);
    expect(activate('sigmoid', -800)).toBe(0);
    expect(activationDerivative('sigmoid', 0)).toBe(0.25);
  });

  it('improved sigmoid is eq. (16) with the exact constant, c = 0.001 by default', () => {
    const z = 1.3;
    expect(activate('improved-sigmoid', z)).toBeCloseTo(1.7159 * Math.tanh((2 / 3) * z) + 0.001 * z, 15);
    // f'(0) = 1.7159·2/3 + c = 1.14393333… + 0.001 (the report rounds the first term to 1.14393)
    expect(activationDerivative('improved-sigmoid', 0)).toBeCloseTo(1.7159 * (2 / 3) + 0.001, 15);
    expect(activationDerivative('improved-sigmoid', 0)).not.toBeCloseTo(1.14393 + 0.001, 7);
    // The twist keeps the slope at c far from 0, so saturated units still learn a little.
    expect(activationDerivative('improved-sigmoid', 60)).toBeCloseTo(0.001, 15);
    // c = 0 gives LeCun's plain scaled tanh, f(1) = 1.7159·tanh(2/3)
    expect(activate('improved-sigmoid', 1, 0)).toBeCloseTo(IMPROVED_SIGMOID_A * Math.tanh(2 / 3), 15);
    // … and without the twist the slope there is only 1.7159·(2/3)·sech²(40) ≈ 8.3e-35
    expect(activationDerivative('improved-sigmoid', 60, 0)).toBeCloseTo(1.7159 * (2 / 3) * 4 * Math.exp(-80), 45);
    // LeCun's choice makes f(±1) ≈ ±1
    expect(activate('improved-sigmoid', 1, 0)).toBeCloseTo(1, 3);
  });

  it('tanh and its derivative 1 − tanh²', () => {
    expect(activationDerivative('tanh', 0.4)).toBeCloseTo(1 - Math.tanh(0.4) ** 2, 15);
    expect(activationDerivative('tanh', 400)).toBe(0);
  });

  it('ReLU with the convention f\'(0) = 0', () => {
    expect(activate('relu', -2)).toBe(0);
    expect(activate('relu', 2.5)).toBe(2.5);
    expect(activationDerivative('relu', 0)).toBe(0);
    expect(activationDerivative('relu', 1e-12)).toBe(1);
    expect(activationDerivative('relu', -1e-12)).toBe(0);
  });

  it('derivatives stay finite and non-negative for huge |z|', () => {
    for (const kind of HIDDEN_ACTIVATIONS) {
      for (const z of [-1e308, -1000, 1000, 1e308]) {
        const d = activationDerivative(kind, z);
        expect(Number.isFinite(d)).toBe(true);
        expect(d).toBeGreaterThanOrEqual(0);
      }
    }
  });
});

describe('the vectorised pass equals the scalar functions bit for bit', () => {
  for (const kind of HIDDEN_ACTIVATIONS) {
    it(kind, () => {
      const z = Float64Array.from(zs);
      const a = new Float64Array(zs.length);
      const fp = new Float64Array(zs.length);
      applyActivation(kind, 0.001, z, a, fp);
      zs.forEach((v, i) => {
        expect(a[i]).toBe(activate(kind, v, 0.001));
        expect(fp[i]).toBe(activationDerivative(kind, v, 0.001));
      });
      // float32 outputs are the float64 values rounded once
      const a32 = new Float32Array(zs.length);
      const fp32 = new Float32Array(zs.length);
      applyActivation(kind, 0.001, z, a32, fp32);
      zs.forEach((_, i) => {
        expect(a32[i]).toBe(Math.fround(a[i]));
        expect(fp32[i]).toBe(Math.fround(fp[i]));
      });
    });
  }
});
