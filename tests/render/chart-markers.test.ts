// The "best (restored)" and "early stop" labels of a training chart: never over each other,
// never across the other marker's rule, never outside the chart, and never on a curve — they
// sit in rows above the plot, where no curve goes.
import { describe, expect, it } from 'vitest';
import { layoutMarkerLabels, MARKER_STRIP, type MarkerLayout, type PlacedMarker } from '../../src/render/chart-markers';
import { chartLayout, type ChartMarker, type ChartSeries } from '../../src/render/chart-scales';

const BEST: ChartMarker = { x: 0, label: 'best (restored)', short: 'best', colour: '#7c3aed' };
const STOP: ChartMarker = { x: 0, label: 'early stop (3 rises)', short: 'stop', colour: '#dc2626' };
const strip = (width: number) => ({ ...MARKER_STRIP, width });

function overlaps(a: PlacedMarker['box'], b: PlacedMarker['box']): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** Every property the chart promises, for one layout. */
function expectClear(layout: MarkerLayout, width: number) {
  const m = layout.markers;
  for (const a of m) {
    expect(a.box.left).toBeGreaterThanOrEqual(0);
    expect(a.box.right).toBeLessThanOrEqual(width);
    // Beside its own rule, not across it.
    expect(a.px < a.box.left || a.px > a.box.right).toBe(true);
    expect(a.box.bottom).toBeLessThanOrEqual(MARKER_STRIP.top + layout.height);
    for (const b of m) {
      if (a === b) continue;
      expect(overlaps(a.box, b.box)).toBe(false);
      // b's rule runs from the top of b's row down to the plot; it must not cross a's text.
      const ruleCrossesRow = b.box.top < a.box.bottom;
      if (ruleCrossesRow) expect(b.px < a.box.left || b.px > a.box.right).toBe(true);
    }
  }
}

describe('layoutMarkerLabels', () => {
  it('far apart: one row, each label left of its rule (as a reader expects)', () => {
    const layout = layoutMarkerLabels([BEST, STOP], [300, 520], strip(560));
    expectClear(layout, 560);
    expect(layout.rows).toBe(1);
    expect(layout.markers.map((p) => p.anchor)).toEqual(['end', 'end']);
  });

  it('close together (patience 1, or x in epochs): still apart — one goes right of its rule, or a row down', () => {
    for (const gap of [0, 3, 10, 40, 90]) {
      const layout = layoutMarkerLabels([BEST, STOP], [400, 400 + gap], strip(560));
      expectClear(layout, 560);
      expect(layout.rows).toBeLessThanOrEqual(2);
    }
  });

  it('at the edges: the label goes to the side with room', () => {
    const left = layoutMarkerLabels([BEST, STOP], [64, 70], strip(560));
    expectClear(left, 560);
    expect(left.markers[0].anchor).toBe('start');
    const right = layoutMarkerLabels([BEST, STOP], [530, 542], strip(560));
    expectClear(right, 560);
    expect(right.markers[1].anchor).toBe('end');
  });

  it('a narrow (phone) chart: every case above, at 300 px, stays inside and clear — with the short labels where the full ones cannot be', () => {
    const texts = new Set<string>();
    for (const [a, b] of [
      [62, 62],
      [62, 282],
      [150, 160],
      [270, 282],
      [100, 200],
    ]) {
      const layout = layoutMarkerLabels([BEST, STOP], [a, b], strip(300));
      expectClear(layout, 300);
      layout.markers.forEach((m) => texts.add(m.text));
      expect(layout.markers.map((m) => m.label)).toEqual(['best (restored)', 'early stop (3 rises)']); // the full text stays, for the tooltip
    }
    expect(texts).toEqual(new Set(['best (restored)', 'early stop (3 rises)', 'best', 'stop']));
  });

  it('full labels whenever they fit', () => {
    for (const gap of [0, 3, 10, 40, 90]) {
      const layout = layoutMarkerLabels([BEST, STOP], [400, 400 + gap], strip(560));
      expect(layout.markers.map((m) => m.text)).toEqual(['best (restored)', 'early stop (3 rises)']);
    }
  });

  it('no markers, no strip', () => {
    expect(layoutMarkerLabels([], [], strip(500))).toEqual({ markers: [], rows: 0, height: 0 });
  });

  it('with the chart: labels end above the plot, every curve point lies inside it', () => {
    // A validation loss that falls, bottoms out at step 900 and rises three times: the curve is near the top at both ends.
    const steps = [0, 300, 600, 900, 1200, 1500, 1800];
    const series: ChartSeries[] = [
      { id: 'validation', label: 'validation', colour: '#ea580c', points: steps.map((x, i) => ({ x, y: [2.3, 0.6, 0.35, 0.3, 0.31, 0.33, 0.36][i] })) },
      { id: 'train', label: 'train', colour: '#2563eb', points: steps.map((x, i) => ({ x, y: [2.3, 0.5, 0.3, 0.2, 0.15, 0.12, 0.1][i] })) },
    ];
    const base = { width: 420, height: 280, margin: { top: 44, right: 18, bottom: 46, left: 62 } };
    const { x } = chartLayout(series, base);
    const markers = layoutMarkerLabels([{ ...BEST, x: 900 }, { ...STOP, x: 1800 }], [x(900), x(1800)], strip(base.width));
    expectClear(markers, base.width);
    const top = Math.max(44, MARKER_STRIP.top + markers.height + 4);
    const chart = chartLayout(series, { ...base, margin: { ...base.margin, top } });
    for (const m of markers.markers) expect(m.box.bottom).toBeLessThanOrEqual(chart.plot.top);
    for (const s of series) for (const p of s.points) expect(chart.y(p.y)).toBeGreaterThanOrEqual(chart.plot.top);
    expect(chart.x(1800)).toBeCloseTo(x(1800), 9); // the rules stand where the first pass put them
  });
});
