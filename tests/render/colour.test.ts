// The colour LUTs: ends, the neutral centre, value → index with clamping and NaN, and the
// domains and ticks legends show.
import { describe, expect, it } from 'vitest';
import { interpolateViridis, rgb, schemeRdBu } from 'd3';
import { checkDomain, cssColour, DIVERGING, INK, legendTicks, LUT_SIZE, niceCeil, rgbaOf, SEQUENTIAL, sequentialDomain, symmetricDomain, valueToIndex, type ColourLut } from '../../src/render/colour';
import { formatValue } from '../../src/format';

const entry = (lut: ColourLut, i: number) => Array.from(lut.rgba.subarray(i * 4, i * 4 + 4));
const hex = (colour: string) => {
  const c = rgb(colour);
  return [c.r, c.g, c.b, 255];
};

describe('colour LUTs', () => {
  it('diverging: blue at −m, the neutral #f7f7f7 exactly at 0, red at +m (RdBu reversed)', () => {
    const rdbu = schemeRdBu[11];
    expect(DIVERGING.size).toBe(LUT_SIZE);
    expect(LUT_SIZE % 2).toBe(1);
    expect(entry(DIVERGING, 0)).toEqual(hex(rdbu[10])); // #053061, dark blue
    expect(entry(DIVERGING, LUT_SIZE - 1)).toEqual(hex(rdbu[0])); // #67001f, dark red
    const centre = (LUT_SIZE - 1) / 2;
    expect(entry(DIVERGING, centre)).toEqual([247, 247, 247, 255]);
    // Blue dominates below the centre, red above.
    const [rLow, , bLow] = entry(DIVERGING, centre - 40);
    const [rHigh, , bHigh] = entry(DIVERGING, centre + 40);
    expect(bLow).toBeGreaterThan(rLow);
    expect(rHigh).toBeGreaterThan(bHigh);
  });

  it('sequential is viridis from its dark end to its yellow end; ink is white paper to black ink', () => {
    expect(entry(SEQUENTIAL, 0)).toEqual(hex(interpolateViridis(0)));
    expect(entry(SEQUENTIAL, SEQUENTIAL.size - 1)).toEqual(hex(interpolateViridis(1)));
    expect(entry(INK, 0)).toEqual([255, 255, 255, 255]);
    expect(entry(INK, INK.size - 1)).toEqual([0, 0, 0, 255]);
  });

  it('every LUT ends with a transparent NaN entry, and its words view shares the bytes', () => {
    for (const lut of [DIVERGING, SEQUENTIAL, INK]) {
      expect(lut.nanIndex).toBe(lut.size);
      expect(entry(lut, lut.nanIndex)).toEqual([0, 0, 0, 0]);
      expect(lut.words.length).toBe(lut.size + 1);
      expect(lut.words.buffer).toBe(lut.rgba.buffer);
      expect(lut.css[lut.nanIndex]).toBe('transparent');
    }
    expect(DIVERGING.css[(LUT_SIZE - 1) / 2]).toBe('rgb(247 247 247)');
  });
});

describe('valueToIndex', () => {
  const top = LUT_SIZE - 1;
  it('maps the domain ends to the LUT ends and 0 of a symmetric domain to the centre', () => {
    for (const m of [1, 0.3, 7e-5, 1234.5]) {
      expect(valueToIndex(DIVERGING, [-m, m], -m)).toBe(0);
      expect(valueToIndex(DIVERGING, [-m, m], m)).toBe(top);
      expect(valueToIndex(DIVERGING, [-m, m], 0)).toBe(top / 2);
      expect(valueToIndex(DIVERGING, [-m, m], -0)).toBe(top / 2);
    }
  });

  it('rounds to the nearest entry in between: [0, 256] puts value v on entry v', () => {
    for (const v of [0, 1, 17, 128, 255, 256]) expect(valueToIndex(SEQUENTIAL, [0, 256], v)).toBe(v);
    expect(valueToIndex(SEQUENTIAL, [0, 256], 17.49)).toBe(17);
    expect(valueToIndex(SEQUENTIAL, [0, 256], 17.5)).toBe(18);
  });

  it('clamps values outside the domain and ±Infinity to the ends', () => {
    expect(valueToIndex(DIVERGING, [-1, 1], -1.5)).toBe(0);
    expect(valueToIndex(DIVERGING, [-1, 1], 2)).toBe(top);
    expect(valueToIndex(DIVERGING, [-1, 1], Infinity)).toBe(top);
    expect(valueToIndex(DIVERGING, [-1, 1], -Infinity)).toBe(0);
    expect(valueToIndex(DIVERGING, [-1, 1], 1e300)).toBe(top);
    expect(valueToIndex(DIVERGING, [-1, 1], -1e300)).toBe(0);
    expect(valueToIndex(DIVERGING, [-1, 1], -1.0001)).toBe(0); // just below: not −1 → −0 via truncation
  });

  it('sends NaN to the transparent entry', () => {
    expect(valueToIndex(DIVERGING, [-1, 1], NaN)).toBe(DIVERGING.nanIndex);
    expect(rgbaOf(DIVERGING, [-1, 1], NaN)).toEqual([0, 0, 0, 0]);
    expect(cssColour(DIVERGING, [-1, 1], NaN)).toBe('transparent');
    expect(rgbaOf(DIVERGING, [-1, 1], 0)).toEqual([247, 247, 247, 255]);
  });

  it('rejects domains that are not finite with lo < hi, naming them', () => {
    expect(() => checkDomain([1, 1])).toThrow('invalid colour domain [1, 1]');
    expect(() => checkDomain([1, -1])).toThrow(RangeError);
    expect(() => valueToIndex(DIVERGING, [0, NaN], 0)).toThrow('[0, NaN]');
    expect(() => valueToIndex(DIVERGING, [-Infinity, 0], 0)).toThrow(RangeError);
  });
});

describe('domains from data', () => {
  it('niceCeil rounds up to 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ᵏ and keeps nice numbers', () => {
    expect(niceCeil(0.3)).toBe(0.3);
    expect(niceCeil(0.31)).toBe(0.4);
    expect(niceCeil(7e-5)).toBe(8e-5);
    expect(niceCeil(1)).toBe(1);
    expect(niceCeil(1.01)).toBe(1.2);
    expect(niceCeil(8.5)).toBe(10);
    expect(niceCeil(123)).toBe(150);
    expect(() => niceCeil(0)).toThrow(RangeError);
    expect(() => niceCeil(NaN)).toThrow(RangeError);
  });

  it('symmetricDomain is [−m, m] of the largest finite |v|, so 0 stays white', () => {
    expect(symmetricDomain([0.1, -0.27, 0.05])).toEqual([-0.3, 0.3]);
    expect(symmetricDomain(Float32Array.of(0.1, -0.27, 0.05), { nice: false })[1]).toBeCloseTo(0.27, 6);
    expect(symmetricDomain([NaN, Infinity, -0.5, -Infinity])).toEqual([-0.5, 0.5]);
    expect(symmetricDomain([0, 0])).toEqual([-1, 1]);
    expect(symmetricDomain([], { fallback: 2 })).toEqual([-2, 2]);
  });

  it('sequentialDomain is [0, max v]', () => {
    expect(sequentialDomain([0, 0.7, 3.3, NaN])).toEqual([0, 4]);
    expect(sequentialDomain([0, 0])).toEqual([0, 1]);
  });
});

describe('legend ticks and formats', () => {
  it('ticks are the ends, 0, and round values not crowding an end', () => {
    expect(legendTicks([-0.3, 0.3], 6)).toEqual([-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3]);
    expect(legendTicks([-0.3, 0.3], 4)).toEqual([-0.3, 0, 0.3]); // ±0.2 would crowd ±0.3
    expect(legendTicks([0, 1], 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(legendTicks([-0.05, 0.05], 4)).toEqual([-0.05, -0.02, 0, 0.02, 0.05]);
    expect(legendTicks([-1.2, 1.2], 2)).toEqual([-1.2, 0, 1.2]);
    expect(legendTicks([0.5, 2.5], 4)).toEqual([0.5, 1, 1.5, 2, 2.5]);
  });

  it('legend ticks read as every number does: m × 10ᵉ below 10⁻³, a true minus sign', () => {
    expect(legendTicks([-2e-4, 2e-4], 4).map((v) => formatValue(v))).toEqual(['−2 × 10⁻⁴', '−1 × 10⁻⁴', '0', '1 × 10⁻⁴', '2 × 10⁻⁴']);
    expect([-0.25, 0, 0.5].map((v) => formatValue(v))).toEqual(['−0.25', '0', '0.5']);
  });
});
