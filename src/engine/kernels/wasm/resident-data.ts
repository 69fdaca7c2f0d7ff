// Data the resident training loops of a thread share inside its WebAssembly module: the labelled
// images and the pixel table. Images are kept as sparse blocks (assembly/gather.ts: each image's
// nonzero pixels as column indices and bytes), encoded once per thread and per ArrayBuffer — the
// whole buffer, so a set's slices (the training and validation sets of one file, the training
// images a check scores) are found there too. The bytes themselves are never kept: they pass
// through the module's scratch a chunk at a time. The images must not change once a run has
// started on them.

import { PIXEL_SCALE, type LabelledImages } from '../../dataset';
import type { Arena } from './module';

/** Where a labelled set is in the module. */
export interface ResidentSet {
  /** u32 addresses of the set's image blocks, example 0 first. */
  readonly blockAt: number;
  readonly labels: number;
}

/** The widest image a block's u16 column indices can describe. */
export const MAX_RESIDENT_WIDTH = 65535;

/** Images encoded per call: the chunk of bytes that passes through scratch. */
const ENCODE_CHUNK = 2048;

/** Encoded image buffers, by arena, buffer and `${width}:${first byte}`: the address of example 0's block address. */
const residentImages = new WeakMap<Arena, WeakMap<ArrayBufferLike, Map<string, number>>>();
/** Copies of whole label buffers, by arena. */
const residentLabels = new WeakMap<Arena, WeakMap<ArrayBufferLike, number>>();

function byBuffer<T>(cache: WeakMap<Arena, WeakMap<ArrayBufferLike, T>>, arena: Arena): WeakMap<ArrayBufferLike, T> {
  let buffers = cache.get(arena);
  if (!buffers) {
    buffers = new WeakMap();
    cache.set(arena, buffers);
  }
  return buffers;
}

/** The address of `bytes` inside the module, copying its whole buffer the first time. */
function residentBytes(arena: Arena, bytes: Uint8Array): number {
  const buffers = byBuffer(residentLabels, arena);
  let address = buffers.get(bytes.buffer);
  if (address === undefined) {
    const length = bytes.buffer.byteLength;
    address = arena.reserve(length);
    arena.u8(address, length).set(new Uint8Array(bytes.buffer, 0, length));
    buffers.set(bytes.buffer, address);
  }
  return address + bytes.byteOffset;
}

/**
 * Encodes every whole image of `buffer` from byte `first` on (`width` bytes each) and returns
 * the address of the table of their block addresses. Two passes through scratch: the blocks'
 * size, then the blocks.
 */
function encodeImages(arena: Arena, buffer: ArrayBufferLike, first: number, width: number): number {
  const ex = arena.exports;
  const count = Math.floor((buffer.byteLength - first) / width);
  const eachChunk = (visit: (scratch: number, from: number, images: number) => void) => {
    for (let from = 0; from < count; from += ENCODE_CHUNK) {
      const images = Math.min(ENCODE_CHUNK, count - from);
      const scratch = arena.scratchBase;
      arena.ensure(scratch + images * width + 16);
      arena.u8(scratch, images * width).set(new Uint8Array(buffer, first + from * width, images * width));
      visit(scratch, from, images);
    }
  };
  let bytes = 0;
  eachChunk((scratch, _, images) => (bytes += ex.sparseBlocksBytes(scratch, width, images)));
  const blockAt = arena.reserve(count * 4);
  // Room past the last block: the encoder's eight-at-a-time stores, the gather's touches of a block's first 512 bytes.
  let cursor = arena.reserve(bytes + 512);
  eachChunk((scratch, from, images) => (cursor = ex.encodeSparseBlocks(scratch, width, images, blockAt + from * 4, cursor)));
  return blockAt;
}

export function residentSet(arena: Arena, set: LabelledImages): ResidentSet {
  const width = set.inputSize;
  if (width > MAX_RESIDENT_WIDTH) throw new RangeError(`images of ${width} pixels are wider than the resident loop's ${MAX_RESIDENT_WIDTH}`);
  const { buffer, byteOffset } = set.images;
  const first = byteOffset % width;
  const encodings = byBuffer(residentImages, arena);
  let forBuffer = encodings.get(buffer);
  if (!forBuffer) {
    forBuffer = new Map();
    encodings.set(buffer, forBuffer);
  }
  const key = `${width}:${first}`;
  let blockAt = forBuffer.get(key);
  if (blockAt === undefined) {
    blockAt = encodeImages(arena, buffer, first, width);
    forBuffer.set(key, blockAt);
  }
  return { blockAt: blockAt + ((byteOffset - first) / width) * 4, labels: residentBytes(arena, set.labels) };
}

const pixelTables = new WeakMap<Arena, number>();

/** The float32 of pixel/255 for every byte, as gatherBatch stores them (the column lists read it). */
export function pixelTable(arena: Arena): number {
  let address = pixelTables.get(arena);
  if (address === undefined) {
    address = arena.reserve(256 * 4);
    arena.f32(address, 256).set(PIXEL_SCALE);
    pixelTables.set(arena, address);
  }
  return address;
}
