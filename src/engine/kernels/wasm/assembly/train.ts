// The elementwise parts of a training step, for the resident training loop
// (../resident.ts): everything between the matrix products, so that a batch never leaves
// the module's memory. Each function computes exactly what its TypeScript counterpart in
// src/engine computes — in float64 where that code uses JavaScript numbers, rounding to
// float32 where it stores into a Float32Array — so the results are the same bits.
// All addresses are byte offsets; nothing allocates.

import { exp2, exp64, inExpRange2, inTanhRange2, log64, tanh2, tanh64 } from './libm';

// ---- the batch: pixel bytes → entry lists (src/engine/dataset.ts's gatherBatch) ----

/**
 * Gathers examples order[start + r] (or start + r when order is 0), r < count, from the
 * resident pixel bytes (`width` per image) into the two entry lists the input layer's products
 * use, without ever writing the dense batch: row r lists its nonzero pixels c in ascending c
 * (offs = c · step, for the forward product A·Wᵀ), and column c lists its nonzero rows r in
 * ascending r (offs = r · step, for the weight gradient Aᵀ·δ). Values are table[pixel] (the
 * float32 of pixel/255). Labels are gathered alongside. colOffs = 0 skips the column lists
 * (forward only); otherwise `transposed` is scratch for width × pad16(count) bytes.
 * Returns the number of nonzero pixels.
 */
export function gatherLists(
  images: usize, labels: usize, width: i32, order: usize, start: i32, count: i32, pixelTable: usize, step: usize,
  rowOffs: usize, rowVals: usize, rowStarts: usize, colOffs: usize, colVals: usize, colStarts: usize, colEnds: usize,
  labelsOut: usize, transposed: usize,
): i32 {
  const n = gatherRows(images, labels, width, order, start, count, pixelTable, step, rowOffs, rowVals, rowStarts, labelsOut);
  if (colOffs != 0) gatherColumns(images, width, order, start, count, pixelTable, step, colOffs, colVals, colStarts, colEnds, transposed);
  return n;
}

/** gatherLists' row lists and labels. */
export function gatherRows(
  images: usize, labels: usize, width: i32, order: usize, start: i32, count: i32, pixelTable: usize, step: usize,
  rowOffs: usize, rowVals: usize, rowStarts: usize, labelsOut: usize,
): i32 {
  // Touch every cache line of the batch's rows first: independent loads the processor can have
  // in flight together, where the scan below would wait for each row's misses in turn.
  let touched: u32 = 0;
  for (let r = 0; r < count; r++) {
    const src = exampleAt(images, width, order, start, r);
    for (let c = 0; c < width; c += 64) touched += load<u8>(src + <usize>c);
  }
  prefetchSink = touched;
  let n = 0;
  for (let r = 0; r < count; r++) {
    const src = exampleAt(images, width, order, start, r);
    store<u8>(labelsOut + <usize>r, load<u8>(labels + (src - images) / <usize>width));
    store<i32>(rowStarts + (<usize>r << 2), n);
    n = appendNonzeroBytes(src, width, 0, step, pixelTable, rowOffs, rowVals, n);
  }
  store<i32>(rowStarts + (<usize>count << 2), n);
  return n;
}

/** gatherLists' column lists: the batch's bytes transposed (column c at c · ld), each column then scanned like a row. */
export function gatherColumns(
  images: usize, width: i32, order: usize, start: i32, count: i32, pixelTable: usize, step: usize,
  colOffs: usize, colVals: usize, colStarts: usize, colEnds: usize, transposed: usize,
): void {
  const ld = (count + 15) & ~15;
  for (let r0 = 0; r0 < count; r0 += 16) transposeRows(images, width, order, start, r0, min(16, count - r0), transposed + <usize>r0, <usize>ld);
  let m = 0;
  for (let c = 0; c < width; c++) {
    store<i32>(colStarts + (<usize>c << 2), m);
    m = appendNonzeroBytes(transposed + <usize>c * <usize>ld, ld, 0, step, pixelTable, colOffs, colVals, m);
    store<i32>(colEnds + (<usize>c << 2), m);
  }
}

/** Keeps the touching loads of gatherLists from being optimised away. */
let prefetchSink: u32 = 0;

@inline function exampleAt(images: usize, width: i32, order: usize, start: i32, r: i32): usize {
  const example = order != 0 ? load<u32>(order + (<usize>(start + r) << 2)) : <u32>(start + r);
  return images + <usize>example * <usize>width;
}

/**
 * Appends (index · step, pixel/255) for every nonzero byte of bytes[0 … length), in order, to the
 * entry lists at cursor n; returns the new cursor. Sixteen bytes at a time, without a branch per
 * entry: each half of a chunk is compacted by a shuffle looked up by its nonzero mask, and its
 * eight candidates are stored at once (the lists need 8 entries of room past their end).
 * The value is f32(p) / 255 in float32, which is exactly Math.fround(p / 255) for every byte p:
 * p/255 is never within float64's rounding of a float32 tie (tests/engine/wasm-libm.test.ts checks
 * all 256), so the table the portable gather uses and this division agree.
 */
@inline function appendNonzeroBytes(bytes: usize, length: i32, first: i32, step: usize, pixelTable: usize, offs: usize, vals: usize, n: i32): i32 {
  const zero = i8x16.splat(0);
  const stepV = i32x4.splat(<i32>step);
  let c = first;
  for (; c + 16 <= length; c += 16) {
    const v = v128.load(bytes + <usize>c);
    const mask = i8x16.bitmask(i8x16.ne(v, zero));
    if (mask == 0) continue;
    const lo = mask & 0xff;
    const hi = mask >> 8;
    if (lo != 0) {
      n = emitEight(v, v128.load64_zero(compactTable() + (<usize>lo << 3)), c, stepV, offs, vals, n);
      n += popcnt<i32>(lo) - 8;
    }
    if (hi != 0) {
      n = emitEight(v, i8x16.add(v128.load64_zero(compactTable() + (<usize>hi << 3)), i8x16.splat(8)), c, stepV, offs, vals, n);
      n += popcnt<i32>(hi) - 8;
    }
  }
  for (; c < length; c++) {
    const pixel = load<u8>(bytes + <usize>c);
    if (pixel == 0) continue;
    const t4 = <usize>n << 2;
    store<u32>(offs + t4, <u32>(<usize>c * step));
    store<f32>(vals + t4, load<f32>(pixelTable + (<usize>pixel << 2)));
    n++;
  }
  return n;
}

/** Stores eight entries from the lanes of `v` that `pattern` picks (lanes ≥ 16 pick zero); returns n + 8. */
@inline function emitEight(v: v128, pattern: v128, c: i32, stepV: v128, offs: usize, vals: usize, n: i32): i32 {
  const at = offs + (<usize>n << 2);
  const index16 = i16x8.extend_low_i8x16_u(pattern);
  const base = i32x4.splat(c);
  v128.store(at, i32x4.mul(i32x4.add(i32x4.extend_low_i16x8_u(index16), base), stepV));
  v128.store(at, i32x4.mul(i32x4.add(i32x4.extend_high_i16x8_u(index16), base), stepV), 16);
  const pixels16 = i16x8.extend_low_i8x16_u(i8x16.swizzle(v, pattern));
  const to = vals + (<usize>n << 2);
  const scale = f32x4.splat(255);
  v128.store(to, f32x4.div(f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(pixels16)), scale));
  v128.store(to, f32x4.div(f32x4.convert_i32x4_u(i32x4.extend_high_i16x8_u(pixels16)), scale), 16);
  return n + 8;
}

/** For each 8-bit mask, the positions of its set bits in ascending order, then 0x80 (a zero lane). */
const COMPACT: usize = memory.data(256 * 8);
let compactReady = false;

@inline function compactTable(): usize {
  if (!compactReady) {
    for (let mask = 0; mask < 256; mask++) {
      let k = 0;
      for (let bit = 0; bit < 8; bit++) if ((mask >> bit) & 1) store<u8>(COMPACT + <usize>(mask * 8 + k++), <u8>bit);
      for (; k < 8; k++) store<u8>(COMPACT + <usize>(mask * 8 + k), 0x80);
    }
    compactReady = true;
  }
  return COMPACT;
}

/**
 * Rows r0 … r0+rows−1 of the batch (rows ≤ 16), transposed into dst: byte c of row r0+i goes to
 * dst[c · ld + i]; the rows past `rows` in a block of 16 are zero.
 */
function transposeRows(images: usize, width: i32, order: usize, start: i32, r0: i32, rows: i32, out: usize, ld: usize): void {
  const zero = i8x16.splat(0);
  // Sixteen source rows (the missing ones read as zeros).
  const p0 = exampleAt(images, width, order, start, r0);
  const p1 = rows > 1 ? exampleAt(images, width, order, start, r0 + 1) : 0;
  const p2 = rows > 2 ? exampleAt(images, width, order, start, r0 + 2) : 0;
  const p3 = rows > 3 ? exampleAt(images, width, order, start, r0 + 3) : 0;
  const p4 = rows > 4 ? exampleAt(images, width, order, start, r0 + 4) : 0;
  const p5 = rows > 5 ? exampleAt(images, width, order, start, r0 + 5) : 0;
  const p6 = rows > 6 ? exampleAt(images, width, order, start, r0 + 6) : 0;
  const p7 = rows > 7 ? exampleAt(images, width, order, start, r0 + 7) : 0;
  const p8 = rows > 8 ? exampleAt(images, width, order, start, r0 + 8) : 0;
  const p9 = rows > 9 ? exampleAt(images, width, order, start, r0 + 9) : 0;
  const p10 = rows > 10 ? exampleAt(images, width, order, start, r0 + 10) : 0;
  const p11 = rows > 11 ? exampleAt(images, width, order, start, r0 + 11) : 0;
  const p12 = rows > 12 ? exampleAt(images, width, order, start, r0 + 12) : 0;
  const p13 = rows > 13 ? exampleAt(images, width, order, start, r0 + 13) : 0;
  const p14 = rows > 14 ? exampleAt(images, width, order, start, r0 + 14) : 0;
  const p15 = rows > 15 ? exampleAt(images, width, order, start, r0 + 15) : 0;
  let c = 0;
  for (; c + 16 <= width; c += 16) {
    const cc = <usize>c;
    const x0 = v128.load(p0 + cc);
    const x1 = rows > 1 ? v128.load(p1 + cc) : zero;
    const x2 = rows > 2 ? v128.load(p2 + cc) : zero;
    const x3 = rows > 3 ? v128.load(p3 + cc) : zero;
    const x4 = rows > 4 ? v128.load(p4 + cc) : zero;
    const x5 = rows > 5 ? v128.load(p5 + cc) : zero;
    const x6 = rows > 6 ? v128.load(p6 + cc) : zero;
    const x7 = rows > 7 ? v128.load(p7 + cc) : zero;
    const x8 = rows > 8 ? v128.load(p8 + cc) : zero;
    const x9 = rows > 9 ? v128.load(p9 + cc) : zero;
    const x10 = rows > 10 ? v128.load(p10 + cc) : zero;
    const x11 = rows > 11 ? v128.load(p11 + cc) : zero;
    const x12 = rows > 12 ? v128.load(p12 + cc) : zero;
    const x13 = rows > 13 ? v128.load(p13 + cc) : zero;
    const x14 = rows > 14 ? v128.load(p14 + cc) : zero;
    const x15 = rows > 15 ? v128.load(p15 + cc) : zero;
    const dst = out + cc * ld;
    const any = v128.or(
      v128.or(v128.or(v128.or(x0, x1), v128.or(x2, x3)), v128.or(v128.or(x4, x5), v128.or(x6, x7))),
      v128.or(v128.or(v128.or(x8, x9), v128.or(x10, x11)), v128.or(v128.or(x12, x13), v128.or(x14, x15))),
    );
    if (!v128.any_true(any)) {
      // An empty block (MNIST's borders): sixteen zero columns.
      for (let k: usize = 0; k < 16; k++) v128.store(dst + k * ld, zero);
      continue;
    }
  const a0 = v128.shuffle<i8>(x0, x1, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
  const a1 = v128.shuffle<i8>(x0, x1, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
  const a2 = v128.shuffle<i8>(x2, x3, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
  const a3 = v128.shuffle<i8>(x2, x3, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
  const a4 = v128.shuffle<i8>(x4, x5, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
  const a5 = v128.shuffle<i8>(x4, x5, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
  const a6 = v128.shuffle<i8>(x6, x7, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
  const a7 = v128.shuffle<i8>(x6, x7, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
  const a8 = v128.shuffle<i8>(x8, x9, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
  const a9 = v128.shuffle<i8>(x8, x9, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
  const a10 = v128.shuffle<i8>(x10, x11, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
  const a11 = v128.shuffle<i8>(x10, x11, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
  const a12 = v128.shuffle<i8>(x12, x13, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
  const a13 = v128.shuffle<i8>(x12, x13, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
  const a14 = v128.shuffle<i8>(x14, x15, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
  const a15 = v128.shuffle<i8>(x14, x15, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
  const b0 = v128.shuffle<i16>(a0, a2, 0, 8, 1, 9, 2, 10, 3, 11);
  const b1 = v128.shuffle<i16>(a0, a2, 4, 12, 5, 13, 6, 14, 7, 15);
  const b2 = v128.shuffle<i16>(a1, a3, 0, 8, 1, 9, 2, 10, 3, 11);
  const b3 = v128.shuffle<i16>(a1, a3, 4, 12, 5, 13, 6, 14, 7, 15);
  const b4 = v128.shuffle<i16>(a4, a6, 0, 8, 1, 9, 2, 10, 3, 11);
  const b5 = v128.shuffle<i16>(a4, a6, 4, 12, 5, 13, 6, 14, 7, 15);
  const b6 = v128.shuffle<i16>(a5, a7, 0, 8, 1, 9, 2, 10, 3, 11);
  const b7 = v128.shuffle<i16>(a5, a7, 4, 12, 5, 13, 6, 14, 7, 15);
  const b8 = v128.shuffle<i16>(a8, a10, 0, 8, 1, 9, 2, 10, 3, 11);
  const b9 = v128.shuffle<i16>(a8, a10, 4, 12, 5, 13, 6, 14, 7, 15);
  const b10 = v128.shuffle<i16>(a9, a11, 0, 8, 1, 9, 2, 10, 3, 11);
  const b11 = v128.shuffle<i16>(a9, a11, 4, 12, 5, 13, 6, 14, 7, 15);
  const b12 = v128.shuffle<i16>(a12, a14, 0, 8, 1, 9, 2, 10, 3, 11);
  const b13 = v128.shuffle<i16>(a12, a14, 4, 12, 5, 13, 6, 14, 7, 15);
  const b14 = v128.shuffle<i16>(a13, a15, 0, 8, 1, 9, 2, 10, 3, 11);
  const b15 = v128.shuffle<i16>(a13, a15, 4, 12, 5, 13, 6, 14, 7, 15);
  const c0 = v128.shuffle<i32>(b0, b4, 0, 4, 1, 5);
  const c1 = v128.shuffle<i32>(b0, b4, 2, 6, 3, 7);
  const c2 = v128.shuffle<i32>(b1, b5, 0, 4, 1, 5);
  const c3 = v128.shuffle<i32>(b1, b5, 2, 6, 3, 7);
  const c4 = v128.shuffle<i32>(b2, b6, 0, 4, 1, 5);
  const c5 = v128.shuffle<i32>(b2, b6, 2, 6, 3, 7);
  const c6 = v128.shuffle<i32>(b3, b7, 0, 4, 1, 5);
  const c7 = v128.shuffle<i32>(b3, b7, 2, 6, 3, 7);
  const c8 = v128.shuffle<i32>(b8, b12, 0, 4, 1, 5);
  const c9 = v128.shuffle<i32>(b8, b12, 2, 6, 3, 7);
  const c10 = v128.shuffle<i32>(b9, b13, 0, 4, 1, 5);
  const c11 = v128.shuffle<i32>(b9, b13, 2, 6, 3, 7);
  const c12 = v128.shuffle<i32>(b10, b14, 0, 4, 1, 5);
  const c13 = v128.shuffle<i32>(b10, b14, 2, 6, 3, 7);
  const c14 = v128.shuffle<i32>(b11, b15, 0, 4, 1, 5);
  const c15 = v128.shuffle<i32>(b11, b15, 2, 6, 3, 7);
  v128.store(dst + 0 * ld, v128.shuffle<i64>(c0, c8, 0, 2));
  v128.store(dst + 1 * ld, v128.shuffle<i64>(c0, c8, 1, 3));
  v128.store(dst + 2 * ld, v128.shuffle<i64>(c1, c9, 0, 2));
  v128.store(dst + 3 * ld, v128.shuffle<i64>(c1, c9, 1, 3));
  v128.store(dst + 4 * ld, v128.shuffle<i64>(c2, c10, 0, 2));
  v128.store(dst + 5 * ld, v128.shuffle<i64>(c2, c10, 1, 3));
  v128.store(dst + 6 * ld, v128.shuffle<i64>(c3, c11, 0, 2));
  v128.store(dst + 7 * ld, v128.shuffle<i64>(c3, c11, 1, 3));
  v128.store(dst + 8 * ld, v128.shuffle<i64>(c4, c12, 0, 2));
  v128.store(dst + 9 * ld, v128.shuffle<i64>(c4, c12, 1, 3));
  v128.store(dst + 10 * ld, v128.shuffle<i64>(c5, c13, 0, 2));
  v128.store(dst + 11 * ld, v128.shuffle<i64>(c5, c13, 1, 3));
  v128.store(dst + 12 * ld, v128.shuffle<i64>(c6, c14, 0, 2));
  v128.store(dst + 13 * ld, v128.shuffle<i64>(c6, c14, 1, 3));
  v128.store(dst + 14 * ld, v128.shuffle<i64>(c7, c15, 0, 2));
  v128.store(dst + 15 * ld, v128.shuffle<i64>(c7, c15, 1, 3));
  }
  for (; c < width; c++) {
    const column = out + <usize>c * ld;
    for (let i = 0; i < 16; i++) store<u8>(column + <usize>i, i < rows ? load<u8>(exampleAt(images, width, order, start, r0 + i) + <usize>c) : 0);
  }
}

// ---- activations (src/engine/activations.ts's applyActivation) ----

// The `kind` codes (../resident.ts's ACTIVATION_CODES).
const SIGMOID = 0;
const IMPROVED_SIGMOID = 1;
const TANH = 2;

/**
 * a = f(z) and, unless fprime is 0, f'(z) for `count` contiguous entries; A and B are the
 * improved sigmoid's 1.7159 and 2/3, c its linear twist. Float64 arithmetic, float32 stores;
 * two entries at a time where both are in the vector functions' ranges, else one by one.
 */
export function activate(kind: i32, A: f64, B: f64, c: f64, z: usize, a: usize, fprime: usize, count: i32): void {
  let i = 0;
  if (kind == SIGMOID) {
    for (; i + 2 <= count; i += 2) {
      const at = <usize>i << 2;
      const zi = f64x2.promote_low_f32x4(v128.load64_zero(z + at));
      const x = f64x2.neg(f64x2.abs(zi));
      if (!inExpRange2(x)) {
        activateOne(kind, A, B, c, z, a, fprime, i);
        activateOne(kind, A, B, c, z, a, fprime, i + 1);
        continue;
      }
      const e = exp2(x);
      const d = f64x2.add(f64x2.splat(1), e);
      // z ≥ 0 ? 1/d : e/d
      const numerator = v128.bitselect(f64x2.splat(1), e, f64x2.ge(zi, f64x2.splat(0)));
      store2(a + at, f64x2.div(numerator, d));
      if (fprime != 0) store2(fprime + at, f64x2.div(e, f64x2.mul(d, d)));
    }
  } else if (kind == IMPROVED_SIGMOID || kind == TANH) {
    const improved = kind == IMPROVED_SIGMOID;
    for (; i + 2 <= count; i += 2) {
      const at = <usize>i << 2;
      const zi = f64x2.promote_low_f32x4(v128.load64_zero(z + at));
      const u = improved ? f64x2.mul(f64x2.splat(B), zi) : zi;
      const x = f64x2.mul(f64x2.splat(-2), f64x2.abs(u));
      if (!inTanhRange2(u) || !inExpRange2(x)) {
        activateOne(kind, A, B, c, z, a, fprime, i);
        activateOne(kind, A, B, c, z, a, fprime, i + 1);
        continue;
      }
      const t = tanh2(u);
      store2(a + at, improved ? f64x2.add(f64x2.mul(f64x2.splat(A), t), f64x2.mul(f64x2.splat(c), zi)) : t);
      if (fprime != 0) {
        const e = exp2(x);
        const d = f64x2.add(f64x2.splat(1), e);
        const numerator = improved ? f64x2.mul(f64x2.splat(A * B * 4), e) : f64x2.mul(f64x2.splat(4), e);
        const derivative = f64x2.div(numerator, f64x2.mul(d, d));
        store2(fprime + at, improved ? f64x2.add(derivative, f64x2.splat(c)) : derivative);
      }
    }
  } else {
    // ReLU: a = z > 0 ? z : 0, f' = z > 0 ? 1 : 0 — exact in float32.
    const zero = f32x4.splat(0);
    for (; i + 4 <= count; i += 4) {
      const at = <usize>i << 2;
      const zi = v128.load(z + at);
      const positive = f32x4.gt(zi, zero);
      v128.store(a + at, v128.and(zi, positive));
      if (fprime != 0) v128.store(fprime + at, v128.and(f32x4.splat(1), positive));
    }
  }
  for (; i < count; i++) activateOne(kind, A, B, c, z, a, fprime, i);
}

/** Rounds both lanes to float32 and stores them. */
@inline function store2(p: usize, v: v128): void {
  v128.store64_lane(p, f32x4.demote_f64x2_zero(v), 0);
}

/** Entry i, one at a time (activations.ts's applyActivation, line for line). */
function activateOne(kind: i32, A: f64, B: f64, c: f64, z: usize, a: usize, fprime: usize, i: i32): void {
  const at = <usize>i << 2;
  const zi = <f64>load<f32>(z + at);
  const withDerivative = fprime != 0;
  if (kind == SIGMOID) {
    const e = exp64(-abs<f64>(zi));
    const d = 1 + e;
    store<f32>(a + at, <f32>(zi >= 0 ? 1 / d : e / d));
    if (withDerivative) store<f32>(fprime + at, <f32>(e / (d * d)));
  } else if (kind == IMPROVED_SIGMOID) {
    const u = B * zi;
    store<f32>(a + at, <f32>(A * tanh64(u) + c * zi));
    if (withDerivative) {
      const e = exp64(-2 * abs<f64>(u));
      const d = 1 + e;
      store<f32>(fprime + at, <f32>((A * B * 4 * e) / (d * d) + c));
    }
  } else if (kind == TANH) {
    store<f32>(a + at, <f32>tanh64(zi));
    if (withDerivative) {
      const e = exp64(-2 * abs<f64>(zi));
      const d = 1 + e;
      store<f32>(fprime + at, <f32>((4 * e) / (d * d)));
    }
  } else {
    store<f32>(a + at, <f32>(zi > 0 ? zi : 0));
    if (withDerivative) store<f32>(fprime + at, <f32>(zi > 0 ? 1 : 0));
  }
}

// ---- the output layer (src/engine/softmax.ts) ----

let correctCount: i32 = 0;

/** The argmax hits of the last softmaxCrossEntropy call. */
export function lastCorrect(): i32 {
  return correctCount;
}

/**
 * For each of N rows of z (K logits): the cross-entropy −log ŷ_y from the logits, summed
 * over the rows in order and returned (crossEntropy's `total`; the argmax hits go to
 * lastCorrect()); unless probs is 0, also ŷ = softmax(z) into probs and δ = ŷ − y into
 * delta (row stride ldd). perExample (0 = none) receives each row's loss. `exps` is a
 * scratch of K doubles.
 */
export function softmaxCrossEntropy(
  z: usize, labels: usize, N: i32, K: i32, probs: usize, delta: usize, ldd: i32, perExample: usize, exps: usize,
): f64 {
  let total: f64 = 0;
  let correct = 0;
  for (let n = 0; n < N; n++) {
    const row = z + (<usize>(n * K) << 2);
    let max: f64 = -Infinity;
    let argmax = 0;
    for (let k = 0; k < K; k++) {
      const zk = <f64>load<f32>(row + (<usize>k << 2));
      if (zk > max) {
        max = zk;
        argmax = k;
      }
    }
    let sum: f64 = 0;
    for (let k = 0; k < K; k++) {
      const ek = exp64(<f64>load<f32>(row + (<usize>k << 2)) - max);
      store<f64>(exps + (<usize>k << 3), ek);
      sum += ek;
    }
    const y = <i32>load<u8>(labels + <usize>n);
    const loss = log64(sum) - (<f64>load<f32>(row + (<usize>y << 2)) - max);
    if (perExample != 0) store<f64>(perExample + (<usize>n << 3), loss);
    total += loss;
    if (argmax == y) correct++;
    if (probs != 0) {
      const p = probs + (<usize>(n * K) << 2);
      const d = delta + (<usize>(n * ldd) << 2);
      for (let k = 0; k < K; k++) {
        const yhat = <f32>(load<f64>(exps + (<usize>k << 3)) / sum);
        store<f32>(p + (<usize>k << 2), yhat);
        store<f32>(d + (<usize>k << 2), <f32>(<f64>yhat - (k == y ? 1.0 : 0.0)));
      }
    }
  }
  correctCount = correct;
  return total;
}

// ---- the backward pass's elementwise parts (src/engine/backward.ts) ----

/**
 * δ[r][j] = f'(z)[r][j] · δ[r][j] for r < N, j < n (δ with row stride ldd, f' contiguous):
 * the product of two float32 numbers rounded once, as the float64 product stored into float32.
 */
export function timesDerivative(delta: usize, ldd: i32, fprime: usize, N: i32, n: i32): void {
  for (let r = 0; r < N; r++) {
    const d = delta + (<usize>(r * ldd) << 2);
    const f = fprime + (<usize>(r * n) << 2);
    let j = 0;
    for (; j + 4 <= n; j += 4) v128.store(d + (<usize>j << 2), f32x4.mul(v128.load(f + (<usize>j << 2)), v128.load(d + (<usize>j << 2))));
    for (; j < n; j++) store<f32>(d + (<usize>j << 2), load<f32>(f + (<usize>j << 2)) * load<f32>(d + (<usize>j << 2)));
  }
}

/** ∂C/∂b_j = f32((Σ_r δ[r][j]) / N): float64 sums over r in order (δ with row stride ldd). */
export function biasGradient(delta: usize, ldd: i32, N: i32, n: i32, sums: usize, out: usize): void {
  for (let j = 0; j < n; j++) store<f64>(sums + (<usize>j << 3), 0);
  for (let r = 0; r < N; r++) {
    const d = delta + (<usize>(r * ldd) << 2);
    for (let j = 0; j < n; j++) {
      const s = sums + (<usize>j << 3);
      store<f64>(s, load<f64>(s) + <f64>load<f32>(d + (<usize>j << 2)));
    }
  }
  for (let j = 0; j < n; j++) store<f32>(out + (<usize>j << 2), <f32>(load<f64>(sums + (<usize>j << 3)) / <f64>N));
}

// ---- the update (src/engine/update.ts), straight from the unscaled gradient sums ----

@inline function lo64(x: v128): v128 {
  return f64x2.promote_low_f32x4(x);
}

@inline function hi64(x: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 2, 3));
}

@inline function to32(lo: v128, hi: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/** Lanes that are ±∞ or NaN (x − x is NaN exactly there). */
@inline function nonFinite(x: v128): v128 {
  return f32x4.ne(f32x4.sub(x, x), f32x4.splat(0));
}

let sawNonFinite: bool = false;

/** Whether an update since the last call wrote a non-finite parameter (and resets the flag). */
export function takeNonFinite(): bool {
  const saw = sawNonFinite;
  sawNonFinite = false;
  return saw;
}

/**
 * One parameter array (count floats, a multiple of 4), updated out of place:
 *   g  = f32(sums · scale)                         the batch mean's gradient (scale = 1/N)
 *   SGD:      w' = f32(w − α·g)
 *   momentum: v' = f32(α·g + μ·v);  w' = f32(w − v')
 * in float64 as update.ts computes them. v = 0 is plain SGD. Notes any non-finite w'.
 */
export function update(w: usize, sums: usize, scale: f64, v: usize, count: i32, alpha: f64, mu: f64, wOut: usize, vOut: usize): void {
  const s2 = f64x2.splat(scale);
  const a2 = f64x2.splat(alpha);
  const m2 = f64x2.splat(mu);
  let bad = i32x4.splat(0);
  for (let i = 0; i < count; i += 4) {
    const at = <usize>i << 2;
    const sums4 = v128.load(sums + at);
    const g = to32(f64x2.mul(lo64(sums4), s2), f64x2.mul(hi64(sums4), s2));
    const w4 = v128.load(w + at);
    let w4new: v128;
    if (v != 0) {
      const v4 = v128.load(v + at);
      const v4new = to32(
        f64x2.add(f64x2.mul(a2, lo64(g)), f64x2.mul(m2, lo64(v4))),
        f64x2.add(f64x2.mul(a2, hi64(g)), f64x2.mul(m2, hi64(v4))),
      );
      v128.store(vOut + at, v4new);
      w4new = to32(f64x2.sub(lo64(w4), lo64(v4new)), f64x2.sub(hi64(w4), hi64(v4new)));
    } else {
      w4new = to32(f64x2.sub(lo64(w4), f64x2.mul(a2, lo64(g))), f64x2.sub(hi64(w4), f64x2.mul(a2, hi64(g))));
    }
    v128.store(wOut + at, w4new);
    bad = v128.or(bad, nonFinite(w4new));
  }
  if (v128.any_true(bad)) sawNonFinite = true;
}

/** dst[c·ldd + r] = src[r·lds + c] for r < rows, c < cols (strided transpose, any sizes). */
export function transpose(src: usize, rows: i32, cols: i32, lds: i32, dst: usize, ldd: i32): void {
  for (let r = 0; r < rows; r++) {
    const s = src + (<usize>(r * lds) << 2);
    for (let c = 0; c < cols; c++) store<f32>(dst + (<usize>(c * ldd + r) << 2), load<f32>(s + (<usize>c << 2)));
  }
}
