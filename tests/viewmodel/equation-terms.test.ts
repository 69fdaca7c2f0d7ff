// The inspector's equations with live numbers: the hand-worked 2-2-2 step
// (tests/engine/hand-worked.test.ts), and a 784-16-10 float32 net where the terms,
// added again in float64, must give the engine's own value.
import { describe, expect, it } from 'vitest';
import type { Net } from '../../src/engine/types';
import { expandSum, latestStepFor, neuronEquation, recomputed } from '../../src/viewmodel/equation-terms';
import { neuronView } from '../../src/viewmodel/selectors';
import { HAND_WORKED_DATA, handWorkedNet, handWorkedSession, randomImages, repeat, send, start } from '../machine/helpers';
import { stepLabel } from '../../src/viewmodel/step-label';

const net: Net = handWorkedNet();
const data = HAND_WORKED_DATA;
const first = () => handWorkedSession();

describe('expandSum', () => {
  it('keeps the largest |terms| first, sums the rest and counts its zeros', () => {
    const x = [0.5, -3, 0, 2, 0.25, 0];
    const e = expandSum(x.length, (i) => [x[i], 2], 3);
    expect(e.shown.map((t) => t.index)).toEqual([1, 3, 0]);
    expect(e.shown.map((t) => t.value)).toEqual([-6, 4, 1]);
    expect(e.shown[0].factors).toEqual([-3, 2]);
    expect(e.rest).toEqual({ count: 3, zeros: 2, sum: 0.5 });
    expect(e.sum).toBe(-0.5);
  });

  it('shows every term when there are few, and ties keep index order', () => {
    const e = expandSum(3, (i) => [i === 1 ? -1 : 1], 4);
    expect(e.rest).toBeNull();
    expect(e.shown.map((t) => t.index)).toEqual([0, 1, 2]);
  });
});

describe('neuronEquation on the hand-worked 2-2-2 step', () => {
  it('is pending until its layer has a value, then follows the latest sub-step of that layer', () => {
    let s = first();
    const pending = neuronEquation(s.context, 1, 0);
    expect(pending.kind).toBe('pending');
    expect(pending.kind === 'pending' && (pending.next ? stepLabel(pending.next) : undefined)).toBe('zₖ = Wₖⱼ aⱼ + bₖ');
    s = send(s, { type: 'step.next' }); // z₁
    const z = neuronEquation(s.context, 0, 0);
    if (z.kind !== 'preActivation') throw new Error(z.kind);
    expect(z.isCurrent).toBe(true);
    // z_1 = 0.1·1 + 0.2·0.5 + 0.05 = 0.25: both terms are 0.1 (index order on the tie)
    expect(z.terms.shown.map((t) => [t.index, ...t.factors])).toEqual([
      [0, 0.1, 1],
      [1, 0.2, 0.5],
    ]);
    expect(z.bias).toBe(0.05);
    expect(z.value).toBeCloseTo(0.25, 15);
    expect(z.terms.sum + z.bias).toBeCloseTo(z.value, 15);
    s = repeat(s, { type: 'step.next' }, 2); // a₁, z₂: layer 1's latest step stays a₁
    const a = neuronEquation(s.context, 0, 0);
    if (a.kind !== 'activation') throw new Error(a.kind);
    expect(a.isCurrent).toBe(false);
    expect(a.activation).toBe('sigmoid');
    expect(a.a).toBeCloseTo(0.562176500885798104, 15);
    expect(a.fprime).toBeCloseTo(0.246134082737598348, 15);
    expect(stepLabel(latestStepFor(s.context, 1)!)).toBe('zₖ = Wₖⱼ aⱼ + bₖ');
  });

  it('softmax, loss and output δ for the label unit', () => {
    let s = repeat(first(), { type: 'step.next' }, 4); // ŷ
    const y = neuronEquation(s.context, 1, 1);
    if (y.kind !== 'softmax') throw new Error(y.kind);
    expect(y.value).toBeCloseTo(0.699026767641113242, 15);
    expect(Math.exp(y.z - y.maxLogit) / y.expSum).toBeCloseTo(y.value, 15);
    s = send(s, { type: 'step.next' }); // C
    const c = neuronEquation(s.context, 1, 1);
    if (c.kind !== 'loss') throw new Error(c.kind);
    expect(c.label).toBe(1);
    expect(c.probability).toBeCloseTo(0.699026767641113242, 15);
    expect(c.sampleLoss).toBeCloseTo(0.358066243288235645, 14);
    expect(c.batchSize).toBe(2);
    s = send(s, { type: 'step.next' }); // δ₂
    const d = neuronEquation(s.context, 1, 1);
    if (d.kind !== 'outputDelta') throw new Error(d.kind);
    expect([d.target, d.yhat - d.target]).toEqual([1, d.value]);
    expect(d.value).toBeCloseTo(-0.300973232358886758, 15);
  });

  it('hidden δ term by term: δ_2 = f\'(z_2)(w_12 δ_1 + w_22 δ_2), the larger term first', () => {
    const s = repeat(first(), { type: 'step.next' }, 7); // δ₁
    const e = neuronEquation(s.context, 0, 1);
    if (e.kind !== 'hiddenDelta') throw new Error(e.kind);
    // w_22 δ_2 = 0.8·(−0.300973) = −0.240779 before w_12 δ_1 = −0.6·0.300973 = −0.180584
    expect(e.terms.shown.map((t) => t.index)).toEqual([1, 0]);
    expect(e.terms.shown[0].factors[0]).toBe(0.8);
    expect(e.terms.shown[0].value).toBeCloseTo(-0.240778585887109406, 15);
    expect(e.terms.shown[1].value).toBeCloseTo(-0.180583939415332055, 15);
    expect(e.fprime).toBeCloseTo(0.247516572711859945, 15);
    expect(e.value).toBeCloseTo(-0.104294208132074678, 15);
    expect(e.fprime * e.terms.sum).toBeCloseTo(e.value, 15);
    expect(e.value).toBe(neuronView(s.context, 0, 1).delta);
  });

  it('gradients over the batch, for the weight of the largest |∂C/∂w| unless one is asked for', () => {
    const s = repeat(first(), { type: 'step.next' }, 9); // ∂C/∂W₂, ∂C/∂W₁
    const g = neuronEquation(s.context, 0, 1);
    if (g.kind !== 'gradients') throw new Error(g.kind);
    expect(g.batchSize).toBe(2);
    expect(g.input).toBe(0); // |δ·1| > |δ·0.5|
    // (1/N) Σ_n δ_j x_i: the distractor's x is 0, so only example 1's term is non-zero
    expect(g.weightTerms.shown[0]).toMatchObject({ index: 1 });
    expect(g.weightTerms.shown[0].value).toBeCloseTo(-0.104294208132074678, 15);
    expect(g.weightTerms.sum / g.batchSize).toBeCloseTo(g.weightGradient, 15);
    expect(g.biasTerms.sum / g.batchSize).toBeCloseTo(g.biasGradient, 15);
    const other = neuronEquation(s.context, 0, 1, { input: 1 });
    expect(other.kind === 'gradients' && other.weightGradient * 2).toBeCloseTo(-0.0521471040660373389, 15);
  });

  it('the momentum update: v = α g + μ v, w = w − v', () => {
    const s = repeat(first(), { type: 'step.next' }, 11);
    const u = neuronEquation(s.context, 0, 1);
    if (u.kind !== 'update') throw new Error(u.kind);
    expect(u.rule).toEqual({ learningRate: 0.5, momentum: 0.9 });
    expect(u.weight.before).toBe(-0.3);
    expect(u.weight.velocityBefore).toBe(0);
    expect(u.weight.velocityAfter).toBe(0.5 * u.weight.gradient);
    expect(u.weight.after).toBe(-0.3 - u.weight.velocityAfter!);
    expect(u.bias.after).toBe(-0.1 - u.bias.velocityAfter!);
  });

  it('rejects units, layers and examples that do not exist', () => {
    const s = first();
    expect(() => neuronEquation(s.context, 2, 0)).toThrow('layer 3 is outside the layers 1 … 2');
    expect(() => neuronEquation(s.context, 0, 2)).toThrow('unit 3 is outside the units 1 … 2 of layer 1');
    expect(() => neuronEquation(s.context, 0, 0, { sample: 5 })).toThrow(/example 6 is outside the examples 1 … [0-9]+ of the batch/);
  });
});

describe('neuronEquation on a 784-16-10 float32 net of image-like data', () => {
  const images = randomImages(64, 784, 10, 7);
  // Mostly-zero pixels like MNIST: keep one in five.
  images.images.forEach((_, i) => {
    if (i % 5 !== 0) images.images[i] = 0;
  });
  const mnistLike = { kind: 'mnist' as const, train: images, validation: null, test: null, seed: 3, shuffle: true };
  const settings = { sizes: [784, 16, 10], batchSize: 32, init: { kind: 'normal-fan-in' as const } };

  it('z: 784 terms, the zeros of the blank pixels counted in the rest, adding up to the engine’s z', () => {
    const s = send(start({ data: mnistLike, settings }), { type: 'sample.select', index: 5 }, { type: 'step.next' });
    const z = neuronEquation(s.context, 0, 3, { show: 5 });
    if (z.kind !== 'preActivation') throw new Error(z.kind);
    expect(z.terms.count).toBe(784);
    expect(z.terms.shown).toHaveLength(5);
    expect(z.terms.rest!.count).toBe(779);
    expect(z.terms.rest!.zeros).toBeGreaterThan(500);
    const mags = z.terms.shown.map((t) => Math.abs(t.value));
    expect(mags).toEqual([...mags].sort((a, b) => b - a));
    expect(mags[4]).toBeGreaterThanOrEqual(Math.abs(z.terms.rest!.sum) / z.terms.rest!.count);
    expect(z.terms.shown.reduce((s, t) => s + t.value, 0) + z.terms.rest!.sum).toBeCloseTo(z.terms.sum, 12);
    // float32 engine, float64 terms: equal to float32 rounding of a 784-term sum
    expect(Math.abs(z.terms.sum + z.bias - z.value)).toBeLessThan(1e-5 * (1 + Math.abs(z.value)));
  });

  it('hidden δ over the 10 outputs equals the engine’s δ to float32 precision', () => {
    const s = repeat(send(start({ data: mnistLike, settings }), { type: 'sample.select', index: 9 }), { type: 'step.next' }, 7);
    for (const j of [0, 7, 15]) {
      const e = neuronEquation(s.context, 0, j);
      if (e.kind !== 'hiddenDelta') throw new Error(e.kind);
      expect(e.terms.count).toBe(10);
      expect(e.terms.rest!.count).toBe(6);
      expect(Math.abs(e.fprime * e.terms.sum - e.value)).toBeLessThan(1e-6 * Math.max(1e-3, Math.abs(e.value)));
    }
  });
});

describe('recomputed', () => {
  it('the float64 result of the shown numbers beside the engine’s value', () => {
    let s = send(first(), { type: 'step.next' });
    expect(recomputed(neuronEquation(s.context, 0, 0))).toEqual({ fromTerms: 0.1 + 0.1 + 0.05, engine: neuronView(s.context, 0, 0).z });
    s = repeat(s, { type: 'step.next' }, 6);
    const r = recomputed(neuronEquation(s.context, 0, 1))!;
    expect(r.engine).toBe(neuronView(s.context, 0, 1).delta);
    expect(r.fromTerms).toBeCloseTo(r.engine, 15);
    s = repeat(first(), { type: 'step.next' }, 4);
    expect(recomputed(neuronEquation(s.context, 1, 0))).toBeNull(); // softmax: nothing summed to check
  });
});
