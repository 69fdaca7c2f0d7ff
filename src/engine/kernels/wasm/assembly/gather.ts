// The batch of the resident training loop (../resident.ts): images → the entry lists of the
// input layer's sparse products (src/engine/dataset.ts's gatherBatch, without the dense batch).
// All addresses are byte offsets; nothing allocates.
//
// The images live in the module as sparse blocks, one per image, encoded once per data set
// (../resident-data.ts): a u16 count n, the n column indices c of its nonzero pixels in
// ascending c (u16), then their n bytes. MNIST's images are four-fifths zeros, so a block is
// about 450 bytes where the image is 784: a shuffled batch reads fewer cache lines, and the
// gather widens entries instead of scanning and compacting every byte of every row. A table of
// block addresses (u32, one per image) finds them. Values are the float32 of pixel/255, as
// gatherBatch stores them.

// ---- encoding: pixel bytes → sparse blocks (once per data set) ----

/** Bytes of one image's block: the count, n indices and n bytes, rounded up to 16. */
@inline function blockBytes(n: i32): i32 {
  return (2 + 3 * n + 15) & ~15;
}

/** The nonzero bytes of bytes[0 … width). */
function countNonzeroBytes(bytes: usize, width: i32): i32 {
  const zero = i8x16.splat(0);
  let n = 0;
  let c = 0;
  for (; c + 16 <= width; c += 16) n += popcnt<i32>(i8x16.bitmask(i8x16.ne(v128.load(bytes + <usize>c), zero)));
  for (; c < width; c++) n += <i32>(load<u8>(bytes + <usize>c) != 0);
  return n;
}

/** The bytes the blocks of `count` images (`width` bytes each) take. */
export function sparseBlocksBytes(images: usize, width: i32, count: i32): i32 {
  let total = 0;
  for (let e = 0; e < count; e++) total += blockBytes(countNonzeroBytes(images + <usize>e * <usize>width, width));
  return total;
}

/**
 * Encodes `count` images (`width` ≤ 65535 bytes each) as blocks from `blocks` on, their addresses
 * into blockAt[0 … count); returns the address past the last block. The blocks' memory needs 512
 * bytes of room past its end (the last block's bytes are stored eight at a time, and gatherRows
 * touches the first 512 bytes of every block).
 */
export function encodeSparseBlocks(images: usize, width: i32, count: i32, blockAt: usize, blocks: usize): usize {
  let at = blocks;
  for (let e = 0; e < count; e++) {
    const bytes = images + <usize>e * <usize>width;
    const n = countNonzeroBytes(bytes, width);
    store<u32>(blockAt + (<usize>e << 2), <u32>at);
    store<u16>(at, <u16>n);
    // Indices first: their eight-at-a-time stores may run into the bytes' place, which the second pass then writes.
    encodeIndices(bytes, width, at + 2);
    encodeBytes(bytes, width, at + 2 + (<usize>n << 1));
    at += <usize>blockBytes(n);
  }
  return at;
}

/** The ascending column indices of the nonzero bytes, as u16, eight candidates stored at a time. */
function encodeIndices(bytes: usize, width: i32, out: usize): void {
  const zero = i8x16.splat(0);
  let k = 0;
  let c = 0;
  for (; c + 16 <= width; c += 16) {
    const mask = i8x16.bitmask(i8x16.ne(v128.load(bytes + <usize>c), zero));
    const lo = mask & 0xff;
    const hi = mask >> 8;
    if (lo != 0) {
      v128.store(out + (<usize>k << 1), i16x8.add(i16x8.extend_low_i8x16_u(v128.load64_zero(compactTable() + (<usize>lo << 3))), i16x8.splat(<i16>c)));
      k += popcnt<i32>(lo);
    }
    if (hi != 0) {
      v128.store(out + (<usize>k << 1), i16x8.add(i16x8.extend_low_i8x16_u(v128.load64_zero(compactTable() + (<usize>hi << 3))), i16x8.splat(<i16>(c + 8))));
      k += popcnt<i32>(hi);
    }
  }
  for (; c < width; c++) {
    if (load<u8>(bytes + <usize>c) == 0) continue;
    store<u16>(out + (<usize>k << 1), <u16>c);
    k++;
  }
}

/** The nonzero bytes in ascending column order, eight candidates stored at a time. */
function encodeBytes(bytes: usize, width: i32, out: usize): void {
  const zero = i8x16.splat(0);
  let k = 0;
  let c = 0;
  for (; c + 16 <= width; c += 16) {
    const v = v128.load(bytes + <usize>c);
    const mask = i8x16.bitmask(i8x16.ne(v, zero));
    const lo = mask & 0xff;
    const hi = mask >> 8;
    if (lo != 0) {
      v128.store64_lane(out + <usize>k, i8x16.swizzle(v, v128.load64_zero(compactTable() + (<usize>lo << 3))), 0);
      k += popcnt<i32>(lo);
    }
    if (hi != 0) {
      const pattern = i8x16.add(v128.load64_zero(compactTable() + (<usize>hi << 3)), i8x16.splat(8));
      v128.store64_lane(out + <usize>k, i8x16.swizzle(v, pattern), 0);
      k += popcnt<i32>(hi);
    }
  }
  for (; c < width; c++) {
    const pixel = load<u8>(bytes + <usize>c);
    if (pixel == 0) continue;
    store<u8>(out + <usize>k, pixel);
    k++;
  }
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

// ---- the batch: sparse blocks → entry lists ----
//
// A batch is examples order[start + r] (or start + r when order is 0), r < count. Row r of the
// forward product A·Wᵀ lists its nonzero pixels c in ascending c (offs = c · step: gatherRows);
// column c of the weight gradient Aᵀ·δ lists its nonzero rows r in ascending r (offs = r · step:
// gatherColumns), each column in its own room of `count` entries from c · count on.

@inline function blockOf(blockAt: usize, order: usize, start: i32, r: i32): usize {
  const example = order != 0 ? load<u32>(order + (<usize>(start + r) << 2)) : <u32>(start + r);
  return <usize>load<u32>(blockAt + (<usize>example << 2));
}

@inline function labelOf(labels: usize, order: usize, start: i32, r: i32): u8 {
  const example = order != 0 ? load<u32>(order + (<usize>(start + r) << 2)) : <u32>(start + r);
  return load<u8>(labels + <usize>example);
}

/** Keeps the touching loads of gatherRows from being optimised away. */
let prefetchSink: u32 = 0;

/** The row lists and the labels; returns the number of entries. The lists need 8 entries of room past their end. */
export function gatherRows(
  blockAt: usize, labels: usize, order: usize, start: i32, count: i32, step: usize,
  rowOffs: usize, rowVals: usize, rowStarts: usize, labelsOut: usize,
): i32 {
  // Touch every cache line of the batch's blocks first: independent loads the processor can
  // have in flight together, where the widening below would wait for each block's misses in turn.
  // The first 512 bytes (most blocks: MNIST averages 150 nonzero pixels, 450 bytes) without
  // waiting for the block's count; the rest of a longer block after it.
  let touched: u32 = 0;
  for (let r = 0; r < count; r++) {
    const block = blockOf(blockAt, order, start, r);
    touched += load<u8>(block) + load<u8>(block, 64) + load<u8>(block, 128) + load<u8>(block, 192)
      + load<u8>(block, 256) + load<u8>(block, 320) + load<u8>(block, 384) + load<u8>(block, 448);
  }
  for (let r = 0; r < count; r++) {
    const block = blockOf(blockAt, order, start, r);
    const end = block + 2 + 3 * <usize>load<u16>(block);
    for (let p = block + 512; p < end; p += 64) touched += load<u8>(p);
  }
  prefetchSink = touched;
  const stepV = i32x4.splat(<i32>step);
  const scale = f32x4.splat(255);
  let n = 0;
  for (let r = 0; r < count; r++) {
    store<u8>(labelsOut + <usize>r, labelOf(labels, order, start, r));
    store<i32>(rowStarts + (<usize>r << 2), n);
    const block = blockOf(blockAt, order, start, r);
    const entries = <i32>load<u16>(block);
    const indices = block + 2;
    const pixels = indices + (<usize>entries << 1);
    const offs = rowOffs + (<usize>n << 2);
    const vals = rowVals + (<usize>n << 2);
    // Eight entries at a time; the last group's extra lanes land past the row's end, where the next row (or the slack) is.
    for (let t = 0; t < entries; t += 8) {
      const t4 = <usize>t << 2;
      const c16 = v128.load(indices + (<usize>t << 1));
      v128.store(offs + t4, i32x4.mul(i32x4.extend_low_i16x8_u(c16), stepV));
      v128.store(offs + t4, i32x4.mul(i32x4.extend_high_i16x8_u(c16), stepV), 16);
      const p16 = i16x8.extend_low_i8x16_u(v128.load64_zero(pixels + <usize>t));
      v128.store(vals + t4, f32x4.div(f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(p16)), scale));
      v128.store(vals + t4, f32x4.div(f32x4.convert_i32x4_u(i32x4.extend_high_i16x8_u(p16)), scale), 16);
    }
    n += entries;
  }
  store<i32>(rowStarts + (<usize>count << 2), n);
  return n;
}

/**
 * The column lists, from the blocks gatherRows has just brought into the cache: each entry goes
 * to the end of its column's list, rows in ascending order, as an (offset, value) pair — one
 * array, so the 784 lists being appended to touch half the cache lines two arrays would.
 * colStarts[c] = c · count, colEnds[c] past its last entry (in entries). pixelTable holds
 * f32(p/255) for every byte p (the same bits as the rows' division: tests/engine/wasm-libm.test.ts).
 */
export function gatherColumns(
  blockAt: usize, order: usize, start: i32, count: i32, width: i32, pixelTable: usize, step: usize,
  colPairs: usize, colStarts: usize, colEnds: usize,
): void {
  for (let c = 0; c < width; c++) {
    store<i32>(colStarts + (<usize>c << 2), c * count);
    store<i32>(colEnds + (<usize>c << 2), c * count);
  }
  for (let r = 0; r < count; r++) {
    const offset = <u32>(<usize>r * step);
    const block = blockOf(blockAt, order, start, r);
    const entries = <i32>load<u16>(block);
    const indices = block + 2;
    const pixels = indices + (<usize>entries << 1);
    for (let t = 0; t < entries; t++) {
      const end = colEnds + (<usize>load<u16>(indices + (<usize>t << 1)) << 2);
      const at = colPairs + (<usize>load<i32>(end) << 3);
      store<u32>(at, offset);
      store<f32>(at, load<f32>(pixelTable + (<usize>load<u8>(pixels + <usize>t) << 2)), 4);
      store<i32>(end, load<i32>(end) + 1);
    }
  }
}
