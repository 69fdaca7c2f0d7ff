// The resident training backend: float32 training with everything inside the WebAssembly
// module — the images as bytes, the weights in the layouts the products read, every batch
// buffer — so a step copies nothing in or out and re-lays nothing out, and its elementwise
// parts run in wasm too (assembly/train.ts, with libm ported in assembly/libm.ts).
//
// Same bits as the portable backend on the wasm kernels (tests/engine/resident.test.ts):
// the products are the same functions called on the same operands; the layouts differ only in
// which lanes hold which sums, never in the order of a sum; the elementwise code computes
// what its TypeScript counterpart computes, in the same precision.
//
// Layouts, for layer l with n_in inputs and n_out units (pad(n) = n rounded up to 4):
//   Wᵀ    n_in × pad(n_out)   the forward product's right operand, and the gradient's layout
//   W     n_out × pad(n_in)   layers ≥ 1 only: the backward product δ_{l+1} W_{l+1}
//   b     pad(n_out)
//   δ     N × pad(n_out)      the gradient's right operand
//   z, a, f'(z)   N × n_out
// The input layer's batch is never dense: its nonzero pixels are gathered straight from the
// bytes into the row lists (forward) and column lists (gradient) of the sparse products.
// Weights (with velocity) live in three slots: a step reads one and writes the next, so the
// states before the current and the previous step are kept without copying.

import { ACTIVATION_INFO, IMPROVED_SIGMOID_A, IMPROVED_SIGMOID_B } from '../../activations';
import type { LabelledImages } from '../../dataset';
import { PIXEL_SCALE } from '../../dataset';
import { EVALUATION_CHUNK } from '../../evaluate';
import type { NonFiniteReport } from '../../finite';
import { firstNonFiniteOfStep, usesMomentum } from '../../step';
import type { KeptSlot, StepOutcome, TrainingBackend, TrainingBackendFactory, TrainingBackendOptions } from '../../training-backend';
import type { FloatArray, HiddenActivation, Net, Params, SetMetrics, UpdateRule, Velocity } from '../../types';
import type { Arena } from './module';

/** assembly/train.ts's activation codes. */
const ACTIVATION_CODES: Record<HiddenActivation, number> = { sigmoid: 0, 'improved-sigmoid': 1, tanh: 2, relu: 3 };

const pad4 = (n: number) => (n + 3) & ~3;

/** Where a labelled set's bytes are in the module: copied once per thread, shared by every run. */
interface ResidentSet {
  readonly images: number;
  readonly labels: number;
}

/** Copies of whole ArrayBuffers (MNIST's image and label files), by arena. */
const residentBuffers = new WeakMap<Arena, WeakMap<ArrayBufferLike, number>>();

/** The address of `bytes` inside the module, copying its whole buffer the first time. */
function residentBytes(arena: Arena, bytes: Uint8Array): number {
  let buffers = residentBuffers.get(arena);
  if (!buffers) {
    buffers = new WeakMap();
    residentBuffers.set(arena, buffers);
  }
  let address = buffers.get(bytes.buffer);
  if (address === undefined) {
    const length = bytes.buffer.byteLength;
    address = arena.reserve(length);
    arena.u8(address, length).set(new Uint8Array(bytes.buffer, 0, length));
    buffers.set(bytes.buffer, address);
  }
  return address + bytes.byteOffset;
}

function residentSet(arena: Arena, set: LabelledImages): ResidentSet {
  return { images: residentBytes(arena, set.images), labels: residentBytes(arena, set.labels) };
}

/** The float32 of pixel/255 for every byte: what gatherBatch stores. */
let pixelTables = new WeakMap<Arena, number>();
function pixelTable(arena: Arena): number {
  let address = pixelTables.get(arena);
  if (address === undefined) {
    address = arena.reserve(256 * 4);
    arena.f32(address, 256).set(PIXEL_SCALE);
    pixelTables.set(arena, address);
  }
  return address;
}

/** Byte offsets of one layer's arrays inside a slot (weights) and inside the velocity block. */
interface LayerLayout {
  readonly nIn: number;
  readonly nOut: number;
  readonly inPad: number;
  readonly outPad: number;
  /** Wᵀ: n_in × pad(n_out). */
  readonly wt: number;
  readonly b: number;
  /** W: n_out × pad(n_in), layers ≥ 1; −1 for the input layer. */
  readonly w: number;
}

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
  private readonly layers: LayerLayout[];
  private readonly buffers: LayerBuffers[];
  /** assembly/train.ts's code of each hidden layer's activation. */
  private readonly activations: number[];
  private readonly momentum: boolean;
  private readonly c: number;
  private readonly width: number;
  private readonly train: ResidentSet;
  private readonly table: number;
  private readonly blocks: Blocks = [];
  /** Weight slots (three) and their velocity blocks; the best weights' slot, or −1. */
  private readonly slots: number[];
  private readonly velocitySlots: number[];
  private readonly bestSlot: number;
  private readonly slotBytes: number;
  private readonly velocityBytes: number;
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
  private readonly colOffs: number;
  private readonly colVals: number;
  private readonly colStarts: number;
  private readonly colEnds: number;
  private readonly transposed: number;
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

    // Slot layout: per layer Wᵀ, b, then W for layers ≥ 1.
    let slotFloats = 0;
    let velocityFloats = 0;
    this.layers = [];
    for (let l = 0; l < this.L; l++) {
      const nIn = sizes[l];
      const nOut = sizes[l + 1];
      const inPad = pad4(nIn);
      const outPad = pad4(nOut);
      const wt = slotFloats * 4;
      slotFloats += nIn * outPad;
      const b = slotFloats * 4;
      slotFloats += outPad;
      let w = -1;
      if (l > 0) {
        w = slotFloats * 4;
        slotFloats += nOut * inPad;
      }
      velocityFloats += nIn * outPad + outPad;
      this.layers.push({ nIn, nOut, inPad, outPad, wt, b, w });
    }
    this.slotBytes = slotFloats * 4;
    this.velocityBytes = this.momentum ? velocityFloats * 4 : 0;
    const reserve = (bytes: number) => {
      const at = arena.reserve(bytes);
      this.blocks.push(at);
      return at;
    };
    this.slots = [0, 1, 2].map(() => reserve(this.slotBytes));
    this.velocitySlots = this.momentum ? [0, 1, 2].map(() => reserve(this.velocityBytes)) : [];
    this.bestSlot = options.keepsBest ? reserve(this.slotBytes) : -1;

    const N = this.maxBatch;
    this.buffers = this.layers.map((layer, l) => ({
      z: reserve(N * layer.nOut * 4),
      a: reserve(N * layer.nOut * 4),
      fprime: l === this.L - 1 ? 0 : reserve(N * layer.nOut * 4),
      delta: reserve(N * layer.outPad * 4),
      gradientSums: reserve(layer.nIn * layer.outPad * 4),
      biasGradient: reserve(layer.outPad * 4),
    }));
    // Room for every pixel of the batch, and the 8 entries the gather may write past the last.
    const entries = N * this.width + 16;
    this.labels = reserve(N);
    this.rowOffs = reserve(entries * 4);
    this.rowVals = reserve(entries * 4);
    this.rowStarts = reserve((N + 1) * 4);
    this.colOffs = reserve(entries * 4);
    this.colVals = reserve(entries * 4);
    this.colStarts = reserve(this.width * 4);
    this.colEnds = reserve(this.width * 4);
    this.transposed = reserve(this.width * ((N + 15) & ~15));
    this.sums = reserve(Math.max(...sizes.slice(1)) * 8);
    this.exps = reserve(sizes[this.L] * 8);
    this.orderCapacity = options.train.count;
    this.orderAddress = reserve(this.orderCapacity * 4);
    this.table = pixelTable(arena);
    this.train = residentSet(arena, options.train);
    collected.register(this, { arena, blocks: this.blocks }, this);

    this.writeParams(this.slots[0], net.params);
    if (this.momentum) this.writeVelocity(this.velocitySlots[0], this.liveVelocity!);
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
    const { layers, buffers, L } = this;
    const N = size;
    this.lastBatch = N;
    const slot = this.current;
    // The state before this step is kept as `keep`; the update goes to the slot kept by neither.
    this.keptSlots[keep] = slot;
    const other = this.keptSlots[keep ^ 1];
    const next = [0, 1, 2].find((s) => s !== slot && s !== other)!;
    const params = this.slots[slot];
    const nextParams = this.slots[next];
    this.startLaps();

    const orderAddress = this.residentOrder(order);
    const first = layers[0];
    ex.gatherRows(this.train.images, this.train.labels, this.width, orderAddress, start, N, this.table, first.outPad * 4, this.rowOffs, this.rowVals, this.rowStarts, this.labels);
    this.lap('gather');
    ex.gatherColumns(this.train.images, this.width, orderAddress, start, N, this.table, first.outPad * 4, this.colOffs, this.colVals, this.colStarts, this.colEnds, this.transposed);
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
    ex.gemmLists(this.colStarts, this.colEnds, this.colOffs, this.colVals, buffers[0].delta, 0, first.nIn, first.nOut, buffers[0].gradientSums, first.outPad, 0);
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
    const v = withMomentum ? this.velocitySlots[slot] : 0;
    const vNext = withMomentum ? this.velocitySlots[next] : 0;
    let vAt = 0;
    ex.takeNonFinite();
    for (let l = 0; l < L; l++) {
      const layer = layers[l];
      const weights = layer.nIn * layer.outPad;
      ex.update(params + layer.wt, buffers[l].gradientSums, 1 / N, withMomentum ? v + vAt : 0, weights, learningRate, momentum, nextParams + layer.wt, vNext + vAt);
      vAt += weights * 4;
      ex.update(params + layer.b, buffers[l].biasGradient, 1, withMomentum ? v + vAt : 0, layer.outPad, learningRate, momentum, nextParams + layer.b, vNext + vAt);
      vAt += layer.outPad * 4;
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
    const layer = this.layers[l];
    const z = this.buffers[l].z;
    if (l === 0) ex.gemmLists(this.rowStarts, this.rowStarts + 4, this.rowOffs, this.rowVals, params + layer.wt, params + layer.b, N, layer.nOut, z, layer.nOut, 0);
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
    const params = this.readParams(this.slots[slot], emptyLike(this.liveNet.params));
    const velocity = !this.liveVelocity ? null : this.momentum ? this.readVelocity(this.velocitySlots[slot], emptyLike(this.liveVelocity)) : cloneLike(this.liveVelocity);
    return { params, velocity };
  }

  keepBest(): void {
    if (this.bestSlot < 0) return;
    this.copySlot(this.slots[this.current], this.bestSlot);
  }

  restoreBest(): void {
    if (this.bestSlot < 0) return;
    this.copySlot(this.bestSlot, this.slots[this.current]);
    this.stale = true;
  }

  private copySlot(from: number, to: number): void {
    const bytes = this.arena.u8(0, this.arena.memory.buffer.byteLength);
    bytes.copyWithin(to, from, from + this.slotBytes);
  }

  // ---- evaluation ----

  evaluate(set: LabelledImages, chunk: number = EVALUATION_CHUNK): SetMetrics {
    this.checkAlive();
    if (set.inputSize !== this.width) throw new RangeError(`set has ${set.inputSize} inputs, net expects ${this.width}`);
    const arena = this.arena;
    const ex = arena.exports;
    const resident = residentSet(arena, set);
    const { layers, L } = this;
    const params = this.slots[this.current];
    const E = Math.max(1, Math.min(chunk, set.count));
    // Scratch above the arena's blocks: lists, labels, and z and a of each layer for E examples.
    let top = arena.scratchBase;
    const take = (bytes: number) => {
      const at = top;
      top = (top + bytes + 16 + 15) & ~15;
      return at;
    };
    const rowOffs = take((E * this.width + 16) * 4);
    const rowVals = take((E * this.width + 16) * 4);
    const rowStarts = take((E + 1) * 4);
    const labels = take(E);
    const z = layers.map((layer) => take(E * layer.nOut * 4));
    const a = layers.map((layer) => take(E * layer.nOut * 4));
    const exps = take(layers[L - 1].nOut * 8);
    arena.ensure(top);
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < set.count; start += E) {
      const N = Math.min(E, set.count - start);
      ex.gatherRows(resident.images, resident.labels, this.width, 0, start, N, this.table, layers[0].outPad * 4, rowOffs, rowVals, rowStarts, labels);
      for (let l = 0; l < L; l++) {
        const layer = layers[l];
        if (l === 0) ex.gemmLists(rowStarts, rowStarts + 4, rowOffs, rowVals, params + layer.wt, params + layer.b, N, layer.nOut, z[0], layer.nOut, 0);
        else ex.gemm(a[l - 1], layer.nIn, 1, params + layer.wt, layer.outPad, params + layer.b, N, layer.nIn, layer.nOut, z[l], layer.nOut, 0);
        // The output layer's softmax is not needed: the loss and argmax come from z.
        if (l < L - 1) ex.activate(this.activations[l], IMPROVED_SIGMOID_A, IMPROVED_SIGMOID_B, this.c, z[l], a[l], 0, N * layer.nOut);
      }
      const total = ex.softmaxCrossEntropy(z[L - 1], labels, N, layers[L - 1].nOut, 0, 0, 0, 0, exps);
      // As Evaluator: each chunk's mean loss times its size.
      lossSum += (total / N) * N;
      correct += ex.lastCorrect();
    }
    return { loss: lossSum / set.count, accuracy: correct / set.count, correct, count: set.count };
  }

  // ---- diagnostics ----

  firstNonFinite(): NonFiniteReport | null {
    this.checkAlive();
    const N = this.lastBatch;
    const { layers, buffers, arena } = this;
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

  // ---- moving weights in and out ----

  /** Brings the live Net's (and velocity's) arrays up to the current slot. */
  private sync(): void {
    if (!this.stale || this.disposed) return;
    this.stale = false;
    this.readParams(this.slots[this.current], this.liveNet.params);
    if (this.momentum) this.readVelocity(this.velocitySlots[this.current], this.liveVelocity!);
  }

  /** [out][in] weights into a slot: Wᵀ padded, b padded, and W padded for layers ≥ 1. */
  private writeParams(slot: number, params: Params): void {
    const { arena } = this;
    this.layers.forEach((layer, l) => {
      this.writeTransposed(params.weights[l], layer, slot + layer.wt);
      arena.f32(slot + layer.b, layer.outPad).fill(0).set(params.biases[l]);
      if (layer.w >= 0) {
        const w = arena.f32(slot + layer.w, layer.nOut * layer.inPad).fill(0);
        for (let j = 0; j < layer.nOut; j++) w.set(params.weights[l].subarray(j * layer.nIn, (j + 1) * layer.nIn), j * layer.inPad);
      }
    });
  }

  private writeVelocity(block: number, velocity: Velocity): void {
    let at = block;
    this.layers.forEach((layer, l) => {
      this.writeTransposed(velocity.weights[l], layer, at);
      at += layer.nIn * layer.outPad * 4;
      this.arena.f32(at, layer.outPad).fill(0).set(velocity.biases[l]);
      at += layer.outPad * 4;
    });
  }

  /** W ([out][in]) into Wᵀ (n_in × pad(n_out)) at `address`, through scratch. */
  private writeTransposed(weights: FloatArray, layer: LayerLayout, address: number): void {
    const { arena } = this;
    const scratch = arena.scratchBase;
    arena.ensure(scratch + weights.length * 4 + 16);
    arena.f32(scratch, weights.length).set(weights);
    arena.exports.transposePad(scratch, layer.nOut, layer.nIn, address, layer.outPad);
  }

  private readParams(slot: number, into: Params): Params {
    this.layers.forEach((layer, l) => {
      this.readTransposed(slot + layer.wt, layer, into.weights[l]);
      into.biases[l].set(this.arena.f32(slot + layer.b, layer.nOut));
    });
    return into;
  }

  private readVelocity(block: number, into: Velocity): Velocity {
    let at = block;
    this.layers.forEach((layer, l) => {
      this.readTransposed(at, layer, into.weights[l]);
      at += layer.nIn * layer.outPad * 4;
      into.biases[l].set(this.arena.f32(at, layer.nOut));
      at += layer.outPad * 4;
    });
    return into;
  }

  /** Wᵀ at `address` back to [out][in] in `into`. */
  private readTransposed(address: number, layer: LayerLayout, into: FloatArray): void {
    const { arena } = this;
    const scratch = arena.scratchBase;
    arena.ensure(scratch + layer.nIn * layer.nOut * 4 + 16);
    arena.exports.transpose(address, layer.nIn, layer.nOut, layer.outPad, scratch, layer.nIn);
    into.set(arena.f32(scratch, layer.nIn * layer.nOut));
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
    if (options.net.precision !== 'float32') return null;
    if (!options.net.activations.slice(0, -1).every((kind) => kind !== 'softmax' && kind in ACTIVATION_INFO)) return null;
    return new ResidentBackend(arena, options, profile);
  };
}
