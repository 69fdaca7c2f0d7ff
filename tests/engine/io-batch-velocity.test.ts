// The batch and velocity formats: shapes checked against the model, exact round trips.
import { describe, expect, it } from 'vitest';
import { batchToJson, FormatError, parseBatch, parseVelocity, readBatch, readVelocity, velocityToJson } from '../../src/engine/io';
import { formatJson } from '../../src/engine/io';

const shape = { sizes: [3, 4, 2] };

function errorOf(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(FormatError);
    return (error as Error).message;
  }
  throw new Error('no error');
}

describe('batch format', () => {
  it('reads rows into a row-major batch and writes them back exactly', () => {
    const doc = { inputs: [[0, 1 / 255, 0.1 + 0.2], [1, -2.5e-300, 7]], labels: [1, 0] };
    const batch = parseBatch(doc, shape);
    expect(batch.size).toBe(2);
    expect(Array.from(batch.inputs)).toEqual([0, 1 / 255, 0.1 + 0.2, 1, -2.5e-300, 7]);
    expect(Array.from(batch.labels)).toEqual([1, 0]);
    expect(batchToJson(readBatch(formatJson(batchToJson(batch)), shape))).toEqual(doc);
  });

  it('reads float32 on request', () => {
    const batch = parseBatch({ inputs: [[0.1, 0.2, 0.3]], labels: [0] }, shape, { precision: 'float32' });
    expect(batch.inputs).toBeInstanceOf(Float32Array);
    expect(batch.inputs[0]).toBe(Math.fround(0.1));
  });

  it.each([
    ['a row of the wrong width', { inputs: [[1, 2, 3], [1, 2]], labels: [0, 1] }, 'batch.json: inputs[1]: expected 3 numbers (the model\'s inputs), got 2'],
    ['a label out of range', { inputs: [[1, 2, 3], [1, 2, 3]], labels: [0, 2] }, 'batch.json: labels[1]: expected an integer in [0, 2), got 2'],
    ['a negative label', { inputs: [[1, 2, 3]], labels: [-1] }, 'batch.json: labels[0]: expected an integer in [0, 2), got -1'],
    ['a fractional label', { inputs: [[1, 2, 3]], labels: [0.5] }, 'batch.json: labels[0]: expected an integer in [0, 2), got 0.5'],
    ['too few labels', { inputs: [[1, 2, 3], [1, 2, 3]], labels: [0] }, 'batch.json: labels: expected 2 labels (one per row of inputs), got 1'],
    ['no examples', { inputs: [], labels: [] }, 'batch.json: inputs: expected at least 1 entry, got an empty array'],
    ['a missing field', { inputs: [[1, 2, 3]] }, 'batch.json: labels: missing (expected an array)'],
  ])('rejects %s', (_, doc, message) => {
    expect(errorOf(() => parseBatch(doc, shape, { source: 'batch.json' }))).toBe(message);
  });

  it('rejects NaN in the inputs with its path', () => {
    expect(errorOf(() => readBatch('{"inputs": [[1, NaN, 3]], "labels": [0]}', shape, { source: 'b.json' }))).toBe(
      'b.json: inputs[0][1]: expected a finite number, got NaN',
    );
  });
});

describe('velocity format', () => {
  const doc = () => ({
    weights: [
      [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]],
      [[0.1, 0.2, 0.3, 0.4], [-0.1, -0.2, -0.3, -0.4]],
    ],
    biases: [[1, 2, 3, 4], [0.5, -0.5]],
  });

  it('reads the [out][in] layout like the model and writes it back', () => {
    const v = parseVelocity(doc(), shape);
    expect(Array.from(v.weights[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(Array.from(v.biases[1])).toEqual([0.5, -0.5]);
    expect(velocityToJson(readVelocity(formatJson(velocityToJson(v, shape)), shape), shape)).toEqual(doc());
  });

  it.each([
    ['a short row', (d: ReturnType<typeof doc>) => d.weights[1][1].pop(), 'v.json: weights[1][1]: expected 4 numbers, got 3'],
    ['a missing row', (d: ReturnType<typeof doc>) => d.weights[0].pop(), 'v.json: weights[0]: expected 4 rows, got 3'],
    ['a missing layer', (d: ReturnType<typeof doc>) => d.biases.pop(), 'v.json: biases: expected 2 layers (like the model), got 1'],
    ['a short bias vector', (d: ReturnType<typeof doc>) => d.biases[0].pop(), 'v.json: biases[0]: expected 4 numbers, got 3'],
  ])('rejects %s', (_, mutate, message) => {
    const d = doc();
    mutate(d);
    expect(errorOf(() => parseVelocity(d, shape, { source: 'v.json' }))).toBe(message);
  });
});
