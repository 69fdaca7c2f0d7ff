// Training speed of the engine (issues 2 and 13), on the loop `train`, `experiments` and the
// browser's worker run (the resident WebAssembly backend for float32; the portable TypeScript
// loop where WebAssembly SIMD is missing):
//   epochs       — samples/s over the 60,000 MNIST training images in a fresh shuffle per epoch
//                  (median of several), as GFLOP/s, and as a fraction of an in-process float32
//                  GEMM ceiling (a 1024³ product on the same wasm kernel);
//   latency      — one step (gather + forward + backward + update) of a batch of 128;
//   profile      — µs per batch in each phase of a step, the median over an epoch's steps (a step
//                  the scheduler interrupts lands in a phase's tail, not its median); target: the
//                  gather ≤ 10 % of a step. The images' sparse blocks the gather reads are encoded
//                  once per thread and data set, before any step: that cost is printed beside it;
//   evaluation   — loss and accuracy of all 70,000 images (forward only); target ≤ 150 ms.

import { epochOrder } from '../src/data/batches';
import type { LabelledImages } from '../src/engine/dataset';
import { float32KernelName, useFloat32Kernels } from '../src/engine/kernels/registry';
import { tsKernels32 } from '../src/engine/kernels/ts-kernels';
import { enableFastKernels } from '../src/engine/kernels/wasm/index';
import { sharedArena, type Arena } from '../src/engine/kernels/wasm/module';
import { residentSet } from '../src/engine/kernels/wasm/resident-data';
import { emptyResidentProfile, ResidentBackend, type ResidentProfile } from '../src/engine/kernels/wasm/resident';
import { describeSizes } from '../src/engine/network';
import { trainingBackend } from '../src/engine/training';
import type { TrainingBackend } from '../src/engine/training-backend';
import { BENCH_BATCH, BENCH_RULE, benchNet, epochRunner } from './training-epoch';
import { formatRate, median, verdict } from './stats';

export const TARGET_SAMPLES_PER_SECOND = 80_000;
export const TARGET_BATCH_MS = 2;
export const TARGET_GATHER_SHARE = 0.1;
export const TARGET_EVALUATION_MS = 150;
const WARM_UP_BATCHES = 30;
const TARGET_SIZES = [784, 64, 10];
const NETS = [TARGET_SIZES, [784, 128, 64, 10]];
const CEILING_SIZE = 1024;

export interface EngineBenchOptions {
  readonly train: LabelledImages;
  readonly test: LabelledImages;
  /** Timed epochs per net on the fast loop; the median is reported. */
  readonly epochs: number;
  /** Epochs of the TypeScript fallback (slow: one is usually enough; 0 skips it). */
  readonly fallbackEpochs: number;
  readonly latencyRepeats: number;
  readonly evaluationRepeats: number;
  readonly log: (line: string) => void;
}

export interface EngineBenchResult {
  readonly pass: boolean;
}

const backendFor = (sizes: readonly number[], train: LabelledImages, profile: ResidentProfile | null, arena: Arena | null): TrainingBackend => {
  const options = { net: benchNet(sizes), velocity: null, rule: BENCH_RULE, batchSize: BENCH_BATCH, train, keepsBest: false };
  return profile && arena ? new ResidentBackend(arena, options, profile) : trainingBackend(options);
};

/** Untimed steps first, so the timed epochs see compiled code (V8 tiers up JS and wasm as they run). */
function warmUp(backend: TrainingBackend, batches: number): void {
  for (let b = 0; b < batches; b++) backend.step(null, b * BENCH_BATCH, BENCH_BATCH, (b & 1) as 0 | 1);
}

/** Multiply-adds ×2 of one example's step: forward and gradient in every layer, the backward product above the first. */
function flopsPerExample(sizes: readonly number[], firstLayerInputs: number): { dense: number; done: number } {
  let dense = 0;
  let done = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const products = l === 0 ? 2 : 3;
    dense += 2 * products * sizes[l] * sizes[l + 1];
    // The input layer's products skip the zero pixels (forward and gradient run over the nonzero ones only).
    done += 2 * products * (l === 0 ? firstLayerInputs : sizes[l]) * sizes[l + 1];
  }
  return { dense, done };
}

function meanNonzeroPixels(set: LabelledImages): number {
  let nonzero = 0;
  for (let i = 0; i < set.count * set.inputSize; i++) if (set.images[i] !== 0) nonzero++;
  return nonzero / set.count;
}

/** GFLOP/s of the dense wasm kernel on an n×n by n×n float32 product (median of 3). */
function gemmCeiling(arena: Arena, n: number): number {
  const bytes = n * n * 4;
  const a = arena.reserve(bytes);
  const b = arena.reserve(bytes);
  const out = arena.reserve(bytes);
  try {
    const fill = (at: number) => {
      const view = arena.f32(at, n * n);
      for (let i = 0; i < view.length; i++) view[i] = ((i * 7919) % 1000) / 1000 - 0.5;
    };
    fill(a);
    fill(b);
    const times: number[] = [];
    for (let r = 0; r < 4; r++) {
      const t0 = performance.now();
      arena.exports.gemm(a, n, 1, b, n, 0, n, n, n, out, n, 0);
      times.push(performance.now() - t0);
    }
    return (2 * n * n * n) / (median(times.slice(1)) / 1000) / 1e9;
  } finally {
    arena.release(out);
    arena.release(b);
    arena.release(a);
  }
}

/** Each phase's median time (ms) over the steps of one epoch in a fresh shuffle. */
function profileEpoch(backend: TrainingBackend, train: LabelledImages, profile: ResidentProfile): ResidentProfile {
  const order = epochOrder(train.count, 11, 0, true);
  const times = Object.fromEntries(PHASES.map(([key]) => [key, [] as number[]])) as Record<keyof ResidentProfile, number[]>;
  let before = { ...profile };
  for (let start = 0, b = 0; start + BENCH_BATCH <= train.count; start += BENCH_BATCH, b++) {
    backend.step(order, start, BENCH_BATCH, (b & 1) as 0 | 1);
    for (const [key] of PHASES) times[key].push(profile[key] - before[key]);
    before = { ...profile };
  }
  return Object.fromEntries(PHASES.map(([key]) => [key, median(times[key])])) as unknown as ResidentProfile;
}

/** The one-time encoding of a set's images into sparse blocks (resident-data.ts), on a fresh copy so it is not cached yet. */
function encodeOnce(arena: Arena, train: LabelledImages): { ms: number; cpuMs: number; bytes: number } {
  const copy = { ...train, images: train.images.slice() };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  residentSet(arena, copy);
  const cpu = process.cpuUsage(cpu0);
  const ms = performance.now() - t0;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  let bytes = 0;
  for (let e = 0; e < train.count; e++) {
    let n = 0;
    for (let i = e * train.inputSize; i < (e + 1) * train.inputSize; i++) if (train.images[i] !== 0) n++;
    bytes += (2 + 3 * n + 15) & ~15;
  }
  return { ms, cpuMs, bytes };
}

const PHASES: [keyof ResidentProfile, string][] = [
  ['gather', 'gather batch (blocks → rows)'],
  ['columnLists', 'column lists (gradient)'],
  ['forwardMultiply', 'forward GEMM'],
  ['activations', "activations f, f'"],
  ['outputLayer', 'softmax + loss + δ_L'],
  ['backpropMultiply', 'backprop GEMM'],
  ['timesDerivative', "× f'(z)"],
  ['gradientMultiply', 'gradient GEMM'],
  ['biasGradient', 'bias gradients'],
  ['update', 'SGD update'],
];

export async function runEngineBench(options: EngineBenchOptions): Promise<EngineBenchResult> {
  const { train, test, log } = options;
  const fast = await enableFastKernels();
  const arena = await sharedArena();
  if (!arena) log('WebAssembly SIMD is unavailable here: only the TypeScript loop is measured.');
  let pass = true;
  const nonzero = meanNonzeroPixels(train);
  const ceiling = arena ? gemmCeiling(arena, CEILING_SIZE) : NaN;

  log(`Training epochs over ${train.count.toLocaleString('en-US')} images, fresh shuffle each (batch ${BENCH_BATCH}, sigmoid, SGD α=${BENCH_RULE.learningRate}, U(−1, 1), float32; after ${WARM_UP_BATCHES} untimed batches)`);
  log(`  float32 GEMM ceiling in this process: ${ceiling.toFixed(1)} GFLOP/s (${CEILING_SIZE}³ product, the same wasm kernel, median of 3)`);
  log(`  GFLOP/s count 2 flops per multiply-add: "dense" as if every pixel were multiplied; "done" skips the zero pixels`);
  log(`  (MNIST has ${nonzero.toFixed(1)} nonzero pixels of 784 per image), as the input layer's sparse products do`);
  const rates = new Map<string, number>();
  const loops: [string, () => TrainingBackend, number][] = [];
  for (const sizes of NETS) loops.push([describeSizes(sizes), () => backendFor(sizes, train, null, null), options.epochs]);
  if (options.fallbackEpochs > 0) {
    for (const sizes of NETS) {
      loops.push([describeSizes(sizes), () => {
        useFloat32Kernels(tsKernels32);
        return backendFor(sizes, train, null, null);
      }, options.fallbackEpochs]);
    }
  }
  for (const [name, make, runs] of loops) {
    const backend = make();
    warmUp(backend, WARM_UP_BATCHES);
    const runner = epochRunner(backend, train);
    const measured: number[] = [];
    const perCpu: number[] = [];
    let loss = NaN;
    for (let e = 0; e < runs; e++) {
      const result = runner.epoch();
      measured.push(result.samplesPerSecond);
      perCpu.push(result.cpuSamplesPerSecond);
      loss = result.loss;
    }
    backend.dispose();
    const rate = median(measured);
    rates.set(`${name} ${backend.name}`, rate);
    const flops = flopsPerExample(name.split('-').map(Number), nonzero);
    const dense = (rate * flops.dense) / 1e9;
    const done = (rate * flops.done) / 1e9;
    const share = backend.name === 'wasm-simd' ? `, ${((100 * done) / ceiling).toFixed(0)} % of the ceiling` : '';
    log(
      `  ${name.padEnd(14)} ${backend.name.padEnd(10)} ${formatRate(rate).padStart(9)} samples/s  ${dense.toFixed(1).padStart(5)} GFLOP/s dense, ${done.toFixed(1)} done${share}` +
        `  (median of ${runs}: ${measured.map((r) => formatRate(r)).join(', ')}; per CPU second ${formatRate(median(perCpu))}; mean loss ${loss.toFixed(4)})`,
    );
  }
  await enableFastKernels();

  const targetRate = rates.get(`${describeSizes(TARGET_SIZES)} ${fast}`) ?? 0;
  const ratePass = targetRate >= TARGET_SAMPLES_PER_SECOND;
  pass &&= ratePass;
  log(`  ${verdict(ratePass)}: ${describeSizes(TARGET_SIZES)} on ${fast} at ${formatRate(targetRate)} samples/s (target ≥ ${formatRate(TARGET_SAMPLES_PER_SECOND)}; numpy's ratio: npm run bench:numpy)`);

  log('');
  log(`Latency of one step (gather + forward + backward + update), batch ${BENCH_BATCH}, median of ${options.latencyRepeats}`);
  for (const sizes of NETS) {
    const backend = backendFor(sizes, train, null, null);
    warmUp(backend, 20);
    const times: number[] = [];
    for (let i = 0; i < options.latencyRepeats; i++) {
      const t0 = performance.now();
      backend.step(null, 0, BENCH_BATCH, (i & 1) as 0 | 1);
      times.push(performance.now() - t0);
    }
    backend.dispose();
    const ms = median(times);
    log(`  ${describeSizes(sizes).padEnd(14)} ${backend.name.padEnd(10)} ${ms.toFixed(3)} ms`);
    if (sizes === TARGET_SIZES) {
      const latencyPass = ms <= TARGET_BATCH_MS;
      pass &&= latencyPass;
      log(`  ${verdict(latencyPass)}: ${ms.toFixed(3)} ms (target ≤ ${TARGET_BATCH_MS} ms)`);
    }
  }

  if (arena) {
    const encoding = encodeOnce(arena, train);
    for (const sizes of NETS) {
      log('');
      log(`Where a step's time goes, ${describeSizes(sizes)} on ${fast} (timers around each phase; µs per batch of ${BENCH_BATCH}, median over one epoch's steps)`);
      const profile = emptyResidentProfile();
      const backend = backendFor(sizes, train, profile, arena);
      warmUp(backend, WARM_UP_BATCHES);
      const medians = profileEpoch(backend, train, profile);
      backend.dispose();
      const sum = PHASES.reduce((s, [key]) => s + medians[key], 0);
      for (const [key, label] of PHASES) log(`  ${label.padEnd(30)} ${(1000 * medians[key]).toFixed(1).padStart(7)} µs  ${((100 * medians[key]) / sum).toFixed(1).padStart(5)} %`);
      log(`  ${'total'.padEnd(30)} ${(1000 * sum).toFixed(1).padStart(7)} µs  (${formatRate(BENCH_BATCH / (sum / 1000))} samples/s)`);
      if (sizes === TARGET_SIZES) {
        const share = medians.gather / sum;
        const gatherPass = share <= TARGET_GATHER_SHARE;
        pass &&= gatherPass;
        log(`  ${verdict(gatherPass)}: the gather is ${(100 * share).toFixed(1)} % of a step (target ≤ ${100 * TARGET_GATHER_SHARE} %)`);
        log(
          `  (before any step, once per thread and data set: the ${train.count.toLocaleString('en-US')} images encoded as sparse blocks of their nonzero pixels ` +
            `in ${encoding.ms.toFixed(0)} ms (${encoding.cpuMs.toFixed(0)} ms of CPU), the time of ${Math.round(encoding.ms / sum)} steps (an epoch is ${Math.ceil(train.count / BENCH_BATCH)}); ` +
            `${(encoding.bytes / 2 ** 20).toFixed(1)} MiB where the bytes are ${((train.count * train.inputSize) / 2 ** 20).toFixed(1)} MiB)`,
        );
      }
    }
  }

  log('');
  const all = train.count + test.count;
  log(`Evaluation: loss and accuracy of all ${all.toLocaleString('en-US')} images (${train.count.toLocaleString('en-US')} training + ${test.count.toLocaleString('en-US')} test, forward only), one thread, median of ${options.evaluationRepeats}`);
  for (const sizes of NETS) {
    const backend = backendFor(sizes, train, null, null);
    backend.evaluate(test); // the first call copies the test images into the module
    const times: number[] = [];
    const cpuTimes: number[] = [];
    let accuracy = NaN;
    for (let i = 0; i < options.evaluationRepeats; i++) {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const a = backend.evaluate(train);
      const b = backend.evaluate(test);
      const cpu = process.cpuUsage(cpu0);
      times.push(performance.now() - t0);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
      accuracy = (a.correct + b.correct) / all;
    }
    backend.dispose();
    const ms = median(times);
    log(
      `  ${describeSizes(sizes).padEnd(14)} ${backend.name.padEnd(10)} ${ms.toFixed(1).padStart(6)} ms  (${median(cpuTimes).toFixed(1)} ms of CPU; ` +
        `${formatRate((all * 1000) / ms)} images/s; accuracy of the untrained net ${(100 * accuracy).toFixed(1)} %)`,
    );
    if (sizes === TARGET_SIZES) {
      const evaluationPass = ms <= TARGET_EVALUATION_MS;
      pass &&= evaluationPass;
      log(`  ${verdict(evaluationPass)}: ${ms.toFixed(1)} ms for ${all.toLocaleString('en-US')} images on ${describeSizes(sizes)} (target ≤ ${TARGET_EVALUATION_MS} ms)`);
    }
  }
  log(`  (float32 kernels now: ${float32KernelName()})`);
  return { pass };
}
