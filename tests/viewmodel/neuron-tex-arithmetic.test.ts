// The inspector's worked equations hold at the precision they show: for the 2-2-2 net and a
// 784-64-10 net, with the sigmoid, the improved sigmoid and ReLU, with and without momentum,
// every sub-step of two batches is written out for several units of every layer and for
// two examples, in the wide and the phone's layout, and every "A = B" made of numbers is recomputed from the numbers as
// displayed (tests/lessons/shown-arithmetic.ts). Each line ends in the machine's value, so
// the digits of its inputs are what makes it hold. The fixture at the top is the old form the
// issue found (terms at 4 digits, the sum computed unrounded): the check rejects it.
import { describe, expect, it } from 'vitest';
import type { HiddenActivation } from '../../src/engine/types';
import type { LabelledImages } from '../../src/engine/dataset';
import { neuronEquation, type NeuronEquation } from '../../src/viewmodel/equation-terms';
import { neuronEquationTex } from '../../src/viewmodel/neuron-tex';
import { checkShownArithmetic } from '../lessons/shown-arithmetic';
import { randomImages, send, start, type Snapshot } from '../machine/helpers';
import { texNumber } from '../../src/format';

describe('the check reads the worked lines as the inspector writes them', () => {
  it('rejects the old hidden δ: 4-digit terms whose sum was taken unrounded', () => {
    const old = "\\delta_{j=2} &= f'(z_{j=2}) \\Bigl[ w_{k=0,\\,j=2}\\, \\delta_{k=0} + w_{k=1,\\,j=2}\\, \\delta_{k=1} \\Bigr] \\\\ &= 0.2403 \\times \\Bigl[ 0.9 \\cdot 0.4525 + \\left(-0.3\\right) \\cdot \\left(-0.4525\\right) \\Bigr] \\\\ &= 0.2403 \\times 0.5429 \\\\ &= 0.1305";
    const result = checkShownArithmetic(old);
    expect(result.mismatches).toHaveLength(1);
    expect(result.mismatches[0]).toContain('the numbers shown give 0.54300000');
    // the same line with the sum as its terms give it, and the product of what is shown
    const fixed = old.replace('0.2403 \\times 0.5429', '0.2403 \\times 0.543').replace('0.1305', '0.1305');
    expect(checkShownArithmetic(fixed)).toEqual({ compared: 2, mismatches: [] });
  });
  it('reads the rest of a long sum, tanh, cosh², max and e^{…}', () => {
    expect(checkShownArithmetic('&= 0.5 \\cdot 0.25 + \\bigl[\\,\\text{780 more terms (774 of them 0):}\\; 0.125\\,\\bigr] + 0.1 \\\\ &= 0.35').mismatches).toEqual([]);
    expect(checkShownArithmetic('&= 0.5 \\cdot 0.25 + \\bigl[\\,\\text{780 more terms:}\\; 0.125\\,\\bigr] + 0.1 \\\\ &= 0.36').mismatches).toHaveLength(1);
    expect(checkShownArithmetic('1.7159 \\tanh\\!\\bigl(\\tfrac{2}{3}\\cdot 0.5\\bigr) + 0.001\\cdot 0.5 = 0.5522').mismatches).toEqual([]);
    expect(checkShownArithmetic('\\frac{1.7159 \\cdot \\tfrac{2}{3}}{\\cosh^2(\\tfrac{2}{3}\\cdot 0.5)} + 0.001 = 1.032').compared).toBe(1);
    expect(checkShownArithmetic('\\frac{1.7159 \\cdot \\tfrac{2}{3}}{\\cosh^2(\\tfrac{2}{3}\\cdot 0.5)} + 0.001 = 1.033').mismatches).toHaveLength(1);
    expect(checkShownArithmetic('\\max\\bigl(0, -0.25\\bigr) = 0').mismatches).toEqual([]);
    expect(checkShownArithmetic('\\max\\bigl(0, 0.25\\bigr) = 0.5').mismatches).toHaveLength(1);
  });
});

const SETUPS: { name: string; activation: HiddenActivation; momentum: number; begin: (activation: HiddenActivation, momentum: number) => Snapshot }[] = [];
const tiny = (activation: HiddenActivation, momentum: number) =>
  start({
    data: { kind: 'custom', inputSize: 2, classes: 2, batches: [{ inputs: [1, 0.5, 0.2, -0.4, -0.7, 0.9], labels: [1, 0, 1] }, { inputs: [0.3, 0.3, -1, 0.25], labels: [0, 1] }] },
    settings: { sizes: [2, 2, 2], hiddenActivation: activation, learningRate: 0.5, momentum },
  });
/** Images with MNIST's sparsity: about four pixels in five dark (0), the rest any grey. */
function sparseImages(): LabelledImages {
  const images = randomImages(16, 784, 10, 7);
  for (let i = 0; i < images.images.length; i++) if (images.images[i] % 5 !== 0) images.images[i] = 0;
  return images;
}
const mnistLike = (activation: HiddenActivation, momentum: number) =>
  start({
    data: { kind: 'mnist', train: sparseImages(), validation: null, test: null, seed: 3, shuffle: false },
    settings: { sizes: [784, 64, 10], hiddenActivation: activation, batchSize: 8, learningRate: 0.1, momentum },
  });
for (const activation of ['sigmoid', 'improved-sigmoid', 'relu'] as const) {
  for (const momentum of [0, 0.9]) {
    SETUPS.push({ name: `2-2-2 ${activation} μ ${momentum}`, activation, momentum, begin: tiny });
    SETUPS.push({ name: `784-64-10 ${activation} μ ${momentum}`, activation, momentum, begin: mnistLike });
  }
}

describe('every worked line the inspector writes holds at the precision it shows', () => {
  for (const setup of SETUPS) {
    it(setup.name, () => {
      let s = setup.begin(setup.activation, setup.momentum);
      const sizes = s.context.settings.sizes;
      const mismatches: string[] = [];
      const comparedByKind = new Map<NeuronEquation['kind'], number>();
      let approximate = 0;
      // two batches, so momentum's second velocity (μ v ≠ 0) is written out too
      const steps = s.context.plan.length * 2;
      for (let step = 0; step < steps; step++) {
        s = send(s, { type: 'step.next' });
        for (let layer = 0; layer < sizes.length - 1; layer++) {
          const width = sizes[layer + 1];
          const units = [...new Set([0, 1, Math.floor(width / 2), width - 1])];
          for (const unit of units) {
            for (const sample of [0, 1]) {
              const e = neuronEquation(s.context, layer, unit, { sample });
              for (const narrow of [false, true]) {
              const tex = neuronEquationTex(e, undefined, { narrow });
              if (!tex) continue;
              const result = checkShownArithmetic(tex.worked);
              comparedByKind.set(e.kind, (comparedByKind.get(e.kind) ?? 0) + result.compared);
              for (const m of result.mismatches) mismatches.push(`${e.kind} layer ${layer} unit ${unit} example ${sample}: ${m}`);
              if (tex.worked.includes('\\approx')) approximate++;
              // the line still ends in the machine's value
              if (tex.result !== null) {
                const last = tex.worked.split('\\\\').find((row) => /= -?[\d.]+(?: \\times 10\^\{-?\d+\})?$/.test(row.trim()) && row.includes('&'));
                if (!last) mismatches.push(`${e.kind} layer ${layer} unit ${unit} example ${sample}: no row ends in a number: ${tex.worked}`);
              }
              }
            }
          }
        }
      }
      expect(mismatches).toEqual([]);
      expect(approximate).toBe(0);
      // every phase's lines were read, not skipped: z, a and f′, softmax, loss, δ out and hidden, gradients, update
      const kinds = ['preActivation', 'activation', 'softmax', 'loss', 'outputDelta', 'hiddenDelta', 'gradients', 'update'] as const;
      for (const kind of kinds) expect(comparedByKind.get(kind) ?? 0, `${kind} lines read`).toBeGreaterThan(0);
    });
  }

  it('ends each line in the machine’s value: the hidden δ of the 784-64-10 net', () => {
    let s = mnistLike('sigmoid', 0);
    const hidden = s.context.plan.findIndex((p) => p.kind === 'hiddenDelta');
    for (let i = 0; i <= hidden; i++) s = send(s, { type: 'step.next' });
    const e = neuronEquation(s.context, 0, 5, { sample: 1 });
    const tex = neuronEquationTex(e)!;
    expect(e.kind).toBe('hiddenDelta');
    const last = tex.worked.split(' \\\\ ').at(-1)!;
    // the engine's δ at 4 significant digits (more only where it sits on a rounding edge)
    expect([4, 5, 6].map((d) => `&= ${texNumber(e.kind === 'hiddenDelta' ? e.value : NaN, d)}`)).toContain(last);
    expect(last).toBe(`&= ${texNumber(tex.result!)}`);
  });
});
