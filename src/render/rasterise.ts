// Dense row-major numbers → RGBA pixels through a colour LUT, by index: one multiply-add,
// one clamp and one 32-bit copy per pixel; no colour objects, no strings. The caller puts
// the bytes on a canvas with one putImageData.

import { indexScale, type ColourLut, type Domain } from './colour';

/** A matrix inside a flat array: element (r, c) is values[offset + r·stride + c]. */
export interface MatrixSource {
  readonly values: ArrayLike<number>;
  readonly rows: number;
  readonly cols: number;
  /** Index of element (0, 0); default 0. */
  readonly offset?: number;
  /** Elements from one row to the next; default cols. */
  readonly stride?: number;
}

/** RGBA bytes of an image `width` pixels wide; the matrix lands with its (0, 0) at pixel (x, y). */
export interface RasterTarget {
  readonly pixels: Uint8ClampedArray;
  readonly width: number;
  readonly x?: number;
  readonly y?: number;
}

function wholeAtLeast(value: number, min: number, name: string): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be a whole number ≥ ${min}, got ${value}`);
}

/** Throws a RangeError naming the first bad field of a source or target. */
export function checkRaster(source: MatrixSource, target: RasterTarget): void {
  const { rows, cols, offset = 0, stride = cols } = source;
  wholeAtLeast(rows, 1, 'rows');
  wholeAtLeast(cols, 1, 'cols');
  wholeAtLeast(offset, 0, 'offset');
  wholeAtLeast(stride, cols, 'stride');
  const last = offset + (rows - 1) * stride + cols;
  if (last > source.values.length) throw new RangeError(`a ${rows}×${cols} matrix at offset ${offset}, stride ${stride} needs ${last} values, got ${source.values.length}`);
  const { width, x = 0, y = 0 } = target;
  wholeAtLeast(width, 1, 'target width');
  wholeAtLeast(x, 0, 'target x');
  wholeAtLeast(y, 0, 'target y');
  if (target.pixels.length % (4 * width) !== 0) throw new RangeError(`target pixels (${target.pixels.length} bytes) are not whole rows of ${width} RGBA pixels`);
  const height = target.pixels.length / (4 * width);
  if (x + cols > width || y + rows > height) throw new RangeError(`a ${rows}×${cols} matrix at (${x}, ${y}) does not fit a ${width}×${height} image`);
  if (target.pixels.byteOffset % 4 !== 0) throw new RangeError('target pixels must start on a 4-byte boundary');
}

/**
 * Write `source` into `target` coloured by `lut` over `domain`: values outside the domain
 * take the end colours, NaN the LUT's transparent entry. Pixels outside the matrix's
 * rectangle are left as they are.
 */
export function rasterise(source: MatrixSource, lut: ColourLut, domain: Domain, target: RasterTarget): void {
  checkRaster(source, target);
  const { values, rows, cols, offset = 0, stride = cols } = source;
  const { width, x = 0, y = 0 } = target;
  const { k, offset: shift } = indexScale(lut, domain);
  const colours = lut.words;
  const size = lut.size;
  const top = size - 1;
  const nan = lut.nanIndex;
  const out = new Uint32Array(target.pixels.buffer, target.pixels.byteOffset, target.pixels.length >> 2);
  for (let r = 0; r < rows; r++) {
    let from = offset + r * stride;
    let to = (y + r) * width + x;
    const end = from + cols;
    for (; from < end; from++, to++) {
      const t = values[from] * k + shift;
      // NaN first (every comparison with NaN is false), then clamp, then truncate (t ≥ 0 here).
      out[to] = colours[t !== t ? nan : t >= size ? top : t < 0 ? 0 : t | 0];
    }
  }
}

/** A fresh RGBA buffer for a `width` × `height` image (transparent). */
export function rgbaBuffer(width: number, height: number): Uint8ClampedArray {
  wholeAtLeast(width, 1, 'width');
  wholeAtLeast(height, 1, 'height');
  return new Uint8ClampedArray(width * height * 4);
}
