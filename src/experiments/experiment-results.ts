// What a finished training run amounts to — final loss and accuracy on the three sets,
// epochs and steps to the stop, throughput — computed the same way by the CLI's
// `experiments` and the browser's training worker, so their tables agree number for number;
// and the mean and spread over runs that differ only in their seed.

import { Evaluator, type SetMetrics } from '../engine/evaluate';
import type { CheckResult, StopReason, Training } from '../engine/training';
import type { TrainingConfig } from '../engine/training-config';
import { parameterCount } from '../engine/types';

/** Why a run ended: the loop's own reasons, or 'stopped' by the user. */
export type RunStopReason = StopReason | 'stopped';

export interface RunResult {
  readonly stopReason: RunStopReason;
  /** Gradient steps taken (to the stop; after an early stop the restored weights are older). */
  readonly steps: number;
  /** Epochs trained, fractional: steps / batches per epoch. */
  readonly epochs: number;
  /** Training examples seen (the last batch of an epoch may be partial). */
  readonly samples: number;
  /** The check with the lowest validation loss (the weights restored by early stopping). */
  readonly best: { readonly step: number; readonly epoch: number; readonly validationLoss: number; readonly validationAccuracy: number } | null;
  readonly restoredBest: boolean;
  /**
   * Loss and accuracy of the final weights on the whole train, validation and test sets
   * (after a divergence: of the weights before the last good batch, as the CLI's train reports).
   */
  readonly final: { readonly train: SetMetrics; readonly validation: SetMetrics; readonly test: SetMetrics | null };
  /** Milliseconds spent in gradient steps (validation checks excluded), up to the last check. */
  readonly trainingMs: number;
  /** Examples per second of gradient steps, up to the last check (0 before the first). */
  readonly samplesPerSecond: number;
  readonly divergence: { readonly message: string; readonly step: number; readonly epoch: number; readonly batch: number; readonly lastGoodStep: number } | null;
  readonly parameters: number;
}

/** Examples trained on after `steps` steps of epochs of `trainCount` examples in batches of `batchSize`. */
export function samplesAfter(steps: number, trainCount: number, batchSize: number): number {
  const batchesPerEpoch = Math.ceil(trainCount / batchSize);
  const epochs = Math.floor(steps / batchesPerEpoch);
  const rest = steps % batchesPerEpoch;
  return epochs * trainCount + Math.min(rest * batchSize, trainCount);
}

/** Samples per second between two checks (or from the start when `previous` is null). */
export function checkRate(check: CheckResult, previous: CheckResult | null, trainCount: number, batchSize: number): number {
  const samples = samplesAfter(check.step, trainCount, batchSize) - (previous ? samplesAfter(previous.step, trainCount, batchSize) : 0);
  const ms = check.trainingMs - (previous?.trainingMs ?? 0);
  return ms > 0 ? (samples * 1000) / ms : 0;
}

/**
 * The summary of a finished Training (evaluates the final weights on all three sets).
 * `stopped`: the user ended it before the loop did.
 */
export function summarizeTraining(training: Training, stopped = false): RunResult {
  const { config } = training;
  const position = training.position();
  const stopReason: RunStopReason = training.stopReason ?? (stopped ? 'stopped' : 'max-epochs');
  const best = training.bestCheck >= 0 ? training.checks[training.bestCheck] : null;
  const samples = samplesAfter(position.step, training.sets.train.count, config.batchSize);
  const divergence = training.divergence;
  // Throughput comes from the checks, the only points where the loop reports its step time.
  const last = training.checks.length ? training.checks[training.checks.length - 1] : null;
  const trainingMs = last?.trainingMs ?? 0;
  const timedSamples = last ? samplesAfter(last.step, training.sets.train.count, config.batchSize) : 0;
  return {
    stopReason,
    steps: position.step,
    epochs: position.step / training.batchesPerEpoch,
    samples,
    best: best ? { step: best.step, epoch: best.epoch, validationLoss: best.validation.loss, validationAccuracy: best.validation.accuracy } : null,
    restoredBest: stopReason === 'early-stopping' && (config.earlyStopping?.restoreBest ?? false) && best !== null,
    final: divergence ? lastGoodMetrics(training) : training.finalMetrics(),
    trainingMs,
    samplesPerSecond: trainingMs > 0 ? (timedSamples * 1000) / trainingMs : 0,
    divergence: divergence ? { message: divergence.message, step: divergence.step, epoch: divergence.epoch, batch: divergence.batch, lastGoodStep: divergence.lastGood.step + 1 } : null,
    parameters: parameterCount(config.sizes),
  };
}

function lastGoodMetrics(training: Training): RunResult['final'] {
  const net = training.lastGoodSnapshot().net;
  const evaluator = new Evaluator(net);
  const { train, validation, test } = training.sets;
  return { train: evaluator.evaluate(net, train), validation: evaluator.evaluate(net, validation), test: test ? evaluator.evaluate(net, test) : null };
}

/** A config without its seed, as a stable string: runs with equal keys are repeats over seeds. */
export function setupKey(config: TrainingConfig): string {
  const { seed: _seed, ...rest } = config;
  return canonicalJson(rest);
}

/** JSON with object keys sorted at every level, so equal values give equal strings. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return '{' + entries.map(([k, v]) => JSON.stringify(k) + ':' + canonicalJson(v)).join(',') + '}';
  }
  return JSON.stringify(value);
}

export interface Spread {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1); 0 for a single value. */
  readonly sd: number;
  readonly min: number;
  readonly max: number;
}

export function spread(values: readonly number[]): Spread {
  const n = values.length;
  if (n === 0) return { n, mean: NaN, sd: NaN, min: NaN, max: NaN };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) * (v - mean), 0) / (n - 1)) : 0;
  return { n, mean, sd, min: Math.min(...values), max: Math.max(...values) };
}
