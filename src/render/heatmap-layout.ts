// Geometry of a matrix heatmap: which cell is under the pointer, where a row or column
// band lies, which indices get axis ticks, and how big to draw a matrix in a given space.
// Cell (r, c) of a rows × cols matrix drawn width × height covers
// [c·width/cols, (c+1)·width/cols) × [r·height/rows, (r+1)·height/rows).

import { scaleLinear } from 'd3';

export interface Cell {
  readonly row: number;
  readonly col: number;
}

/** The cell under plot coordinates (x, y), or null outside the plot. */
export function cellAt(x: number, y: number, width: number, height: number, rows: number, cols: number): Cell | null {
  if (!(x >= 0 && y >= 0 && x < width && y < height)) return null;
  return { row: Math.min(rows - 1, Math.floor((y / height) * rows)), col: Math.min(cols - 1, Math.floor((x / width) * cols)) };
}

export interface Band {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The rectangle of one cell, one row (col = null) or one column (row = null), in plot coordinates. */
export function bandOf(row: number | null, col: number | null, width: number, height: number, rows: number, cols: number): Band {
  const cw = width / cols;
  const rh = height / rows;
  return {
    x: col === null ? 0 : col * cw,
    y: row === null ? 0 : row * rh,
    width: col === null ? width : cw,
    height: row === null ? height : rh,
  };
}

export interface AxisTick {
  /** 0-based row or column. */
  readonly index: number;
  /** The number written at the tick: the index as people count it (index + first). */
  readonly label: number;
  /** Centre of the index's cells along the axis, in plot coordinates. */
  readonly position: number;
}

/**
 * Round labels along an axis of `count` cells drawn `length` pixels long, at least `spacing`
 * pixels apart (d3's nice tick values, kept to whole labels). Labels count from `first`
 * (notation/indices: 1 for units, inputs and examples, 0 for classes), and the round numbers
 * are round labels — 100, 200 … of the pixels 1 … 784 — each at its cell's centre.
 */
export function axisTicks(count: number, length: number, spacing = 48, first = 0): AxisTick[] {
  if (count < 1 || length <= 0) return [];
  const step = length / count;
  const tick = (index: number): AxisTick => ({ index, label: index + first, position: (index + 0.5) * step });
  if (count * spacing <= length + step) return Array.from({ length: count }, (_, index) => tick(index));
  // d3's tick count is a hint: ask for fewer until neighbours are far enough apart.
  let labels: number[] = [first];
  for (let wanted = Math.max(1, Math.floor(length / spacing)); wanted >= 1; wanted--) {
    labels = scaleLinear().domain([first, first + count - 1]).ticks(wanted).filter(Number.isInteger);
    if (labels.length < 2 || (labels[1] - labels[0]) * step >= spacing) break;
  }
  // The first label says where counting starts: shown too when it is not crowded.
  if (labels[0] !== first && (labels[0] - first) * step >= spacing) labels.unshift(first);
  return labels.map((label) => tick(label - first));
}

/**
 * The size to draw a rows × cols matrix in at most maxWidth × maxHeight pixels: the width
 * is filled, and each row gets between minRow and maxRow pixels (a 64 × 784 matrix is
 * drawn wide and flat, a 128 × 10 one narrow cells stretched to a readable height).
 */
export function fitMatrix(rows: number, cols: number, maxWidth: number, maxHeight: number, minRow = 1, maxRow = 16): { width: number; height: number } {
  const width = Math.max(1, Math.floor(maxWidth));
  const cellWidth = width / cols;
  const rowHeight = Math.min(maxRow, Math.max(minRow, cellWidth));
  const height = Math.max(1, Math.min(Math.floor(maxHeight), Math.round(rows * rowHeight)));
  return { width, height };
}
