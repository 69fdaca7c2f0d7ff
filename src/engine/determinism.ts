// The determinism check: short, fixed computations whose results must be the same bits
// wherever the engine runs — Node (tests/engine/libm.test.ts) and Chromium's page and Web
// Worker (tests/e2e/determinism.spec.ts, through the ?test hook of src/test-hook.ts). Each
// result is a SHA-256 of the bytes it produced; the tests pin the digests.
//
//   libm         exp, log, tanh and cos(2π·t) of libm.ts on 65,536 seeded arguments each
//                (log over every positive double)
//   <precision> <activation>   784-16-10, normal fan-in init (Box–Muller draws for weights and
//                biases), 4 batches of 128 from the first 512 training images in a seeded order,
//                α = 0.1, μ = 0.9; then the loss and accuracy over the 512. The digest covers
//                the final weights, biases and velocities and every loss. The run goes through
//                the training backend the engine picks (training.ts's trainingBackend: the
//                resident WebAssembly loop for float32 once the wasm kernels are on), as real
//                training does; tests/engine/resident.test.ts checks the portable loop gives
//                the same digests.
//
// float32 runs are named with the float32 kernels that were registered ("… (wasm-simd)",
// "… (ts-f32)"): the two backends round their sums differently by design (see kernels.test.ts),
// so each has its own digest — the same on every platform.

import { sliceImages, type LabelledImages } from './dataset';
import { float32KernelName } from './kernels/registry';
import { cos2pi, exp, log, tanh } from './libm';
import { createNet, zeroVelocity } from './network';
import { Rng } from './random';
import type { KeptSlot } from './training-backend';
import { trainingBackend } from './training';
import type { FloatArray, HiddenActivation, Precision, UpdateRule } from './types';

export interface DeterminismResult {
  readonly name: string;
  /** SHA-256 of the run's bytes, lowercase hex. */
  readonly sha256: string;
  /** For a training run: the loss of each batch, then the loss and accuracy over the 512 images. */
  readonly values: readonly number[];
}

export const DETERMINISM_EXAMPLES = 512;
const BATCH = 128;
const SEED = 2019;
const RULE: UpdateRule = { learningRate: 0.1, momentum: 0.9 };
const RUNS: readonly (readonly [Precision, HiddenActivation])[] = [
  ['float64', 'sigmoid'],
  ['float64', 'improved-sigmoid'],
  ['float32', 'sigmoid'],
  ['float32', 'improved-sigmoid'],
];

/** Every result of the check, in a fixed order. `train` is MNIST's training set (the first 512 are used). */
export async function determinismResults(train: LabelledImages): Promise<DeterminismResult[]> {
  const results = [await libmResult()];
  const images = sliceImages(train, 0, DETERMINISM_EXAMPLES);
  for (const [precision, activation] of RUNS) results.push(await trainingResult(images, precision, activation));
  return results;
}

async function libmResult(): Promise<DeterminismResult> {
  const n = 65536;
  const rng = new Rng(SEED);
  const out = new Float64Array(4 * n);
  const x = new Float64Array(1);
  const words = new Uint32Array(x.buffer);
  for (let i = 0; i < n; i++) {
    out[i] = exp(rng.uniform(-750, 715));
    // any positive finite double, subnormals included
    words[0] = rng.nextUint32();
    words[1] = rng.int(0x7ff00000);
    out[n + i] = log(x[0]);
    out[2 * n + i] = tanh(rng.uniform(-25, 25));
    out[3 * n + i] = cos2pi(rng.next());
  }
  return { name: 'libm', sha256: await sha256([out]), values: [] };
}

async function trainingResult(images: LabelledImages, precision: Precision, activation: HiddenActivation): Promise<DeterminismResult> {
  const net = createNet({
    sizes: [images.inputSize, 16, 10],
    hiddenActivation: activation,
    init: { kind: 'normal-fan-in' },
    biasInit: 'like-weights',
    seed: SEED,
    precision,
  });
  const velocity = zeroVelocity(net);
  const order = new Uint32Array(images.count);
  for (let i = 0; i < order.length; i++) order[i] = i;
  new Rng(SEED + 1).shuffle(order);
  const backend = trainingBackend({ net, velocity, rule: RULE, batchSize: BATCH, train: images, keepsBest: false });
  const values: number[] = [];
  let keep: KeptSlot = 0;
  for (let start = 0; start < images.count; start += BATCH) {
    keep = keep === 0 ? 1 : 0;
    values.push(backend.step(order, start, BATCH, keep).loss);
  }
  const metrics = backend.evaluate(images, 256);
  values.push(metrics.loss, metrics.accuracy);
  // Reading them brings the arrays up to date (the resident loop keeps its own copy).
  const trained = { params: backend.net.params, velocity: backend.velocity! };
  backend.dispose();
  const arrays: FloatArray[] = [
    ...trained.params.weights,
    ...trained.params.biases,
    ...trained.velocity.weights,
    ...trained.velocity.biases,
    Float64Array.from(values),
  ];
  const name = precision === 'float32' ? `float32 ${activation} (${float32KernelName()})` : `float64 ${activation}`;
  return { name, sha256: await sha256(arrays), values };
}

/** SHA-256 of the arrays' bytes, one after another (little-endian, as libm.ts checks). */
async function sha256(arrays: readonly FloatArray[]): Promise<string> {
  const total = arrays.reduce((s, a) => s + a.byteLength, 0);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const a of arrays) {
    bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += a.byteLength;
  }
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
