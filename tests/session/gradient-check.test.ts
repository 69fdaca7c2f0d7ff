// The gradient check view's numbers: backprop against central differences on a copy of
// the current batch, in float64 (agreeing) and float32 (not, for small ε), with the
// debugger's own stored gradient alongside.
import { describe, expect, it } from 'vitest';
import { backward } from '../../src/engine/backward';
import { forward } from '../../src/engine/forward';
import { batchLoss } from '../../src/engine/gradcheck';
import { cloneNet } from '../../src/engine/network';
import type { Batch, Net } from '../../src/engine/types';
import {
  checkParameter,
  checkParameters,
  epsilonFromLog,
  epsilonSweep,
  neuronWeights,
  sampledWeights,
  SWEEP_EPSILONS,
  verdictOf,
} from '../../src/session/gradient-check';
import { frameOf, repeat, start } from '../machine/helpers';

const net: Net = {
  sizes: [4, 3, 2],
  activations: ['sigmoid', 'softmax'],
  improvedSigmoidC: 0.001,
  precision: 'float32',
  params: {
    weights: [Float32Array.from({ length: 12 }, (_, i) => ((i * 7) % 5) / 10 - 0.2), Float32Array.of(0.5, -0.6, 0.7, 0.8, -0.1, 0.2)],
    biases: [Float32Array.of(0.05, -0.1, 0), Float32Array.of(0, 0.1)],
  },
};
const examples = { inputs: [1, 0.5, 0, 0.25, 0, 0.5, 1, 0.75, 0.2, 0.2, 0.9, 0], labels: [1, 0, 1] };
const data = { kind: 'custom' as const, inputSize: 4, classes: 2, batches: [examples] };
const first = () => start({ data, load: { net }, settings: { learningRate: 0.5, momentum: 0 } });

// The same quantities computed here, independently of the module: float64 copy, engine backward.
const net64 = cloneNet(net, 'float64');
const batch64: Batch = { inputs: Float64Array.from(Float32Array.from(examples.inputs)), labels: Uint8Array.from(examples.labels), size: 3 };
const analytic64 = backward(net64, forward(net64, batch64), batch64.labels, 3).gradients;

describe('checkParameter', () => {
  it('float64: the estimate is (C(w+ε) − C(w−ε)) / 2ε and agrees with backprop', () => {
    const s = first();
    const c = checkParameter(s.context, { layer: 0, kind: 'weights', row: 1, col: 2 }, 1e-6);
    expect(c.index).toBe(1 * 4 + 2);
    expect(c.value).toBe(net.params.weights[0][6]);
    expect(c.float64.estimate).toBe((c.float64.lossPlus - c.float64.lossMinus) / 2e-6);
    // C(w ± ε) recomputed here on a nudged copy.
    const nudged = cloneNet(net64);
    nudged.params.weights[0][6] += 1e-6;
    expect(c.float64.lossPlus).toBe(batchLoss(nudged, batch64));
    expect(c.float64.analytic).toBe(analytic64.weights[0][6]);
    expect(c.float64.relativeError).toBeLessThan(1e-7);
    expect(verdictOf(c.float64.relativeError)).toBe('agrees');
    expect(c.float32).toBeNull();
    expect(c.frameGradient).toBeNull(); // the batch's gradients step has not run
  });

  it('biases too, and the stored gradient appears once the gradients step has run', () => {
    const s = repeat(first(), { type: 'step.next' }, 9); // through ∂C/∂W₁ (5L − 1 = 9 steps)
    const c = checkParameter(s.context, { layer: 1, kind: 'biases', row: 1, col: 0 }, 1e-5);
    expect(c.float64.analytic).toBe(analytic64.biases[1][1]);
    expect(c.float64.relativeError).toBeLessThan(1e-7);
    expect(c.frameGradient).toBe(frameOf(s).quantities.gradB[1]![1]);
    // The debugger's float32 value matches float64 backprop to float32 precision.
    expect(Math.abs(c.frameGradient! - c.float64.analytic)).toBeLessThan(1e-6);
  });

  it('float32 with a tiny ε breaks down: w ± ε rounds back to w and the estimate is 0 or noise', () => {
    const s = first();
    const c = checkParameter(s.context, { layer: 0, kind: 'weights', row: 0, col: 0 }, 1e-9, { float32: true });
    expect(Math.fround(c.value + 1e-9)).toBe(c.value);
    expect(c.float32!.lossPlus).toBe(c.float32!.lossMinus);
    expect(c.float32!.estimate).toBe(0);
    expect(c.float32!.relativeError).toBe(1);
    expect(verdictOf(c.float32!.relativeError)).toBe('wrong');
    // float64 at the same ε is still usable.
    expect(c.float64.relativeError).toBeLessThan(1e-3);
  });

  it('the ε sweep is U-shaped in float64: large ε and tiny ε both do worse than the middle', () => {
    const s = first();
    const sweep = epsilonSweep(s.context, { layer: 0, kind: 'weights', row: 2, col: 0 });
    expect(sweep.map((c) => c.epsilon)).toEqual([...SWEEP_EPSILONS]);
    const errors = sweep.map((c) => c.float64.relativeError);
    const best = Math.min(...errors);
    expect(best).toBeLessThan(1e-8);
    expect(errors[0]).toBeGreaterThan(100 * best); // ε = 0.1: curvature
    expect(errors[errors.length - 1]).toBeGreaterThan(100 * best); // ε = 1e-10: rounding
  });

  it('rejects bad references, naming them', () => {
    const s = first();
    expect(() => checkParameter(s.context, { layer: 2, kind: 'weights', row: 0, col: 0 }, 1e-6)).toThrow('layer 3 is outside the layers 1 … 2');
    expect(() => checkParameter(s.context, { layer: 0, kind: 'weights', row: 3, col: 0 }, 1e-6)).toThrow('unit 4 is outside the units 1 … 3 of layer 1');
    expect(() => checkParameter(s.context, { layer: 0, kind: 'weights', row: 0, col: 4 }, 1e-6)).toThrow('input 5 is outside the inputs 1 … 4');
    expect(() => checkParameter(s.context, { layer: 0, kind: 'biases', row: 0, col: 1 }, 1e-6)).toThrow('a bias has one column, not 1');
    expect(() => checkParameter(s.context, { layer: 0, kind: 'weights', row: 0, col: 0 }, 0)).toThrow('ε must be a positive number');
  });
});

describe('several parameters', () => {
  it("the selected neuron's weights come largest |∂C/∂w| first", () => {
    const s = first();
    const refs = neuronWeights(s.context, 0, 1, 3);
    expect(refs).toHaveLength(3);
    const magnitudes = refs.map((r) => Math.abs(analytic64.weights[0][r.row * 4 + r.col]));
    expect(magnitudes).toEqual([...magnitudes].sort((a, b) => b - a));
    expect(Math.abs(analytic64.weights[0][4 + refs[0].col])).toBe(Math.max(...[0, 1, 2, 3].map((i) => Math.abs(analytic64.weights[0][4 + i]))));
  });

  it('a layer sample is seeded, distinct and in index order; the summary is the CLI’s norm ratio', () => {
    const s = first();
    const a = sampledWeights(s.context, 0, 5, 7);
    expect(sampledWeights(s.context, 0, 5, 7)).toEqual(a);
    const indices = a.map((r) => r.row * 4 + r.col);
    expect(new Set(indices).size).toBe(5);
    expect(indices).toEqual([...indices].sort((x, y) => x - y));
    const summary = checkParameters(s.context, a, 1e-6);
    expect(summary.checks).toHaveLength(5);
    expect(summary.relativeError).toBeLessThan(1e-7);
    expect(summary.worst!.float64.relativeError).toBe(Math.max(...summary.checks.map((c) => c.float64.relativeError)));
  });
});

describe('verdicts and the slider', () => {
  it('reads relative errors by the usual thresholds', () => {
    expect(verdictOf(1e-9)).toBe('agrees');
    expect(verdictOf(1e-6)).toBe('close');
    expect(verdictOf(1e-3)).toBe('doubtful');
    expect(verdictOf(0.5)).toBe('wrong');
    expect(verdictOf(NaN)).toBe('wrong');
  });

  it('maps log₁₀ ε to ε within 1e-10 … 1e-1', () => {
    expect(epsilonFromLog(-6)).toBe(1e-6);
    expect(epsilonFromLog(-6.5)).toBe(3.16227766017e-7);
    expect(epsilonFromLog(0)).toBe(0.1);
    expect(epsilonFromLog(-12)).toBe(1e-10);
  });
});
