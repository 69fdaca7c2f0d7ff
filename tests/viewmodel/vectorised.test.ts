import { describe, expect, it } from 'vitest';
import { vectorisedForm } from '../../src/viewmodel/vectorised';
import { randomImages, repeat, send, start } from '../machine/helpers';

const images = randomImages(300, 784, 10, 2);
const data = { kind: 'mnist' as const, train: images, validation: null, test: null, seed: 1, shuffle: true };
const at = (steps: number, settings = {}) =>
  repeat(send(start({ data, settings: { sizes: [784, 64, 10], batchSize: 128, ...settings } }), { type: 'sample.select', index: 16 }), { type: 'step.next' }, steps);

describe('the matrix form of a sub-step, beside the per-neuron sum', () => {
  it('hidden δ: δ₁ (128×64) = f′(z₁) ⊙ (δ₂ (128×10) · W₂ (10×64)); unit j reads column j of W₂', () => {
    const s = at(7);
    const v = vectorisedForm(s.context, s.context.plan[6], 4);
    expect(v.perNeuronEquations).toEqual([8, 12]);
    expect(v.matrixEquations).toEqual([13, 14]);
    expect([v.result.name, v.result.rows, v.result.cols, v.result.part]).toEqual(['Δⱼ', 128, 64, 'column 5']);
    expect(v.operands.map((o) => [o.name, o.rows, o.cols, o.part])).toEqual([
      ['f′(Zⱼ)', 128, 64, 'column 5'],
      ['Δₖ', 128, 10, 'row 17'],
      ['Wₖⱼ', 10, 64, 'column 5'],
    ]);
    expect(v.tex).toContain('{\\boldsymbol{\\Delta}_{k}}\\,{}_{\\color{#64748b}[128\\times 10]}');
    expect(v.tex).toContain('\\odot');
  });

  it('forward, gradients and update name their operands and the report’s equations', () => {
    const s = at(11);
    const [z1, , , , , , , g2, g1, w2, w1] = s.context.plan;
    const z = vectorisedForm(s.context, z1, 0);
    expect(z.operands.map((o) => [o.name, o.rows, o.cols])).toEqual([
      ['X', 128, 784],
      ['Wⱼᵢᵀ', 784, 64],
      ['bⱼᵀ', 1, 64],
    ]);
    expect(z.perNeuronEquations).toEqual([6]);
    const grad = vectorisedForm(s.context, g1, 9);
    expect([grad.result.rows, grad.result.cols, grad.result.part]).toEqual([64, 784, 'row 10']);
    expect(grad.matrixEquations).toEqual([15]);
    expect(vectorisedForm(s.context, g2, 3).matrixEquations).toEqual([10]);
    expect(vectorisedForm(s.context, w2, 3).perNeuronEquations).toEqual([1, 9]);
    expect(vectorisedForm(s.context, w1, 3).perNeuronEquations).toEqual([1, 11]);
    expect(vectorisedForm(s.context, w1, 3).tex).not.toContain('\\mu');
  });

  it('names an output unit by its class: class 3 writes the column of class 3, not "column 4"', () => {
    const s = at(11);
    const [, , z2, , , outDelta, , g2] = s.context.plan;
    const d = vectorisedForm(s.context, outDelta, 3);
    expect([d.result.name, d.result.part]).toEqual(['Δₖ', 'the column of class 3']);
    expect(d.operands.map((o) => o.part)).toEqual(['the column of class 3', 'the column of class 3']);
    const z = vectorisedForm(s.context, z2, 3);
    expect(z.operands.map((o) => o.part)).toEqual(['row 17', 'the column of class 3', 'the entry of class 3']);
    expect(vectorisedForm(s.context, g2, 0).result.part).toBe('the row of class 0');
    // a hidden unit's bias: unit 5 is entry 5 of b₁ᵀ (1 × 64)
    expect(vectorisedForm(s.context, s.context.plan[0], 4).operands[2].part).toBe('the entry of unit 5');
  });

  it('with momentum the update is eq. 19', () => {
    const s = at(11, { momentum: 0.9 });
    const u = vectorisedForm(s.context, s.context.plan[10], 0);
    expect(u.matrixEquations).toEqual([19]);
    expect(u.operands.map((o) => o.name)).toEqual(['∂C/∂Wⱼᵢ', 'Vⱼᵢ']);
  });
});
