// How the trainer keeps its runs in progress across a reload: the record it writes for a
// worker's checkpoint (session/run-checkpoint.ts), and the queue and run it makes again from
// one. The machine (trainer-machine.ts) calls these from its actions.

import type { TrainingCheckpoint } from '../engine/training';
import { samplesAfter } from '../experiments/experiment-results';
import type { RunCheckpoint } from '../session/run-checkpoint';
import type { LiveRun, QueuedRun } from './trainer-events';

/** The stored form of a worker's checkpoint of `live`, taken `savedAt`. */
export function checkpointRecord(live: LiveRun, checkpoint: TrainingCheckpoint, activeMs: number, savedAt: number): RunCheckpoint | null {
  // Known once the worker has started the run, which it did before any checkpoint.
  if (live.batchesPerEpoch === null || live.trainCount === null) return null;
  return {
    id: live.id,
    label: live.label,
    presetId: live.presetId,
    config: live.config,
    continuedFrom: live.continuedFrom,
    startStep: live.startStep,
    batchesPerEpoch: live.batchesPerEpoch,
    trainCount: live.trainCount,
    activeMs,
    savedAt,
    params: checkpoint.net.params,
    velocity: checkpoint.velocity,
    position: checkpoint.position,
    loop: checkpoint.loop,
  };
}

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
