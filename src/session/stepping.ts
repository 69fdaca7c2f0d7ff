// How the context moves: one sub-step, to the end of a phase, to the end of a batch,
// back and to a frame; loading the next batch; landing after a run. Pure functions of
// the context, used by the machine's actions.

import { usesMomentum } from '../engine/step';
import type { Velocity } from '../engine/types';
import { batchesPerEpoch, materialise, type BatchChoice } from './data-source';
import { batchStartFrame, isBatchComplete, nextFrame, stateAfterBatch, velocityFor, type Frame, type FrameBatch } from './frame';
import { append, currentFrame, frameAt, moveTo, replaceCurrent, truncateAfterCursor } from './history';
import { orderAfter } from './order';
import { endOfPhase } from './plan';
import { ruleOf } from './settings';
import type { DebuggerContext } from './context';
import type { RunProgress, RunStop } from './run-loop';

type Ctx = DebuggerContext;

const current = (ctx: Ctx): Frame => currentFrame(ctx.history);

function withFrame(ctx: Ctx, history: Ctx['history']): Ctx {
  const frame = currentFrame(history);
  return { ...ctx, history, sample: Math.min(ctx.sample, frame.start.batch.size - 1) };
}

/** The state a batch starts from: weights, the velocity carried in, the order position, counters. */
type StartBase = Omit<FrameBatch, 'batch' | 'source' | 'rule' | 'velocity'> & { readonly velocity: Velocity | null };

/** A batch start with these examples, under the current rule (an order batch also sets the order position). */
function startWith(ctx: Ctx, base: StartBase, picked: Pick<FrameBatch, 'batch' | 'source'>): FrameBatch {
  const rule = ruleOf(ctx.settings);
  const order = picked.source.kind === 'order' ? { epoch: picked.source.epoch, batch: picked.source.batch } : base.order;
  return { ...base, rule, velocity: velocityFor(base.net, rule.momentum, base.velocity), ...picked, order };
}

/** The batch `choice` (or the training order's next) starting from the given state. */
function startOf(ctx: Ctx, base: StartBase, choice: BatchChoice | null): FrameBatch {
  return startWith(ctx, base, materialise(ctx.data, choice ?? { kind: 'order', ...base.order }, ctx.batchSize, base.net.precision));
}

/** The start of the batch after the completed `frame`. */
function batchAfter(ctx: Ctx, frame: Frame, choice: BatchChoice | null): FrameBatch {
  const { net, velocity } = stateAfterBatch(frame);
  return startOf(
    ctx,
    {
      net,
      velocity,
      order: orderAfter(frame.start.source, frame.start.order, batchesPerEpoch(ctx.data, ctx.batchSize)),
      stepsBefore: frame.start.stepsBefore + 1,
      previousLoss: frame.quantities.loss!.loss,
    },
    choice,
  );
}

/** One sub-step forward: a recorded frame if there is one, else a new one (or the next batch, loaded). */
export function advance(ctx: Ctx): Ctx {
  const h = ctx.history;
  const frame = current(ctx);
  if (h.cursor < h.end - 1) return withFrame(ctx, moveTo(h, frame.index + 1));
  if (isBatchComplete(frame, ctx.plan)) {
    const next = batchStartFrame(frame.index + 1, batchAfter(ctx, frame, ctx.pendingChoice), frame);
    return withFrame({ ...ctx, pendingChoice: null }, append(h, next));
  }
  return withFrame(ctx, append(h, nextFrame(frame, ctx.plan, frame.index + 1, ctx.faulty)));
}

/** Advance until the current frame completes sub-step `stepIndex` of its batch. */
function advanceTo(ctx: Ctx, stepIndex: number): Ctx {
  let next = ctx;
  while (current(next).stepIndex !== stepIndex) next = advance(next);
  return next;
}

/**
 * To the end of sub-step `stepIndex` of the current batch, back or forward (a frame of the
 * batch still in the history, else computed again forward); null when it is behind the
 * cursor and evicted.
 */
export function toSubStep(ctx: Ctx, stepIndex: number): Ctx | null {
  const frame = current(ctx);
  if (stepIndex === frame.stepIndex) return ctx;
  if (stepIndex > frame.stepIndex) return { ...advanceTo(ctx, stepIndex), hit: null };
  const earlier = frameAt(ctx.history, frame.index - (frame.stepIndex - stepIndex));
  return earlier ? goto(ctx, earlier.index) : null;
}

export function stepNext(ctx: Ctx): Ctx {
  return { ...advance(ctx), hit: null };
}

/** To the end of the phase the next sub-step belongs to (a batch just done: load the next). */
export function stepOver(ctx: Ctx): Ctx {
  const frame = current(ctx);
  if (isBatchComplete(frame, ctx.plan)) return stepNext(ctx);
  return { ...advanceTo(ctx, endOfPhase(ctx.plan, frame.stepIndex + 1)), hit: null };
}

/** Through the update of this batch (a batch just done: the whole next one). */
export function stepBatch(ctx: Ctx): Ctx {
  const loaded = isBatchComplete(current(ctx), ctx.plan) ? advance(ctx) : ctx;
  return { ...advanceTo(loaded, ctx.plan.length - 1), hit: null };
}

export function canStepBack(ctx: Ctx): boolean {
  return ctx.history.cursor > ctx.history.start;
}

export function stepPrev(ctx: Ctx): Ctx {
  return { ...withFrame(ctx, moveTo(ctx.history, current(ctx).index - 1)), hit: null };
}

export function canGoto(ctx: Ctx, index: number): boolean {
  return frameAt(ctx.history, index) !== null;
}

export function goto(ctx: Ctx, index: number): Ctx {
  return { ...withFrame(ctx, moveTo(ctx.history, index)), hit: null };
}

/** The velocity carried into the current batch-start frame, even if its own rule dropped it. */
function carriedVelocity(ctx: Ctx, frame: Frame): Velocity | null {
  if (frame.start.velocity) return frame.start.velocity;
  const previous = frameAt(ctx.history, frame.index - 1);
  return previous && isBatchComplete(previous, ctx.plan) && usesMomentum(previous.start.rule) ? stateAfterBatch(previous).velocity : null;
}

/**
 * After a change of batch or rule: a batch-start frame is rebuilt at once (nothing has
 * been computed from it); mid-batch, the change waits for the next batch. Either way
 * the frames after the cursor no longer follow and are dropped.
 */
export function applyToNextBatch(ctx: Ctx, choice: BatchChoice | null): Ctx {
  const frame = current(ctx);
  if (frame.stepIndex !== -1) return { ...ctx, history: truncateAfterCursor(ctx.history), pendingChoice: choice ?? ctx.pendingChoice };
  const s = frame.start;
  const keep: BatchChoice = s.source.kind === 'custom' ? { kind: 'custom', label: s.source.label, inputs: s.batch.inputs, labels: s.batch.labels as Uint8Array } : s.source;
  const start = startOf(ctx, { net: s.net, velocity: carriedVelocity(ctx, frame), order: s.order, stepsBefore: s.stepsBefore, previousLoss: s.previousLoss }, choice ?? keep);
  const previous = frameAt(ctx.history, frame.index - 1);
  const rebuilt = batchStartFrame(frame.index, start, previous);
  return withFrame({ ...ctx, pendingChoice: null }, replaceCurrent(ctx.history, rebuilt));
}

/** After run.stopped: replay the stopping batch frame by frame to the sub-step it stopped on. */
export function landAfterRun(ctx: Ctx, stop: RunStop): Ctx {
  let next: Ctx = { ...ctx, history: truncateAfterCursor(ctx.history), pendingChoice: null };
  if (!stop.isFirst) {
    const from = current(next);
    next = withFrame(next, append(next.history, batchStartFrame(from.index + 1, stop.replay, from)));
  }
  next = advanceTo(next, stop.stepIndex);
  return { ...next, hit: stop.hit, run: null, validationChecks: [...(ctx.run?.checksBefore ?? ctx.validationChecks), ...stop.validationChecks] };
}

/** After run.pause (or a failure): load the batch the run would have run next. */
export function landAtProgress(ctx: Ctx, progress: RunProgress | null): Ctx {
  const checks = [...(ctx.run?.checksBefore ?? ctx.validationChecks), ...(progress?.validationChecks ?? [])];
  if (!progress || progress.batchesRun === 0) return { ...ctx, run: null, validationChecks: checks };
  const cut = truncateAfterCursor(ctx.history);
  const from = currentFrame(cut);
  const base = { net: progress.net, velocity: progress.velocity, order: progress.order, stepsBefore: progress.stepsDone, previousLoss: progress.lastLoss };
  const start = progress.following ? startWith(ctx, base, progress.following) : startOf(ctx, base, null);
  return { ...withFrame(ctx, append(cut, batchStartFrame(from.index + 1, start, from))), run: null, hit: null, pendingChoice: null, validationChecks: checks };
}
