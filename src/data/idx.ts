// IDX files (the format MNIST ships in): a big-endian header — two zero bytes, a
// data-type byte, a dimension count, then one 32-bit size per dimension — followed
// by the data. Only unsigned bytes (type 0x08) occur in MNIST, so only they are read.
// Pure: works on a Uint8Array in Node, a worker and the page, and never copies data.

import type { LabelledImages } from '../engine/dataset';
import { plural } from '../format';

const UNSIGNED_BYTE = 0x08;
const IMAGES_MAGIC = 0x00000803; // unsigned bytes, 3 dimensions: count × rows × cols
const LABELS_MAGIC = 0x00000801; // unsigned bytes, 1 dimension: count

export interface IdxImages {
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  /** count × rows × cols bytes, a view into the file's bytes. */
  readonly pixels: Uint8Array;
}

export interface IdxLabels {
  readonly count: number;
  /** count bytes, a view into the file's bytes. */
  readonly labels: Uint8Array;
}

/** A file's bytes with the name used in error messages. */
export interface NamedBytes {
  readonly name: string;
  readonly bytes: Uint8Array;
}

function hex32(value: number): string {
  return '0x' + (value >>> 0).toString(16).padStart(8, '0');
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
}

/** Checks the header of an unsigned-byte IDX file and returns its dimensions and data view. */
function parseUnsignedByteIdx(
  bytes: Uint8Array,
  name: string,
  expectedMagic: number,
  what: string,
): { dims: number[]; data: Uint8Array } {
  const dimensions = expectedMagic & 0xff;
  const headerBytes = 4 + 4 * dimensions;
  if (bytes.length < 4) {
    throw new Error(`${name}: truncated — ${bytes.length} bytes, too short for the 4-byte IDX magic number`);
  }
  const magic = readUint32(bytes, 0);
  if (magic !== expectedMagic) {
    const type = bytes[2];
    const detail =
      bytes[0] !== 0 || bytes[1] !== 0
        ? 'not an IDX file (its first two bytes must be zero)'
        : type !== UNSIGNED_BYTE
          ? `data type 0x${type.toString(16).padStart(2, '0')}, only unsigned bytes (0x08) are supported`
          : `${bytes[3]} dimensions`;
    throw new Error(
      `${name}: wrong magic number ${hex32(magic)}, expected ${hex32(expectedMagic)} ` +
        `(${what}: unsigned bytes, ${plural(dimensions, 'dimension')}) — ${detail}`,
    );
  }
  if (bytes.length < headerBytes) {
    throw new Error(
      `${name}: truncated — ${bytes.length} bytes, shorter than the ${headerBytes}-byte header of a ` +
        `${dimensions}-dimensional IDX file`,
    );
  }
  const dims: number[] = [];
  for (let d = 0; d < dimensions; d++) dims.push(readUint32(bytes, 4 + 4 * d));
  const dataBytes = dims.reduce((product, size) => product * size, 1);
  const found = bytes.length - headerBytes;
  const promise = `header promises ${dims.length > 1 ? `${dims.join('×')} = ` : ''}${dataBytes} bytes of data`;
  if (found < dataBytes) throw new Error(`${name}: truncated — ${promise}, found ${found}`);
  if (found > dataBytes) {
    throw new Error(`${name}: ${found - dataBytes} bytes of trailing garbage — ${promise}, found ${found}`);
  }
  // A plain Uint8Array view (not a Node Buffer subclass), sharing the file's memory.
  const data = new Uint8Array(bytes.buffer, bytes.byteOffset + headerBytes, dataBytes);
  return { dims, data };
}

/** Parses an IDX images file (magic 0x00000803: count × rows × cols unsigned bytes). */
export function parseIdxImages(bytes: Uint8Array, name: string): IdxImages {
  const { dims, data } = parseUnsignedByteIdx(bytes, name, IMAGES_MAGIC, 'images');
  const [count, rows, cols] = dims;
  return { count, rows, cols, pixels: data };
}

/** Parses an IDX labels file (magic 0x00000801: count unsigned bytes). */
export function parseIdxLabels(bytes: Uint8Array, name: string): IdxLabels {
  const { dims, data } = parseUnsignedByteIdx(bytes, name, LABELS_MAGIC, 'labels');
  return { count: dims[0], labels: data };
}

/**
 * Pairs an images file with its labels file: the counts must agree and every label
 * must be a class in [0, classes). The result shares the files' bytes.
 */
export function labelledImagesFromIdx(images: NamedBytes, labels: NamedBytes, classes = 10): LabelledImages {
  const parsedImages = parseIdxImages(images.bytes, images.name);
  const parsedLabels = parseIdxLabels(labels.bytes, labels.name);
  if (parsedImages.count !== parsedLabels.count) {
    throw new Error(
      `${images.name} / ${labels.name}: count mismatch — ${parsedImages.count} images but ${parsedLabels.count} labels`,
    );
  }
  const values = parsedLabels.labels;
  for (let n = 0; n < values.length; n++) {
    if (values[n] >= classes) {
      throw new Error(`${labels.name}: bad label ${values[n]} at index ${n}, expected 0–${classes - 1}`);
    }
  }
  return {
    images: parsedImages.pixels,
    labels: values,
    count: parsedImages.count,
    inputSize: parsedImages.rows * parsedImages.cols,
  };
}
