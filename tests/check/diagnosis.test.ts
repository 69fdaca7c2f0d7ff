// Every catalogue mistake, planted in a whole step (src/check/planted), in nets with one and
// two hidden layers, every activation and several batch sizes: the check names that
// mistake alone and the right first difference — the quantity, the entry, both values.
import { describe, expect, it } from 'vitest';
import { equationLabel, MISTAKE_IDS, type MistakeId } from '../../src/check';
import type { PlantOptions } from '../../src/check/planted/planted-mistakes';
import { checkJson, correctJson, describeCase, makeCase, plantedJson, valueAt, type CaseSpec } from './helpers';
import { formatValue } from '../../src/format';

const sigmoid1: CaseSpec = { sizes: [6, 4, 3], activation: 'sigmoid', examples: 3 };
const tanh2: CaseSpec = { sizes: [5, 4, 3, 3], activation: 'tanh', examples: 4, seed: 3 };
const improved1: CaseSpec = { sizes: [6, 5, 4], activation: 'improved-sigmoid', examples: 2, seed: 11 };
const improved2: CaseSpec = { sizes: [5, 4, 4, 3], activation: 'improved-sigmoid', examples: 5, seed: 5 };
const relu2: CaseSpec = { sizes: [6, 5, 4, 3], activation: 'relu', examples: 6, seed: 2 };
const mnistSized: CaseSpec = { sizes: [784, 16, 10], activation: 'sigmoid', examples: 8, seed: 1, learningRate: 0.1 };
const withMomentum = (spec: CaseSpec, momentum: number): CaseSpec => ({ ...spec, momentum });

interface Planting {
  readonly spec: CaseSpec;
  readonly options?: PlantOptions;
  /** The first differing quantity, from the last layer index L − 1. */
  readonly first: (L: number) => string;
  readonly equation: string;
}

const last = (L: number) => L - 1;
const topHidden = (L: number) => L - 2;

const PLANTINGS: Readonly<Record<MistakeId, readonly Planting[]>> = {
  'softmax-overflow': [
    { spec: { ...sigmoid1, outputScale: 5000 }, first: (L) => `layers[${last(L)}].a`, equation: 'unnumbered' },
    { spec: { ...tanh2, outputScale: 4000 }, first: (L) => `layers[${last(L)}].a`, equation: 'unnumbered' },
    { spec: { ...relu2, outputScale: 3000 }, first: (L) => `layers[${last(L)}].a`, equation: 'unnumbered' },
  ],
  'loss-sum-not-mean': [sigmoid1, tanh2, relu2, improved2].map((spec) => ({ spec, first: () => 'loss', equation: 'unnumbered' })),
  'derivative-of-activation': [
    { spec: sigmoid1, first: () => 'layers[0].fprime', equation: '(5)' },
    { spec: tanh2, first: () => 'layers[0].fprime', equation: '(5)' },
    { spec: improved1, first: () => 'layers[0].fprime', equation: '(17)' },
    { spec: mnistSized, first: () => 'layers[0].fprime', equation: '(5)' },
  ],
  'improved-sigmoid-derivative': [
    ...(['no-two-thirds', 'no-c', 'neither', 'rounded-constant'] as const).map((slip) => ({
      spec: improved1,
      options: { improvedSigmoidSlip: slip },
      first: () => 'layers[0].fprime',
      equation: '(17)',
    })),
    { spec: improved2, options: { improvedSigmoidSlip: 'no-c' }, first: () => 'layers[0].fprime', equation: '(17)' },
  ],
  'missing-activation-derivative': [sigmoid1, tanh2, relu2, improved2, mnistSized].map((spec) => ({
    spec,
    first: (L: number) => `layers[${topHidden(L)}].delta`,
    equation: '(8), (12), (13)',
  })),
  'output-delta-sign': [sigmoid1, tanh2, relu2, improved1, mnistSized].map((spec) => ({ spec, first: (L: number) => `layers[${last(L)}].delta`, equation: '(3)' })),
  'updated-weights-in-backprop': [sigmoid1, tanh2, relu2, withMomentum(improved2, 0.5)].map((spec) => ({
    spec,
    first: (L: number) => `layers[${topHidden(L)}].delta`,
    equation: '(8), (12), (13)',
  })),
  'gradient-sum-not-mean': [sigmoid1, tanh2, relu2, mnistSized].map((spec) => ({ spec, first: (L: number) => `layers[${last(L)}].gradW`, equation: '(7), (10)' })),
  'bias-gradient-not-reduced': [sigmoid1, tanh2, improved2].map((spec) => ({ spec, first: (L: number) => `layers[${last(L)}].gradB`, equation: '(7)' })),
  'momentum-convention': [
    ...(['negative-velocity', 'velocity-without-alpha', 'dampened'] as const).map((convention) => ({
      spec: withMomentum(tanh2, 0.9),
      options: { momentumConvention: convention },
      first: (L: number) => `velocityAfter.weights[${last(L)}]`,
      equation: '(19)',
    })),
    // Nesterov's velocity is eq. (19)'s; only the weights differ.
    { spec: withMomentum(sigmoid1, 0.5), options: { momentumConvention: 'nesterov' }, first: (L) => `after.layers[${last(L)}].weights`, equation: '(19)' },
  ],
  'update-sign': [
    { spec: sigmoid1, first: (L) => `after.layers[${last(L)}].weights`, equation: '(1), (9)' },
    { spec: relu2, first: (L) => `after.layers[${last(L)}].weights`, equation: '(1), (9)' },
    { spec: withMomentum(tanh2, 0.9), first: (L) => `after.layers[${last(L)}].weights`, equation: '(19)' },
  ],
  'learning-rate-mismatch': [
    { spec: sigmoid1, first: (L) => `after.layers[${last(L)}].weights`, equation: '(1), (9)' },
    { spec: relu2, options: { wrongLearningRate: 0.05 }, first: (L) => `after.layers[${last(L)}].weights`, equation: '(1), (9)' },
    { spec: withMomentum(tanh2, 0.9), first: (L) => `velocityAfter.weights[${last(L)}]`, equation: '(19)' },
  ],
};

describe('a whole step with one planted mistake', () => {
  it('plants every catalogue id', () => {
    expect(Object.keys(PLANTINGS).sort()).toEqual([...MISTAKE_IDS].sort());
  });

  for (const id of MISTAKE_IDS) {
    for (const planting of PLANTINGS[id]) {
      const options = planting.options ? ` ${JSON.stringify(planting.options)}` : '';
      it(`${id}: ${describeCase(planting.spec)}${options}`, () => {
        const input = makeCase(planting.spec);
        const L = planting.spec.sizes.length - 1;
        const mine = plantedJson(id, input, planting.options);
        const ours = correctJson(input);
        const report = checkJson(input, mine);

        expect(report.agree).toBe(false);
        expect(report.diagnosis.map((d) => d.id)).toEqual([id]);
        const d = report.firstDifference!;
        expect(d.name).toBe(planting.first(L));
        expect(equationLabel(d.equation)).toBe(planting.equation);
        // The values quoted are deltascope's and the planted step's at that entry (+ 0: JSON has no −0) …
        expect(d.expected + 0).toBe(valueAt(ours, d.name, d.index));
        expect(d.actual + 0).toBe(valueAt(mine, d.name, d.index));
        // … and it is the first entry that differs: every quantity before agrees, and so
        // does every earlier entry of this one.
        const firstAt = report.quantities.findIndex((q) => q.status === 'differs');
        expect(report.quantities[firstAt].quantity.name).toBe(d.name);
        expect(report.quantities.slice(0, firstAt).every((q) => q.status === 'ok')).toBe(true);
        const q = report.quantities[firstAt];
        const width = q.quantity.shape.length === 2 ? q.quantity.shape[1] : 1;
        const flat = d.index.length === 2 ? d.index[0] * width + d.index[1] : (d.index[0] ?? 0);
        const scale = Math.max(...Array.from(q.quantity.values, Math.abs));
        for (let i = 0; i < flat; i++) expect(Math.abs(q.given!.values[i] - q.quantity.values[i])).toBeLessThanOrEqual(report.tolerance * scale);
        expect(Number.isFinite(d.actual) ? Math.abs(d.actual - d.expected) : Infinity).toBeGreaterThan(report.tolerance * scale);
      });
    }
  }
});

describe('the diagnosis says what it saw', () => {
  it('learning-rate-mismatch names the α the update used', () => {
    const input = makeCase(sigmoid1);
    const report = checkJson(input, plantedJson('learning-rate-mismatch', input, { wrongLearningRate: 0.05 }));
    expect(report.diagnosis[0].message).toContain('α = 0.05');
    expect(report.diagnosis[0].message).toContain('not α = 0.3');
  });

  it('momentum-convention says which rule and whether a rescaling makes it eq. (19)', () => {
    const input = makeCase(withMomentum(tanh2, 0.9));
    const say = (convention: PlantOptions['momentumConvention']) => checkJson(input, plantedJson('momentum-convention', input, { momentumConvention: convention })).diagnosis[0].message;
    expect(say('velocity-without-alpha')).toMatch(/v := μv \+ ∂C\/∂w, w := w − αv.*equivalent to eq\. \(19\) with the velocity rescaled/);
    expect(say('dampened')).toMatch(/\(1 − μ\).*only with α rescaled — your α acts as α\(1 − μ\) = 0\.03/);
    expect(say('negative-velocity')).toMatch(/sign flipped/);
    expect(say('nesterov')).toMatch(/Nesterov.*no rescaling of α makes it so/);
  });

  it('improved-sigmoid-derivative says which constant was dropped', () => {
    const input = makeCase(improved1);
    const say = (slip: PlantOptions['improvedSigmoidSlip']) => checkJson(input, plantedJson('improved-sigmoid-derivative', input, { improvedSigmoidSlip: slip })).diagnosis[0].message;
    expect(say('no-two-thirds')).toContain('2/3 is dropped');
    expect(say('no-c')).toContain('constant c is dropped');
    expect(say('neither')).toContain('both the 2/3 and the constant c');
    expect(say('rounded-constant')).toContain('1.14393');
  });

  it('softmax-overflow names the example and its logit', () => {
    const input = makeCase({ ...sigmoid1, outputScale: 5000 });
    const report = checkJson(input, plantedJson('softmax-overflow', input));
    const n = report.firstDifference!.index[0];
    const z = correctJson(input).layers[1].z[n];
    expect(report.diagnosis[0].message).toContain(`example ${n + 1}'s largest logit is z = ${formatValue(Math.max(...z), 6)}`);
  });

  it('a difference no mistake explains gets no diagnosis, only the first difference', () => {
    const input = makeCase(tanh2);
    const mine = correctJson(input);
    mine.layers[1].delta[2][1] += 0.01;
    const report = checkJson(input, mine);
    expect(report.diagnosis).toEqual([]);
    expect(report.firstDifference).toMatchObject({ name: 'layers[1].delta', index: [2, 1], axes: ['example', 'unit'], layer: 1 });
  });
});
