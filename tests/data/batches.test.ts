import { beforeAll, describe, expect, it } from 'vitest';
import { BatchBuffer, batchBounds, batchCount, epochOrder } from '../../src/data/batches';
import type { LabelledImages } from '../../src/engine/dataset';
import { deriveSeed, Rng } from '../../src/engine/random';
import { loadMnistFromPackage } from '../../src/data/node';

function isPermutation(order: Uint32Array): boolean {
  const seen = new Uint8Array(order.length);
  for (const v of order) {
    if (v >= order.length || seen[v]) return false;
    seen[v] = 1;
  }
  return true;
}

describe('epochOrder', () => {
  it('is the identity when shuffling is off', () => {
    expect(Array.from(epochOrder(6, 123, 4, false))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(epochOrder(0, 1, 0, true).length).toBe(0);
  });

  it('is a permutation, the same on every call', () => {
    const a = epochOrder(60_000, 7, 3, true);
    expect(isPermutation(a)).toBe(true);
    expect(epochOrder(60_000, 7, 3, true)).toEqual(a);
    // Actually shuffled: few fixed points (≈1 expected for a random permutation).
    let fixed = 0;
    for (let n = 0; n < a.length; n++) if (a[n] === n) fixed++;
    expect(fixed).toBeLessThan(10);
  });

  it('differs between epochs and seeds', () => {
    const e0 = epochOrder(1_000, 7, 0, true);
    const e1 = epochOrder(1_000, 7, 1, true);
    const otherSeed = epochOrder(1_000, 8, 0, true);
    expect(isPermutation(e1)).toBe(true);
    expect(e1).not.toEqual(e0);
    expect(otherSeed).not.toEqual(e0);
    let same = 0;
    for (let n = 0; n < 1_000; n++) if (e0[n] === e1[n]) same++;
    expect(same).toBeLessThan(10);
  });

  it('is Fisher–Yates from the epoch\'s own derived seed, so any epoch is recomputed directly', () => {
    const expected = new Rng(deriveSeed(99, 'shuffle:17')).shuffle(Uint32Array.from({ length: 500 }, (_, i) => i));
    expect(epochOrder(500, 99, 17, true)).toEqual(expected);
    // Pinned so a change to the shuffle (which would change every experiment) is noticed.
    expect(Array.from(epochOrder(10, 42, 0, true))).toEqual([0, 3, 8, 6, 2, 9, 5, 7, 1, 4]);
    expect(Array.from(epochOrder(10, 42, 1, true))).toEqual([8, 4, 3, 7, 1, 6, 0, 2, 9, 5]);
  });

  it('places each example uniformly over many epochs', () => {
    const count = 5;
    const epochs = 5_000;
    const positionOfZero = new Array(count).fill(0);
    for (let e = 0; e < epochs; e++) positionOfZero[epochOrder(count, 1, e, true).indexOf(0)]++;
    for (const n of positionOfZero) {
      expect(n).toBeGreaterThan(epochs / count - 120); // 1,000 ± ~4 sd
      expect(n).toBeLessThan(epochs / count + 120);
    }
  });

  it('rejects bad arguments', () => {
    expect(() => epochOrder(-1, 0, 0, true)).toThrow(RangeError);
    expect(() => epochOrder(10, 0, 1.5, true)).toThrow(/epoch must be a whole number/);
  });
});

describe('batchCount and batchBounds', () => {
  it('keeps the last partial batch', () => {
    expect(batchCount(45_000, 128)).toBe(352); // 351 full + one of 72
    expect(batchBounds(351, 45_000, 128)).toEqual({ start: 44_928, size: 72 });
    expect(batchBounds(0, 45_000, 128)).toEqual({ start: 0, size: 128 });
    expect(batchBounds(350, 45_000, 128)).toEqual({ start: 44_800, size: 128 });
    expect(batchCount(10, 5)).toBe(2);
    expect(batchBounds(1, 10, 5)).toEqual({ start: 5, size: 5 });
    expect(batchCount(10, 100)).toBe(1);
    expect(batchBounds(0, 10, 100)).toEqual({ start: 0, size: 10 });
    expect(batchCount(0, 16)).toBe(0);
  });

  it('covers every example exactly once', () => {
    const count = 1_003;
    const size = 64;
    let covered = 0;
    for (let b = 0; b < batchCount(count, size); b++) {
      const bounds = batchBounds(b, count, size);
      expect(bounds.start).toBe(covered);
      covered += bounds.size;
    }
    expect(covered).toBe(count);
  });

  it('rejects out-of-range batches and bad sizes', () => {
    expect(() => batchBounds(352, 45_000, 128)).toThrow('batch 352 is outside the 352 batches of 45000 examples in batches of 128');
    expect(() => batchBounds(-1, 10, 5)).toThrow(RangeError);
    expect(() => batchCount(10, 0)).toThrow(/batchSize must be a whole number ≥ 1/);
  });
});

describe('BatchBuffer', () => {
  let set: LabelledImages;
  beforeAll(() => {
    set = loadMnistFromPackage().train;
  });

  it('scales bytes to x = p/255 in float64, in the order given, with labels', () => {
    const buffer = new BatchBuffer(128, 784);
    const order = epochOrder(set.count, 5, 0, true);
    const batch = buffer.fillBatch(set, order, 2, 128);
    expect(batch.size).toBe(128);
    expect(batch.inputs).toBeInstanceOf(Float64Array);
    expect(batch.inputs.length).toBe(128 * 784);
    for (const r of [0, 17, 127]) {
      const example = order[256 + r];
      expect(batch.labels[r]).toBe(set.labels[example]);
      for (let i = 0; i < 784; i++) expect(batch.inputs[r * 784 + i]).toBe(set.images[example * 784 + i] / 255);
    }
    let max = 0;
    for (const x of batch.inputs) max = Math.max(max, x);
    expect(max).toBe(1);
  });

  it('fills float32 buffers with the rounded scale', () => {
    const buffer = new BatchBuffer(4, 784, 'float32');
    const batch = buffer.fill(set, null, 0, 4);
    expect(batch.inputs).toBeInstanceOf(Float32Array);
    expect(Array.from(batch.labels)).toEqual([5, 0, 4, 1]);
    // Row 5 of image 0 holds pixels 3, 18, 18, 18, 126 at columns 12–16.
    expect(Array.from(batch.inputs.subarray(5 * 28 + 12, 5 * 28 + 17))).toEqual([3, 18, 18, 18, 126].map((p) => Math.fround(p / 255)));
  });

  it('reuses its memory: same views for full batches, a right-sized view for the last one', () => {
    const buffer = new BatchBuffer(128, 784);
    const count = 1_000; // 7 full batches of 128 + one of 104
    const order = epochOrder(count, 1, 0, true);
    const first = buffer.fillBatch(set, order, 0, 128);
    const second = buffer.fillBatch(set, order, 1, 128);
    expect(second).toBe(first); // no allocation per batch
    expect(second.inputs.buffer).toBe(buffer.inputs.buffer);
    const last = buffer.fillBatch(set, order, 7, 128);
    expect(last.size).toBe(104);
    expect(last.inputs.length).toBe(104 * 784);
    expect(last.labels.length).toBe(104);
    expect(last.inputs.buffer).toBe(buffer.inputs.buffer);
    expect(last.labels[103]).toBe(set.labels[order[999]]);
    expect(buffer.fillBatch(set, order, 7, 128)).toBe(last);
  });

  it('rejects batches that do not fit', () => {
    const buffer = new BatchBuffer(8, 784);
    expect(() => buffer.fill(set, null, 0, 9)).toThrow('BatchBuffer: batch of 9 exceeds capacity 8');
    expect(() => buffer.fill(set, null, 59_995, 8)).toThrow(/outside an order of 60000/);
    expect(() => new BatchBuffer(8, 10).fill(set, null, 0, 1)).toThrow(/784 inputs per example, buffer holds 10/);
    expect(() => buffer.fill(set, Uint32Array.of(0, 60_000), 0, 2)).toThrow(/order names example 60000/);
  });
});
