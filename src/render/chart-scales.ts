// Line charts as numbers: D3 scales, ticks and path strings for series of (x, y) points, and
// the lookups a hover needs. Svelte draws the SVG from the layout; nothing here touches the DOM.

import { area, line, scaleLinear, type ScaleLinear } from 'd3';

export interface ChartPoint {
  readonly x: number;
  readonly y: number;
}

export interface ChartSeries {
  readonly id: string;
  readonly label: string;
  readonly colour: string;
  /** SVG stroke-dasharray, e.g. "6 3"; undefined = solid. */
  readonly dash?: string;
  readonly points: readonly ChartPoint[];
  /** A shaded spread around the line (e.g. min–max over seeds). */
  readonly band?: readonly { readonly x: number; readonly low: number; readonly high: number }[];
}

/** A vertical rule at x (early stopping, the restored best check). */
export interface ChartMarker {
  readonly x: number;
  readonly label: string;
  /** A shorter label for tight spots ("best", "stop"). */
  readonly short?: string;
  readonly colour: string;
}

export interface ChartFrame {
  readonly width: number;
  readonly height: number;
  readonly margin: { readonly top: number; readonly right: number; readonly bottom: number; readonly left: number };
}

export interface Tick {
  readonly value: number;
  /** Pixel position along its axis. */
  readonly at: number;
  readonly label: string;
}

export interface ChartLayout {
  readonly x: ScaleLinear<number, number>;
  readonly y: ScaleLinear<number, number>;
  /** The plotting area inside the margins. */
  readonly plot: { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number };
  readonly xTicks: readonly Tick[];
  readonly yTicks: readonly Tick[];
  readonly lines: readonly { readonly id: string; readonly d: string }[];
  readonly bands: readonly { readonly id: string; readonly d: string }[];
}

export interface LayoutOptions {
  /** Force the x domain (else from the data, starting at 0). */
  readonly xDomain?: readonly [number, number];
  /** Force the y domain (else from the data, "nice"). */
  readonly yDomain?: readonly [number, number];
  /** The y domain while there is no data (default [0, 1]); e.g. [0, 100] for percentages. */
  readonly yEmptyDomain?: readonly [number, number];
  /** Include 0 in the y domain (losses). */
  readonly yFromZero?: boolean;
  readonly xFormat?: (value: number) => string;
  readonly yFormat?: (value: number) => string;
  /** About how many ticks (default: one per 80 px across, one per 40 px up). */
  readonly xTickCount?: number;
  readonly yTickCount?: number;
}

const finite = (p: ChartPoint) => Number.isFinite(p.x) && Number.isFinite(p.y);

/** [min, max] of the finite values, or null. */
function extentOf(values: Iterable<number>): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

export function chartLayout(series: readonly ChartSeries[], frame: ChartFrame, options: LayoutOptions = {}): ChartLayout {
  const { margin } = frame;
  const plot = { left: margin.left, top: margin.top, right: frame.width - margin.right, bottom: frame.height - margin.bottom };

  const xCount = options.xTickCount ?? Math.max(2, Math.floor((plot.right - plot.left) / 80));
  const yCount = options.yTickCount ?? Math.max(2, Math.floor((plot.bottom - plot.top) / 40));

  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const xMax = extentOf(xs)?.[1] ?? 1;
  const xDomain = options.xDomain ?? [0, xMax > 0 ? xMax : 1];
  const x = scaleLinear().domain(xDomain).range([plot.left, plot.right]);
  if (!options.xDomain) x.nice(xCount);

  const ys = series.flatMap((s) => [...s.points.map((p) => p.y), ...(s.band ?? []).flatMap((b) => [b.low, b.high])]);
  let yDomain: [number, number] = options.yDomain ? [options.yDomain[0], options.yDomain[1]] : (extentOf(ys) ?? [...(options.yEmptyDomain ?? [0, 1])] as [number, number]);
  if (options.yFromZero) yDomain = [Math.min(0, yDomain[0]), Math.max(0, yDomain[1])];
  if (yDomain[0] === yDomain[1]) yDomain = [yDomain[0] - 1, yDomain[1] + 1];
  const y = scaleLinear().domain(yDomain).range([plot.bottom, plot.top]);
  if (!options.yDomain) y.nice(yCount);

  const xFormat = options.xFormat ?? x.tickFormat(xCount);
  const yFormat = options.yFormat ?? y.tickFormat(yCount);
  const ticks = (scale: ScaleLinear<number, number>, count: number, format: (v: number) => string): Tick[] =>
    scale.ticks(count).map((value) => ({ value, at: scale(value), label: format(value) }));

  const path = line<ChartPoint>()
    .defined(finite)
    .x((p) => x(p.x))
    .y((p) => y(p.y));
  const bandPath = area<{ x: number; low: number; high: number }>()
    .defined((b) => Number.isFinite(b.low) && Number.isFinite(b.high))
    .x((b) => x(b.x))
    .y0((b) => y(b.low))
    .y1((b) => y(b.high));

  return {
    x,
    y,
    plot,
    xTicks: ticks(x, xCount, xFormat),
    yTicks: ticks(y, yCount, yFormat),
    lines: series.map((s) => ({ id: s.id, d: path([...s.points]) ?? '' })),
    bands: series.filter((s) => s.band?.length).map((s) => ({ id: s.id, d: bandPath([...s.band!]) ?? '' })),
  };
}

/** The x of a data point nearest to `x` over all series, or null without data. */
export function nearestX(series: readonly ChartSeries[], x: number): number | null {
  let best: number | null = null;
  for (const s of series) {
    for (const p of s.points) {
      if (!Number.isFinite(p.x)) continue;
      if (best === null || Math.abs(p.x - x) < Math.abs(best - x)) best = p.x;
    }
  }
  return best;
}

export interface ValueAt {
  readonly id: string;
  readonly label: string;
  readonly colour: string;
  readonly y: number;
}

/** Each series' value at exactly `x` (series without a point there are left out). */
export function valuesAt(series: readonly ChartSeries[], x: number): ValueAt[] {
  const out: ValueAt[] = [];
  for (const s of series) {
    const p = s.points.find((q) => q.x === x);
    if (p) out.push({ id: s.id, label: s.label, colour: s.colour, y: p.y });
  }
  return out;
}
