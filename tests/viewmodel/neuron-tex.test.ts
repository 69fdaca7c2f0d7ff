// The inspector's TeX: every kind of equation parses in KaTeX (throwOnError), carries
// the report's equation number, and writes this unit's live numbers.
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import type { HiddenActivation } from '../../src/engine/types';
import { neuronEquation } from '../../src/viewmodel/equation-terms';
import { neuronEquationTex } from '../../src/viewmodel/neuron-tex';
import { handWorkedSession, repeat, send, start } from '../machine/helpers';
import { stepLabel } from '../../src/viewmodel/step-label';
import { texNumber } from '../../src/format';

const session = (activation: HiddenActivation = 'sigmoid', momentum = 0) => handWorkedSession(activation, momentum);
const parse = (tex: string) => katex.renderToString(`\\begin{aligned}${tex}\\end{aligned}`, { throwOnError: true, displayMode: true });

describe('neuronEquationTex', () => {
  it('pending layers have no equation yet', () => {
    expect(neuronEquationTex(neuronEquation(session().context, 0, 0))).toBeNull();
  });

  it('every sub-step of a batch, for a hidden and an output unit, parses and ends in the engine’s value', () => {
    for (const activation of ['sigmoid', 'improved-sigmoid', 'tanh', 'relu'] as const) {
      for (const momentum of [0, 0.9]) {
        let s = session(activation, momentum);
        for (let step = 0; step < 11; step++) {
          s = send(s, { type: 'step.next' });
          for (const [layer, neuron] of [
            [0, 1],
            [1, 1],
          ]) {
            const e = neuronEquation(s.context, layer, neuron);
            const tex = neuronEquationTex(e);
            if (!tex) continue;
            expect(() => katex.renderToString(tex.general, { throwOnError: true, displayMode: true })).not.toThrow();
            expect(() => parse(tex.worked)).not.toThrow();
            if (tex.result !== null) expect(tex.worked).toContain(texNumber(tex.result));
          }
        }
      }
    }
  });

  it('hidden δ, eq. (8): the terms largest first with the engine’s δ at the end', () => {
    const s = repeat(session(), { type: 'step.next' }, 7);
    const tex = neuronEquationTex(neuronEquation(s.context, 0, 1))!;
    expect(tex.general).toContain('\\tag{8, 12}');
    // δ_{j=2} = f'(z_{j=2})[w_{k=1,j=2} δ_{k=1} + w_{k=0,j=2} δ_{k=0}] = 0.2475 × [(0.8)(−0.301) + (−0.6)(0.301)] = −0.1043
    // (output units are written by their class, 0 and 1; hidden units from 1; the letters j and k
    // keep hidden unit 1 and output 1 apart)
    expect(tex.worked).toContain("\\delta_{j=2} &= f'(z_{j=2}) \\Bigl[ w_{k=1,\\,j=2}\\, \\delta_{k=1} + w_{k=0,\\,j=2}\\, \\delta_{k=0} \\Bigr]");
    expect(tex.worked).toContain('&= 0.2475 \\times \\Bigl[ 0.8 \\cdot \\left(-0.301\\right) + \\left(-0.6\\right) \\cdot 0.301 \\Bigr]');
    expect(tex.worked).toMatch(/&= -0\.1043$/);
  });

  it('z on a wide layer sums the rest under a brace that counts the zeros', () => {
    const images = { images: new Uint8Array(784 * 4), labels: Uint8Array.of(1, 2, 3, 4), count: 4, inputSize: 784 };
    images.images.fill(255, 100, 110); // example 0: ten bright pixels
    const mnistLike = { kind: 'mnist' as const, train: images, validation: null, test: null, seed: 1, shuffle: false };
    const s = send(start({ data: mnistLike, settings: { sizes: [784, 8, 10], batchSize: 4 } }), { type: 'step.next' });
    const tex = neuronEquationTex(neuronEquation(s.context, 0, 2))!;
    expect(tex.general).toContain('\\tag{6}'); // a hidden layer's sum: the one eq. (6) differentiates
    expect(tex.worked).toContain('\\text{780 more terms (774 of them 0):}');
    expect(() => parse(tex.worked)).not.toThrow();
  });
});

describe('the matrix form', () => {
  it('parses in KaTeX for every sub-step of a two-hidden-layer net, with and without momentum', async () => {
    const { vectorisedForm } = await import('../../src/viewmodel/vectorised');
    for (const momentum of [0, 0.9]) {
      const images = { images: new Uint8Array(784 * 4).fill(30), labels: Uint8Array.of(1, 2, 3, 4), count: 4, inputSize: 784 };
      const mnistLike = { kind: 'mnist' as const, train: images, validation: null, test: null, seed: 1, shuffle: false };
      const s = start({ data: mnistLike, settings: { sizes: [784, 6, 5, 10], batchSize: 4, momentum } });
      for (const step of s.context.plan) {
        const form = vectorisedForm(s.context, step, 2);
        expect(() => katex.renderToString(form.tex, { throwOnError: true, displayMode: true }), stepLabel(step)).not.toThrow();
        expect(form.result.rows * form.result.cols).toBeGreaterThan(0);
      }
    }
  });
});
