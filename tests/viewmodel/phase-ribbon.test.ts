import { describe, expect, it } from 'vitest';
import { phaseRibbon, stepSymbol, frameOfStep } from '../../src/viewmodel/phase-ribbon';
import { planSteps } from '../../src/session/plan';
import { TINY_DATA, randomImages, repeat, send, start } from '../machine/helpers';

describe('phase ribbon', () => {
  it('the whole cycle of a two-hidden-layer net, with symbols and equation numbers', () => {
    const images = randomImages(8, 4, 3, 1);
    const data = { kind: 'mnist' as const, train: images, validation: null, test: null, seed: 1, shuffle: false, classes: 3 };
    const s = start({ data, settings: { sizes: [4, 3, 3, 3], batchSize: 4 } });
    const groups = phaseRibbon(s.context);
    expect(groups.map((g) => g.title)).toEqual(['Forward', 'Loss', 'Output δ', 'Hidden δ', 'Gradients', 'Update']);
    expect(groups.map((g) => g.items.map((i) => i.symbol))).toEqual([
      // Two hidden layers: layers told apart by superscripts, not by the units' subscripts.
      ['z⁽¹⁾', 'a⁽¹⁾', 'z⁽²⁾', 'a⁽²⁾', 'z⁽³⁾', 'ŷ'],
      ['C'],
      ['δ⁽³⁾'],
      ['δ⁽²⁾', 'δ⁽¹⁾'],
      ['∂C/∂W⁽³⁾', '∂C/∂W⁽²⁾', '∂C/∂W⁽¹⁾'],
      ['W⁽³⁾', 'W⁽²⁾', 'W⁽¹⁾'],
    ]);
    expect(groups[3].equations).toEqual([8, 12, 13, 14]);
    expect(groups[5].equations).toEqual([1, 9, 10, 11, 15, 19]);
    expect(groups.every((g) => g.status === 'todo')).toBe(true);
  });

  it('lights the current sub-step, marks the done ones, and knows their frames', () => {
    let s = start({ data: TINY_DATA, settings: { sizes: [2, 2, 2] } });
    s = repeat(s, { type: 'step.next' }, 7); // δ₁
    let groups = phaseRibbon(s.context);
    expect(groups.map((g) => g.status)).toEqual(['done', 'done', 'done', 'current', 'todo', 'todo']);
    const items = groups.flatMap((g) => g.items);
    expect(items.filter((i) => i.status === 'current').map((i) => i.symbol)).toEqual(['δⱼ']); // the hidden layer's δ: one hidden layer, so the letter j tells it apart
    expect(items.map((i) => i.frame)).toEqual([1, 2, 3, 4, 5, 6, 7, null, null, null, null]);
    s = repeat(s, { type: 'step.prev' }, 3); // back to ŷ: the later frames are still retained
    groups = phaseRibbon(s.context);
    expect(groups.flatMap((g) => g.items).map((i) => i.frame)).toEqual([1, 2, 3, 4, 5, 6, 7, null, null, null, null]);
    expect(groups[0].status).toBe('current');
    expect(frameOfStep(s.context, 6)).toBe(7);
    // the next batch's frames are not this batch's
    s = repeat(s, { type: 'step.next' }, 3 + 4 + 1); // through W₁, then load the next batch
    expect(phaseRibbon(s.context).flatMap((g) => g.items).map((i) => i.frame)).toEqual(new Array(11).fill(null));
  });

  it('the output layer’s activation is ŷ', () => {
    const plan = planSteps({ sizes: [2, 3], activations: ['softmax'] });
    expect(plan.map((p) => stepSymbol(p))).toEqual(['zₖ', 'ŷ', 'C', 'δₖ', '∂C/∂Wₖᵢ', 'Wₖᵢ']); // no hidden layer: inputs i, outputs k
  });
});
