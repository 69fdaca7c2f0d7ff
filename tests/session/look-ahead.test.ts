import { describe, expect, it } from 'vitest';
import { forward } from '../../src/engine/forward';
import { crossEntropy } from '../../src/engine/softmax';
import { trainStep } from '../../src/engine/step';
import { layerUpdate, lossLookAhead } from '../../src/session/look-ahead';
import { frameOf, randomImages, repeat, start } from '../machine/helpers';

const images = randomImages(200, 20, 4, 5);
const data = { kind: 'mnist' as const, train: images, validation: null, test: null, seed: 1, shuffle: true, classes: 4 };
const settings = { sizes: [20, 8, 4], batchSize: 50, learningRate: 0.5, momentum: 0.9, precision: 'float64' as const, init: { kind: 'normal-fan-in' as const } };

describe('the loss look-ahead', () => {
  it('is null before any update, then the batch loss under the layers updated so far', () => {
    let s = repeat(start({ data, settings }), { type: 'step.next' }, 9);
    expect(lossLookAhead(s.context)).toBeNull();
    s = repeat(s, { type: 'step.next' }, 1); // W₂ updated only
    const partial = lossLookAhead(s.context)!;
    expect(partial.updatedLayers).toEqual([1]);
    expect(partial.allUpdated).toBe(false);
    s = repeat(s, { type: 'step.next' }, 1);
    const full = lossLookAhead(s.context)!;
    expect(full.allUpdated).toBe(true);
    expect(lossLookAhead(s.context)).toBe(full); // memoised per frame
    // the same as a one-shot training step followed by a forward pass on the same batch
    const { start: b } = frameOf(s);
    const stepped = trainStep(b.net, b.velocity, b.batch, b.rule);
    const after = crossEntropy(forward(stepped.net, b.batch).layers[1].z, b.batch.labels, b.batch.size, 4);
    expect(full.lossAfter).toBe(after.loss);
    expect(full.correctAfter).toBe(after.correct);
    expect(full.lossBefore).toBe(stepped.loss.loss);
    expect(full.lossAfter).toBeLessThan(full.lossBefore);
  });
});

describe('a layer’s update, taken apart', () => {
  it('W after = W before − α ∂C/∂W − μ v, entry by entry', () => {
    let s = repeat(start({ data, settings }), { type: 'step.next' }, 10);
    expect(layerUpdate(s.context, 0)).toBeNull();
    const u1 = layerUpdate(s.context, 1)!;
    expect([u1.rows, u1.cols]).toEqual([4, 8]);
    // the first batch starts from v = 0
    expect(Array.from(u1.momentumTerm!).every((x) => x === 0)).toBe(true);
    u1.change.forEach((d, i) => expect(d).toBeCloseTo(-u1.gradientTerm[i], 15));
    // the second batch has a velocity
    s = repeat(s, { type: 'step.next' }, 1 + 1 + 11);
    const u0 = layerUpdate(s.context, 0)!;
    const q = frameOf(s).quantities;
    const v = frameOf(s).start.velocity!.weights[0];
    expect(u0.momentumTerm!.some((x) => x !== 0)).toBe(true);
    for (let i = 0; i < u0.before.length; i++) {
      expect(u0.momentumTerm![i]).toBe(0.9 * v[i]);
      expect(u0.gradientTerm[i]).toBe(0.5 * q.gradW[0]![i]);
      expect(u0.after[i]).toBe(u0.before[i] - q.newVW[0]![i]);
      expect(u0.change[i]).toBeCloseTo(-(u0.gradientTerm[i] + u0.momentumTerm![i]), 14);
    }
    expect(layerUpdate(s.context, 0)).toBe(u0);
  });
});
