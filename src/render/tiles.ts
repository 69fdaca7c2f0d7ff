// The first layer's weights as pictures: row j of W₁ (784 numbers) is unit j's
// receptive field, drawn as a 28×28 tile. Tiles sit in a near-square grid (8×8 for 64
// units), in unit order, row by row, with a one-pixel gap.

import { checkDomain, symmetricDomain, type ColourLut, type Domain, type DomainOptions } from './colour';
import { rasterise, type RasterTarget } from './rasterise';
import { indexProblem } from '../notation/indices';

export interface TileLayout {
  readonly units: number;
  /** Tile edge in pixels (28 for MNIST). */
  readonly side: number;
  readonly gap: number;
  /** Tiles per grid row: ceil(√units). */
  readonly columns: number;
  readonly rows: number;
  /** Image size in pixels: columns·side + (columns − 1)·gap, likewise for rows. */
  readonly width: number;
  readonly height: number;
}

/** The grid for `units` tiles of `side` × `side` pixels. */
export function tileLayout(units: number, side: number, gap = 1): TileLayout {
  if (!Number.isInteger(units) || units < 1) throw new RangeError(`units must be a whole number ≥ 1, got ${units}`);
  if (!Number.isInteger(side) || side < 1) throw new RangeError(`side must be a whole number ≥ 1, got ${side}`);
  if (!Number.isInteger(gap) || gap < 0) throw new RangeError(`gap must be a whole number ≥ 0, got ${gap}`);
  const columns = Math.ceil(Math.sqrt(units));
  const rows = Math.ceil(units / columns);
  return { units, side, gap, columns, rows, width: columns * side + (columns - 1) * gap, height: rows * side + (rows - 1) * gap };
}

/** The tile edge for n inputs when they form a square image (28 for 784), else null. */
export function squareSide(inputs: number): number | null {
  const side = Math.round(Math.sqrt(inputs));
  return side * side === inputs ? side : null;
}

/** Top-left pixel of unit j's tile. */
export function tileOrigin(layout: TileLayout, unit: number): { x: number; y: number } {
  const problem = indexProblem('unit', unit, layout.units, 'the tiles');
  if (problem) throw new RangeError(problem);
  const pitch = layout.side + layout.gap;
  return { x: (unit % layout.columns) * pitch, y: Math.floor(unit / layout.columns) * pitch };
}

/** What is under image pixel (x, y): a unit and the input pixel (row, col) of its tile, or null (gap or empty cell). */
export function tileAt(layout: TileLayout, x: number, y: number): { unit: number; row: number; col: number; input: number } | null {
  if (!(x >= 0 && y >= 0 && x < layout.width && y < layout.height)) return null;
  const pitch = layout.side + layout.gap;
  const gx = Math.floor(x / pitch);
  const gy = Math.floor(y / pitch);
  const col = Math.floor(x - gx * pitch);
  const row = Math.floor(y - gy * pitch);
  if (col >= layout.side || row >= layout.side) return null;
  const unit = gy * layout.columns + gx;
  if (unit >= layout.units) return null;
  return { unit, row, col, input: row * layout.side + col };
}

/** One symmetric domain per tile: [−max |w_j·|, max |w_j·|] (nice-rounded unless told otherwise). */
export function perTileDomains(weights: ArrayLike<number>, layout: TileLayout, options: DomainOptions = {}): Domain[] {
  const n = layout.side * layout.side;
  if (weights.length < layout.units * n) throw new RangeError(`${layout.units} tiles of ${n} need ${layout.units * n} weights, got ${weights.length}`);
  const domains: Domain[] = [];
  for (let j = 0; j < layout.units; j++) domains.push(symmetricDomain(rowOf(weights, j * n, (j + 1) * n), options));
  return domains;
}

/** values[start … end) without copying when the array can give a view. */
function rowOf(values: ArrayLike<number>, start: number, end: number): ArrayLike<number> {
  const typed = values as Partial<Float64Array>;
  return typeof typed.subarray === 'function' ? typed.subarray(start, end) : Array.prototype.slice.call(values, start, end);
}

/**
 * Draw row j of `weights` (units × side², row-major) as tile j of `target` (an image of
 * layout.width × layout.height). `domains` is one domain for every tile, or one per tile.
 * Gaps and empty grid cells are left as they are.
 */
export function rasteriseTiles(weights: ArrayLike<number>, layout: TileLayout, lut: ColourLut, domains: Domain | readonly Domain[], target: Pick<RasterTarget, 'pixels'>): void {
  const n = layout.side * layout.side;
  const perTile = Array.isArray(domains[0]);
  if (perTile && domains.length !== layout.units) throw new RangeError(`${domains.length} domains for ${layout.units} tiles`);
  if (!perTile) checkDomain(domains as Domain);
  for (let j = 0; j < layout.units; j++) {
    const { x, y } = tileOrigin(layout, j);
    const domain = perTile ? (domains as readonly Domain[])[j] : (domains as Domain);
    rasterise({ values: weights, rows: layout.side, cols: layout.side, offset: j * n }, lut, domain, { pixels: target.pixels, width: layout.width, x, y });
  }
}
