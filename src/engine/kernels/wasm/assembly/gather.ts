// The batch of the resident training loop (../resident.ts): pixel bytes → the entry lists of the
// input layer's sparse products (src/engine/dataset.ts's gatherBatch, without the dense batch).
// All addresses are byte offsets; nothing allocates.

// ---- the batch: pixel bytes → entry lists (src/engine/dataset.ts's gatherBatch) ----

/**
 * A batch gathered from the resident pixel bytes (`width` per image): examples order[start + r]
 * (or start + r when order is 0), r < count, as the two entry lists the input layer's products
 * use, without ever writing the dense batch — row r lists its nonzero pixels c in ascending c
 * (offs = c · step, for the forward product A·Wᵀ: gatherRows), column c its nonzero rows r in
 * ascending r (offs = r · step, for the weight gradient Aᵀ·δ: gatherColumns). Values are the
 * float32 of pixel/255, as gatherBatch stores them.
 */
/** The row lists and the labels; returns the number of nonzero pixels. */
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

/** The column lists: the batch's bytes transposed (column c at c · ld), each column then scanned like a row. */
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

/** Keeps the touching loads of gatherRows from being optimised away. */
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
