// The resident WebAssembly training loop (src/engine/kernels/wasm/resident.ts) against the
// portable loop (TrainingWorkspace + Evaluator on the same wasm kernels), bit for bit: every
// check's metrics, the final weights and velocities, the final metrics, snapshots, the kept
// states and a divergence's report. The configurations cover every activation, momentum, one
// and two hidden layers, widths that are not multiples of 4, partial last batches, early
// stopping with restored weights, and no shuffling.

import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnistFromPackage } from '../../src/data/node';
import { prepareTraining } from '../../src/data/prepare-training';
import { determinismResults } from '../../src/engine/determinism';
import { kernelsFor, useFloat32Kernels } from '../../src/engine/kernels/registry';
import type { MatrixKernels } from '../../src/engine/kernels/types';
import { enableFastKernels, loadWasmKernels } from '../../src/engine/kernels/wasm/index';
import { sharedArena } from '../../src/engine/kernels/wasm/module';
import { pixelTable, residentSet } from '../../src/engine/kernels/wasm/resident-data';
import { PIXEL_SCALE } from '../../src/engine/dataset';
import { Rng } from '../../src/engine/random';
import { parseTrainingConfig, type TrainingConfigInput } from '../../src/engine/training-config';
import type { Training } from '../../src/engine/training';
import type { Params } from '../../src/engine/types';
import { DETERMINISM_DIGESTS, digestMismatches } from './determinism-digests';

const mnist = loadMnistFromPackage();
let portable: MatrixKernels<Float32Array>;
let resident: MatrixKernels<Float32Array>;

beforeAll(async () => {
  portable = (await loadWasmKernels())!;
  expect(await enableFastKernels()).toBe('wasm-simd');
  resident = kernelsFor('float32') as MatrixKernels<Float32Array>;
  expect(resident.trainingBackend).toBeDefined();
  expect(portable.trainingBackend).toBeUndefined();
});

/** SHA-256 of the arrays' bytes: equal exactly when every bit is (and a mismatch prints fast). */
function paramBits(p: Params): string {
  const hash = createHash('sha256');
  for (const a of [...p.weights, ...p.biases]) hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return hash.digest('hex');
}

const base: TrainingConfigInput = {
  sizes: [784, 30, 10],
  batchSize: 100,
  maxEpochs: 2,
  split: { pool: 2950, validation: 450 }, // 2,500 training images: 25 batches of 100
  trainEvalSize: 700,
  checksPerEpoch: 3,
  earlyStopping: null,
  seed: 5,
};

/** Everything a run produced that a backend could get wrong. */
function outcome(training: Training) {
  const snapshot = training.snapshot();
  return {
    kernels: training.kernels,
    stop: training.stopReason,
    position: training.position(),
    checks: training.checks.map(({ trainingMs: _, ...check }) => check),
    best: training.bestCheck,
    params: paramBits(training.net.params),
    velocity: training.velocity ? paramBits(training.velocity) : null,
    snapshot: paramBits(snapshot.net.params),
    lastGood: paramBits(training.lastGoodSnapshot().net.params),
    final: training.finalMetrics(),
    divergence: training.divergence,
  };
}

function run(kernels: MatrixKernels<Float32Array>, input: TrainingConfigInput) {
  useFloat32Kernels(kernels);
  const training = prepareTraining(parseTrainingConfig(input), mnist);
  try {
    training.runToEnd();
    return outcome(training);
  } finally {
    training.dispose();
  }
}

const CASES: Record<string, Partial<TrainingConfigInput>> = {
  'sigmoid, SGD, U(−1, 1), no shuffling': { hiddenActivation: 'sigmoid', learningRate: 1, shuffle: false, init: { kind: 'uniform', range: 1 } },
  'improved sigmoid, momentum, fan-in init, biases like weights': {
    hiddenActivation: 'improved-sigmoid',
    learningRate: 0.05,
    momentum: 0.9,
    init: { kind: 'normal-fan-in' },
    biasInit: 'like-weights',
  },
  'tanh, two hidden layers of 59 and 13 (not multiples of 4), batch 37 (partial last batch)': {
    sizes: [784, 59, 13, 10],
    hiddenActivation: 'tanh',
    learningRate: 0.1,
    batchSize: 37,
    maxEpochs: 1,
  },
  'ReLU, He init, momentum': { hiddenActivation: 'relu', init: { kind: 'he-normal' }, learningRate: 0.02, momentum: 0.5 },
  'softmax regression (no hidden layer)': { sizes: [784, 10], learningRate: 0.3 },
  'early stopping restores the best weights': {
    hiddenActivation: 'sigmoid',
    learningRate: 8,
    maxEpochs: 8,
    checksPerEpoch: 4,
    earlyStopping: { patience: 2, restoreBest: true },
  },
};

describe('the resident loop computes what the portable loop computes, bit for bit', () => {
  for (const [name, changes] of Object.entries(CASES)) {
    it(name, () => {
      const input = { ...base, ...changes };
      const slow = run(portable, input);
      const fast = run(resident, input);
      expect(slow.kernels).toBe('wasm-simd');
      expect(fast.kernels).toBe('wasm-simd');
      expect(slow.checks.length).toBeGreaterThan(0);
      expect(fast).toEqual(slow);
    });
  }

  it('early stopping really stopped and restored (so the case above tests it)', () => {
    const fast = run(resident, { ...base, ...CASES['early stopping restores the best weights'] });
    expect(fast.stop).toBe('early-stopping');
    expect(fast.best).toBeLessThan(fast.checks.length - 1);
  });

  it('a divergence (NaN) is reported the same: step, first non-finite value, last good state', () => {
    const input = { ...base, hiddenActivation: 'improved-sigmoid' as const, init: { kind: 'he-normal' as const }, learningRate: 1e6, divergenceLoss: 1e300, batchSize: 50 };
    const slow = run(portable, input);
    const fast = run(resident, input);
    expect(slow.stop).toBe('diverged');
    expect(slow.divergence!.firstNonFinite).not.toBeNull();
    expect(fast).toEqual(slow);
  });

  it('an explosion with everything finite is reported the same (largest |z| per layer)', () => {
    const input = { ...base, hiddenActivation: 'relu' as const, init: { kind: 'he-normal' as const }, learningRate: 40, batchSize: 50 };
    const slow = run(portable, input);
    const fast = run(resident, input);
    expect(slow.stop).toBe('diverged');
    expect(slow.divergence!.largestZ).not.toBeNull();
    expect(fast).toEqual(slow);
  });
});

describe('the determinism check', () => {
  it('the portable loop on the wasm kernels gives the digests pinned for the resident one', async () => {
    useFloat32Kernels(portable);
    const results = (await determinismResults(mnist.train)).filter((r) => r.name.startsWith('float32'));
    expect(results.map((r) => r.name)).toEqual(['float32 sigmoid (wasm-simd)', 'float32 improved-sigmoid (wasm-simd)']);
    expect(digestMismatches(results)).toEqual([]);
    expect(results.every((r) => DETERMINISM_DIGESTS[r.name] === r.sha256)).toBe(true);
  });
});

describe('memory', () => {
  it('a disposed run gives its blocks back: a second run of the same shape reuses them', async () => {
    const arena = (await sharedArena())!;
    const input = { ...base, maxEpochs: 1 };
    run(resident, input); // the images are copied in once, here or before
    const top = arena.scratchBase;
    for (let i = 0; i < 3; i++) run(resident, input);
    expect(arena.scratchBase).toBe(top);
  });
});

describe('the gather', () => {
  it('lists exactly the nonzero pixels with the portable gather’s values: every byte value, rows and columns in order', async () => {
    const arena = (await sharedArena())!;
    const ex = arena.exports;
    const width = 787; // not a multiple of 16: the byte-at-a-time tails run too
    const total = 50;
    const header = 16; // the set is a slice of a buffer that starts with something else, like an IDX file
    const first = 3; // … and starts at its 4th image
    const rng = new Rng(3);
    const buffer = new ArrayBuffer(header + total * width + 5);
    const all = new Uint8Array(buffer, header, total * width);
    for (let i = 0; i < all.length; i++) all[i] = rng.next() < 0.6 ? 0 : i % 256; // every value 1…255 appears
    all.fill(0, 7 * width, 8 * width); // an empty image
    for (let c = 0; c < width; c++) all[9 * width + c] = 1 + (c % 255); // a full one
    const count = 37;
    const set = { images: all.subarray(first * width), labels: Uint8Array.from({ length: total - first }, (_, i) => i % 10), count: total - first, inputSize: width };
    const order = Uint32Array.from(rng.shuffle(Array.from({ length: set.count }, (_, i) => i)));
    order[6] = 9 - first; // the full image and the empty one are in the batch (a gather does not care that they now appear twice)
    order[7] = 7 - first;
    const step = 20; // bytes per row of the right operand
    const entries = count * width + 16;
    const at = (bytes: number) => arena.reserve(bytes);
    const resident = residentSet(arena, set);
    const table = pixelTable(arena);
    const [ord, rowOffs, rowVals, rowStarts, colPairs, colStarts, colEnds, labelsOut] = [
      at(order.length * 4), at(entries * 4), at(entries * 4), at((count + 1) * 4),
      at(entries * 8), at(width * 4), at(width * 4), at(count),
    ];
    arena.u32(ord, order.length).set(order);
    const start = 5;
    const n = ex.gatherRows(resident.blockAt, resident.labels, ord, start, count, step, rowOffs, rowVals, rowStarts, labelsOut);
    ex.gatherColumns(resident.blockAt, ord, start, count, width, table, step, colPairs, colStarts, colEnds);

    // The reference: the dense batch the portable gather writes, read row by row and column by column.
    const dense = (r: number, c: number) => set.images[order[start + r] * width + c];
    const wantRows: [number, number][] = [];
    const wantStarts: number[] = [];
    for (let r = 0; r < count; r++) {
      wantStarts.push(wantRows.length);
      for (let c = 0; c < width; c++) if (dense(r, c) !== 0) wantRows.push([c * step, Math.fround(PIXEL_SCALE[dense(r, c)])]);
    }
    wantStarts.push(wantRows.length);
    expect(wantStarts[2] - wantStarts[1]).toBe(width); // order[start + 1] is the full image, order[start + 2] the empty one
    expect(wantStarts[2]).toBe(wantStarts[3]);
    expect(n).toBe(wantRows.length);
    const offs = arena.u32(rowOffs, n);
    const vals = arena.f32(rowVals, n);
    expect(Array.from({ length: n }, (_, t) => [offs[t], vals[t]])).toEqual(wantRows);
    expect(Array.from(arena.u32(rowStarts, count + 1))).toEqual(wantStarts);
    expect(Array.from(arena.u8(labelsOut, count))).toEqual(Array.from({ length: count }, (_, r) => set.labels[order[start + r]]));
    const starts = arena.u32(colStarts, width);
    const ends = arena.u32(colEnds, width);
    for (let c = 0; c < width; c++) {
      const want: [number, number][] = [];
      for (let r = 0; r < count; r++) if (dense(r, c) !== 0) want.push([r * step, Math.fround(PIXEL_SCALE[dense(r, c)])]);
      const got = Array.from({ length: ends[c] - starts[c] }, (_, t) => [arena.u32(colPairs, 2 * entries)[2 * (starts[c] + t)], arena.f32(colPairs, 2 * entries)[2 * (starts[c] + t) + 1]]);
      expect(got, `column ${c}`).toEqual(want);
    }
    // Unshuffled (order 0) from the set's own first image, as the evaluation reads it.
    const m = ex.gatherRows(resident.blockAt, resident.labels, 0, 0, 2, step, rowOffs, rowVals, rowStarts, labelsOut);
    const plain: number[] = [];
    for (let r = 0; r < 2; r++) for (let c = 0; c < width; c++) if (set.images[r * width + c] !== 0) plain.push(c * step);
    expect(Array.from(arena.u32(rowOffs, m))).toEqual(plain);
    for (const block of [ord, rowOffs, rowVals, rowStarts, colPairs, colStarts, colEnds, labelsOut]) arena.release(block);
  });
});
