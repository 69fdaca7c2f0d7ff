// "Check my numbers" as the debugger machine runs it: the request for the current batch, the
// check under way, and its outcome — which takes the debugger to the end of the sub-step that
// computes the first number that differs, with the example of that number selected.

import type { QuantityKind } from '../check';
import type { CheckLearner, CheckOutcome, CheckRequest } from './check-run';
import type { CheckState } from './check-state';
import { PLANTED_STEP_NAME } from './check-state';
import type { DebuggerContext } from './context';
import { faultyResult } from './faulty-step';
import { currentFrame } from './history';
import type { PlannedStep, StepKind } from './plan';
import { toSubStep } from './stepping';

/** Which sub-step kind computes a quantity of the check (the loss step computes C, C_n and the count). */
const STEP_OF: Readonly<Record<QuantityKind, StepKind>> = {
  z: 'preActivation',
  a: 'activation',
  fprime: 'activation',
  output: 'activation',
  lossPerExample: 'loss',
  loss: 'loss',
  correct: 'loss',
  delta: 'hiddenDelta',
  gradW: 'gradients',
  gradB: 'gradients',
  velocityWeights: 'update',
  weightsAfter: 'update',
  velocityBiases: 'update',
  biasesAfter: 'update',
};

/** Plan index of the sub-step that computes a quantity (kind and 0-based layer; the loss's layer is null). */
export function stepOfQuantity(plan: readonly PlannedStep[], quantity: { readonly kind: QuantityKind; readonly layer: number | null }): number {
  const L = plan.filter((s) => s.kind === 'activation').length;
  let kind = STEP_OF[quantity.kind];
  const layer = quantity.layer ?? L - 1;
  if (kind === 'hiddenDelta' && layer === L - 1) kind = 'outputDelta';
  const step = plan.find((s) => s.kind === kind && s.layer === layer);
  if (!step) throw new RangeError(`no sub-step computes ${quantity.kind} of layer ${layer + 1}`);
  return step.index;
}

/** The check request for the current batch: a file's bytes, or the session's own planted step. */
export function checkRequest(ctx: DebuggerContext, learner: { readonly kind: 'file'; readonly name: string; readonly bytes: Uint8Array } | { readonly kind: 'step' }): CheckRequest {
  const { start } = currentFrame(ctx.history);
  const batchStart = { net: start.net, batch: start.batch, rule: start.rule, velocity: start.velocity };
  if (learner.kind === 'file') return { start: batchStart, learner };
  if (!ctx.faulty) throw new Error('this session runs the engine’s own step: there is no planted step to check');
  const mine: CheckLearner = { kind: 'step', name: PLANTED_STEP_NAME, result: faultyResult(ctx.faulty, start) };
  return { start: batchStart, learner: mine };
}

/** The context with a check of `source` under way against the current batch. */
export function checkStarted(ctx: DebuggerContext, source: string): DebuggerContext {
  const { start } = currentFrame(ctx.history);
  return { ...ctx, check: { source, start, status: 'running', report: null, settings: null, error: null, firstStep: null } };
}

/**
 * The context with the check's outcome. When something differs, the debugger goes to the end
 * of the sub-step that computes the first difference (back or forward within the batch) and
 * selects the example it belongs to.
 */
export function checkFinished(ctx: DebuggerContext, outcome: CheckOutcome): DebuggerContext {
  const running = ctx.check;
  if (!running) return ctx;
  if (!outcome.ok) return { ...ctx, check: { ...running, status: 'failed', error: outcome.message } };
  const { report, settings } = outcome;
  const first = report.quantities.find((q) => q.status === 'differs');
  const firstStep = first ? stepOfQuantity(ctx.plan, first.quantity) : null;
  const check: CheckState = { ...running, status: 'done', report, settings, firstStep };
  let next: DebuggerContext = { ...ctx, check };
  if (firstStep === null || currentFrame(ctx.history).start !== running.start) return next;
  next = toSubStep(next, firstStep) ?? next;
  const d = report.firstDifference!;
  const example = d.axes.indexOf('example');
  return example >= 0 ? { ...next, sample: d.index[example] } : next;
}

/** The check of the batch the debugger is on (done, running or failed), or null. */
export function checkOfCurrentBatch(ctx: Pick<DebuggerContext, 'check' | 'history'>): CheckState | null {
  const check = ctx.check;
  return check && check.start === currentFrame(ctx.history).start ? check : null;
}
