// The events the debugger machine accepts. Views send the user-facing ones and enable
// their buttons from snapshot.can(event); the run.* reports come from the run loop.

import type { BreakpointSpec } from '../session/breakpoints';
import type { LoadRequest } from '../session/context';
import type { BatchChoice } from '../session/data-source';
import type { RunLoopEvent } from './run-actor';
import type { CheckActorEvent } from './check-actor';
import type { DebuggerSettings } from '../session/settings';

/** A breakpoint as views give it: the id and enabled flag are optional. */
export type BreakpointInput = BreakpointSpec & { readonly id?: string; readonly enabled?: boolean };

export type DebuggerEvent =
  | { readonly type: 'step.next' }
  | { readonly type: 'step.over' }
  | { readonly type: 'step.batch' }
  | { readonly type: 'step.epoch' }
  | { readonly type: 'step.prev' }
  | { readonly type: 'step.goto'; readonly index: number }
  | { readonly type: 'run.continue' }
  | { readonly type: 'run.pause' }
  | { readonly type: 'sample.select'; readonly index: number }
  | { readonly type: 'reset' }
  | { readonly type: 'batch.choose'; readonly choice: BatchChoice }
  | { readonly type: 'settings.change'; readonly settings: Partial<DebuggerSettings> }
  | { readonly type: 'breakpoints.set'; readonly breakpoints: readonly BreakpointInput[] }
  | { readonly type: 'breakpoints.add'; readonly breakpoint: BreakpointInput }
  | { readonly type: 'breakpoints.remove'; readonly id: string }
  | { readonly type: 'breakpoints.toggle'; readonly id: string }
  | { readonly type: 'memory.budget'; readonly bytes: number }
  | ({ readonly type: 'load' } & LoadRequest)
  /** Check my numbers: the learner's file for this batch's step (JSON or npz, told apart by content). */
  | { readonly type: 'check.file'; readonly name: string; readonly bytes: Uint8Array }
  /** Check the numbers of the session's own planted step (a bug-hunt lesson). */
  | { readonly type: 'check.step' }
  /** Stop a check under way. */
  | { readonly type: 'check.cancel' }
  /** Put the check's report away (the marks go with it). */
  | { readonly type: 'check.clear' }
  | CheckActorEvent
  | RunLoopEvent;
