// Back to training: the debugger's state as the trainer resumes from it — the weights,
// the velocity and the position in the training order. A batch whose every layer has
// been updated counts as a step taken; mid-batch, the updates made so far are left out
// and the trainer runs that batch again, whole, from the weights it started with.
// Copies, as Training.snapshot() gives: a trainer owns and updates its arrays in place.

import { cloneNet, cloneParams } from '../engine/network';
import type { TrainingSnapshot } from '../engine/training';
import type { Net, Velocity } from '../engine/types';
import { parseTrainingConfig, type TrainingConfig } from '../engine/training-config';
import type { DebuggerContext } from './context';
import { batchesPerEpoch } from './data-source';
import { isBatchComplete, stateAfterBatch } from './frame';
import { currentFrame } from './history';
import { orderAfter } from './order';
import { batchLabel, epochLabel } from '../notation/indices';
import { grouped } from '../format';

export interface TrainingState {
  readonly snapshot: TrainingSnapshot;
  /** The current batch was complete: its update is in the weights. */
  readonly batchDone: boolean;
  /** The current batch was partly computed: what it computed is left out. */
  readonly midBatch: boolean;
}

/** The state the trainer would be in had it run what the debugger ran. */
export function trainingStateOf(ctx: Pick<DebuggerContext, 'history' | 'plan' | 'data' | 'batchSize'>): TrainingState {
  const frame = currentFrame(ctx.history);
  const { start } = frame;
  const copy = (net: Net, velocity: Velocity | null) => ({ net: cloneNet(net), velocity: velocity && cloneParams(velocity) });
  if (isBatchComplete(frame, ctx.plan)) {
    const { net, velocity } = stateAfterBatch(frame);
    const order = orderAfter(start.source, start.order, batchesPerEpoch(ctx.data, ctx.batchSize));
    return { snapshot: { ...copy(net, velocity), position: { ...order, step: start.stepsBefore + 1 } }, batchDone: true, midBatch: false };
  }
  return { snapshot: { ...copy(start.net, start.velocity), position: { ...start.order, step: start.stepsBefore } }, batchDone: false, midBatch: frame.stepIndex >= 0 };
}

/** The trainer's run settings with the debugger's learning rate, momentum and batch size, which may have changed. */
export function trainingConfigOf(base: TrainingConfig, ctx: Pick<DebuggerContext, 'settings' | 'batchSize'>): TrainingConfig {
  return parseTrainingConfig({ ...base, learningRate: ctx.settings.learningRate, momentum: ctx.settings.momentum, batchSize: ctx.batchSize });
}

/** What the training screen says about the state handed back. */
export function describeTrainingState({ snapshot, midBatch }: TrainingState): string {
  const { epoch, batch, step } = snapshot.position;
  const next = `epoch ${epochLabel(epoch)}, batch ${batchLabel(batch)}`;
  const steps = grouped(step);
  return midBatch
    ? `the debugger's weights at step ${steps}, before the batch it was in the middle of (${next}, which the trainer runs again whole)`
    : `the debugger's weights after step ${steps}; next: ${next}`;
}
