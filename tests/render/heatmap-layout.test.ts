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
    expect(axisTicks(4, 400, 48)).toEqual([0, 1, 2, 3].map((index) => ({ index, position: index * 100 + 50 })));
    const ticks = axisTicks(784, 784, 56);
    expect(ticks.map((t) => t.index)).toEqual([0, 100, 200, 300, 400, 500, 600, 700]);
    expect(ticks[1].position).toBe(100.5);
    expect(axisTicks(0, 100)).toEqual([]);
  });

  it('fitMatrix fills the width and keeps rows between minRow and maxRow pixels', () => {
    expect(fitMatrix(64, 784, 784, 400, 2.5, 14)).toEqual({ width: 784, height: 160 });
    expect(fitMatrix(10, 64, 512, 400, 2.5, 14)).toEqual({ width: 512, height: 80 });
    expect(fitMatrix(128, 10, 120, 320, 1.5, 10)).toEqual({ width: 120, height: 320 });
  });
});
