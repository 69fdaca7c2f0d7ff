// The first layer's tiles: grid layout, which unit and pixel lie under a point, and each
// weight landing on its tile's pixel.
import { describe, expect, it } from 'vitest';
import { DIVERGING, rgbaOf } from '../../src/render/colour';
import { rgbaBuffer } from '../../src/render/rasterise';
import { perTileDomains, rasteriseTiles, squareSide, tileAt, tileLayout, tileOrigin } from '../../src/render/tiles';

describe('tile layout', () => {
  it('64 units of 28×28 make an 8×8 grid of 231×231 pixels with 1-pixel gaps', () => {
    const layout = tileLayout(64, 28);
    expect(layout).toMatchObject({ columns: 8, rows: 8, width: 8 * 28 + 7, height: 8 * 28 + 7 });
    expect(tileOrigin(layout, 0)).toEqual({ x: 0, y: 0 });
    expect(tileOrigin(layout, 1)).toEqual({ x: 29, y: 0 });
    expect(tileOrigin(layout, 8)).toEqual({ x: 0, y: 29 });
    expect(tileOrigin(layout, 63)).toEqual({ x: 7 * 29, y: 7 * 29 });
  });

  it('other counts take ceil(√n) columns and as many rows as needed', () => {
    expect(tileLayout(10, 28)).toMatchObject({ columns: 4, rows: 3 });
    expect(tileLayout(100, 28, 0)).toMatchObject({ columns: 10, rows: 10, width: 280 });
    expect(tileLayout(1, 5)).toMatchObject({ columns: 1, rows: 1, width: 5, height: 5 });
    expect(() => tileLayout(0, 28)).toThrow('units');
    expect(() => tileOrigin(tileLayout(10, 28), 10)).toThrow('unit 11 is outside the units 1 … 10 of the tiles');
  });

  it('tileAt finds the unit and its pixel, and null on gaps and empty cells', () => {
    const layout = tileLayout(10, 28); // 4 columns, 3 rows; units 10 and 11 would be empty
    expect(tileAt(layout, 0, 0)).toEqual({ unit: 0, row: 0, col: 0, input: 0 });
    expect(tileAt(layout, 29 + 27.9, 5.2)).toEqual({ unit: 1, row: 5, col: 27, input: 5 * 28 + 27 });
    expect(tileAt(layout, 28.5, 3)).toBeNull(); // the gap after tile 0
    expect(tileAt(layout, 2 * 29 + 3, 2 * 29 + 3)).toBeNull(); // cell of "unit 10": empty
    expect(tileAt(layout, 1 * 29 + 3, 2 * 29 + 4)).toEqual({ unit: 9, row: 4, col: 3, input: 4 * 28 + 3 });
    expect(tileAt(layout, -1, 0)).toBeNull();
  });

  it('squareSide recognises square inputs', () => {
    expect(squareSide(784)).toBe(28);
    expect(squareSide(4)).toBe(2);
    expect(squareSide(2)).toBeNull();
  });
});

describe('rasteriseTiles', () => {
  // 5 units of 2×2 inputs: weight (j, i) = j + i / 10, so every pixel says where it came from.
  const layout = tileLayout(5, 2, 1); // 3 columns, 2 rows: 8 × 5 pixels
  const weights = Float64Array.from({ length: 5 * 4 }, (_, k) => Math.floor(k / 4) + (k % 4) / 10);

  it('puts weight (j, i) at tile j, pixel (i div side, i mod side), on a shared domain', () => {
    const out = rgbaBuffer(layout.width, layout.height);
    rasteriseTiles(weights, layout, DIVERGING, [-5, 5], { pixels: out });
    for (let j = 0; j < 5; j++) {
      const { x, y } = tileOrigin(layout, j);
      for (let i = 0; i < 4; i++) {
        const px = x + (i % 2);
        const py = y + Math.floor(i / 2);
        const at = (py * layout.width + px) * 4;
        expect(Array.from(out.subarray(at, at + 4))).toEqual(rgbaOf(DIVERGING, [-5, 5], j + i / 10));
      }
    }
    // The gap column x = 2 and the empty sixth cell stay transparent.
    expect(Array.from(out.subarray((0 * layout.width + 2) * 4, (0 * layout.width + 2) * 4 + 4))).toEqual([0, 0, 0, 0]);
    const empty = tileOrigin(tileLayout(6, 2, 1), 5);
    expect(Array.from(out.subarray((empty.y * layout.width + empty.x) * 4, (empty.y * layout.width + empty.x) * 4 + 4))).toEqual([0, 0, 0, 0]);
  });

  it('per-tile domains scale each tile to its own max |w|', () => {
    const domains = perTileDomains(weights, layout, { nice: false });
    expect(domains[0][1]).toBeCloseTo(0.3, 12);
    expect(domains[4]).toEqual([-4.3, 4.3]);
    const out = rgbaBuffer(layout.width, layout.height);
    rasteriseTiles(weights, layout, DIVERGING, domains, { pixels: out });
    // The largest weight of every tile takes the red end.
    for (let j = 0; j < 5; j++) {
      const { x, y } = tileOrigin(layout, j);
      const at = ((y + 1) * layout.width + x + 1) * 4;
      expect(Array.from(out.subarray(at, at + 4))).toEqual(rgbaOf(DIVERGING, [-1, 1], 1));
    }
    expect(() => rasteriseTiles(weights, layout, DIVERGING, domains.slice(1), { pixels: out })).toThrow('4 domains for 5 tiles');
  });
});
