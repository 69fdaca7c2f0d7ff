// The batch's digits side by side in one image, so the samples strip is one canvas and
// one putImageData: example n occupies columns n·(side + gap) … +side; the gaps are NaN
// (transparent through the LUT).

export interface ThumbnailSheet {
  readonly values: Float32Array;
  readonly rows: number;
  readonly cols: number;
  readonly pitch: number;
}

/** Examples `count` × side² (row-major images, one per row of `inputs`) as one side × count·pitch sheet. */
export function thumbnailSheet(inputs: ArrayLike<number>, count: number, side: number, gap = 1): ThumbnailSheet {
  const pitch = side + gap;
  const cols = Math.max(1, count * pitch - gap);
  const values = new Float32Array(side * cols).fill(Number.NaN);
  const size = side * side;
  for (let n = 0; n < count; n++) {
    for (let r = 0; r < side; r++) {
      const from = n * size + r * side;
      const to = r * cols + n * pitch;
      for (let c = 0; c < side; c++) values[to + c] = inputs[from + c];
    }
  }
  return { values, rows: side, cols, pitch };
}
