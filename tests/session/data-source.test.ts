// A batch the debugger is asked for that does not exist is named as the screens count it
// (notation/indices): epochs, batches, images, examples and inputs from 1, labels as classes.
import { describe, expect, it } from 'vitest';
import { checkChoice, type DebuggerData } from '../../src/session/data-source';
import { randomImages } from '../machine/helpers';

const mnist: DebuggerData = { kind: 'mnist', train: randomImages(100, 4, 3, 1), validation: null, test: null, seed: 1, shuffle: false };
const custom: DebuggerData = { kind: 'custom', inputSize: 2, classes: 2, batches: [{ inputs: [0, 1], labels: [1] }] };

describe('checkChoice names what is not there, counted from 1', () => {
  it('an epoch or a batch of the training order (100 images in batches of 8: 13 batches)', () => {
    expect(checkChoice(mnist, { kind: 'order', epoch: 0, batch: 12 }, 8)).toBeNull();
    expect(checkChoice(mnist, { kind: 'order', epoch: 0, batch: 13 }, 8)).toBe('batch 14 is outside the batches 1 … 13 of an epoch');
    expect(checkChoice(mnist, { kind: 'order', epoch: -1, batch: 0 }, 8)).toBe('there is no epoch 0: epochs are counted from 1');
  });

  it('an image of a set', () => {
    expect(checkChoice(mnist, { kind: 'examples', set: 'train', indices: [0, 99] }, 8)).toBeNull();
    expect(checkChoice(mnist, { kind: 'examples', set: 'train', indices: [3, 100] }, 8)).toBe('image 101 is outside the images 1 … 100 of the train set');
  });

  it('a large set’s numbers with separators, as every number on a screen is written', () => {
    const large: DebuggerData = { kind: 'mnist', train: randomImages(45_000, 1, 3, 1), validation: null, test: null, seed: 1, shuffle: false };
    expect(checkChoice(large, { kind: 'examples', set: 'train', indices: [45_000] }, 8)).toBe('image 45,001 is outside the images 1 … 45,000 of the train set');
    expect(checkChoice(large, { kind: 'order', epoch: 0, batch: 5_625 }, 8)).toBe('batch 5,626 is outside the batches 1 … 5,625 of an epoch');
  });

  it("a custom batch's label or input", () => {
    expect(checkChoice(custom, { kind: 'custom', inputs: [0, 1, 0, 0], labels: [1, 2] }, 2)).toBe('the label of example 2: class 2 is outside the classes 0 … 1');
    expect(checkChoice(custom, { kind: 'custom', inputs: [0, 1, 0, NaN], labels: [1, 0] }, 2)).toBe('input 2 of example 2 is NaN');
  });
});
