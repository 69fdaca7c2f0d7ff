// The state of "Check my numbers" in the debugger's context: which file (or planted step)
// was checked against which batch, the report, or why it could not be read. check-flow.ts
// makes and moves it; views read it and never compare.

import type { CheckReport, StepSettings } from '../check';
import type { FrameBatch } from './frame';

export interface CheckState {
  /** The learner's file as they named it, or the planted step's name: every message names it. */
  readonly source: string;
  /** The batch the numbers were checked against; the check shows while the debugger is on it. */
  readonly start: FrameBatch;
  readonly status: 'running' | 'done' | 'failed';
  readonly report: CheckReport | null;
  /** α, μ and precision the comparison used. */
  readonly settings: StepSettings | null;
  /** Why the check could not be made: names the file and the problem. */
  readonly error: string | null;
  /** Plan index of the sub-step that computes the first difference; null when none differs (or not done). */
  readonly firstStep: number | null;
}

/** The name the session's own planted step goes by in a check's messages. */
export const PLANTED_STEP_NAME = "this lesson's step";

