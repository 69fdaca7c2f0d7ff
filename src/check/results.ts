// What a check finds: per quantity, the first difference and the diagnoses — the types the
// CLI's reports and the page read (check-step.ts computes them, detectors.ts diagnoses).

import type { MistakeId } from './catalogue';
import type { EquationRef } from './equations';
import type { Layout } from './layout';
import type { Axis, Quantity } from './quantities';

export type QuantityStatus = 'ok' | 'differs' | 'missing';

/** The learner's array as compared: the reading (layout) the check took. */
export interface GivenReading {
  readonly label: string;
  readonly layout: Layout;
  /** In deltascope's layout; rows × the quantity's size (rows = N for a per-example vector). */
  readonly values: Float64Array;
  readonly rows: number;
}

export interface QuantityResult {
  readonly quantity: Quantity;
  readonly status: QuantityStatus;
  readonly given: GivenReading | null;
  /** Largest |yours − ours| and that relative to the largest |ours|; null when missing. */
  readonly maxAbs: number | null;
  readonly maxRel: number | null;
  /** Flat index into given.values of the first entry beyond the tolerance, or -1. */
  readonly firstIndex: number;
  /** The absolute bound an entry's |yours − ours| must stay within (compare.ts's absoluteLimit). */
  readonly limit: number;
  /** A layout note ("given as [in][out], compared transposed"). */
  readonly note?: string;
  /** Every reading the array's shape allows (the one compared first): a diagnosis may fit another. */
  readonly readings: readonly GivenReading[];
}

export interface FirstDifference {
  /** The quantity, as the trace format names it: "layers[0].gradW". */
  readonly name: string;
  /** How the learner's file names it: "gradW1" in an npz. */
  readonly label: string;
  /** 0-based layer, null for the loss. */
  readonly layer: number | null;
  /** 0-based indices in deltascope's layout, e.g. [example, unit] or [unit, input]. */
  readonly index: readonly number[];
  /** What each index counts. */
  readonly axes: readonly Axis[];
  readonly expected: number;
  readonly actual: number;
  readonly equation: EquationRef;
}

export interface Diagnosis {
  readonly id: MistakeId;
  /** What was seen in these numbers, with their values (one or two sentences). */
  readonly message: string;
}

export interface CheckReport {
  /** Every given quantity agrees within the tolerance. */
  readonly agree: boolean;
  /** Every quantity of the step, in computation order. */
  readonly quantities: readonly QuantityResult[];
  readonly firstDifference: FirstDifference | null;
  /** Catalogue mistakes whose signature the numbers match, most specific first; [] when none does. */
  readonly diagnosis: readonly Diagnosis[];
  /** The relative tolerance used. */
  readonly tolerance: number;
}
