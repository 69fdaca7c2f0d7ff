// Heatmap geometry: pointer → cell, row and column bands, axis ticks, fitting a matrix.
import { describe, expect, it } from 'vitest';
import { axisTicks, bandOf, cellAt, fitMatrix } from '../../src/render/heatmap-layout';

describe('heatmap geometry', () => {
  it('cellAt maps plot coordinates to the cell drawn there', () => {
    // 64 rows × 784 columns drawn 784 × 192: each cell 1 × 3 pixels.
    expect(cellAt(0, 0, 784, 192, 64, 784)).toEqual({ row: 0, col: 0 });
    expect(cellAt(783.9, 191.9, 784, 192, 64, 784)).toEqual({ row: 63, col: 783 });
    expect(cellAt(412.5, 7.5, 784, 192, 64, 784)).toEqual({ row: 2, col: 412 });
    expect(cellAt(784, 0, 784, 192, 64, 784)).toBeNull();
    expect(cellAt(-0.1, 0, 784, 192, 64, 784)).toBeNull();
  });

  it('bandOf gives a row, a column or one cell', () => {
    expect(bandOf(2, null, 100, 40, 4, 10)).toEqual({ x: 0, y: 20, width: 100, height: 10 });
    expect(bandOf(null, 3, 100, 40, 4, 10)).toEqual({ x: 30, y: 0, width: 10, height: 40 });
    expect(bandOf(1, 9, 100, 40, 4, 10)).toEqual({ x: 90, y: 10, width: 10, height: 10 });
  });

  it('axisTicks labels every index when there is room, else round ones, at cell centres', () => {
    expect(axisTicks(4, 400, 48)).toEqual([0, 1, 2, 3].map((index) => ({ index, label: index, position: index * 100 + 50 })));
    const ticks = axisTicks(784, 784, 56);
    expect(ticks.map((t) => t.index)).toEqual([0, 100, 200, 300, 400, 500, 600, 700]);
    expect(ticks[1].position).toBe(100.5);
    expect(axisTicks(0, 100)).toEqual([]);
  });

  it('axisTicks counts from 1 when told: round labels, each at its own cell', () => {
    // pixels 1 … 784: label 100 is index 99, centred at 99.5 on a 784-px axis
    const ticks = axisTicks(784, 784, 56, 1);
    // pixel 1 starts the axis (99 px before label 100, room enough)
    expect(ticks.map((t) => t.label)).toEqual([1, 100, 200, 300, 400, 500, 600, 700]);
    expect(ticks.map((t) => t.index)).toEqual([0, 99, 199, 299, 399, 499, 599, 699]);
    expect(ticks[1].position).toBe(99.5);
    // 100 units on 300 px: 1 is 19 cells × 3 px = 57 px ≥ 56 before label 20, shown; on 290 px 55.1 px, not
    expect(axisTicks(100, 300, 56, 1).map((t) => t.label)).toEqual([1, 20, 40, 60, 80, 100]);
    expect(axisTicks(100, 290, 56, 1).map((t) => t.label)).toEqual([20, 40, 60, 80, 100]);
    // 4 units with room for all: labels 1 … 4 at indices 0 … 3
    expect(axisTicks(4, 400, 48, 1)).toEqual([1, 2, 3, 4].map((label) => ({ index: label - 1, label, position: (label - 1) * 100 + 50 })));
  });

  it('fitMatrix fills the width and keeps rows between minRow and maxRow pixels', () => {
    expect(fitMatrix(64, 784, 784, 400, 2.5, 14)).toEqual({ width: 784, height: 160 });
    expect(fitMatrix(10, 64, 512, 400, 2.5, 14)).toEqual({ width: 512, height: 80 });
    expect(fitMatrix(128, 10, 120, 320, 1.5, 10)).toEqual({ width: 120, height: 320 });
  });
});
