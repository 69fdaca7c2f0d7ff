// Data the resident training loops of a thread share inside its WebAssembly module: the labelled
// images (copied in once per thread, whole ArrayBuffers at a time, so a set's slices — the
// training and validation sets of one file — are found there too) and the pixel table.
// The images must not change once a run has started on them.

import { PIXEL_SCALE, type LabelledImages } from '../../dataset';
import type { Arena } from './module';

/** Where a labelled set's bytes are in the module. */
export interface ResidentSet {
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

export function residentSet(arena: Arena, set: LabelledImages): ResidentSet {
  return { images: residentBytes(arena, set.images), labels: residentBytes(arena, set.labels) };
}

const pixelTables = new WeakMap<Arena, number>();

/** The float32 of pixel/255 for every byte, as gatherBatch stores them (the gather's byte-at-a-time tail reads it). */
export function pixelTable(arena: Arena): number {
  let address = pixelTables.get(arena);
  if (address === undefined) {
    address = arena.reserve(256 * 4);
    arena.f32(address, 256).set(PIXEL_SCALE);
    pixelTables.set(arena, address);
  }
  return address;
}
