// Training-speed benchmark of the engine (issue 2): full epochs over the 60,000 MNIST
// training images with TrainingWorkspace + gatherBatch, for each float32 kernel
// backend; the latency of one forward + backward + update of a batch; and where the
// time of a step goes.

import type { LabelledImages } from '../src/engine/dataset';
import { gatherBatch } from '../src/engine/dataset';
import { layerGradients, hiddenDelta, outputDelta } from '../src/engine/backward';
import { activation, preActivation } from '../src/engine/forward';
import { float32KernelName, useFloat32Kernels } from '../src/engine/kernels/registry';
import { tsKernels32 } from '../src/engine/kernels/ts-kernels';
import type { MatrixKernels } from '../src/engine/kernels/types';
import { emptyProfile, loadWasmKernels, type WasmKernelProfile } from '../src/engine/kernels/wasm/index';
import { createNet, describeSizes } from '../src/engine/network';
import { Rng } from '../src/engine/random';
import { crossEntropy } from '../src/engine/softmax';
import { TrainingWorkspace, updateLayer } from '../src/engine/step';
import type { Batch, Net, UpdateRule } from '../src/engine/types';
import { formatRate, median, verdict } from './stats';

export const TARGET_SAMPLES_PER_SECOND = 80_000;
export const TARGET_BATCH_MS = 2;
const BATCH = 128;
const WARM_UP_BATCHES = 30;
const RULE: UpdateRule = { learningRate: 0.1, momentum: 0 };
const TARGET_SIZES = [784, 64, 10];
const NETS = [TARGET_SIZES, [784, 128, 64, 10]];

export interface EngineBenchOptions {
  readonly train: LabelledImages;
  /** Timed epochs per (net, backend); the median is reported. */
  readonly epochs: number;
  /** Epochs of the TypeScript fallback (slow: one is usually enough). */
  readonly fallbackEpochs: number;
  readonly latencyRepeats: number;
  readonly log: (line: string) => void;
}

export interface EngineBenchResult {
  readonly pass: boolean;
}

function newNet(sizes: readonly number[]): Net {
  return createNet({ sizes, hiddenActivation: 'sigmoid', init: { kind: 'uniform', range: 1 }, seed: 7, precision: 'float32' });
}

interface Loop {
  readonly net: Net;
  readonly workspace: TrainingWorkspace;
  readonly inputs: Float32Array;
  readonly labels: Uint8Array;
  readonly order: Uint32Array;
}

function newLoop(sizes: readonly number[], count: number): Loop {
  const net = newNet(sizes);
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  new Rng(11).shuffle(order);
  return { net, workspace: new TrainingWorkspace(net, BATCH), inputs: new Float32Array(BATCH * sizes[0]), labels: new Uint8Array(BATCH), order };
}

/** One epoch: every image once in shuffled order, the last batch partial. Returns samples/s. */
function epoch(loop: Loop, train: LabelledImages): { rate: number; loss: number } {
  const { net, workspace, inputs, labels, order } = loop;
  let lossSum = 0;
  const t0 = performance.now();
  for (let start = 0; start < train.count; start += BATCH) {
    const size = Math.min(BATCH, train.count - start);
    gatherBatch(train, order, start, size, inputs, labels);
    const batch: Batch = { inputs, labels, size };
    lossSum += workspace.step(net, null, batch, RULE).loss * size;
  }
  const seconds = (performance.now() - t0) / 1000;
  return { rate: train.count / seconds, loss: lossSum / train.count };
}

/** Untimed steps first, so the timed epochs see compiled code (V8 tiers up JS and wasm as they run). */
function warmUp(loop: Loop, train: LabelledImages, batches: number): void {
  const { net, workspace, inputs, labels, order } = loop;
  for (let b = 0; b < batches; b++) {
    gatherBatch(train, order, b * BATCH, BATCH, inputs, labels);
    workspace.step(net, null, { inputs, labels, size: BATCH }, RULE);
  }
}

/** Median ms of workspace.step on one gathered batch (gathering excluded). */
function batchLatency(sizes: readonly number[], train: LabelledImages, repeats: number): number {
  const loop = newLoop(sizes, train.count);
  gatherBatch(train, loop.order, 0, BATCH, loop.inputs, loop.labels);
  const batch: Batch = { inputs: loop.inputs, labels: loop.labels, size: BATCH };
  for (let i = 0; i < 20; i++) loop.workspace.step(loop.net, null, batch, RULE);
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    loop.workspace.step(loop.net, null, batch, RULE);
    times.push(performance.now() - t0);
  }
  return median(times);
}

type Phase =
  | 'gather batch'
  | 'forward GEMM'
  | 'activations'
  | 'softmax + loss + δ_L'
  | 'backprop GEMM'
  | "× f'(z)"
  | 'gradient GEMM'
  | 'bias gradients'
  | 'SGD update';

type Product = 'forward GEMM' | 'backprop GEMM' | 'gradient GEMM';
type Parts = Map<Product, WasmKernelProfile>;
const PARTS: (keyof WasmKernelProfile)[] = ['copy', 'layout', 'lists', 'multiply'];

/**
 * Kernels that add the time of each product to its phase and, when the inner kernels
 * report a profile, split it into that profile's parts per product.
 */
function timedKernels(
  inner: MatrixKernels<Float32Array>,
  add: (phase: Phase, ms: number) => void,
  profile: WasmKernelProfile | null,
  parts: Parts,
): MatrixKernels<Float32Array> {
  const timed = (product: Product, run: () => void) => {
    const before = profile ? { ...profile } : null;
    const t = performance.now();
    run();
    add(product, performance.now() - t);
    if (profile && before) {
      const into = parts.get(product) ?? emptyProfile();
      for (const part of PARTS) into[part] += profile[part] - before[part];
      parts.set(product, into);
    }
  };
  return {
    name: inner.name,
    linearForward: (A, W, b, m, k, n, out) => timed('forward GEMM', () => inner.linearForward(A, W, b, m, k, n, out)),
    backpropSum: (D, W, m, k, n, out) => timed('backprop GEMM', () => inner.backpropSum(D, W, m, k, n, out)),
    weightGradient: (D, A, m, n, k, scale, out) => timed('gradient GEMM', () => inner.weightGradient(D, A, m, n, k, scale, out)),
  };
}

/**
 * One epoch with a timer around every phase of the step, in the order
 * TrainingWorkspace.step runs them (its public building blocks, called the same way).
 * Timers cost a little, so this is a profile, not the headline figure.
 */
function profileEpoch(
  sizes: readonly number[],
  kernels: MatrixKernels<Float32Array>,
  profile: WasmKernelProfile | null,
  train: LabelledImages,
): { totals: Map<Phase, number>; parts: Parts } {
  const totals = new Map<Phase, number>();
  const parts: Parts = new Map();
  const add = (phase: Phase, ms: number) => totals.set(phase, (totals.get(phase) ?? 0) + ms);
  useFloat32Kernels(timedKernels(kernels, add, profile, parts));
  try {
    const net = newNet(sizes);
    const L = sizes.length - 1;
    const K = sizes[L];
    const z = sizes.slice(1).map((n) => new Float32Array(BATCH * n));
    const a = sizes.slice(1).map((n) => new Float32Array(BATCH * n));
    const fprime = sizes.slice(1).map((n, l) => (l === L - 1 ? null : new Float32Array(BATCH * n)));
    const deltas = sizes.slice(1).map((n) => new Float32Array(BATCH * n));
    const gradients = {
      weights: sizes.slice(1).map((n, l) => new Float32Array(n * sizes[l])),
      biases: sizes.slice(1).map((n) => new Float32Array(n)),
    };
    const loop = newLoop(sizes, train.count);
    const perExample = new Float64Array(BATCH);
    let t = 0;
    const lap = (phase: Phase) => {
      const now = performance.now();
      add(phase, now - t);
      t = now;
    };
    for (let start = 0; start < train.count; start += BATCH) {
      const N = Math.min(BATCH, train.count - start);
      t = performance.now();
      gatherBatch(train, loop.order, start, N, loop.inputs, loop.labels);
      lap('gather batch');
      let aPrev: Float32Array = loop.inputs;
      for (let l = 0; l < L; l++) {
        preActivation(net, l, aPrev, N, z[l]);
        t = performance.now();
        activation(net, l, z[l], N, a[l], fprime[l]);
        lap(l === L - 1 ? 'softmax + loss + δ_L' : 'activations');
        aPrev = a[l];
      }
      crossEntropy(z[L - 1], loop.labels, N, K, perExample);
      outputDelta(a[L - 1], loop.labels, N, K, deltas[L - 1]);
      lap('softmax + loss + δ_L');
      // hiddenDelta and layerGradients each run a product (timed by the kernels) and an
      // elementwise part: the latter is their time minus the product's.
      const exceptKernel = (phase: Phase, kernelPhase: Phase, run: () => void) => {
        const before = totals.get(kernelPhase) ?? 0;
        run();
        const now = performance.now();
        add(phase, now - t - ((totals.get(kernelPhase) ?? 0) - before));
        t = now;
      };
      for (let l = L - 2; l >= 0; l--) {
        exceptKernel("× f'(z)", 'backprop GEMM', () => hiddenDelta(net, l, deltas[l + 1], fprime[l]!, N, deltas[l]));
      }
      for (let l = 0; l < L; l++) {
        const aPrev = l === 0 ? loop.inputs : a[l - 1];
        exceptKernel('bias gradients', 'gradient GEMM', () => layerGradients(net, l, deltas[l], aPrev, N, gradients.weights[l], gradients.biases[l]));
      }
      for (let l = 0; l < L; l++) updateLayer(net.params, null, gradients, l, RULE, net.params, null);
      lap('SGD update');
    }
  } finally {
    useFloat32Kernels(tsKernels32);
  }
  return { totals, parts };
}

export async function runEngineBench(options: EngineBenchOptions): Promise<EngineBenchResult> {
  const { train, log } = options;
  const wasm = await loadWasmKernels();
  const backends: MatrixKernels<Float32Array>[] = wasm ? [wasm, tsKernels32] : [tsKernels32];
  if (!wasm) log('WebAssembly SIMD is unavailable here: only the TypeScript kernels are measured.');
  let pass = true;

  log(`Training epochs over ${train.count.toLocaleString('en-US')} images (batch ${BATCH}, sigmoid, SGD α=${RULE.learningRate}, uniform init, float32; after ${WARM_UP_BATCHES} untimed batches)`);
  const rates = new Map<string, number>();
  for (const sizes of NETS) {
    for (const kernels of backends) {
      useFloat32Kernels(kernels);
      const loop = newLoop(sizes, train.count);
      warmUp(loop, train, WARM_UP_BATCHES);
      const runs = kernels === tsKernels32 ? options.fallbackEpochs : options.epochs;
      const measured: number[] = [];
      let loss = NaN;
      for (let e = 0; e < runs; e++) {
        const result = epoch(loop, train);
        measured.push(result.rate);
        loss = result.loss;
      }
      const rate = median(measured);
      rates.set(`${describeSizes(sizes)} ${kernels.name}`, rate);
      const each = measured.map((r) => formatRate(r)).join(', ');
      log(`  ${describeSizes(sizes).padEnd(14)} ${float32KernelName().padEnd(10)} ${formatRate(rate).padStart(9)} samples/s  (median of ${runs}: ${each}; mean loss of the last epoch ${loss.toFixed(4)})`);
    }
  }
  useFloat32Kernels(tsKernels32);

  const fastest = backends[0];
  const targetRate = rates.get(`${describeSizes(TARGET_SIZES)} ${fastest.name}`) ?? 0;
  const ratePass = targetRate >= TARGET_SAMPLES_PER_SECOND;
  pass &&= ratePass;
  log(`  ${verdict(ratePass)}: ${describeSizes(TARGET_SIZES)} on ${fastest.name} at ${formatRate(targetRate)} samples/s (target ≥ ${formatRate(TARGET_SAMPLES_PER_SECOND)})`);

  log('');
  log(`Latency of one forward + backward + update, ${describeSizes(TARGET_SIZES)}, batch ${BATCH} (median of ${options.latencyRepeats}, gathering excluded)`);
  for (const kernels of backends) {
    useFloat32Kernels(kernels);
    const repeats = kernels === tsKernels32 ? Math.min(options.latencyRepeats, 50) : options.latencyRepeats;
    const ms = batchLatency(TARGET_SIZES, train, repeats);
    log(`  ${kernels.name.padEnd(10)} ${ms.toFixed(3)} ms`);
    if (kernels === fastest) {
      const latencyPass = ms <= TARGET_BATCH_MS;
      pass &&= latencyPass;
      log(`  ${verdict(latencyPass)}: ${ms.toFixed(3)} ms on ${kernels.name} (target ≤ ${TARGET_BATCH_MS} ms)`);
    }
  }
  useFloat32Kernels(tsKernels32);

  log('');
  log(`Where one epoch's time goes, ${describeSizes(TARGET_SIZES)} on ${fastest.name} (timers around each phase; µs per batch of ${BATCH})`);
  // A separate instance that reports its parts; the same module and arithmetic.
  const profile = wasm ? emptyProfile() : null;
  const profiled = wasm ? ((await loadWasmKernels({ profile: profile! })) ?? fastest) : fastest;
  const { totals, parts } = profileEpoch(TARGET_SIZES, profiled, profile, train);
  const batches = Math.ceil(train.count / BATCH);
  const perBatch = (ms: number) => ((ms * 1000) / batches).toFixed(1).padStart(7);
  const sum = [...totals.values()].reduce((s, v) => s + v, 0);
  for (const [phase, ms] of [...totals].sort((x, y) => y[1] - x[1])) {
    const split = parts.get(phase as Product);
    const detail = split ? `   (${PARTS.map((part) => `${part} ${perBatch(split[part]).trim()}`).join(', ')})` : '';
    log(`  ${phase.padEnd(22)} ${perBatch(ms)} µs  ${((100 * ms) / sum).toFixed(1).padStart(5)} %${detail}`);
  }
  log(`  ${'total'.padEnd(22)} ${perBatch(sum)} µs  (${formatRate(train.count / (sum / 1000))} samples/s)`);

  return { pass };
}
