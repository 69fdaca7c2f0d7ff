// A resident training run's weights (and velocities) inside the WebAssembly module, in the
// layouts its products read, for layer l with n_in inputs and n_out units (pad(n) = n rounded
// up to 4):
//   Wᵀ  n_in × pad(n_out)   the forward product's right operand, and the gradient's layout
//   b   pad(n_out)
//   W   n_out × pad(n_in)   layers ≥ 1 only: the backward product δ_{l+1} W_{l+1}
// (the velocity keeps Wᵀ and b). They live in three slots: a step reads one and writes the next,
// so the states before the current and the previous step are kept without copying; a fourth
// slot keeps the best weights when early stopping restores them. The Net's [out][in] arrays are
// written in and read back only when someone looks.

import type { FloatArray, Params, Velocity } from '../../types';
import type { Arena } from './module';

export interface LayerLayout {
  readonly nIn: number;
  readonly nOut: number;
  readonly inPad: number;
  readonly outPad: number;
  /** Byte offsets in a weight slot: Wᵀ, b, and W (−1 for the input layer). */
  readonly wt: number;
  readonly b: number;
  readonly w: number;
  /** Byte offsets in a velocity slot: Wᵀ and b. */
  readonly vt: number;
  readonly vb: number;
}

const pad4 = (n: number) => (n + 3) & ~3;

export class ResidentWeights {
  readonly layers: LayerLayout[];
  /** The three weight slots' addresses, their velocity slots' (empty without momentum), the best weights' (−1: none). */
  readonly slots: number[];
  readonly velocitySlots: number[];
  readonly bestSlot: number;
  private readonly slotBytes: number;

  constructor(
    private readonly arena: Arena,
    sizes: readonly number[],
    momentum: boolean,
    keepsBest: boolean,
    reserve: (bytes: number) => number,
  ) {
    let slotFloats = 0;
    let velocityFloats = 0;
    this.layers = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const nIn = sizes[l];
      const nOut = sizes[l + 1];
      const inPad = pad4(nIn);
      const outPad = pad4(nOut);
      const wt = slotFloats * 4;
      const b = wt + nIn * outPad * 4;
      slotFloats += nIn * outPad + outPad;
      const w = l > 0 ? slotFloats * 4 : -1;
      if (l > 0) slotFloats += nOut * inPad;
      const vt = velocityFloats * 4;
      const vb = vt + nIn * outPad * 4;
      velocityFloats += nIn * outPad + outPad;
      this.layers.push({ nIn, nOut, inPad, outPad, wt, b, w, vt, vb });
    }
    this.slotBytes = slotFloats * 4;
    this.slots = [0, 1, 2].map(() => reserve(this.slotBytes));
    this.velocitySlots = momentum ? [0, 1, 2].map(() => reserve(velocityFloats * 4)) : [];
    this.bestSlot = keepsBest ? reserve(this.slotBytes) : -1;
  }

  /** [out][in] weights and biases into a slot: Wᵀ padded, b padded, and W padded for layers ≥ 1. */
  writeParams(slot: number, params: Params): void {
    this.layers.forEach((layer, l) => {
      this.writeTransposed(params.weights[l], layer, slot + layer.wt);
      this.arena.f32(slot + layer.b, layer.outPad).fill(0).set(params.biases[l]);
      if (layer.w >= 0) {
        const w = this.arena.f32(slot + layer.w, layer.nOut * layer.inPad).fill(0);
        for (let j = 0; j < layer.nOut; j++) w.set(params.weights[l].subarray(j * layer.nIn, (j + 1) * layer.nIn), j * layer.inPad);
      }
    });
  }

  writeVelocity(block: number, velocity: Velocity): void {
    this.layers.forEach((layer, l) => {
      this.writeTransposed(velocity.weights[l], layer, block + layer.vt);
      this.arena.f32(block + layer.vb, layer.outPad).fill(0).set(velocity.biases[l]);
    });
  }

  /** A slot's weights into [out][in] arrays. */
  readParams(slot: number, into: Params): Params {
    this.layers.forEach((layer, l) => {
      this.readTransposed(slot + layer.wt, layer, into.weights[l]);
      into.biases[l].set(this.arena.f32(slot + layer.b, layer.nOut));
    });
    return into;
  }

  readVelocity(block: number, into: Velocity): Velocity {
    this.layers.forEach((layer, l) => {
      this.readTransposed(block + layer.vt, layer, into.weights[l]);
      into.biases[l].set(this.arena.f32(block + layer.vb, layer.nOut));
    });
    return into;
  }

  /** A whole weight slot to another (memmove inside the module). */
  copySlot(from: number, to: number): void {
    this.arena.u8(0, this.arena.memory.buffer.byteLength).copyWithin(to, from, from + this.slotBytes);
  }

  /** W ([out][in]) into Wᵀ (n_in × pad(n_out)) at `address`, through scratch. */
  private writeTransposed(weights: FloatArray, layer: LayerLayout, address: number): void {
    const { arena } = this;
    const scratch = arena.scratchBase;
    arena.ensure(scratch + weights.length * 4 + 16);
    arena.f32(scratch, weights.length).set(weights);
    arena.exports.transposePad(scratch, layer.nOut, layer.nIn, address, layer.outPad);
  }

  /** Wᵀ at `address` back to [out][in] in `into`. */
  private readTransposed(address: number, layer: LayerLayout, into: FloatArray): void {
    const { arena } = this;
    const scratch = arena.scratchBase;
    arena.ensure(scratch + layer.nIn * layer.nOut * 4 + 16);
    arena.exports.transpose(address, layer.nIn, layer.nOut, layer.outPad, scratch, layer.nIn);
    into.set(arena.f32(scratch, layer.nIn * layer.nOut));
  }
}
