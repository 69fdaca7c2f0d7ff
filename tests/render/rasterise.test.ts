// Rasterising: a small known matrix into exact bytes, sub-rectangles and strides, offsets
// in the target, and the errors that name a bad field.
import { describe, expect, it } from 'vitest';
import { DIVERGING, INK, SEQUENTIAL, rgbaOf, valueToIndex, type ColourLut } from '../../src/render/colour';
import { rasterise, rgbaBuffer } from '../../src/render/rasterise';

const entry = (lut: ColourLut, i: number) => Array.from(lut.rgba.subarray(i * 4, i * 4 + 4));
const pixel = (pixels: Uint8ClampedArray, width: number, x: number, y: number) => Array.from(pixels.subarray((y * width + x) * 4, (y * width + x) * 4 + 4));

describe('rasterise', () => {
  it('writes a 2×3 matrix into exact RGBA bytes, row-major, through the LUT', () => {
    const values = Float64Array.of(-1, 0, 1, 0.5, NaN, 7);
    const out = rgbaBuffer(3, 2);
    rasterise({ values, rows: 2, cols: 3 }, DIVERGING, [-1, 1], { pixels: out, width: 3 });
    const top = DIVERGING.size - 1;
    const expected = [
      ...entry(DIVERGING, 0), // −1: blue end
      247, 247, 247, 255, // 0: neutral
      ...entry(DIVERGING, top), // 1: red end
      ...entry(DIVERGING, 192), // 0.5 → 0.75 · 256 = 192
      0, 0, 0, 0, // NaN: transparent
      ...entry(DIVERGING, top), // 7: clamped
    ];
    expect(Array.from(out)).toEqual(expected);
  });

  it('agrees with valueToIndex on every value, float32 or float64', () => {
    const values = Float32Array.from({ length: 200 }, (_, i) => Math.sin(i * 12.9898) * 1.3);
    const out = rgbaBuffer(20, 10);
    rasterise({ values, rows: 10, cols: 20 }, SEQUENTIAL, [-1, 1], { pixels: out, width: 20 });
    for (let i = 0; i < values.length; i++) {
      expect(Array.from(out.subarray(i * 4, i * 4 + 4))).toEqual(entry(SEQUENTIAL, valueToIndex(SEQUENTIAL, [-1, 1], values[i])));
    }
  });

  it('reads a sub-rectangle (offset, stride) and writes it at (x, y), leaving other pixels alone', () => {
    // A 3×4 matrix 0 … 11; take rows 1–2, columns 1–2: 5 6 / 9 10.
    const values = Float64Array.from({ length: 12 }, (_, i) => i);
    const out = new Uint8ClampedArray(4 * 4 * 3).fill(9); // a 4×3 image of "9" bytes
    rasterise({ values, rows: 2, cols: 2, offset: 5, stride: 4 }, INK, [0, 256], { pixels: out, width: 4, x: 2, y: 1 });
    const ink = (v: number) => rgbaOf(INK, [0, 256], v);
    expect(pixel(out, 4, 2, 1)).toEqual(ink(5));
    expect(pixel(out, 4, 3, 1)).toEqual(ink(6));
    expect(pixel(out, 4, 2, 2)).toEqual(ink(9));
    expect(pixel(out, 4, 3, 2)).toEqual(ink(10));
    for (const [x, y] of [[0, 0], [1, 1], [3, 0], [0, 2], [1, 2]]) expect(pixel(out, 4, x, y)).toEqual([9, 9, 9, 9]);
  });

  it('rejects sources and targets that do not fit, naming the field', () => {
    const values = new Float64Array(6);
    const out = rgbaBuffer(3, 2);
    expect(() => rasterise({ values, rows: 3, cols: 3 }, DIVERGING, [-1, 1], { pixels: out, width: 3 })).toThrow('needs 9 values, got 6');
    expect(() => rasterise({ values, rows: 2, cols: 3, stride: 2 }, DIVERGING, [-1, 1], { pixels: out, width: 3 })).toThrow('stride');
    expect(() => rasterise({ values, rows: 2, cols: 3 }, DIVERGING, [-1, 1], { pixels: out, width: 3, x: 1 })).toThrow('does not fit a 3×2 image');
    expect(() => rasterise({ values, rows: 2, cols: 3 }, DIVERGING, [-1, 1], { pixels: out, width: 4 })).toThrow('whole rows');
    expect(() => rasterise({ values, rows: 0, cols: 3 }, DIVERGING, [-1, 1], { pixels: out, width: 3 })).toThrow('rows must be a whole number ≥ 1');
    expect(() => rasterise({ values, rows: 2, cols: 3 }, DIVERGING, [1, 1], { pixels: out, width: 3 })).toThrow('invalid colour domain');
  });
});
