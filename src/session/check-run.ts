// "Check my numbers": the learner's numbers for the current batch's step (a file they bring, or
// the session's own planted step in a bug-hunt lesson) against deltascope's trace of that step
// — the same readLearnerTrace, traceStep and checkStep the CLI's `check` runs. A request and its
// outcome are plain objects and typed arrays, so the page can run the check in a worker
// (src/platform) while a lesson or a test runs it in process.

import { checkStep, readLearnerTrace, stepAsLearnerTrace, stepSettings, type CheckReport, type StepSettings } from '../check';
import { FormatError, traceStep } from '../engine/io';
import type { StepResult } from '../engine/step';
import type { BatchStart } from './batch-quantities';

/** Whose numbers: the bytes of a learner's file (JSON or npz), or a whole step computed here. */
export type CheckLearner =
  | { readonly kind: 'file'; readonly name: string; readonly bytes: Uint8Array }
  | { readonly kind: 'step'; readonly name: string; readonly result: StepResult };

export interface CheckRequest {
  /** The batch's start: the weights, velocity and rule of the step, and its examples. */
  readonly start: BatchStart;
  readonly learner: CheckLearner;
  /** Relative tolerance; default 1e-6 (float64) or 1e-4 (float32), as the CLI's. */
  readonly tolerance?: number;
}

export type CheckOutcome =
  | { readonly ok: true; readonly report: CheckReport; readonly settings: StepSettings }
  | { readonly ok: false; readonly message: string };

/** How the debugger names its settings when the learner's trace disagrees with them. */
const DEBUGGER_SETTINGS = { learningRate: "the debugger's α", momentum: "the debugger's μ", precision: "the debugger's precision" } as const;

/** Runs the check; bad input (an unreadable file, another batch's trace) is an outcome naming the file and the problem. */
export function runCheck(request: CheckRequest): CheckOutcome {
  const { net, batch, rule, velocity } = request.start;
  const { learner } = request;
  try {
    const reference = traceStep(net, batch, rule, velocity);
    const mine = learner.kind === 'file' ? readLearnerTrace(learner.bytes, net, learner.name) : stepAsLearnerTrace({ ...reference, step: learner.result }, learner.name);
    const settings = stepSettings({ learningRate: rule.learningRate, momentum: rule.momentum, precision: net.precision }, mine, DEBUGGER_SETTINGS);
    const report = checkStep(reference, mine, request.tolerance === undefined ? {} : { tolerance: request.tolerance });
    return { ok: true, report, settings };
  } catch (error) {
    if (error instanceof FormatError) return { ok: false, message: error.message };
    return { ok: false, message: `${learner.name}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * Runs a check and calls `done` with its outcome — at once (in process) or later (a worker);
 * returns a function that cancels it (its outcome is then never delivered).
 */
export type CheckRunner = (request: CheckRequest, done: (outcome: CheckOutcome) => void) => () => void;

/** The outcome when the checker itself could not run (not the learner's file): named so, for the check's panel. */
export function checkerCouldNotStart(source: string | null, error: unknown): CheckOutcome {
  const why = error instanceof Error ? error.message : String(error);
  const message = `the checker could not start: ${why || 'no reason given'}`;
  return { ok: false, message: source ? `${source}: ${message}` : message };
}

/** The check on this thread, synchronously: lessons, tests, and small nets. */
export const runCheckHere: CheckRunner = (request, done) => {
  done(runCheck(request));
  return () => {};
};
