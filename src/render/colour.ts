// Colour lookup tables (LUTs) for every colour-coded number in deltascope, built once
// from d3-scale-chromatic schemes, and the mapping value → LUT index that canvases
// (rasterise.ts) and SVG marks (the network view's edges) share.
//
// Convention, the same on every screen:
//   DIVERGING  weights, ∂C/∂W, ΔW, δ, z — blue = negative, white (#f7f7f7) = 0, red = positive,
//              on a symmetric domain [−m, m] so 0 always sits on the white centre entry.
//              ColorBrewer RdBu (11 classes), interpolated in Lab: safe for red–green colour blindness.
//   SEQUENTIAL activations and other non-negative values, e.g. a ∈ [0, 1] — viridis, dark = low, yellow = high.
//   INK        pixels, 0 = white paper, max = black ink (MNIST digits, the drawing pad).
// NaN maps to an extra, fully transparent entry (a canvas shows its hatched background);
// ±Infinity and values outside the domain clamp to the end colours.
//
// API
//   DIVERGING, SEQUENTIAL, INK         the three LUTs (ColourLut)
//   lutFor(scale)                      'diverging' | 'sequential' | 'ink' → its LUT
//   valueToIndex(lut, domain, v)       LUT entry of one value (the rasteriser inlines the same arithmetic)
//   indexScale(lut, domain)            { k, offset } with index = floor(v·k + offset), clamped
//   rgbaOf(lut, domain, v)             [r, g, b, a] bytes;  cssColour(lut, domain, v) → "rgb(r g b)" / "transparent"
//   checkDomain(domain)                throws a RangeError naming the bad domain
//   symmetricDomain(values), sequentialDomain(values), niceCeil(m)   domains from data ("rescale")
//   legendTicks(domain, count)        ticks for legends (labels: src/format's formatValue)
//   describeScale(scale)               the one-line convention a legend states
//   describeScaleBriefly(scale)        the same in three words, for a compact legend: "blue < 0 < red"

import { interpolateGreys, interpolateLab, interpolateViridis, piecewise, rgb, schemeRdBu, tickStep, ticks } from 'd3';

export type ScaleKind = 'diverging' | 'sequential' | 'ink';

/** [lo, hi] with lo < hi, both finite. Diverging domains are [−m, m]. */
export type Domain = readonly [number, number];

export interface ColourLut {
  readonly kind: ScaleKind;
  /** Number of colour entries; entry 0 is the domain's low end, entry size − 1 its high end. */
  readonly size: number;
  /** (size + 1) × 4 bytes, RGBA per entry; the extra last entry (index `nanIndex`) is transparent, for NaN. */
  readonly rgba: Uint8ClampedArray;
  /** The same bytes as 32-bit words: one load and one store per pixel (byte order is preserved). */
  readonly words: Uint32Array;
  readonly nanIndex: number;
  /** CSS colour per entry (size + 1 strings), for SVG marks; never for per-pixel work. */
  readonly css: readonly string[];
}

/**
 * Entries per LUT. Odd, so a symmetric domain's 0 lands exactly on the middle entry
 * (index 128), which for DIVERGING is the neutral white.
 */
export const LUT_SIZE = 257;

function buildLut(kind: ScaleKind, interpolate: (t: number) => string, size = LUT_SIZE): ColourLut {
  const rgba = new Uint8ClampedArray((size + 1) * 4);
  const css: string[] = [];
  for (let i = 0; i < size; i++) {
    const c = rgb(interpolate(i / (size - 1)));
    rgba.set([Math.round(c.r), Math.round(c.g), Math.round(c.b), 255], i * 4);
    css.push(`rgb(${rgba[i * 4]} ${rgba[i * 4 + 1]} ${rgba[i * 4 + 2]})`);
  }
  // The NaN entry stays (0, 0, 0, 0).
  css.push('transparent');
  return { kind, size, rgba, words: new Uint32Array(rgba.buffer), nanIndex: size, css };
}

/** Blue (negative) → #f7f7f7 (zero) → red (positive): RdBu reversed, through its 11 ColorBrewer colours. */
export const DIVERGING: ColourLut = buildLut('diverging', piecewise(interpolateLab, [...schemeRdBu[11]].reverse()));
/** Viridis: dark purple (low) → yellow (high). */
export const SEQUENTIAL: ColourLut = buildLut('sequential', interpolateViridis);
/** White (0) → black (max), like ink on paper. */
export const INK: ColourLut = buildLut('ink', interpolateGreys);

export function lutFor(kind: ScaleKind): ColourLut {
  return kind === 'diverging' ? DIVERGING : kind === 'sequential' ? SEQUENTIAL : INK;
}

/** The convention a legend states for a scale. */
export function describeScale(kind: ScaleKind): string {
  switch (kind) {
    case 'diverging':
      return 'blue = negative · white = 0 · red = positive';
    case 'sequential':
      return 'dark = low · yellow = high';
    case 'ink':
      return 'white = 0 · black = high';
  }
}

/** The convention in brief, for a one-line legend beside a full one. */
export function describeScaleBriefly(kind: ScaleKind): string {
  switch (kind) {
    case 'diverging':
      return 'blue < 0 < red';
    case 'sequential':
      return 'dark < yellow';
    case 'ink':
      return 'white < black';
  }
}

/** Throws a RangeError naming the domain unless it is [lo, hi] with finite lo < hi. */
export function checkDomain(domain: Domain): void {
  const [lo, hi] = domain;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
    throw new RangeError(`invalid colour domain [${lo}, ${hi}]: needs finite numbers with lo < hi`);
  }
}

/** index = floor(v·k + offset), clamped to [0, size − 1]: v = lo → 0, v = hi → size − 1, nearest entry between. */
export function indexScale(lut: ColourLut, domain: Domain): { k: number; offset: number } {
  checkDomain(domain);
  const k = (lut.size - 1) / (domain[1] - domain[0]);
  return { k, offset: 0.5 - domain[0] * k };
}

/** LUT entry of `value`: clamped to the ends outside the domain, `lut.nanIndex` for NaN. */
export function valueToIndex(lut: ColourLut, domain: Domain, value: number): number {
  const { k, offset } = indexScale(lut, domain);
  const x = value * k + offset;
  // Same expression as the rasteriser's inner loop: NaN first, then clamp, then truncate.
  return x !== x ? lut.nanIndex : x >= lut.size ? lut.size - 1 : x < 0 ? 0 : x | 0;
}

export function rgbaOf(lut: ColourLut, domain: Domain, value: number): [number, number, number, number] {
  const i = valueToIndex(lut, domain, value) * 4;
  return [lut.rgba[i], lut.rgba[i + 1], lut.rgba[i + 2], lut.rgba[i + 3]];
}

/** A CSS colour for one value (SVG fills and strokes); cached strings, no parsing. */
export function cssColour(lut: ColourLut, domain: Domain, value: number): string {
  return lut.css[valueToIndex(lut, domain, value)];
}

/** Mantissas a nice domain end may have: fine enough that rounding up loses at most a third of the contrast. */
const NICE_STEPS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/** Rounds m > 0 up to the next of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ᵏ, so legend ends read as round numbers. */
export function niceCeil(m: number): number {
  if (!(m > 0) || !Number.isFinite(m)) throw new RangeError(`niceCeil needs a finite positive number, got ${m}`);
  const power = 10 ** Math.floor(Math.log10(m));
  // toPrecision drops the binary noise of step × 10ᵏ (7 × 1e-5 is 6.999…e-5); the tolerance keeps
  // an m that is already nice (0.3 = 3.0000000000000004 × 0.1) from jumping a step.
  const nice = (step: number) => Number((step * power).toPrecision(12));
  for (const step of NICE_STEPS) if (m <= nice(step) * (1 + 1e-12)) return nice(step);
  return nice(10);
}

export interface DomainOptions {
  /** Round the end up to 1, 2, 2.5, 5 × 10ᵏ (default true). */
  readonly nice?: boolean;
  /** Used when there is no finite non-zero value (default 1). */
  readonly fallback?: number;
}

function maxAbs(values: ArrayLike<number>, nonNegativeOnly: boolean): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    const a = nonNegativeOnly ? v : Math.abs(v);
    if (a > m) m = a;
  }
  return m;
}

/** [−m, m] with m = max |v| over the finite values (rounded up when nice), for the diverging scale. */
export function symmetricDomain(values: ArrayLike<number>, options: DomainOptions = {}): Domain {
  const m = maxAbs(values, false);
  const end = m > 0 ? (options.nice === false ? m : niceCeil(m)) : (options.fallback ?? 1);
  return [-end, end];
}

/** [0, max v] over the finite values, for non-negative quantities on the sequential scale. */
export function sequentialDomain(values: ArrayLike<number>, options: DomainOptions = {}): Domain {
  const m = maxAbs(values, true);
  const end = m > 0 ? (options.nice === false ? m : niceCeil(m)) : (options.fallback ?? 1);
  return [0, end];
}

/**
 * About `count` round tick values for a legend: the domain's two ends, 0 when it lies
 * inside, and d3's round values between them, minus any too close to an end to label.
 */
export function legendTicks(domain: Domain, count = 5): number[] {
  checkDomain(domain);
  const [lo, hi] = domain;
  const round = ticks(lo, hi, count);
  const step = tickStep(lo, hi, count);
  const inner = round.filter((t) => t - lo >= 0.6 * step && hi - t >= 0.6 * step);
  if (lo < 0 && hi > 0 && !inner.includes(0)) inner.push(0);
  return [lo, ...inner.sort((a, b) => a - b), hi];
}
