// The one index convention: each counting helper against hand-written labels, the inverse
// against each helper, and what a typed number that is no label is told.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ARRAY_RULE,
  COUNTING_RULE,
  POSITIONS,
  batchLabel,
  epochLabel,
  exampleLabel,
  indexOf,
  labelOf,
  labelRange,
  layerLabel,
  pixelLabel,
  pixelPlace,
  indexProblem,
  readLabel,
  sourceProblem,
  unitProblem,
  unitText,
  sourceLabel,
  unitLabel,
  unitPosition,
} from '../../src/notation/indices';
import { grouped } from '../../src/format';

describe('counting helpers', () => {
  it('count epochs, batches, examples, layers and pixels from 1', () => {
    expect([epochLabel(0), epochLabel(4)]).toEqual([1, 5]);
    expect([batchLabel(0), batchLabel(421)]).toEqual([1, 422]);
    expect([exampleLabel(0), exampleLabel(99)]).toEqual([1, 100]);
    expect([layerLabel(0), layerLabel(1)]).toEqual([1, 2]);
    // pixel 406 (0-based) of a 28×28 image is row 15, column 15 when counted from 1: the 407th pixel
    expect([pixelLabel(0), pixelLabel(406), pixelLabel(783)]).toEqual([1, 407, 784]);
  });

  it('name a hidden unit from 1 and an output unit by its class', () => {
    // 784-100-10: two weight layers; layer 0 is hidden, layer 1 the output
    expect(unitPosition(0, 2)).toBe('unit');
    expect(unitPosition(1, 2)).toBe('class');
    expect([unitLabel(0, 0, 2), unitLabel(5, 0, 2), unitLabel(99, 0, 2)]).toEqual([1, 6, 100]);
    expect([unitLabel(0, 1, 2), unitLabel(3, 1, 2), unitLabel(9, 1, 2)]).toEqual([0, 3, 9]);
    // 784-64-32-10: the middle layer is hidden, counted from 1
    expect(unitLabel(31, 1, 3)).toBe(32);
    expect(unitLabel(7, 2, 3)).toBe(7);
  });

  it("name a weight's column by what it reads: a pixel, or a hidden unit (never a class)", () => {
    expect(sourceLabel(406, 0)).toBe(407);
    expect(sourceLabel(2, 1)).toBe(3);
    expect(sourceLabel(0, 2)).toBe(1);
  });

  it('read every label back to its index', () => {
    for (const what of Object.keys(POSITIONS) as (keyof typeof POSITIONS)[]) {
      for (const index of [0, 1, 9, 783]) expect(indexOf(what, labelOf(what, index))).toBe(index);
    }
    expect(indexOf('example', 1)).toBe(0);
    expect(indexOf('class', 3)).toBe(3);
  });

  it('write the range of labels', () => {
    expect(labelRange('input', 784)).toBe('1 … 784');
    expect(labelRange('class', 10)).toBe('0 … 9');
    expect(labelRange('batch', 422)).toBe('1 … 422');
  });
});

describe('readLabel: a number people type', () => {
  it('takes a label to its 0-based index', () => {
    expect(readLabel('example', '1')).toEqual({ index: 0 });
    expect(readLabel('input', ' 407 ', 784)).toEqual({ index: 406 });
    expect(readLabel('class', '0', 10)).toEqual({ index: 0 });
    expect(readLabel('class', 9, 10)).toEqual({ index: 9 });
    expect(readLabel('batch', 422, 422)).toEqual({ index: 421 });
  });

  it('refuses a 0 where counting starts at 1, and says why', () => {
    expect(readLabel('example', '0', 100)).toEqual({ problem: 'example 0 is outside the examples 1 … 100 (examples are counted from 1)' });
    expect(readLabel('batch', '0')).toEqual({ problem: 'there is no batch 0: batches are counted from 1' });
    // The caller writes the numbers (notation may not import src/format): the CLI groups them.
    expect(readLabel('image', '60001', 60_000, grouped)).toEqual({ problem: 'image 60,001 is outside the images 1 … 60,000' });
    expect(readLabel('image', 0, 60_000, grouped)).toEqual({ problem: 'image 0 is outside the images 1 … 60,000 (images are counted from 1)' });
    expect(labelRange('image', 60_000, grouped)).toBe('1 … 60,000');
  });

  it('refuses what is past the last label, not a whole number, or empty', () => {
    expect(readLabel('input', '785', 784)).toEqual({ problem: 'input 785 is outside the inputs 1 … 784' });
    expect(readLabel('class', '10', 10)).toEqual({ problem: 'class 10 is outside the classes 0 … 9' });
    expect(readLabel('class', '-1', 10)).toEqual({ problem: 'class -1 is outside the classes 0 … 9' });
    expect(readLabel('unit', '2.5')).toEqual({ problem: 'unit "2.5" is not a whole number' });
    expect(readLabel('epoch', '')).toEqual({ problem: 'epoch "" is not a whole number' });
    expect(readLabel('epoch', 'x')).toEqual({ problem: 'epoch "x" is not a whole number' });
  });
});

describe('indexProblem: a 0-based index named as people count it', () => {
  it('is null for an index inside the range', () => {
    expect(indexProblem('example', 0, 100)).toBeNull();
    expect(indexProblem('class', 9, 10)).toBeNull();
  });

  it('names an index outside the range by its label', () => {
    expect(indexProblem('example', 100, 100)).toBe('example 101 is outside the examples 1 … 100');
    expect(indexProblem('example', -1, 100)).toBe('example 0 is outside the examples 1 … 100 (examples are counted from 1)');
    expect(indexProblem('class', 10, 10)).toBe('class 10 is outside the classes 0 … 9');
    expect(indexProblem('layer', 2, 2)).toBe('layer 3 is outside the layers 1 … 2');
    expect(indexProblem('unit', 1.5, 4)).toBe('unit 1.5 is not a whole number');
    // no upper bound: only where counting starts
    expect(indexProblem('epoch', 41)).toBeNull();
    expect(indexProblem('epoch', -1)).toBe('there is no epoch 0: epochs are counted from 1');
    expect(indexProblem('batch', 352, 352, 'an epoch')).toBe('batch 353 is outside the batches 1 … 352 of an epoch');
  });
});

describe('unitProblem and sourceProblem: a unit or a weight column of a net', () => {
  const sizes = [784, 100, 10];
  it('name hidden units from 1 with their layer, output units by class, inputs from 1', () => {
    expect(unitProblem(99, 0, sizes)).toBeNull();
    expect(unitProblem(100, 0, sizes)).toBe('unit 101 is outside the units 1 … 100 of layer 1');
    expect(unitProblem(10, 1, sizes)).toBe('class 10 is outside the classes 0 … 9');
    expect(unitProblem(0, 2, sizes)).toBe('layer 3 is outside the layers 1 … 2');
    expect(sourceProblem(783, 0, sizes)).toBeNull();
    expect(sourceProblem(784, 0, sizes)).toBe('input 785 is outside the inputs 1 … 784');
    expect(sourceProblem(-1, 1, sizes)).toBe('unit 0 is outside the units 1 … 100 of layer 1 (units are counted from 1)');
  });
});

describe('pixelPlace', () => {
  it('places a pixel of a 28×28 image by row and column from 1', () => {
    expect(pixelPlace(0, 28)).toBe('row 1, column 1');
    expect(pixelPlace(406, 28)).toBe('row 15, column 15'); // input 407 = 14·28 + 14 + 1
    expect(pixelPlace(783, 28)).toBe('row 28, column 28');
    expect(pixelPlace(28, 28)).toBe('row 2, column 1');
  });
});

describe('unitText', () => {
  it('names a hidden unit from 1 with its layer, an output unit by its class', () => {
    expect(unitText(5, 0, 2)).toBe('unit 6 of layer 1');
    expect(unitText(3, 1, 2)).toBe('class 3');
    expect(unitText(0, 1, 3)).toBe('unit 1 of layer 2');
  });
});

describe('the rule in words', () => {
  it('says what the helpers do', () => {
    for (const [what, { plural, first }] of Object.entries(POSITIONS)) {
      if (first === 1) expect(COUNTING_RULE.toLowerCase(), what).toContain(plural === 'inputs' ? 'inputs (pixels)' : plural === 'units' ? 'hidden units' : plural);
    }
    expect(COUNTING_RULE).toMatch(/counted from 1/);
    expect(COUNTING_RULE).toMatch(/output unit is named by its digit class, 0 … 9/);
    expect(ARRAY_RULE).toContain('label n is array index n − 1');
    expect(ARRAY_RULE).toContain('class c is array index c');
  });
});

describe('docs/formats.md', () => {
  it('states the rule in the words of the code, with the label ↔ array index mapping', () => {
    const text = readFileSync(resolve(__dirname, '../../docs/formats.md'), 'utf8').replace(/\s+/g, ' ');
    expect(text).toContain(COUNTING_RULE);
    expect(text).toContain(ARRAY_RULE);
    // the worked example holds: w₆,₄₀₇ is row 5, column 406 of layers[0].weights
    expect(text).toContain('`layers[0].weights[5][406]`');
    expect([indexOf('unit', 6), indexOf('input', 407)]).toEqual([5, 406]);
    expect(text).toContain('`layers[1].biases[3]`');
    expect(indexOf('class', 3)).toBe(3);
  });
});
