// The WebAssembly SIMD128 matrix kernels (./assembly, loaded by ./module.ts) wrapped as
// MatrixKernels<Float32Array>, for callers that hold their matrices in ordinary Float32Arrays
// (the debugger, lessons, traces). The training loop keeps its matrices inside the module
// instead (./resident.ts) and calls the same products without these copies.
//
// The kernels take any Float32Array. Each call copies its operands into the module's
// scratch memory, runs, and copies the result back, so no view the engine holds ever
// points into that memory and growing it can never detach one. Batches larger than
// one chunk are processed a few rows at a time, which bounds the memory; the weight
// gradient continues its sums across chunks, so chunking does not change a bit.

import { float32KernelName, useFloat32Kernels } from '../registry';
import type { MatrixKernels } from '../types';
import { sharedArena, wasmSimdSupported, type Arena } from './module';
import { residentBackendFactory } from './resident';

export { wasmSimdSupported };

export interface WasmKernelOptions {
  /**
   * When to skip the exact zeros of the left operand (≈ 80 % of MNIST pixels):
   * 'auto' (default) when at most `SPARSE_DENSITY` of them (judged on a prefix) are nonzero. Both paths
   * return the same bits for finite inputs; this only changes speed (and lets tests pin a path).
   */
  readonly sparse?: 'auto' | 'always' | 'never';
  /** Floats of batch rows copied in per pass; smaller values only exercise the chunking. */
  readonly chunkFloats?: number;
  /** When given, the milliseconds spent in each part of every call are added to it. */
  readonly profile?: WasmKernelProfile;
}

/** Where the kernels' time goes: in milliseconds, summed over calls. */
export interface WasmKernelProfile {
  /** Copying operands into the module's memory and results out of it. */
  copy: number;
  /** Transposing and padding W (and D), and the scaled transpose back of the gradient. */
  layout: number;
  /** Finding the nonzero entries (and judging the density). */
  lists: number;
  /** The multiply-adds themselves. */
  multiply: number;
}

export function emptyProfile(): WasmKernelProfile {
  return { copy: 0, layout: 0, lists: 0, multiply: 0 };
}

/**
 * Nonzero fraction at or below which the sparse path is used. Measured on 128 × 784 → 64
 * with randomly placed zeros, sparse and dense cost the same at ≈ 45 % (forward) and
 * ≈ 35 % (gradient); MNIST inputs (≈ 19 %, clustered) take 40–45 % of the dense time.
 */
export const SPARSE_DENSITY = 0.35;
const DENSITY_SAMPLE = 8192;
const DEFAULT_CHUNK_FLOATS = 1 << 18; // 1 MB of rows per pass (a batch of 128 MNIST images is 0.4 MB)

const pad4 = (n: number) => (n + 3) & ~3;

function checkDims(what: string, dims: Record<string, number>): void {
  for (const [name, value] of Object.entries(dims)) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${what}: ${name} must be a non-negative integer, got ${value}`);
  }
}

function checkLength(what: string, name: string, array: Float32Array, needed: number): void {
  if (!(array instanceof Float32Array)) throw new TypeError(`${what}: ${name} must be a Float32Array`);
  if (array.length < needed) throw new RangeError(`${what}: ${name} has ${array.length} entries, needs ${needed}`);
}

/** Wraps one module instance. Calls are synchronous, so one instance serves any number of wrappers. */
function wrap(arena: Arena, options: WasmKernelOptions): MatrixKernels<Float32Array> {
  const ex = arena.exports;
  const memory = ex.memory;
  let base = arena.scratchBase;
  const sparseMode = options.sparse ?? 'auto';
  const chunkFloats = Math.max(1, Math.floor(options.chunkFloats ?? DEFAULT_CHUNK_FLOATS));
  let heap = new Float32Array(memory.buffer);
  let top = base;

  /** Scratch starts above the arena's long-lived blocks, wherever they end now. */
  function resetScratch(): void {
    base = arena.scratchBase;
    top = base;
  }
  const profile = options.profile ?? null;
  let mark = 0;

  /** Profiling only: charges the time since the previous lap to `part`. */
  function lap(part: keyof WasmKernelProfile): void {
    if (!profile) return;
    const now = performance.now();
    profile[part] += now - mark;
    mark = now;
  }
  function startLaps(): void {
    if (profile) mark = performance.now();
  }

  /** Bump allocation of a 16-byte-aligned region with a vector's worth of slack after it. */
  function take(floats: number): number {
    const at = top;
    top = (at + floats * 4 + 16 + 15) & ~15;
    return at;
  }

  /** Grows memory to hold everything taken since the last reset; refreshes the view. */
  function commit(): void {
    arena.ensure(top);
    if (heap.buffer !== memory.buffer) heap = new Float32Array(memory.buffer);
  }

  /** Decided on a prefix (a few rows): only speed depends on it, never the result. */
  function useSparse(p: number, count: number): boolean {
    if (sparseMode !== 'auto') return sparseMode === 'always';
    const sample = Math.min(count, DENSITY_SAMPLE);
    return ex.countNonzero(p, sample) <= SPARSE_DENSITY * sample;
  }

  /** Batch rows per pass for rows of `width` floats. */
  const chunkRows = (m: number, width: number) => Math.max(1, Math.min(m, Math.floor(chunkFloats / Math.max(1, width))));

  /**
   * out[r][j] = Σ_q X[r][q] · B[q][j] (+ bias) for `count` contiguous rows of X (width K)
   * already in memory at pBuf; B has stride nPad. Dense or over the nonzeros of X.
   */
  function rowsTimesB(pBuf: number, count: number, K: number, B: number, nPad: number, bias: number, n: number, oBuf: number, lists: Lists): void {
    if (useSparse(pBuf, count * K)) {
      ex.rowLists(pBuf, count, K, nPad * 4, lists.offs, lists.vals, lists.starts);
      lap('lists');
      ex.gemmLists(lists.starts, lists.starts + 4, lists.offs, lists.vals, 4, B, bias, count, n, oBuf, n, 0);
    } else {
      lap('lists');
      ex.gemm(pBuf, K, 1, B, nPad, bias, count, K, n, oBuf, n, 0);
    }
    lap('multiply');
  }

  interface Lists {
    readonly offs: number;
    readonly vals: number;
    readonly starts: number;
  }
  const takeLists = (entries: number, lines: number): Lists => ({ offs: take(entries), vals: take(entries), starts: take(lines + 1) });

  return {
    name: 'wasm-simd',

    linearForward(A, W, b, m, k, n, out) {
      const what = 'linearForward';
      checkDims(what, { m, k, n });
      checkLength(what, 'A', A, m * k);
      checkLength(what, 'W', W, n * k);
      checkLength(what, 'b', b, n);
      checkLength(what, 'out', out, m * n);
      if (m === 0 || n === 0) return;
      const nPad = pad4(n);
      const rows = chunkRows(m, k + n);
      resetScratch();
      const wRaw = take(n * k);
      const wt = take(k * nPad);
      const bias = take(nPad);
      const pBuf = take(rows * k);
      const oBuf = take(rows * n);
      const lists = takeLists(rows * k, rows);
      commit();
      startLaps();
      heap.set(W.subarray(0, n * k), wRaw >> 2);
      heap.set(b.subarray(0, n), bias >> 2);
      lap('copy');
      // Wᵀ (k × nPad), so every output row is a sum of rows of Wᵀ scaled by the inputs.
      ex.transposePad(wRaw, n, k, wt, nPad);
      heap.fill(0, (bias >> 2) + n, (bias >> 2) + nPad);
      lap('layout');
      for (let r0 = 0; r0 < m; r0 += rows) {
        const count = Math.min(rows, m - r0);
        heap.set(A.subarray(r0 * k, (r0 + count) * k), pBuf >> 2);
        lap('copy');
        rowsTimesB(pBuf, count, k, wt, nPad, bias, n, oBuf, lists);
        out.set(heap.subarray(oBuf >> 2, (oBuf >> 2) + count * n), r0 * n);
        lap('copy');
      }
    },

    backpropSum(D, W, m, k, n, out) {
      const what = 'backpropSum';
      checkDims(what, { m, k, n });
      checkLength(what, 'D', D, m * k);
      checkLength(what, 'W', W, k * n);
      checkLength(what, 'out', out, m * n);
      if (m === 0 || n === 0) return;
      const nPad = pad4(n);
      const rows = chunkRows(m, k + n);
      resetScratch();
      const w = take(k * nPad);
      const pBuf = take(rows * k);
      const oBuf = take(rows * n);
      const lists = takeLists(rows * k, rows);
      commit();
      startLaps();
      heap.set(W.subarray(0, k * n), w >> 2);
      lap('copy');
      if (nPad !== n) ex.repad(w, k, n, w, nPad);
      lap('layout');
      for (let r0 = 0; r0 < m; r0 += rows) {
        const count = Math.min(rows, m - r0);
        heap.set(D.subarray(r0 * k, (r0 + count) * k), pBuf >> 2);
        lap('copy');
        rowsTimesB(pBuf, count, k, w, nPad, 0, n, oBuf, lists);
        out.set(heap.subarray(oBuf >> 2, (oBuf >> 2) + count * n), r0 * n);
        lap('copy');
      }
    },

    weightGradient(D, A, m, n, k, scale, out) {
      const what = 'weightGradient';
      checkDims(what, { m, n, k });
      checkLength(what, 'D', D, m * n);
      checkLength(what, 'A', A, m * k);
      checkLength(what, 'out', out, n * k);
      if (n === 0 || k === 0) return;
      if (m === 0) {
        out.fill(0, 0, n * k);
        return;
      }
      const nPad = pad4(n);
      const rows = chunkRows(m, k + nPad);
      resetScratch();
      // Σ_r A[r][i] D[r][j] is built as (Aᵀ D)[i][j] so the vector lanes run along j,
      // then transposed back to [j][i] with the scale applied once.
      const outT = take(k * nPad);
      const outC = take(n * k);
      const pBuf = take(rows * k);
      const dBuf = take(rows * nPad);
      const lists = takeLists(rows * k, k);
      const ends = take(k);
      commit();
      startLaps();
      for (let r0 = 0; r0 < m; r0 += rows) {
        const count = Math.min(rows, m - r0);
        heap.set(A.subarray(r0 * k, (r0 + count) * k), pBuf >> 2);
        heap.set(D.subarray(r0 * n, (r0 + count) * n), dBuf >> 2);
        lap('copy');
        if (nPad !== n) ex.repad(dBuf, count, n, dBuf, nPad);
        lap('layout');
        const accumulate = r0 > 0 ? 1 : 0;
        if (useSparse(pBuf, count * k)) {
          // Column i of A lists the examples r with A[r][i] ≠ 0, in order.
          ex.columnLists(pBuf, count, k, nPad * 4, lists.offs, lists.vals, lists.starts, ends);
          lap('lists');
          ex.gemmLists(lists.starts, ends, lists.offs, lists.vals, 4, dBuf, 0, k, n, outT, nPad, accumulate);
        } else {
          lap('lists');
          ex.gemm(pBuf, 1, k, dBuf, nPad, 0, k, count, n, outT, nPad, accumulate);
        }
        lap('multiply');
      }
      ex.transposeScale(outT, k, n, nPad, scale, outC);
      lap('layout');
      out.set(heap.subarray(outC >> 2, (outC >> 2) + n * k));
      lap('copy');
    },
  };
}

/**
 * The WebAssembly SIMD kernels, or null where WebAssembly SIMD128 is unavailable
 * (the caller then stays on the TypeScript kernels).
 */
export async function loadWasmKernels(options: WasmKernelOptions = {}): Promise<MatrixKernels<Float32Array> | null> {
  const arena = await sharedArena();
  return arena ? wrap(arena, options) : null;
}

/**
 * Switches float32 to the WebAssembly kernels when possible — and the training loop to its
 * resident form (./resident.ts) — and returns the kernel name now in use.
 */
export async function enableFastKernels(): Promise<string> {
  const arena = await sharedArena();
  if (arena) useFloat32Kernels({ ...wrap(arena, {}), trainingBackend: residentBackendFactory(arena) });
  return float32KernelName();
}
