// The comparison: a learner's numbers for one step against deltascope's trace of the same
// step, quantity by quantity in computation order, the first entry that differs, and the
// catalogue's diagnoses of the pattern. Pure: the CLI and the page both call checkStep.

import { FormatError, type Trace } from '../engine/io';
import { absoluteLimit, compareValues } from './compare';
import { diagnose } from './detectors';
import { layoutNote, readingsOrThrow, type Reading } from './layout';
import type { GivenArray, LearnerTrace } from './learner-trace';
import { referenceQuantities, stepShapeOf, type Axis, type Quantity } from './quantities';
import type { CheckReport, FirstDifference, GivenReading, QuantityResult } from './results';

export type { CheckReport, Diagnosis, FirstDifference, GivenReading, QuantityResult, QuantityStatus } from './results';

export interface CheckOptions {
  /** Relative to each quantity's largest magnitude: 1e-6 for float64, 1e-4 for float32 by default. */
  readonly tolerance?: number;
}

export const DEFAULT_TOLERANCE = { float64: 1e-6, float32: 1e-4 } as const;

/** Compare one given array with deltascope's quantity: the first reading that agrees, else the first. */
function compareQuantity(quantity: Quantity, given: GivenArray, examples: number, tolerance: number, source: string): QuantityResult {
  const candidates: readonly Reading[] = readingsOrThrow(quantity, given, examples, source);
  let chosen: { reading: Reading; comparison: ReturnType<typeof compareValues> } | null = null;
  for (const reading of candidates) {
    const comparison = compareValues(quantity.values, reading.values, tolerance, reading.rows);
    // One row per example of a per-unit vector is never agreement: the reduction is missing.
    const agreesHere = comparison.firstIndex < 0 && !reading.layout.perExample;
    if (agreesHere || chosen === null) chosen = { reading, comparison };
    if (agreesHere) break;
  }
  const { reading, comparison } = chosen!;
  const differs = comparison.firstIndex >= 0 || reading.layout.perExample;
  const asGiven = (r: Reading): GivenReading => ({ label: given.label, layout: r.layout, values: r.values, rows: r.rows });
  return {
    quantity,
    status: differs ? 'differs' : 'ok',
    given: asGiven(reading),
    readings: [asGiven(reading), ...candidates.filter((r) => r !== reading).map(asGiven)],
    maxAbs: comparison.maxAbs,
    maxRel: comparison.maxRel,
    firstIndex: comparison.firstIndex >= 0 ? comparison.firstIndex : reading.layout.perExample ? 0 : -1,
    limit: absoluteLimit(quantity.values, tolerance),
    note: layoutNote(reading.layout, quantity),
  };
}

/** The indices of entry `flat` of a result's given values, in deltascope's layout. */
function firstDifferenceOf(result: QuantityResult): FirstDifference {
  const { quantity, given } = result;
  const count = quantity.values.length;
  const row = Math.floor(result.firstIndex / count);
  const entry = result.firstIndex % count;
  let index: number[];
  let axes: Axis[];
  if (given!.rows > 1) {
    index = [row, entry];
    axes = ['example', ...quantity.axes];
  } else if (quantity.shape.length === 2) {
    index = [Math.floor(entry / quantity.shape[1]), entry % quantity.shape[1]];
    axes = [...quantity.axes];
  } else {
    index = quantity.shape.length === 1 ? [entry] : [];
    axes = [...quantity.axes];
  }
  return {
    name: quantity.name,
    label: given!.label,
    layer: quantity.layer,
    index,
    axes,
    expected: quantity.values[entry],
    actual: given!.values[result.firstIndex],
    equation: quantity.equation,
  };
}

/**
 * The learner's numbers against deltascope's trace of the same step. Throws FormatError
 * (bad input: the message names the file and array) when a given array fits no layout of
 * its quantity, when the file gives a quantity this step does not have, or when its labels
 * or N are not the batch's.
 */
export function checkStep(reference: Trace, learner: LearnerTrace, options: CheckOptions = {}): CheckReport {
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE[reference.net.precision];
  const shape = stepShapeOf(reference);
  const N = shape.examples;
  if (learner.examples !== undefined && learner.examples !== N) {
    throw new FormatError(learner.source, 'examples', `the batch has ${N} examples, the trace says ${learner.examples}: is this the trace of this batch?`);
  }
  if (learner.labels !== undefined) {
    if (learner.labels.length !== N) throw new FormatError(learner.source, 'labels', `the batch has ${N} labels, the trace ${learner.labels.length}: is this the trace of this batch?`);
    const n = learner.labels.findIndex((y, i) => y !== reference.batch.labels[i]);
    if (n >= 0) throw new FormatError(learner.source, `labels[${n}]`, `the batch's label is ${reference.batch.labels[n]}, the trace says ${learner.labels[n]}: is this the trace of this batch?`);
  }
  const quantities = referenceQuantities(reference);
  const known = new Set(quantities.map((q) => q.name));
  for (const [name, given] of learner.arrays) {
    if (!known.has(name)) {
      const why = name.startsWith('velocityAfter') ? 'a velocity, but the momentum is 0 (plain SGD keeps no velocity): pass --momentum' : 'not a quantity of this step';
      throw new FormatError(learner.source, given.label, why);
    }
  }
  if (learner.arrays.size === 0) throw new FormatError(learner.source, '', 'gives no quantity to compare');

  const results: QuantityResult[] = quantities.map((quantity) => {
    const given = learner.arrays.get(quantity.name);
    if (!given) return { quantity, status: 'missing', given: null, maxAbs: null, maxRel: null, firstIndex: -1, limit: absoluteLimit(quantity.values, tolerance), readings: [] };
    return compareQuantity(quantity, given, N, tolerance, learner.source);
  });
  const first = results.find((r) => r.status === 'differs');
  const firstDifference = first ? firstDifferenceOf(first) : null;
  const diagnosis = first ? diagnose({ trace: reference, results, first, firstDifference: firstDifference!, tolerance, owner: learner.owner ?? 'learner' }) : [];
  return { agree: !first, quantities: results, firstDifference, diagnosis, tolerance };
}
