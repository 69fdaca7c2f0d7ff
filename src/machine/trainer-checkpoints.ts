// How the trainer takes up the runs a reload interrupted: the queue and the run it makes again
// from their checkpoints (session/run-checkpoint.ts; the workers write them). The machine
// (trainer-machine.ts) calls these from its actions.

import { samplesAfter } from '../experiments/experiment-results';
import type { RunCheckpoint } from '../session/run-checkpoint';
import type { LiveRun, QueuedRun } from './trainer-events';

/** Queue entries for the interrupted runs chosen (one by id, or all), in their order. */
export function resumeQueue(interrupted: readonly RunCheckpoint[], runId: string | undefined): QueuedRun[] {
  return interrupted
    .filter((c) => runId === undefined || c.id === runId)
    .map((c) => ({ label: c.label, presetId: c.presetId, config: c.config, from: null, resume: c }));
}

/** An interrupted run in progress again: its id, name and curves, at its checkpoint's position until the worker reports. */
export function resumedRun(c: RunCheckpoint): LiveRun {
  return {
    id: c.id,
    label: c.label,
    presetId: c.presetId,
    config: c.config,
    continuedFrom: c.continuedFrom,
    batchesPerEpoch: c.batchesPerEpoch,
    trainCount: c.trainCount,
    startStep: c.startStep,
    checks: c.loop.checks,
    progress: { position: c.position, samples: samplesAfter(c.position.step, c.trainCount, c.config.batchSize), samplesPerSecond: 0, trainingMs: 0, activeMs: c.activeMs },
    saved: c.position,
  };
}
