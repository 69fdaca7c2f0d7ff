// Chart layout as numbers: scales onto the plot area, ticks, paths that break at gaps, hover lookups.
import { describe, expect, it } from 'vitest';
import { chartLayout, nearestX, valuesAt, type ChartSeries } from '../../src/render/chart-scales';

const frame = { width: 420, height: 220, margin: { top: 10, right: 10, bottom: 10, left: 10 } };
const series = (id: string, points: [number, number][], extra: Partial<ChartSeries> = {}): ChartSeries => ({
  id,
  label: id,
  colour: '#000',
  points: points.map(([x, y]) => ({ x, y })),
  ...extra,
});

describe('chartLayout', () => {
  it('maps the data onto the plot area, x from 0, y nice', () => {
    const layout = chartLayout([series('a', [[0, 0.2], [100, 0.8]])], frame);
    expect(layout.plot).toEqual({ left: 10, top: 10, right: 410, bottom: 210 });
    expect(layout.x.domain()).toEqual([0, 100]);
    expect(layout.x(0)).toBe(10);
    expect(layout.x(100)).toBe(410);
    expect(layout.y.domain()).toEqual([0.2, 0.8]);
    expect(layout.y(0.8)).toBe(10);
    expect(layout.y(0.2)).toBe(210);
    expect(layout.lines[0].d).toBe('M10,210L410,10');
  });

  it('starts y at zero on request (losses) and rounds the domain to nice ticks', () => {
    const layout = chartLayout([series('loss', [[1, 2.31], [7, 0.27]])], frame, { yFromZero: true });
    expect(layout.y.domain()).toEqual([0, 2.5]);
    expect(layout.yTicks[0]).toEqual({ value: 0, at: 210, label: '0.0' });
    expect(layout.x.domain()).toEqual([0, 7]);
  });

  it('shows the empty domain it is given before any data (percentages: 0–100), and the data once it arrives', () => {
    expect(chartLayout([], frame).y.domain()).toEqual([0, 1]);
    const empty = chartLayout([], frame, { yEmptyDomain: [0, 100] });
    expect(empty.y.domain()).toEqual([0, 100]);
    expect(empty.yTicks.map((t) => t.label)).toEqual(['0', '20', '40', '60', '80', '100']);
    const withData = chartLayout([series('acc', [[1, 91.5], [2, 96.25]])], frame, { yEmptyDomain: [0, 100] });
    // 200 px tall → 5 ticks asked for → step 1 → nice domain [91, 97], not the empty 0–100
    expect(withData.y.domain()).toEqual([91, 97]);
  });

  it('puts about one x tick per 80 px and one y tick per 40 px', () => {
    const layout = chartLayout([series('a', [[0, 0], [1000, 1]])], frame);
    // 400 px wide → 5 ticks asked for → d3 gives 0, 200, …, 1000
    expect(layout.xTicks.map((t) => t.label)).toEqual(['0', '200', '400', '600', '800', '1,000']);
    expect(layout.yTicks.map((t) => t.value)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('breaks a line at a non-finite value instead of drawing through it', () => {
    const layout = chartLayout([series('a', [[0, 1], [1, NaN], [2, 1], [3, 2]])], frame);
    expect(layout.lines[0].d.match(/M/g)).toHaveLength(2);
    expect(layout.y.domain()).toEqual([1, 2]);
  });

  it('draws a band from low to high, and widens a flat domain', () => {
    const layout = chartLayout([series('m', [[0, 5], [1, 5]], { band: [{ x: 0, low: 5, high: 5 }, { x: 1, low: 5, high: 5 }] })], frame);
    expect(layout.y.domain()).toEqual([4, 6]);
    expect(layout.bands).toHaveLength(1);
    expect(layout.bands[0].d.startsWith('M10,110')).toBe(true);
  });
});

describe('hover lookups', () => {
  const data = [series('train', [[10, 1], [20, 2], [30, 3]]), series('val', [[20, 5], [40, 6]])];
  it('finds the data x nearest to the pointer over all series', () => {
    expect(nearestX(data, 24)).toBe(20);
    expect(nearestX(data, 36)).toBe(40);
    expect(nearestX([], 3)).toBeNull();
  });
  it('lists each series’ exact value at that x, leaving out series without one', () => {
    expect(valuesAt(data, 20)).toEqual([
      { id: 'train', label: 'train', colour: '#000', y: 2 },
      { id: 'val', label: 'val', colour: '#000', y: 5 },
    ]);
    expect(valuesAt(data, 30).map((v) => v.id)).toEqual(['train']);
  });
});
