// Labelled images as the engine sees them: bytes in, [0, 1] floats out. The MNIST
// loader (src/data) produces these; the engine never knows where they came from.

import type { FloatArray } from './types';

export interface LabelledImages {
  /** count × inputSize pixel bytes (0–255), row-major. */
  readonly images: Uint8Array;
  /** count labels in [0, classes). */
  readonly labels: Uint8Array;
  readonly count: number;
  /** Pixels per image (784 for 28×28). */
  readonly inputSize: number;
}

/** x = pixel / 255, looked up so every path scales a byte identically. */
export const PIXEL_SCALE: Float64Array = (() => {
  const table = new Float64Array(256);
  for (let p = 0; p < 256; p++) table[p] = p / 255;
  return table;
})();

/** A contiguous slice [start, start + count) of a set, sharing its bytes. */
export function sliceImages(set: LabelledImages, start: number, count: number): LabelledImages {
  if (start < 0 || count < 0 || start + count > set.count) {
    throw new RangeError(`slice [${start}, ${start + count}) is outside a set of ${set.count}`);
  }
  return {
    images: set.images.subarray(start * set.inputSize, (start + count) * set.inputSize),
    labels: set.labels.subarray(start, start + count),
    count,
    inputSize: set.inputSize,
  };
}

/**
 * Copy examples order[start … start+count) (or start … start+count when order is null)
 * into a batch: inputs scaled to [0, 1], labels alongside.
 */
export function gatherBatch(
  set: LabelledImages,
  order: Uint32Array | null,
  start: number,
  count: number,
  inputsOut: FloatArray,
  labelsOut: Uint8Array,
): void {
  const d = set.inputSize;
  for (let r = 0; r < count; r++) {
    const example = order ? order[start + r] : start + r;
    const source = example * d;
    const target = r * d;
    for (let i = 0; i < d; i++) inputsOut[target + i] = PIXEL_SCALE[set.images[source + i]];
    labelsOut[r] = set.labels[example];
  }
}
