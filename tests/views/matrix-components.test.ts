// The matrix components' DOM in jsdom (no canvas context: the pixels are tested in
// tests/render): legends, axes, pending notes, the keyboard readout and selection, the
// tiles' caption, and the panel's fixed domains with "rescale".
import './jsdom-stubs';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { Net } from '../../src/engine/types';
import { DIVERGING, SEQUENTIAL } from '../../src/render/colour';
import ColourLegend from '../../src/views/matrix/ColourLegend.svelte';
import FirstLayerTiles from '../../src/views/matrix/FirstLayerTiles.canvas.svelte';
import MatrixHeatmap from '../../src/views/matrix/MatrixHeatmap.canvas.svelte';
import MatrixPanel from '../../src/views/matrix/MatrixPanel.svelte';
import { repeat, start } from '../machine/helpers';

const axes = { rowAxis: { symbol: 'j', counts: 'unit', label: 'unit j of layer 1' }, colAxis: { symbol: 'i', counts: 'input', label: 'input i (pixel)' } } as const;

describe('ColourLegend', () => {
  it('states the quantity, unit, convention, domain and round ticks', () => {
    const { container } = render(ColourLegend, { lut: DIVERGING, domain: [-0.3, 0.3], label: '∂C/∂W₁', unit: 'nats per unit weight', note: 'fixed while stepping' });
    expect(screen.getByText('∂C/∂W₁')).toBeTruthy();
    expect(screen.getByText('(nats per unit weight)')).toBeTruthy();
    expect(screen.getByText('blue = negative · white = 0 · red = positive')).toBeTruthy();
    expect(container.querySelector('.domain')!.textContent!.replace(/\s+/g, ' ').trim()).toBe('domain [−0.3, 0.3] · fixed while stepping');
    const ticks = [...container.querySelectorAll('text.tick')].map((t) => t.textContent);
    expect(ticks).toContain('0');
    expect(ticks[0]).toBe('−0.3');
    expect(ticks[ticks.length - 1]).toBe('0.3');
    // The ramp's stops come from the LUT: blue end, white middle, red end.
    const stops = [...container.querySelectorAll('stop')].map((s) => s.getAttribute('stop-color'));
    expect(stops[0]).toBe(DIVERGING.css[0]);
    expect(stops[stops.length / 2 - 0.5]).toBe('rgb(247 247 247)');
    expect(stops[stops.length - 1]).toBe(DIVERGING.css[DIVERGING.size - 1]);
  });

  it('a sequential legend says dark is low', () => {
    render(ColourLegend, { lut: SEQUENTIAL, domain: [0, 1], label: 'a₁' });
    expect(screen.getByText('dark = low · yellow = high')).toBeTruthy();
  });

  it('compact: one line — the quantity, the ramp between the domain’s ends, the convention in brief; the rest in its tooltip', () => {
    const { container } = render(ColourLegend, { lut: DIVERGING, domain: [-0.5, 0.5], label: 'edges: W₂', unit: 'weight', note: 'fixed', compact: true });
    const legend = container.querySelector('.legend.compact')!;
    expect([...legend.children].map((c) => c.textContent!.trim())).toEqual(['edges: W₂', '−0.5', '', '0.5', 'blue < 0 < red']);
    expect(legend.querySelector('svg')!.getAttribute('width')).toBe('220');
    expect(legend.querySelectorAll('text.tick, .domain')).toHaveLength(0); // no ticks, no domain line
    expect(legend.getAttribute('title')).toBe('edges: W₂ (weight): blue = negative · white = 0 · red = positive; domain [−0.5, 0.5] · fixed');
    expect(legend.getAttribute('aria-label')).toBe('edges: W₂ colour key: blue = negative · white = 0 · red = positive; domain −0.5 to 0.5');
    const stops = [...legend.querySelectorAll('stop')].map((x) => x.getAttribute('stop-color'));
    expect([stops[0], stops[stops.length - 1]]).toEqual([DIVERGING.css[0], DIVERGING.css[DIVERGING.size - 1]]);
    render(ColourLegend, { lut: SEQUENTIAL, domain: [0, 1], label: 'a₁', compact: true });
    expect(screen.getByText('dark < yellow')).toBeTruthy();
  });
});

describe('MatrixHeatmap', () => {
  const values = Float64Array.from({ length: 6 }, (_, i) => i / 10 - 0.2); // 2 × 3
  const base = { values, rows: 2, cols: 3, domain: [-1, 1] as const, width: 300, height: 100, label: 'W₁, 2 × 3', ...axes };

  it('draws axis ticks for every index that fits, counted as the screens count, and names the axes', () => {
    const { container } = render(MatrixHeatmap, base);
    const rowTicks = [...container.querySelectorAll('.axis.rows text:not(.title)')].map((t) => t.textContent);
    const colTicks = [...container.querySelectorAll('.axis.cols text:not(.title)')].map((t) => t.textContent);
    // hidden units and inputs from 1
    expect(rowTicks).toEqual(['1', '2']);
    expect(colTicks).toEqual(['1', '2', '3']);
    expect(screen.getByText('input i (pixel) →')).toBeTruthy();
    expect(screen.getByText(/2 × 3 · rows: unit j of layer 1/)).toBeTruthy();
  });

  it('arrow keys move the readout cell; Enter selects it with its value', async () => {
    const onselect = vi.fn();
    const onhover = vi.fn();
    const { container } = render(MatrixHeatmap, { ...base, onselect, onhover });
    const grid = container.querySelector('rect.hit')!;
    await fireEvent.keyDown(grid, { key: 'ArrowRight' });
    await fireEvent.keyDown(grid, { key: 'ArrowDown' });
    await fireEvent.keyDown(grid, { key: 'ArrowRight' });
    const readout = container.querySelector('.readout')!.textContent!.replace(/\s+/g, ' ');
    // row 1, column 2 (0-based): unit 2, input 3
    expect(readout).toContain('j = 2');
    expect(readout).toContain('i = 3');
    expect(readout).toContain('0.3'); // values[1·3 + 2] = 0.5 − 0.2
    expect(onhover).toHaveBeenLastCalledWith({ row: 1, col: 2, value: values[5] });
    await fireEvent.keyDown(grid, { key: 'Enter' });
    expect(onselect).toHaveBeenCalledWith({ row: 1, col: 2, value: values[5] });
    await fireEvent.keyDown(grid, { key: 'ArrowDown' }); // clamped at the last row
    expect(onhover).toHaveBeenLastCalledWith({ row: 1, col: 2, value: values[5] });
  });

  it('names output rows by their class, from 0', async () => {
    const { container } = render(MatrixHeatmap, { ...base, rowAxis: { symbol: 'k', counts: 'class', label: 'output k (class)' } });
    expect([...container.querySelectorAll('.axis.rows text:not(.title)')].map((t) => t.textContent)).toEqual(['0', '1']);
    const grid = container.querySelector('rect.hit')!;
    await fireEvent.keyDown(grid, { key: 'ArrowDown' });
    expect(container.querySelector('.readout')!.textContent!.replace(/\s+/g, ' ')).toContain('k = 1 i = 1');
  });

  it('outlines the highlighted row and column, and says when values are pending', () => {
    const { container } = render(MatrixHeatmap, { ...base, values: null, pending: 'computed at the gradients step of layer 1', highlight: { row: 1, col: 0 } });
    expect(screen.getByText('not computed yet — computed at the gradients step of layer 1')).toBeTruthy();
    const outlines = [...container.querySelectorAll('rect.outline')];
    expect(outlines).toHaveLength(2);
    // Row 1 of 2 in a 100 px tall plot: the band from y = 50, outlined 1 px outside.
    expect(outlines[0].getAttribute('y')).toBe('49');
    expect(outlines[0].getAttribute('width')).toBe('302');
    // Column 0 of 3 in 300 px: 100 px wide.
    expect(outlines[1].getAttribute('width')).toBe('102');
  });
});

describe('FirstLayerTiles', () => {
  it('describes its grid and scale, and arrow keys + Enter select a unit', async () => {
    const onselect = vi.fn();
    const { container } = render(FirstLayerTiles, { weights: new Float32Array(64 * 784), units: 64, side: 28, domain: [-1, 1], onselect });
    expect(screen.getByText('64 units · 8×8 grid of 28×28 tiles · one scale for all tiles')).toBeTruthy();
    const grid = container.querySelector('rect.hit')!;
    await fireEvent.keyDown(grid, { key: 'ArrowDown' }); // unit 8
    await fireEvent.keyDown(grid, { key: 'ArrowRight' }); // unit 9
    // index 9 is hidden unit 10; the tile's first pixel is input 1, row 1, column 1
    expect(container.querySelector('.readout')!.textContent!.replace(/\s+/g, ' ')).toContain('unit j = 10 input i = 1 (pixel row 1, column 1)');
    await fireEvent.keyDown(grid, { key: 'Enter' });
    expect(onselect).toHaveBeenCalledWith(9);
  });
});

// A 4-3-2 net on 2×2 "images": two batches whose gradients differ in size.
const net: Net = {
  sizes: [4, 3, 2],
  activations: ['sigmoid', 'softmax'],
  improvedSigmoidC: 0.001,
  precision: 'float64',
  params: {
    weights: [Float64Array.from({ length: 12 }, (_, i) => ((i * 7) % 5) / 10 - 0.2), Float64Array.of(0.5, -0.6, 0.7, 0.8, -0.1, 0.2)],
    biases: [Float64Array.of(0.05, -0.1, 0), Float64Array.of(0, 0.1)],
  },
};
const data = {
  kind: 'custom' as const,
  inputSize: 4,
  classes: 2,
  batches: [
    { inputs: [1, 0.5, 0, 0.25, 0, 0.5, 1, 0.75], labels: [1, 0] },
    { inputs: [10, 10, 10, 10, -10, -10, -10, -10], labels: [0, 1] },
  ],
};

describe('MatrixPanel', () => {
  const legendDomain = (container: HTMLElement, symbol: string) => {
    const legend = [...container.querySelectorAll('.legend')].find((l) => l.querySelector('.quantity')?.textContent === symbol);
    return legend?.querySelector('.domain')?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
  };

  it('one tab per layer; a gradient gets its domain when computed, keeps it while stepping, and refits on rescale', async () => {
    let s = start({ data, load: { net }, settings: { learningRate: 0.5, momentum: 0 } });
    const { container, rerender } = render(MatrixPanel, { props: { context: s.context, width: 1000 } });
    expect(screen.getAllByRole('tab').map((t) => t.textContent!.replace(/\s+/g, ' ').trim())).toEqual(['Layer 1 Wⱼᵢ: 3×4', 'Layer 2 Wₖⱼ: 2×3']);
    expect(screen.getByText('∂C/∂Wⱼᵢ: no values yet, so no colour domain yet')).toBeTruthy();
    expect(legendDomain(container, 'Wⱼᵢ')).toBe('domain [−0.2, 0.2] · fixed while stepping'); // max |w| = 0.2
    expect(legendDomain(container, 'Aⱼ')).toBe('domain [0, 1] · natural range');

    s = repeat(s, { type: 'step.next' }, 11); // batch 0 done
    await rerender({ context: s.context });
    const first = legendDomain(container, '∂C/∂Wⱼᵢ');
    expect(first).toMatch(/^domain \[−[\d.e−]+, [\d.e−]+\] · fixed while stepping$/);

    s = repeat(s, { type: 'step.next' }, 11); // batch 1: inputs of ±10, larger gradients
    await rerender({ context: s.context });
    expect(legendDomain(container, '∂C/∂Wⱼᵢ')).toBe(first);

    await fireEvent.click(screen.getByRole('button', { name: 'Rescale colours' }));
    expect(legendDomain(container, '∂C/∂Wⱼᵢ')).not.toBe(first);

    // The tiles for a 2×2 input: three 2×2 tiles.
    expect(screen.getByText('3 units · 2×2 grid of 2×2 tiles · one scale for all tiles')).toBeTruthy();
  });

  it('clicking a layer tab shows that layer; selecting a neuron follows it', async () => {
    const s = start({ data, load: { net } });
    const onselectneuron = vi.fn();
    const { container, rerender } = render(MatrixPanel, { props: { context: s.context, width: 1000, onselectneuron } });
    await fireEvent.click(screen.getAllByRole('tab')[1]);
    expect(container.querySelector('h3')!.textContent).toContain('Parameters of layer 2');
    await rerender({ selected: { layer: 0, neuron: 2 } });
    expect(container.querySelector('h3')!.textContent).toContain('Parameters of layer 1');
    // Enter on W₁'s first row selects unit 0 of layer 1.
    const grid = container.querySelector('rect.hit')!;
    await fireEvent.keyDown(grid, { key: 'ArrowUp' });
    await fireEvent.keyDown(grid, { key: 'Enter' });
    expect(onselectneuron).toHaveBeenCalledWith(0, 1);
  });
});
