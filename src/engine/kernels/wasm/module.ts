// The WebAssembly SIMD module (compiled from ./assembly by scripts/build-wasm.mjs into
// ./kernels.generated.ts) and the one instance a thread shares: the matrix kernels (./index.ts)
// and the resident training loops (./resident.ts) all run in it. The module travels as base64
// inside a TypeScript file, so there is nothing to fetch, and it is compiled asynchronously
// (Chrome refuses synchronous compiles over 4 KB on the main thread).
//
// Memory: an Arena hands out long-lived blocks (resident data sets, a training loop's weights
// and buffers) from the bottom of the heap; everything above its top is scratch that a single
// kernel call may use and forget. Growing the memory detaches every view of it, so the engine
// keeps addresses, never views, across calls, and makes a view only to copy in or out.

import { KERNELS_WASM_BASE64 } from './kernels.generated';

/** The exports of assembly/index.ts (addresses are byte offsets; bool is 0/1). */
export interface KernelExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  countNonzero(p: number, n: number): number;
  transposePad(src: number, rows: number, cols: number, dst: number, ldd: number): void;
  repad(src: number, rows: number, cols: number, dst: number, ldd: number): void;
  transposeScale(src: number, rows: number, cols: number, lds: number, scale: number, dst: number): void;
  gemm(
    P: number, sRow: number, sCol: number, B: number, ldb: number, bias: number,
    M: number, K: number, N: number, out: number, ldo: number, accumulate: number,
  ): void;
  rowLists(X: number, rows: number, cols: number, offsetStep: number, offs: number, vals: number, starts: number): number;
  columnLists(X: number, rows: number, cols: number, offsetStep: number, offs: number, vals: number, starts: number, ends: number): number;
  gemmLists(
    starts: number, ends: number, offs: number, vals: number, stride: number, B: number, bias: number,
    M: number, N: number, out: number, ldo: number, accumulate: number,
  ): void;
  // assembly/gather.ts, activations.ts, train.ts
  sparseBlocksBytes(images: number, width: number, count: number): number;
  encodeSparseBlocks(images: number, width: number, count: number, blockAt: number, blocks: number): number;
  gatherRows(
    blockAt: number, labels: number, order: number, start: number, count: number, step: number,
    rowOffs: number, rowVals: number, rowStarts: number, labelsOut: number,
  ): number;
  gatherColumns(
    blockAt: number, order: number, start: number, count: number, width: number, pixelTable: number, step: number,
    colPairs: number, colStarts: number, colEnds: number,
  ): void;
  activate(kind: number, A: number, B: number, c: number, z: number, a: number, fprime: number, count: number): void;
  softmaxCrossEntropy(z: number, labels: number, N: number, K: number, probs: number, delta: number, ldd: number, perExample: number, exps: number): number;
  lastCorrect(): number;
  timesDerivative(delta: number, ldd: number, fprime: number, N: number, n: number): void;
  biasGradient(delta: number, ldd: number, N: number, n: number, sums: number, out: number): void;
  update(w: number, sums: number, scale: number, v: number, count: number, alpha: number, mu: number, wOut: number, vOut: number): void;
  takeNonFinite(): number;
  transpose(src: number, rows: number, cols: number, lds: number, dst: number, ldd: number): void;
  // assembly/libm.ts (for tests)
  expArray(x: number, out: number, n: number): void;
  logArray(x: number, out: number, n: number): void;
  tanhArray(x: number, out: number, n: number): void;
}

const PAGE_BYTES = 65536;
const ALIGN = 16;

/**
 * Long-lived blocks of an instance's memory. Blocks are 16-byte aligned, zero-filled, with a
 * vector's worth of slack after them (kernels may read a whole vector at a row's end).
 */
export class Arena {
  readonly exports: KernelExports;
  /** Everything at or above this address is scratch for the call in progress. */
  private top: number;
  /** Released blocks: address → bytes. */
  private readonly free = new Map<number, number>();
  private readonly sizes = new Map<number, number>();

  constructor(exports: KernelExports) {
    this.exports = exports;
    this.top = align(exports.heapBase());
  }

  get memory(): WebAssembly.Memory {
    return this.exports.memory;
  }

  /** Where a kernel call's scratch may start. */
  get scratchBase(): number {
    return this.top;
  }

  /** Makes the memory at least `end` bytes long. */
  ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE_BYTES));
  }

  /** A zero-filled block of at least `bytes` bytes; returns its address. */
  reserve(bytes: number): number {
    const size = align(bytes + ALIGN);
    let at = -1;
    let best = Infinity;
    for (const [address, free] of this.free) {
      if (free >= size && free < best) {
        at = address;
        best = free;
      }
    }
    if (at >= 0) {
      this.free.delete(at);
      this.sizes.set(at, best);
      new Uint8Array(this.memory.buffer, at, best).fill(0);
      return at;
    }
    at = this.top;
    this.ensure(at + size);
    this.top = at + size;
    this.sizes.set(at, size);
    new Uint8Array(this.memory.buffer, at, size).fill(0);
    return at;
  }

  /** Gives a block back; the addresses in it must not be used again. */
  release(address: number): void {
    const size = this.sizes.get(address);
    if (size === undefined) return;
    this.sizes.delete(address);
    if (address + size === this.top) this.top = address;
    else this.free.set(address, size);
  }

  f32(address: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, address, length);
  }

  f64(address: number, length: number): Float64Array {
    return new Float64Array(this.memory.buffer, address, length);
  }

  u8(address: number, length: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, address, length);
  }

  u32(address: number, length: number): Uint32Array {
    return new Uint32Array(this.memory.buffer, address, length);
  }
}

const align = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

/**
 * A minimal module using a final-spec SIMD instruction (i8x16.popcnt); validates only
 * where WebAssembly SIMD128 is supported (the probe wasm-feature-detect uses).
 */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

export function wasmSimdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && typeof WebAssembly.validate === 'function' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

let compiled: Promise<WebAssembly.Module> | null = null;
let shared: Promise<Arena> | null = null;
let ready: Arena | null = null;

async function instantiate(): Promise<Arena> {
  compiled ??= WebAssembly.compile(decodeBase64(KERNELS_WASM_BASE64));
  const instance = await WebAssembly.instantiate(await compiled, {
    env: {
      abort(): never {
        throw new Error('wasm kernels aborted');
      },
    },
  });
  return new Arena(instance.exports as unknown as KernelExports);
}

/** This thread's instance (instantiated once); null where WebAssembly SIMD128 is unavailable. */
export async function sharedArena(): Promise<Arena | null> {
  if (!wasmSimdSupported()) return null;
  shared ??= instantiate();
  try {
    ready = await shared;
    return ready;
  } catch (error) {
    shared = null;
    throw error;
  }
}

/** The instance once sharedArena() has resolved, else null. */
export function loadedArena(): Arena | null {
  return ready;
}
