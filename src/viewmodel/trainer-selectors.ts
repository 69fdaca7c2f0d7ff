// What the training screen shows, computed from the trainer's snapshot: the progress bar and
// its ETA, the comparison rows (runs grouped by setup), the divergence on offer for debugging.

import type { TrainerSnapshot } from '../machine/trainer-machine';
import type { ComparisonRow } from '../experiments/comparison-table';
import { presetById, presetArchitecture } from '../experiments/presets';
import { describeSizes } from '../engine/network';
import type { LiveRun, TrainerContext } from '../machine/trainer-events';
import { resumedRun } from '../machine/trainer-checkpoints';
import type { RunRecord } from '../session/run-store';
import type { RunCheckpoint } from '../session/run-checkpoint';
import { grouped } from '../format';

export type TrainerStatus = 'loading' | 'failed' | 'idle' | 'running' | 'paused' | 'snapshotting' | 'stopping' | 'fetching';

/** The trainer's state as one word, read off its state value (cheaper than a row of matches()). */
export function trainerStatus(value: TrainerSnapshot['value']): TrainerStatus {
  if (typeof value === 'string') return value === 'fetchingLastGood' ? 'fetching' : (value as 'loading' | 'failed' | 'idle');
  const training = (value as { training?: string }).training;
  return training === 'paused' || training === 'snapshotting' || training === 'stopping' ? training : 'running';
}

export interface ProgressView {
  /** Steps done and the most the run can take (max epochs × batches per epoch). */
  readonly step: number;
  readonly maxSteps: number;
  /** step / maxSteps in [0, 1]. */
  readonly fraction: number;
  /** 1-based epoch and batch of the next step, as a learner counts them. */
  readonly epoch: number;
  readonly batch: number;
  readonly batchesPerEpoch: number;
  /** The pace measured since the worker started this run; null before one is measured (a run a reload paused). */
  readonly samplesPerSecond: number | null;
  readonly elapsedSeconds: number;
  /**
   * Seconds to the max-epochs end at the pace so far (checks included); early stopping may end
   * the run sooner, so this is an upper bound. Null until the pace is known.
   */
  readonly etaSeconds: number | null;
}

export function progressView(live: LiveRun): ProgressView | null {
  const { batchesPerEpoch, progress } = live;
  if (batchesPerEpoch === null) return null;
  const maxSteps = live.config.maxEpochs * batchesPerEpoch;
  const position = progress?.position ?? { step: live.startStep, epoch: Math.floor(live.startStep / batchesPerEpoch), batch: live.startStep % batchesPerEpoch };
  const stepsHere = position.step - live.startStep;
  const activeMs = progress?.activeMs ?? 0;
  const msPerStep = stepsHere > 0 ? activeMs / stepsHere : null;
  return {
    step: position.step,
    maxSteps,
    fraction: Math.min(1, position.step / maxSteps),
    epoch: position.epoch + 1,
    batch: position.batch + 1,
    batchesPerEpoch,
    samplesPerSecond: progress && progress.samplesPerSecond > 0 ? progress.samplesPerSecond : null,
    elapsedSeconds: activeMs / 1000,
    etaSeconds: msPerStep === null ? null : (Math.max(0, maxSteps - position.step) * msPerStep) / 1000,
  };
}

/** A run training beside the one the panel follows: its name, how far it is, its last validation accuracy. */
export interface AlongsideView {
  readonly id: string;
  readonly label: string;
  readonly progress: ProgressView | null;
  /** Of the last check, in [0, 1]; null before the first. */
  readonly validationAccuracy: number | null;
}

export function alongsideView(run: LiveRun): AlongsideView {
  const last = run.checks[run.checks.length - 1];
  return { id: run.id, label: run.label, progress: progressView(run), validationAccuracy: last ? last.validation.accuracy : null };
}

/** A run a reload interrupted, as the training screen lists it (paused, to continue). */
export interface InterruptedView {
  readonly id: string;
  readonly label: string;
  /** Where it stands, as the run panel counts: "epoch 2 of 10 · batch 41 of 352 · step 393". */
  readonly where: string;
  /** 1-based epoch of the next step. */
  readonly epoch: number;
  readonly step: number;
  /** Of the last check, in [0, 1]; null before the first. */
  readonly validationAccuracy: number | null;
  /** Seconds it had run (pauses excluded). */
  readonly elapsedSeconds: number;
  readonly savedAt: number;
}

export function interruptedView(c: RunCheckpoint): InterruptedView {
  const { epoch, batch, step } = c.position;
  const last = c.loop.checks[c.loop.checks.length - 1];
  return {
    id: c.id,
    label: c.label,
    where: `epoch ${epoch + 1} of ${c.config.maxEpochs} · batch ${batch + 1} of ${c.batchesPerEpoch} · step ${grouped(step)}`,
    epoch: epoch + 1,
    step,
    validationAccuracy: last ? last.validation.accuracy : null,
    elapsedSeconds: c.activeMs / 1000,
    savedAt: c.savedAt,
  };
}

/** The run panel's progress for an interrupted run: where its checkpoint stands. */
export function interruptedProgress(c: RunCheckpoint): ProgressView | null {
  return progressView(resumedRun(c));
}

/** Is a run in progress or waiting that a reload would interrupt (the page then asks before it goes)? */
export function runUnsaved(status: TrainerStatus): boolean {
  return status === 'running' || status === 'paused' || status === 'snapshotting' || status === 'stopping';
}

/** A run's label without its seed: "3c + fan-in normal init". */
export function setupLabel(run: Pick<RunRecord, 'label'>): string {
  return run.label.replace(/, seed \d+$/, '');
}

export function architectureOf(run: Pick<RunRecord, 'presetId' | 'config'>): string {
  const preset = run.presetId ? presetById(run.presetId) : undefined;
  return preset && describeSizes(preset.config.sizes) === describeSizes(run.config.sizes) ? presetArchitecture(preset) : `${describeSizes(run.config.sizes)} ${run.config.hiddenActivation}`;
}

/** The selected runs as table rows: one per setup, in the order of first selection, seeds together. */
export function comparisonRows(runs: readonly RunRecord[], selected: readonly string[]): ComparisonRow[] {
  const rows = new Map<string, { label: string; architecture: string; runs: RunRecord[] }>();
  for (const id of selected) {
    const run = runs.find((r) => r.id === id);
    if (!run) continue;
    const key = run.continuedFrom ? run.id : run.setup; // a continued run is its own setup
    const row = rows.get(key) ?? { label: setupLabel(run), architecture: architectureOf(run), runs: [] };
    row.runs.push(run);
    rows.set(key, row);
  }
  return [...rows.values()].map((row) => ({
    label: row.label,
    architecture: row.architecture,
    runs: row.runs.map((r) => ({ seed: r.config.seed, result: r.result, wallSeconds: r.wallSeconds })),
  }));
}

/** The run that finished last, when it diverged: its message and the offer to debug. */
export function lastDivergence(context: Pick<TrainerContext, 'runs' | 'lastFinished'>): RunRecord | null {
  const run = context.runs.find((r) => r.id === context.lastFinished);
  return run && run.result.divergence ? run : null;
}
