// A learner's numbers for one step, whatever file they came in: each given array under
// the quantity name of the trace format ("layers[0].gradW"), with the label the learner
// used for it ("gradW1" in an npz), so every message can name it their way.

import type { Precision } from '../engine/types';

export interface GivenArray {
  /** How the learner's file names it: "gradW1" (npz) or "layers[0].gradW" (JSON). */
  readonly label: string;
  /** The array's own shape, before any layout is recognised. [] for a number. */
  readonly shape: readonly number[];
  /** Row-major values of that shape. */
  readonly values: Float64Array;
}

/** Step settings a trace JSON may state; the check takes them when no flag says otherwise. */
export interface LearnerSettings {
  readonly learningRate?: number;
  readonly momentum?: number;
  readonly precision?: Precision;
}

/**
 * Whose numbers these are, for the diagnosis's sentences: a learner's file ("Your gradW1 is …",
 * in the file's names), or a step deltascope computed with a planted mistake, as a bug-hunt
 * lesson checks ("The lesson's δⱼ is …", in the report's notation). Default: the learner's.
 */
export type NumbersOwner = 'learner' | 'lesson';

export interface LearnerTrace {
  /** The file, as the user named it (for messages). */
  readonly source: string;
  readonly owner?: NumbersOwner;
  readonly format: 'json' | 'npz';
  /** Given arrays by quantity name (quantities.ts), in the file's order. */
  readonly arrays: ReadonlyMap<string, GivenArray>;
  readonly settings: LearnerSettings;
  /** Labels and N as the file states them, to catch a trace of another batch. */
  readonly labels?: readonly number[];
  readonly examples?: number;
}
