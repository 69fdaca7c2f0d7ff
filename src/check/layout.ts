// Recognising the layout of a learner's array. Learners write matrices either way round
// and fold the 1/N in at different places; none of that is a mistake in their backprop.
// A given array is read in every layout its shape allows, in this order:
//   as deltascope's layout — [out][in] weights, [example][unit] batch quantities;
//   transposed — [in][out] weights, [unit][example] batch quantities;
//   for δ, each of those times N (δ already divided by N);
//   for a bias-shaped quantity, one row per example (not reduced over the batch: a finding).
// The comparison takes the first layout that agrees, else the first one the shape allows,
// and says which it took. A shape that fits no layout is bad input.

import { FormatError } from '../engine/io';
import type { GivenArray } from './learner-trace';
import { elementCount, type QuantitySpec } from './quantities';

export interface Layout {
  /** Read transposed: [in][out] for a weight-shaped matrix, [unit][example] for a batch quantity. */
  readonly transposed: boolean;
  /** δ given already divided by N: compared as N·δ. */
  readonly dividedByN: boolean;
  /** A per-unit vector given with one row per example (N × n): not reduced over the batch. */
  readonly perExample: boolean;
}

export const PLAIN_LAYOUT: Layout = { transposed: false, dividedByN: false, perExample: false };

/** The learner's values read in one layout, in deltascope's order. */
export interface Reading {
  readonly layout: Layout;
  /** rows × (the quantity's element count), row-major; rows = N when perExample, else 1. */
  readonly values: Float64Array;
  readonly rows: number;
}

/** The shape without its 1-long axes: (n, 1) and (1, n) read as (n). */
function squeeze(shape: readonly number[]): number[] {
  return shape.filter((d) => d !== 1);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function transpose(values: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  return out;
}

function scaled(values: Float64Array, factor: number): Float64Array {
  return values.map((v) => v * factor);
}

/** "16 × 784", "10", "a number". */
export function describeShape(shape: readonly number[]): string {
  return shape.length === 0 ? 'a number' : shape.join(' × ');
}

/** Every reading of `given` that its shape allows, most likely first; [] when none. */
export function readings(spec: QuantitySpec, given: GivenArray, examples: number): Reading[] {
  const out: Reading[] = [];
  const count = elementCount(spec.shape);
  const squeezed = squeeze(given.shape);
  const specSqueezed = squeeze(spec.shape);
  const plain = (layout: Partial<Layout>, values: Float64Array, rows = 1) => out.push({ layout: { ...PLAIN_LAYOUT, ...layout }, values, rows });

  if (sameShape(given.shape, spec.shape) || (elementCount(given.shape) === count && sameShape(squeezed, specSqueezed) && specSqueezed.length <= 1)) {
    plain({}, given.values);
  }
  if (spec.shape.length === 2 && spec.transposable) {
    const [rows, cols] = spec.shape;
    if (rows !== cols && rows > 1 && cols > 1 && sameShape(given.shape, [cols, rows])) plain({ transposed: true }, transpose(given.values, cols, rows));
    if (rows === cols && rows > 1 && sameShape(given.shape, spec.shape)) plain({ transposed: true }, transpose(given.values, cols, rows));
  }
  const biasShaped = spec.kind === 'gradB' || spec.kind === 'biasesAfter' || spec.kind === 'velocityBiases';
  if (biasShaped && examples > 1 && given.shape.length === 2) {
    const n = count;
    if (sameShape(given.shape, [examples, n])) plain({ perExample: true }, given.values, examples);
    if (sameShape(given.shape, [n, examples])) plain({ perExample: true, transposed: true }, transpose(given.values, n, examples), examples);
  }
  if (spec.kind === 'delta' && examples > 1) {
    for (const reading of [...out]) out.push({ ...reading, layout: { ...reading.layout, dividedByN: true }, values: scaled(reading.values, examples) });
  }
  return out;
}

/** What shapes a quantity accepts, for the error message. */
function acceptedShapes(spec: QuantitySpec, examples: number): string {
  if (spec.shape.length === 0) return 'a number';
  const plain = describeShape(spec.shape);
  if (spec.shape.length === 2 && spec.transposable && spec.shape[0] !== spec.shape[1]) {
    return `${plain} (or ${describeShape([spec.shape[1], spec.shape[0]])}, read transposed)`;
  }
  const biasShaped = spec.kind === 'gradB' || spec.kind === 'biasesAfter' || spec.kind === 'velocityBiases';
  if (biasShaped && examples > 1) return `${plain} (one per unit)`;
  return plain;
}

/** The readings of a given array, or a FormatError naming it when its shape fits none. */
export function readingsOrThrow(spec: QuantitySpec, given: GivenArray, examples: number, source: string): Reading[] {
  const found = readings(spec, given, examples);
  if (found.length === 0) {
    throw new FormatError(source, given.label, `expected ${acceptedShapes(spec, examples)}, got ${describeShape(given.shape)}`);
  }
  return found;
}

/** The layout note shown beside a quantity, or undefined for deltascope's own layout. */
export function layoutNote(layout: Layout, spec: QuantitySpec): string | undefined {
  const notes: string[] = [];
  if (layout.transposed && !layout.perExample) {
    notes.push(spec.axes[0] === 'example' ? 'given as [unit][example], compared transposed' : 'given as [in][out], compared transposed');
  }
  if (layout.dividedByN) notes.push('δ given already divided by N, compared as N·δ');
  if (layout.perExample) notes.push(`given with one row per example${layout.transposed ? ' (as [unit][example])' : ''}, not reduced over the batch`);
  return notes.length ? notes.join('; ') : undefined;
}
