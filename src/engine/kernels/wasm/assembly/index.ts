// Float32 matrix kernels in AssemblyScript, compiled to WebAssembly SIMD128 by
// scripts/build-wasm.mjs. The JavaScript loader (../index.ts) owns the memory layout:
// every function here takes byte addresses into linear memory and allocates nothing.
//
// One product does all the work:
//   out[p][j] = Σ_q P(p, q) · B[q][j]   (+ bias[j])      p < M, q < K, j < N
// P(p, q) sits at P + 4·(p·sRow + q·sCol), so the same loops serve A·Wᵀ (P = A) and
// Aᵀ·D (P = A read down its columns). B rows and bias are padded to a multiple of 4
// floats so every vector load is whole; out keeps its own stride and the last vector
// of a row is stored lane by lane.
//
// Each output element is summed in one f32x4 lane, in the order q = 0, 1, …, K−1,
// starting from +0 (or from what out already holds, to continue a sum over a later
// chunk of q). Plain mul then add, no fused or relaxed operations: the result is the
// same bit pattern on every engine. (Relaxed SIMD's f32x4.relaxed_madd — a fused multiply-add
// where the processor has one, so the bits would differ between machines — was measured on
// this kernel and not adopted: no gain in a training step, 784-64-10 or 784-128-64-10, and the
// 512³ product 39 % slower, 8.2 ms against 5.9 ms of CPU on the AMD EPYC (Zen 5) it was built
// on, where the separate adds run on their own pipes; Node 20 would also need a V8 flag.) The sparse path skips the terms whose P(p, q) is
// exactly ±0; with finite B such a term is ±0 and adding ±0 to a sum that started
// from +0 never changes it, so both paths return identical bits.

export { expArray, logArray, tanhArray } from './libm';
export { activate } from './activations';
export { encodeSparseBlocks, gatherColumns, gatherRows, sparseBlocksBytes } from './gather';
export { biasGradient, lastCorrect, softmaxCrossEntropy, takeNonFinite, timesDerivative, transpose, update } from './train';

@inline function splat(p: usize): v128 {
  return v128.load32_splat(p);
}

@inline function madd(acc: v128, a: v128, b: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b));
}

/** First value of an accumulator: +0, or the partial sum already stored at p. */
@inline function initial(p: usize, count: i32, accumulate: bool): v128 {
  if (!accumulate) return f32x4.splat(0);
  if (count >= 4) return v128.load(p);
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (count > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (count > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** Stores the first `count` lanes of v (all four when count ≥ 4). */
@inline function storeLanes(p: usize, v: v128, count: i32): void {
  if (count >= 4) {
    v128.store(p, v);
    return;
  }
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (count > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (count > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

@inline function finish(acc: v128, bias: usize, j: i32): v128 {
  return bias != 0 ? f32x4.add(acc, v128.load(bias + (<usize>j << 2))) : acc;
}

export function heapBase(): usize {
  return __heap_base;
}

/** Number of entries of the f32 array at p (length n) that are not ±0. */
export function countNonzero(p: usize, n: i32): i32 {
  const zero = f32x4.splat(0);
  let ones = i32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    // f32x4.ne gives −1 in each nonzero lane; subtracting counts them.
    ones = i32x4.sub(ones, f32x4.ne(v128.load(p + (<usize>i << 2)), zero));
  }
  let count =
    i32x4.extract_lane(ones, 0) + i32x4.extract_lane(ones, 1) + i32x4.extract_lane(ones, 2) + i32x4.extract_lane(ones, 3);
  for (; i < n; i++) if (load<f32>(p + (<usize>i << 2)) != 0) count++;
  return count;
}

// 4 × 4 transposes in registers: rows x0…x3 become columns.
@inline function transpose4(x0: v128, x1: v128, x2: v128, x3: v128, i: i32): v128 {
  const t01lo = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5); // x0[0] x1[0] x0[1] x1[1]
  const t23lo = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5);
  const t01hi = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
  const t23hi = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
  if (i == 0) return v128.shuffle<f32>(t01lo, t23lo, 0, 1, 4, 5);
  if (i == 1) return v128.shuffle<f32>(t01lo, t23lo, 2, 3, 6, 7);
  if (i == 2) return v128.shuffle<f32>(t01hi, t23hi, 0, 1, 4, 5);
  return v128.shuffle<f32>(t01hi, t23hi, 2, 3, 6, 7);
}

/** dst[c·ldd + r] = src[r·cols + c]; the pad columns r ∈ [rows, ldd) of dst are zeroed. */
export function transposePad(src: usize, rows: i32, cols: i32, dst: usize, ldd: i32): void {
  const rowBytes = <usize>cols << 2;
  const dstRowBytes = <usize>ldd << 2;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const s0 = src + <usize>r * rowBytes;
    const s1 = s0 + rowBytes;
    const s2 = s1 + rowBytes;
    const s3 = s2 + rowBytes;
    const d = dst + (<usize>r << 2);
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      const cb = <usize>c << 2;
      const x0 = v128.load(s0 + cb), x1 = v128.load(s1 + cb), x2 = v128.load(s2 + cb), x3 = v128.load(s3 + cb);
      const dc = d + <usize>c * dstRowBytes;
      v128.store(dc, transpose4(x0, x1, x2, x3, 0));
      v128.store(dc + dstRowBytes, transpose4(x0, x1, x2, x3, 1));
      v128.store(dc + 2 * dstRowBytes, transpose4(x0, x1, x2, x3, 2));
      v128.store(dc + 3 * dstRowBytes, transpose4(x0, x1, x2, x3, 3));
    }
    for (; c < cols; c++) {
      const cb = <usize>c << 2;
      const dc = d + <usize>c * dstRowBytes;
      store<f32>(dc, load<f32>(s0 + cb));
      store<f32>(dc, load<f32>(s1 + cb), 4);
      store<f32>(dc, load<f32>(s2 + cb), 8);
      store<f32>(dc, load<f32>(s3 + cb), 12);
    }
  }
  for (; r < rows; r++) {
    const s0 = src + <usize>r * rowBytes;
    for (let c = 0; c < cols; c++) store<f32>(dst + <usize>c * dstRowBytes + (<usize>r << 2), load<f32>(s0 + (<usize>c << 2)));
  }
  for (let c = 0; c < cols; c++) {
    for (let p = rows; p < ldd; p++) store<f32>(dst + <usize>c * dstRowBytes + (<usize>p << 2), 0);
  }
}

/** dst[r·ldd + c] = src[r·cols + c] with the pad columns [cols, ldd) zeroed. */
export function repad(src: usize, rows: i32, cols: i32, dst: usize, ldd: i32): void {
  for (let r = rows - 1; r >= 0; r--) {
    // Backwards, so src and dst may be the same buffer (ldd ≥ cols).
    const d = dst + (<usize>(r * ldd) << 2);
    memory.copy(d, src + (<usize>(r * cols) << 2), <usize>cols << 2);
    for (let c = cols; c < ldd; c++) store<f32>(d + (<usize>c << 2), 0);
  }
}

/** f32(f64(x) · scale) in each lane: the product rounded once, as in float64 code. */
@inline function scaled(x: v128, scale: v128): v128 {
  const lo = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(x), scale));
  const hi = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 2, 3)), scale));
  return v128.shuffle<f32>(lo, hi, 0, 1, 4, 5);
}

/**
 * dst[c·rows + r] = f32(f64(src[r·lds + c]) · scale) for r < rows, c < cols: the
 * transpose back to [out][in] with the 1/N of the batch mean, rounded once.
 * src must be readable to lds ≥ cols rounded up to 4.
 */
export function transposeScale(src: usize, rows: i32, cols: i32, lds: i32, scale: f64, dst: usize): void {
  const s2 = f64x2.splat(scale);
  const srcRowBytes = <usize>lds << 2;
  const dstRowBytes = <usize>rows << 2;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const s0 = src + <usize>r * srcRowBytes;
    const d = dst + (<usize>r << 2);
    for (let c = 0; c < cols; c += 4) {
      const cb = <usize>c << 2;
      const x0 = v128.load(s0 + cb);
      const x1 = v128.load(s0 + srcRowBytes + cb);
      const x2 = v128.load(s0 + 2 * srcRowBytes + cb);
      const x3 = v128.load(s0 + 3 * srcRowBytes + cb);
      const dc = d + <usize>c * dstRowBytes;
      const left = cols - c;
      v128.store(dc, scaled(transpose4(x0, x1, x2, x3, 0), s2));
      if (left > 1) v128.store(dc + dstRowBytes, scaled(transpose4(x0, x1, x2, x3, 1), s2));
      if (left > 2) v128.store(dc + 2 * dstRowBytes, scaled(transpose4(x0, x1, x2, x3, 2), s2));
      if (left > 3) v128.store(dc + 3 * dstRowBytes, scaled(transpose4(x0, x1, x2, x3, 3), s2));
    }
  }
  for (; r < rows; r++) {
    const s0 = src + <usize>r * srcRowBytes;
    for (let c = 0; c < cols; c++) {
      store<f32>(dst + <usize>c * dstRowBytes + (<usize>r << 2), <f32>(<f64>load<f32>(s0 + (<usize>c << 2)) * scale));
    }
  }
}

// ---- dense path: 4 rows × 8 columns of accumulators, then narrower edges ----

@inline function dense4x2(
  pa: usize, rowStep: usize, colStep: usize, B: usize, ldbB: usize, bias: usize,
  K: i32, j: i32, out: usize, ldoB: usize, accumulate: bool,
): void {
  const o0 = out + (<usize>j << 2);
  const o1 = o0 + ldoB;
  const o2 = o1 + ldoB;
  const o3 = o2 + ldoB;
  let c00 = initial(o0, 4, accumulate), c01 = initial(o0 + 16, 4, accumulate);
  let c10 = initial(o1, 4, accumulate), c11 = initial(o1 + 16, 4, accumulate);
  let c20 = initial(o2, 4, accumulate), c21 = initial(o2 + 16, 4, accumulate);
  let c30 = initial(o3, 4, accumulate), c31 = initial(o3 + 16, 4, accumulate);
  let a = pa;
  const r2 = rowStep << 1;
  const r3 = r2 + rowStep;
  let b = B + (<usize>j << 2);
  for (let q = 0; q < K; q++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let x = splat(a);
    c00 = madd(c00, x, b0);
    c01 = madd(c01, x, b1);
    x = splat(a + rowStep);
    c10 = madd(c10, x, b0);
    c11 = madd(c11, x, b1);
    x = splat(a + r2);
    c20 = madd(c20, x, b0);
    c21 = madd(c21, x, b1);
    x = splat(a + r3);
    c30 = madd(c30, x, b0);
    c31 = madd(c31, x, b1);
    a += colStep;
    b += ldbB;
  }
  v128.store(o0, finish(c00, bias, j));
  v128.store(o0, finish(c01, bias, j + 4), 16);
  v128.store(o1, finish(c10, bias, j));
  v128.store(o1, finish(c11, bias, j + 4), 16);
  v128.store(o2, finish(c20, bias, j));
  v128.store(o2, finish(c21, bias, j + 4), 16);
  v128.store(o3, finish(c30, bias, j));
  v128.store(o3, finish(c31, bias, j + 4), 16);
}

@inline function dense4x1(
  pa: usize, rowStep: usize, colStep: usize, B: usize, ldbB: usize, bias: usize,
  K: i32, j: i32, count: i32, out: usize, ldoB: usize, accumulate: bool,
): void {
  const o0 = out + (<usize>j << 2);
  const o1 = o0 + ldoB;
  const o2 = o1 + ldoB;
  const o3 = o2 + ldoB;
  let c0 = initial(o0, count, accumulate);
  let c1 = initial(o1, count, accumulate);
  let c2 = initial(o2, count, accumulate);
  let c3 = initial(o3, count, accumulate);
  let a = pa;
  const r2 = rowStep << 1;
  const r3 = r2 + rowStep;
  let b = B + (<usize>j << 2);
  for (let q = 0; q < K; q++) {
    const b0 = v128.load(b);
    c0 = madd(c0, splat(a), b0);
    c1 = madd(c1, splat(a + rowStep), b0);
    c2 = madd(c2, splat(a + r2), b0);
    c3 = madd(c3, splat(a + r3), b0);
    a += colStep;
    b += ldbB;
  }
  storeLanes(o0, finish(c0, bias, j), count);
  storeLanes(o1, finish(c1, bias, j), count);
  storeLanes(o2, finish(c2, bias, j), count);
  storeLanes(o3, finish(c3, bias, j), count);
}

@inline function dense1x2(
  pa: usize, colStep: usize, B: usize, ldbB: usize, bias: usize,
  K: i32, j: i32, out: usize, accumulate: bool,
): void {
  const o = out + (<usize>j << 2);
  let c0 = initial(o, 4, accumulate);
  let c1 = initial(o + 16, 4, accumulate);
  let a = pa;
  let b = B + (<usize>j << 2);
  for (let q = 0; q < K; q++) {
    const x = splat(a);
    c0 = madd(c0, x, v128.load(b));
    c1 = madd(c1, x, v128.load(b, 16));
    a += colStep;
    b += ldbB;
  }
  v128.store(o, finish(c0, bias, j));
  v128.store(o, finish(c1, bias, j + 4), 16);
}

@inline function dense1x1(
  pa: usize, colStep: usize, B: usize, ldbB: usize, bias: usize,
  K: i32, j: i32, count: i32, out: usize, accumulate: bool,
): void {
  const o = out + (<usize>j << 2);
  let c0 = initial(o, count, accumulate);
  let a = pa;
  let b = B + (<usize>j << 2);
  for (let q = 0; q < K; q++) {
    c0 = madd(c0, splat(a), v128.load(b));
    a += colStep;
    b += ldbB;
  }
  storeLanes(o, finish(c0, bias, j), count);
}

function gemmDense(
  P: usize, rowStep: usize, colStep: usize, B: usize, ldbB: usize, bias: usize,
  M: i32, K: i32, N: i32, out: usize, ldoB: usize, accumulate: bool,
): void {
  let p = 0;
  for (; p + 4 <= M; p += 4) {
    const pa = P + <usize>p * rowStep;
    const o = out + <usize>p * ldoB;
    let j = 0;
    for (; j + 8 <= N; j += 8) dense4x2(pa, rowStep, colStep, B, ldbB, bias, K, j, o, ldoB, accumulate);
    for (; j < N; j += 4) dense4x1(pa, rowStep, colStep, B, ldbB, bias, K, j, min(4, N - j), o, ldoB, accumulate);
  }
  for (; p < M; p++) {
    const pa = P + <usize>p * rowStep;
    const o = out + <usize>p * ldoB;
    let j = 0;
    for (; j + 8 <= N; j += 8) dense1x2(pa, colStep, B, ldbB, bias, K, j, o, accumulate);
    for (; j < N; j += 4) dense1x1(pa, colStep, B, ldbB, bias, K, j, min(4, N - j), o, accumulate);
  }
}

// ---- sparse path: one row of P at a time over its nonzero entries only ----
// A row's entries are (offs, vals) pairs in ascending q: offs is the byte offset of
// B's row q (q · ldb · 4), vals the value P(p, q). Row p owns entries
// starts[p] … ends[p]−1 (for rowLists, ends is starts + 4 bytes). Four accumulators per pass keep every operand in a
// register (TurboFan hoists a loop body's loads; eight would spill one accumulator).

/** Appends the entries of one contiguous row x[0 … count) to (offs, vals) at cursor n. */
@inline function appendNonzeros(x: usize, count: i32, offsetStep: usize, offs: usize, vals: usize, n: i32): i32 {
  const zero = f32x4.splat(0);
  let c = 0;
  let offset: usize = 0;
  for (; c + 4 <= count; c += 4) {
    const v = v128.load(x + (<usize>c << 2));
    const mask = i32x4.bitmask(f32x4.ne(v, zero));
    if (mask != 0) {
      // Write all four candidates, advance the cursor past the nonzero ones only.
      let t4 = <usize>n << 2;
      store<u32>(offs + t4, <u32>offset);
      store<f32>(vals + t4, f32x4.extract_lane(v, 0));
      n += mask & 1;
      t4 = <usize>n << 2;
      store<u32>(offs + t4, <u32>(offset + offsetStep));
      store<f32>(vals + t4, f32x4.extract_lane(v, 1));
      n += (mask >> 1) & 1;
      t4 = <usize>n << 2;
      store<u32>(offs + t4, <u32>(offset + 2 * offsetStep));
      store<f32>(vals + t4, f32x4.extract_lane(v, 2));
      n += (mask >> 2) & 1;
      t4 = <usize>n << 2;
      store<u32>(offs + t4, <u32>(offset + 3 * offsetStep));
      store<f32>(vals + t4, f32x4.extract_lane(v, 3));
      n += mask >> 3;
    }
    offset += offsetStep << 2;
  }
  for (; c < count; c++) {
    const value = load<f32>(x + (<usize>c << 2));
    const t4 = <usize>n << 2;
    store<u32>(offs + t4, <u32>offset);
    store<f32>(vals + t4, value);
    n += <i32>(value != 0);
    offset += offsetStep;
  }
  return n;
}

/**
 * Entry lists of the rows of X (rows × cols, contiguous): row p lists its nonzero
 * columns c with offs = c · offsetStep. Returns the number of entries.
 */
export function rowLists(X: usize, rows: i32, cols: i32, offsetStep: usize, offs: usize, vals: usize, starts: usize): i32 {
  let n = 0;
  for (let p = 0; p < rows; p++) {
    store<i32>(starts + (<usize>p << 2), n);
    n = appendNonzeros(X + (<usize>(p * cols) << 2), cols, offsetStep, offs, vals, n);
  }
  store<i32>(starts + (<usize>rows << 2), n);
  return n;
}

/**
 * Entry lists of the columns of X (rows × cols, contiguous), rows ascending within
 * each: column c lists its nonzero rows r with offs = r · offsetStep. Column c's list
 * has room for `rows` entries at c · rows; starts[c] and ends[c] receive its bounds.
 * Returns the number of entries.
 */
export function columnLists(X: usize, rows: i32, cols: i32, offsetStep: usize, offs: usize, vals: usize, starts: usize, ends: usize): i32 {
  for (let c = 0; c < cols; c++) {
    store<i32>(starts + (<usize>c << 2), c * rows);
    store<i32>(ends + (<usize>c << 2), c * rows);
  }
  const zero = f32x4.splat(0);
  for (let r = 0; r < rows; r++) {
    const x = X + (<usize>(r * cols) << 2);
    const offset = <u32>(<usize>r * offsetStep);
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      const v = v128.load(x + (<usize>c << 2));
      const mask = i32x4.bitmask(f32x4.ne(v, zero));
      if (mask != 0) {
        // Every lane writes at its column's cursor; only nonzero lanes advance it.
        const e = ends + (<usize>c << 2);
        let n = load<i32>(e);
        store<u32>(offs + (<usize>n << 2), offset);
        store<f32>(vals + (<usize>n << 2), f32x4.extract_lane(v, 0));
        store<i32>(e, n + (mask & 1));
        n = load<i32>(e, 4);
        store<u32>(offs + (<usize>n << 2), offset);
        store<f32>(vals + (<usize>n << 2), f32x4.extract_lane(v, 1));
        store<i32>(e, n + ((mask >> 1) & 1), 4);
        n = load<i32>(e, 8);
        store<u32>(offs + (<usize>n << 2), offset);
        store<f32>(vals + (<usize>n << 2), f32x4.extract_lane(v, 2));
        store<i32>(e, n + ((mask >> 2) & 1), 8);
        n = load<i32>(e, 12);
        store<u32>(offs + (<usize>n << 2), offset);
        store<f32>(vals + (<usize>n << 2), f32x4.extract_lane(v, 3));
        store<i32>(e, n + (mask >> 3), 12);
      }
    }
    for (; c < cols; c++) {
      const value = load<f32>(x + (<usize>c << 2));
      const e = ends + (<usize>c << 2);
      const n = load<i32>(e);
      store<u32>(offs + (<usize>n << 2), offset);
      store<f32>(vals + (<usize>n << 2), value);
      store<i32>(e, n + <i32>(value != 0));
    }
  }
  let total = 0;
  for (let c = 0; c < cols; c++) total += load<i32>(ends + (<usize>c << 2)) - c * rows;
  return total;
}

@inline function sparse1x6(first: usize, last: usize, stride: usize, valueAt: usize, B: usize, bias: usize, j: i32, o: usize, accumulate: bool): void {
  const oj = o + (<usize>j << 2);
  let c0 = initial(oj, 4, accumulate), c1 = initial(oj + 16, 4, accumulate);
  let c2 = initial(oj + 32, 4, accumulate), c3 = initial(oj + 48, 4, accumulate);
  let c4 = initial(oj + 64, 4, accumulate), c5 = initial(oj + 80, 4, accumulate);
  const Bj = B + (<usize>j << 2);
  for (let e = first; e < last; e += stride) {
    const x = splat(e + valueAt);
    const b = Bj + <usize>load<u32>(e);
    c0 = madd(c0, x, v128.load(b));
    c1 = madd(c1, x, v128.load(b, 16));
    c2 = madd(c2, x, v128.load(b, 32));
    c3 = madd(c3, x, v128.load(b, 48));
    c4 = madd(c4, x, v128.load(b, 64));
    c5 = madd(c5, x, v128.load(b, 80));
  }
  v128.store(oj, finish(c0, bias, j));
  v128.store(oj, finish(c1, bias, j + 4), 16);
  v128.store(oj, finish(c2, bias, j + 8), 32);
  v128.store(oj, finish(c3, bias, j + 12), 48);
  v128.store(oj, finish(c4, bias, j + 16), 64);
  v128.store(oj, finish(c5, bias, j + 20), 80);
}

@inline function sparse1x4(first: usize, last: usize, stride: usize, valueAt: usize, B: usize, bias: usize, j: i32, o: usize, accumulate: bool): void {
  const oj = o + (<usize>j << 2);
  let c0 = initial(oj, 4, accumulate), c1 = initial(oj + 16, 4, accumulate);
  let c2 = initial(oj + 32, 4, accumulate), c3 = initial(oj + 48, 4, accumulate);
  const Bj = B + (<usize>j << 2);
  for (let e = first; e < last; e += stride) {
    const x = splat(e + valueAt);
    const b = Bj + <usize>load<u32>(e);
    c0 = madd(c0, x, v128.load(b));
    c1 = madd(c1, x, v128.load(b, 16));
    c2 = madd(c2, x, v128.load(b, 32));
    c3 = madd(c3, x, v128.load(b, 48));
  }
  v128.store(oj, finish(c0, bias, j));
  v128.store(oj, finish(c1, bias, j + 4), 16);
  v128.store(oj, finish(c2, bias, j + 8), 32);
  v128.store(oj, finish(c3, bias, j + 12), 48);
}

@inline function sparse1x2(first: usize, last: usize, stride: usize, valueAt: usize, B: usize, bias: usize, j: i32, o: usize, accumulate: bool): void {
  const oj = o + (<usize>j << 2);
  let c0 = initial(oj, 4, accumulate), c1 = initial(oj + 16, 4, accumulate);
  const Bj = B + (<usize>j << 2);
  for (let e = first; e < last; e += stride) {
    const x = splat(e + valueAt);
    const b = Bj + <usize>load<u32>(e);
    c0 = madd(c0, x, v128.load(b));
    c1 = madd(c1, x, v128.load(b, 16));
  }
  v128.store(oj, finish(c0, bias, j));
  v128.store(oj, finish(c1, bias, j + 4), 16);
}

@inline function sparse1x1(first: usize, last: usize, stride: usize, valueAt: usize, B: usize, bias: usize, j: i32, count: i32, o: usize, accumulate: bool): void {
  const oj = o + (<usize>j << 2);
  let c0 = initial(oj, count, accumulate);
  const Bj = B + (<usize>j << 2);
  for (let e = first; e < last; e += stride) c0 = madd(c0, splat(e + valueAt), v128.load(Bj + <usize>load<u32>(e)));
  storeLanes(oj, finish(c0, bias, j), count);
}

/**
 * out[p·ldo + j] = Σ_q P[p·sRow + q·sCol] · B[q·ldb + j] (+ bias[j]) for p < M, j < N.
 * B and bias (0 = none) must be readable up to a multiple of 4 columns; ldb is a
 * multiple of 4. `accumulate` continues the sums already in out.
 */
export function gemm(
  P: usize, sRow: i32, sCol: i32, B: usize, ldb: i32, bias: usize,
  M: i32, K: i32, N: i32, out: usize, ldo: i32, accumulate: bool,
): void {
  gemmDense(P, <usize>sRow << 2, <usize>sCol << 2, B, <usize>ldb << 2, bias, M, K, N, out, <usize>ldo << 2, accumulate);
}

/**
 * Like gemm over the entry lists: out[p·ldo + j] = Σ over row p's entries of
 * vals · B[offs + 4j] (+ bias[j]) for p < M, j < N, in list order. Entry t's offset is the
 * u32 at offs + t · stride and its value the f32 at vals + t · stride: separate arrays
 * (stride 4) or (offset, value) pairs (stride 8, vals = offs + 4).
 */
export function gemmLists(
  starts: usize, ends: usize, offs: usize, vals: usize, stride: i32, B: usize, bias: usize,
  M: i32, N: i32, out: usize, ldo: i32, accumulate: bool,
): void {
  const ldoB = <usize>ldo << 2;
  const step = <usize>stride;
  const valueAt = vals - offs;
  for (let p = 0; p < M; p++) {
    const first = offs + <usize>load<i32>(starts + (<usize>p << 2)) * step;
    const last = offs + <usize>load<i32>(ends + (<usize>p << 2)) * step;
    const o = out + <usize>p * ldoB;
    let j = 0;
    for (; j + 24 <= N; j += 24) sparse1x6(first, last, step, valueAt, B, bias, j, o, accumulate);
    if (j + 16 <= N) {
      sparse1x4(first, last, step, valueAt, B, bias, j, o, accumulate);
      j += 16;
    }
    if (j + 8 <= N) {
      sparse1x2(first, last, step, valueAt, B, bias, j, o, accumulate);
      j += 8;
    }
    for (; j < N; j += 4) sparse1x1(first, last, step, valueAt, B, bias, j, min(4, N - j), o, accumulate);
  }
}
