// The resident training backend: float32 training with everything inside the WebAssembly
// module — the images as bytes (resident-data.ts), the weights in the layouts the products read
// (resident-weights.ts), every batch buffer — so a step copies nothing in or out and re-lays
// nothing out, and its elementwise parts run in wasm too (assembly/gather.ts, activations.ts,
// train.ts, with libm ported in assembly/libm.ts). Evaluation: resident-evaluate.ts.
//
// Same bits as the portable backend on the wasm kernels (tests/engine/resident.test.ts): the
// products are the same functions called on the same operands; the layouts differ only in which
// lanes hold which sums, never in the order of a sum; the elementwise code computes what its
// TypeScript counterpart computes, in the same precision. The input layer's batch is never dense:
// its nonzero pixels are gathered straight from the bytes into the row lists (forward) and
// column lists (gradient) of the sparse products. Batch quantities, for N examples:
//   z, a, f'(z)  N × n_out        δ  N × pad(n_out) (the gradient's right operand)

import { ACTIVATION_INFO, IMPROVED_SIGMOID_A, IMPROVED_SIGMOID_B } from '../../activations';
import { EVALUATION_CHUNK } from '../../evaluate';
import type { LabelledImages } from '../../dataset';
import type { NonFiniteReport } from '../../finite';
import { firstNonFiniteOfStep, usesMomentum } from '../../step';
import type { KeptSlot, StepOutcome, TrainingBackend, TrainingBackendFactory, TrainingBackendOptions } from '../../training-backend';
import type { FloatArray, HiddenActivation, Net, Params, SetMetrics, UpdateRule, Velocity } from '../../types';
import type { Arena } from './module';
import { MAX_RESIDENT_WIDTH, pixelTable, residentSet, type ResidentSet } from './resident-data';
import { evaluateResident } from './resident-evaluate';
import { ResidentWeights } from './resident-weights';

/** assembly/activations.ts's activation codes. */
const ACTIVATION_CODES: Record<HiddenActivation, number> = { sigmoid: 0, 'improved-sigmoid': 1, tanh: 2, relu: 3 };

interface LayerBuffers {
  readonly z: number;
  readonly a: number;
  readonly fprime: number; // 0 for the output layer
  readonly delta: number;
  readonly gradientSums: number; // n_in × pad(n_out), unscaled
  readonly biasGradient: number; // pad(n_out)
}

/** Where the phases of a step went, in milliseconds, summed over steps (benchmarks). */
export interface ResidentProfile {
  /** Bytes → the row lists of the batch's nonzero pixels (the forward product's operand), labels. */
  gather: number;
  /** The same pixels as column lists (the weight gradient's operand). */
  columnLists: number;
  forwardMultiply: number;
  activations: number;
  outputLayer: number;
  backpropMultiply: number;
  timesDerivative: number;
  gradientMultiply: number;
  biasGradient: number;
  update: number;
}

export function emptyResidentProfile(): ResidentProfile {
  return { gather: 0, columnLists: 0, forwardMultiply: 0, activations: 0, outputLayer: 0, backpropMultiply: 0, timesDerivative: 0, gradientMultiply: 0, biasGradient: 0, update: 0 };
}

/** Addresses of the memory blocks a backend holds, for releasing them (also when it is collected). */
type Blocks = number[];

const collected = new FinalizationRegistry<{ arena: Arena; blocks: Blocks }>(({ arena, blocks }) => {
  for (const block of blocks) arena.release(block);
});

export class ResidentBackend implements TrainingBackend {
  readonly name = 'wasm-simd';
  private readonly arena: Arena;
  private readonly liveNet: Net;
  private readonly liveVelocity: Velocity | null;
  private readonly rule: UpdateRule;
  private readonly L: number;
  private readonly weights: ResidentWeights;
  private readonly buffers: LayerBuffers[];
  /** assembly/activations.ts's code of each hidden layer's activation. */
  private readonly activations: number[];
  private readonly momentum: boolean;
  private readonly c: number;
  private readonly width: number;
  private readonly train: ResidentSet;
  private readonly table: number;
  private readonly blocks: Blocks = [];
  /** The weight slot (0, 1 or 2) holding the current weights. */
  private current = 0;
  private readonly keptSlots: [number, number] = [0, 0];
  /** The JS arrays of liveNet/liveVelocity are behind the current slot. */
  private stale = false;
  private disposed = false;
  // batch buffers
  private readonly maxBatch: number;
  private readonly labels: number;
  private readonly rowOffs: number;
  private readonly rowVals: number;
  private readonly rowStarts: number;
  /** The column lists' (offset, value) pairs. */
  private readonly colPairs: number;
  private readonly colStarts: number;
  private readonly colEnds: number;
  private readonly sums: number;
  private readonly exps: number;
  private order: Uint32Array | null = null;
  private readonly orderAddress: number;
  private readonly orderCapacity: number;
  private lastBatch = 0;
  private readonly outcome = { loss: 0, correct: 0, finite: true };
  private readonly profile: ResidentProfile | null;
  private mark = 0;

  constructor(arena: Arena, options: TrainingBackendOptions, profile: ResidentProfile | null = null) {
    const { net } = options;
    this.arena = arena;
    this.liveNet = net;
    this.liveVelocity = options.velocity;
    this.rule = options.rule;
    this.profile = profile;
    this.momentum = usesMomentum(this.rule);
    if (this.momentum && !options.velocity) throw new Error('momentum needs a velocity (use zeroVelocity)');
    const sizes = net.sizes;
    this.L = sizes.length - 1;
    this.activations = net.activations.slice(0, -1).map((kind) => ACTIVATION_CODES[kind as HiddenActivation]);
    this.c = net.improvedSigmoidC;
    this.width = sizes[0];
    this.maxBatch = options.batchSize;

    const reserve = (bytes: number) => {
      const at = arena.reserve(bytes);
      this.blocks.push(at);
      return at;
    };
    this.weights = new ResidentWeights(arena, sizes, this.momentum, options.keepsBest, reserve);
    const layers = this.weights.layers;

    const N = this.maxBatch;
    this.buffers = layers.map((layer, l) => ({
      z: reserve(N * layer.nOut * 4),
      a: reserve(N * layer.nOut * 4),
      fprime: l === this.L - 1 ? 0 : reserve(N * layer.nOut * 4),
      delta: reserve(N * layer.outPad * 4),
      gradientSums: reserve(layer.nIn * layer.outPad * 4),
      biasGradient: reserve(layer.outPad * 4),
    }));
    // Room for every pixel of the batch (each column of the column lists has room for N), and the 8 entries the gather may write past the last.
    const entries = N * this.width + 16;
    this.labels = reserve(N);
    this.rowOffs = reserve(entries * 4);
    this.rowVals = reserve(entries * 4);
    this.rowStarts = reserve((N + 1) * 4);
    this.colPairs = reserve(entries * 8);
    this.colStarts = reserve(this.width * 4);
    this.colEnds = reserve(this.width * 4);
    this.sums = reserve(Math.max(...sizes.slice(1)) * 8);
    this.exps = reserve(sizes[this.L] * 8);
    this.orderCapacity = options.train.count;
    this.orderAddress = reserve(this.orderCapacity * 4);
    this.table = pixelTable(arena);
    this.train = residentSet(arena, options.train);
    collected.register(this, { arena, blocks: this.blocks }, this);

    this.weights.writeParams(this.weights.slots[0], net.params);
    if (this.momentum) this.weights.writeVelocity(this.weights.velocitySlots[0], this.liveVelocity!);
    if (this.weights.bestSlot >= 0) this.weights.writeParams(this.weights.bestSlot, options.best ?? net.params);
  }

  get net(): Net {
    this.sync();
    return this.liveNet;
  }

  get velocity(): Velocity | null {
    this.sync();
    return this.liveVelocity;
  }

  // ---- the step ----

  step(order: Uint32Array | null, start: number, size: number, keep: KeptSlot): StepOutcome {
    this.checkAlive();
    if (size > this.maxBatch) throw new RangeError(`batch of ${size} exceeds the backend's ${this.maxBatch}`);
    const ex = this.arena.exports;
    const { buffers, L } = this;
    const { layers } = this.weights;
    const N = size;
    this.lastBatch = N;
    const slot = this.current;
    // The state before this step is kept as `keep`; the update goes to the slot kept by neither.
    this.keptSlots[keep] = slot;
    const other = this.keptSlots[keep ^ 1];
    const next = [0, 1, 2].find((s) => s !== slot && s !== other)!;
    const params = this.weights.slots[slot];
    const nextParams = this.weights.slots[next];
    this.startLaps();

    const orderAddress = this.residentOrder(order);
    const first = layers[0];
    ex.gatherRows(this.train.blockAt, this.train.labels, orderAddress, start, N, first.outPad * 4, this.rowOffs, this.rowVals, this.rowStarts, this.labels);
    this.lap('gather');
    ex.gatherColumns(this.train.blockAt, orderAddress, start, N, this.width, this.table, first.outPad * 4, this.colPairs, this.colStarts, this.colEnds);
    this.lap('columnLists');

    // forward: z_l = a_{l−1} W_lᵀ + b_l, a_l = f(z_l)
    for (let l = 0; l < L - 1; l++) {
      this.preActivation(l, params, N);
      this.lap('forwardMultiply');
      const { z, a, fprime } = buffers[l];
      ex.activate(this.activations[l], IMPROVED_SIGMOID_A, IMPROVED_SIGMOID_B, this.c, z, a, fprime, N * layers[l].nOut);
      this.lap('activations');
    }
    this.preActivation(L - 1, params, N);
    this.lap('forwardMultiply');
    // ŷ = softmax(z_L), the loss, δ_L = ŷ − y
    const out = layers[L - 1];
    const last = buffers[L - 1];
    const total = ex.softmaxCrossEntropy(last.z, this.labels, N, out.nOut, last.a, last.delta, out.outPad, 0, this.exps);
    this.outcome.loss = total / N;
    this.outcome.correct = ex.lastCorrect();
    this.lap('outputLayer');

    // δ_l = f'(z_l) ⊙ (δ_{l+1} W_{l+1})
    for (let l = L - 2; l >= 0; l--) {
      const above = layers[l + 1];
      ex.gemm(buffers[l + 1].delta, above.outPad, 1, params + above.w, above.inPad, 0, N, above.nOut, above.nIn, buffers[l].delta, layers[l].outPad, 0);
      this.lap('backpropMultiply');
      ex.timesDerivative(buffers[l].delta, layers[l].outPad, buffers[l].fprime, N, layers[l].nOut);
      this.lap('timesDerivative');
    }

    // Σ_r a_{l−1}[r][i] δ_l[r][j] (as Wᵀ), and ∂C/∂b_l
    ex.gemmLists(this.colStarts, this.colEnds, this.colPairs, this.colPairs + 4, 8, buffers[0].delta, 0, first.nIn, first.nOut, buffers[0].gradientSums, first.outPad, 0);
    for (let l = 1; l < L; l++) {
      const layer = layers[l];
      ex.gemm(buffers[l - 1].a, 1, layer.nIn, buffers[l].delta, layer.outPad, 0, layer.nIn, N, layer.nOut, buffers[l].gradientSums, layer.outPad, 0);
    }
    this.lap('gradientMultiply');
    for (let l = 0; l < L; l++) ex.biasGradient(buffers[l].delta, layers[l].outPad, N, layers[l].nOut, this.sums, buffers[l].biasGradient);
    this.lap('biasGradient');

    // the update, from this slot into the next
    const { learningRate, momentum } = this.rule;
    const withMomentum = this.momentum;
    const v = withMomentum ? this.weights.velocitySlots[slot] : 0;
    const vNext = withMomentum ? this.weights.velocitySlots[next] : 0;
    ex.takeNonFinite();
    for (let l = 0; l < L; l++) {
      const layer = layers[l];
      ex.update(params + layer.wt, buffers[l].gradientSums, 1 / N, withMomentum ? v + layer.vt : 0, layer.nIn * layer.outPad, learningRate, momentum, nextParams + layer.wt, vNext + layer.vt);
      ex.update(params + layer.b, buffers[l].biasGradient, 1, withMomentum ? v + layer.vb : 0, layer.outPad, learningRate, momentum, nextParams + layer.b, vNext + layer.vb);
      if (l > 0) ex.transpose(nextParams + layer.wt, layer.nIn, layer.nOut, layer.outPad, nextParams + layer.w, layer.inPad);
    }
    this.outcome.finite = !ex.takeNonFinite();
    this.lap('update');
    this.current = next;
    this.stale = true;
    return this.outcome;
  }

  /** z_l = a_{l−1} W_lᵀ + b_l for the N examples of the batch; the input layer from its row lists. */
  private preActivation(l: number, params: number, N: number): void {
    const ex = this.arena.exports;
    const layer = this.weights.layers[l];
    const z = this.buffers[l].z;
    if (l === 0) ex.gemmLists(this.rowStarts, this.rowStarts + 4, this.rowOffs, this.rowVals, 4, params + layer.wt, params + layer.b, N, layer.nOut, z, layer.nOut, 0);
    else ex.gemm(this.buffers[l - 1].a, layer.nIn, 1, params + layer.wt, layer.outPad, params + layer.b, N, layer.nIn, layer.nOut, z, layer.nOut, 0);
  }

  /** The epoch order inside the module (copied when the loop hands over a new one); 0 for none. */
  private residentOrder(order: Uint32Array | null): number {
    if (!order) return 0;
    if (order !== this.order) {
      if (order.length > this.orderCapacity) throw new RangeError(`an order of ${order.length} examples for a set of ${this.orderCapacity}`);
      this.arena.u32(this.orderAddress, order.length).set(order);
      this.order = order;
    }
    return this.orderAddress;
  }

  // ---- kept states, best weights ----

  kept(keep: KeptSlot): { params: Params; velocity: Velocity | null } {
    this.checkAlive();
    const slot = this.keptSlots[keep];
    const params = this.weights.readParams(this.weights.slots[slot], emptyLike(this.liveNet.params));
    const velocity = !this.liveVelocity ? null : this.momentum ? this.weights.readVelocity(this.weights.velocitySlots[slot], emptyLike(this.liveVelocity)) : cloneLike(this.liveVelocity);
    return { params, velocity };
  }

  keepBest(): void {
    if (this.weights.bestSlot >= 0) this.weights.copySlot(this.weights.slots[this.current], this.weights.bestSlot);
  }

  restoreBest(): void {
    if (this.weights.bestSlot < 0) return;
    this.weights.copySlot(this.weights.bestSlot, this.weights.slots[this.current]);
    this.stale = true;
  }

  bestWeights(): Params | null {
    this.checkAlive();
    return this.weights.bestSlot < 0 ? null : this.weights.readParams(this.weights.bestSlot, emptyLike(this.liveNet.params));
  }

  evaluate(set: LabelledImages, chunk: number = EVALUATION_CHUNK): SetMetrics {
    this.checkAlive();
    const { layers, slots } = this.weights;
    return evaluateResident(this.arena, { layers, slot: slots[this.current], activations: this.activations, c: this.c }, set, chunk);
  }

  firstNonFinite(): NonFiniteReport | null {
    this.checkAlive();
    const N = this.lastBatch;
    const { buffers, arena } = this;
    const { layers } = this.weights;
    const copy = (address: number, length: number) => Float32Array.from(arena.f32(address, length));
    const unpad = (address: number, rows: number, cols: number, stride: number) => {
      const out = new Float32Array(rows * cols);
      const view = arena.f32(address, rows * stride);
      for (let r = 0; r < rows; r++) out.set(view.subarray(r * stride, r * stride + cols), r * cols);
      return out;
    };
    const z = layers.map((layer, l) => copy(buffers[l].z, N * layer.nOut));
    const a = layers.map((layer, l) => copy(buffers[l].a, N * layer.nOut));
    const deltas = layers.map((layer, l) => unpad(buffers[l].delta, N, layer.nOut, layer.outPad));
    const weights: FloatArray[] = layers.map((layer, l) => {
      // ∂C/∂W = f32(sums / N), laid out [out][in] as the portable backend keeps it
      const out = arena.scratchBase;
      arena.ensure(out + layer.nIn * layer.nOut * 4 + 16);
      arena.exports.transposeScale(buffers[l].gradientSums, layer.nIn, layer.nOut, layer.outPad, 1 / N, out);
      return copy(out, layer.nIn * layer.nOut);
    });
    const biases = layers.map((layer, l) => copy(buffers[l].biasGradient, layer.nOut));
    return firstNonFiniteOfStep(this.liveNet.sizes, N, z, a, deltas, { weights, biases });
  }

  dispose(): void {
    if (this.disposed) return;
    this.sync();
    this.disposed = true;
    collected.unregister(this);
    for (const block of this.blocks) this.arena.release(block);
    this.blocks.length = 0;
  }

  /** Brings the live Net's (and velocity's) arrays up to the current slot. */
  private sync(): void {
    if (!this.stale || this.disposed) return;
    this.stale = false;
    this.weights.readParams(this.weights.slots[this.current], this.liveNet.params);
    if (this.momentum) this.weights.readVelocity(this.weights.velocitySlots[this.current], this.liveVelocity!);
  }

  private checkAlive(): void {
    if (this.disposed) throw new Error('this training backend was disposed');
  }

  private startLaps(): void {
    if (this.profile) this.mark = performance.now();
  }

  /** Profiling only: charges the time since the previous lap to `phase`. */
  private lap(phase: keyof ResidentProfile): void {
    if (!this.profile) return;
    const now = performance.now();
    this.profile[phase] += now - this.mark;
    this.mark = now;
  }
}

function cloneLike(params: Params): Params {
  return { weights: params.weights.map((w) => Float32Array.from(w)), biases: params.biases.map((b) => Float32Array.from(b)) };
}

function emptyLike(params: Params): Params {
  return { weights: params.weights.map((w) => new Float32Array(w.length)), biases: params.biases.map((b) => new Float32Array(b.length)) };
}

/** Float32 runs on this arena; other precisions (and non-MNIST-like nets) stay portable. */
export function residentBackendFactory(arena: Arena, profile: ResidentProfile | null = null): TrainingBackendFactory {
  return (options) => {
    if (options.net.precision !== 'float32' || options.net.sizes[0] > MAX_RESIDENT_WIDTH) return null;
    if (!options.net.activations.slice(0, -1).every((kind) => kind !== 'softmax' && kind in ACTIVATION_INFO)) return null;
    return new ResidentBackend(arena, options, profile);
  };
}
