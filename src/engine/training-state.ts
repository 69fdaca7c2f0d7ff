// Where a training run is and what it takes to go on from there: its position, the checks so
// far, a snapshot of its weights (for the debugger) and a checkpoint (a snapshot with the loop's
// own state, from which a new Training resumes exactly — a run kept across a page reload).

import type { Params, SetMetrics, Velocity, Net } from './types';

/** Where the loop is: the next batch to run is batch `batch` of epoch `epoch` (both 0-based). */
export interface TrainingPosition {
  readonly epoch: number;
  readonly batch: number;
  /** Gradient steps taken so far. */
  readonly step: number;
}

export interface CheckResult {
  readonly step: number;
  /** Epochs completed, fractional: 1.5 = halfway through the second epoch. */
  readonly epoch: number;
  readonly train: SetMetrics;
  readonly validation: SetMetrics;
  readonly test: SetMetrics | null;
  /** Consecutive checks (including this one) at which the validation loss rose. */
  readonly rises: number;
  /** Milliseconds of training (excluding checks) since the start. */
  readonly trainingMs: number;
}

/** A copy of everything needed to continue (or debug) from a batch boundary. */
export interface TrainingSnapshot {
  readonly net: Net;
  readonly velocity: Velocity | null;
  readonly position: TrainingPosition;
}

/**
 * What the loop carries from batch to batch besides the weights: with it, a run resumed at a
 * batch boundary goes on exactly as if it had never stopped (the epoch order is a function of
 * the seed and the epoch, so the position is the whole of the shuffle's state).
 */
export interface LoopState {
  readonly checks: readonly CheckResult[];
  /** Index into checks of the lowest validation loss so far (−1: none yet). */
  readonly bestCheck: number;
  /** The weights kept at that check when early stopping restores them; else null. */
  readonly best: Params | null;
  /** Batch losses × sizes, correct answers and examples since the last check (the train metrics when trainEvalSize is 0). */
  readonly runningLoss: number;
  readonly runningCorrect: number;
  readonly runningCount: number;
  readonly trainingMs: number;
}

/** A snapshot with the loop's state: everything a run needs to resume where it was (a checkpoint). */
export interface TrainingCheckpoint extends TrainingSnapshot {
  readonly loop: LoopState;
}

/** Where a Training starts other than at the first batch of a fresh run. */
export interface TrainingStart {
  readonly velocity: Velocity | null;
  readonly position: TrainingPosition;
  /** A checkpoint's loop state (a resumed run); without it the checks, best and timings start afresh. */
  readonly loop?: LoopState;
}
