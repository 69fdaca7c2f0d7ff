// What the training screen reads off the trainer: progress with its ETA, comparison rows.
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/experiments/experiment-results';
import { parseTrainingConfig } from '../../src/engine/training-config';
import { setupKey } from '../../src/experiments/experiment-results';
import { trainerMachine } from '../../src/machine/trainer-machine';
import type { LiveRun } from '../../src/machine/trainer-events';
import type { RunRecord } from '../../src/session/run-store';
import { formatDuration } from '../../src/format';
import { comparisonRows, lastDivergence, progressView, trainerStatus } from '../../src/viewmodel/trainer-selectors';

const config = parseTrainingConfig({ maxEpochs: 2, seed: 1 });

function live(changes: Partial<LiveRun>): LiveRun {
  return { id: 'r', label: 'x', presetId: null, config, continuedFrom: null, batchesPerEpoch: 100, trainCount: 12800, startStep: 0, checks: [], progress: null, saved: null, ...changes };
}

describe('progressView', () => {
  it('needs the batches per epoch from the worker', () => {
    expect(progressView(live({ batchesPerEpoch: null }))).toBeNull();
  });
  it('counts steps against the most the run can take, and extrapolates the pace to an ETA', () => {
    const view = progressView(live({ progress: { position: { step: 150, epoch: 1, batch: 50 }, samples: 0, samplesPerSecond: 1234, trainingMs: 0, activeMs: 3000 } }))!;
    expect(view).toEqual({
      step: 150,
      maxSteps: 200,
      fraction: 0.75,
      epoch: 2,
      batch: 51,
      batchesPerEpoch: 100,
      samplesPerSecond: 1234,
      elapsedSeconds: 3,
      // 50 steps left at 20 ms per step
      etaSeconds: 1,
    });
  });
  it('times a continued run from where it started', () => {
    const view = progressView(live({ startStep: 100, progress: { position: { step: 150, epoch: 1, batch: 50 }, samples: 0, samplesPerSecond: 0, trainingMs: 0, activeMs: 1000 } }))!;
    expect(view.etaSeconds).toBe(1);
    expect(progressView(live({ startStep: 100 }))!.etaSeconds).toBeNull();
  });
  it('has no pace, not 0 samples/s, for a run a reload paused (its checkpoint keeps no rate)', async () => {
    const { resumedRun } = await import('../../src/machine/trainer-checkpoints');
    const position = { step: 150, epoch: 1, batch: 50 };
    const paused = resumedRun({ id: 'r', label: 'x', presetId: null, config, continuedFrom: null, batchesPerEpoch: 100, trainCount: 12800, startStep: 0, position, activeMs: 3000, loop: { checks: [] } } as unknown as Parameters<typeof resumedRun>[0]);
    const view = progressView(paused)!;
    expect(view.samplesPerSecond).toBeNull();
    expect(view.step).toBe(150);
    expect(view.elapsedSeconds).toBe(3);
  });
});

describe('formatDuration', () => {
  it('reads like a clock', () => {
    expect(formatDuration(0.42)).toBe('0.4 s');
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(65)).toBe('1 min 05 s');
  });
});

const result = (accuracy: number, divergence: RunResult['divergence'] = null): RunResult => ({
  stopReason: divergence ? 'diverged' : 'max-epochs',
  steps: 10,
  epochs: 1,
  samples: 0,
  best: null,
  restoredBest: false,
  final: { train: { loss: 1, accuracy, correct: 0, count: 1 }, validation: { loss: 1, accuracy, correct: 0, count: 1 }, test: null },
  trainingMs: 1,
  samplesPerSecond: 1,
  divergence,
  parameters: 50890,
});

function record(id: string, seed: number, lr: number, extra: Partial<RunRecord> = {}): RunRecord {
  const c = parseTrainingConfig({ seed, learningRate: lr });
  return { id, label: `2 Baseline (α ${lr}), seed ${seed}`, presetId: null, config: c, setup: setupKey(c), batchesPerEpoch: 1, trainCount: 1, checks: [], result: result(0.9), wallSeconds: 2, finishedAt: 0, continuedFrom: null, ...extra };
}

describe('comparisonRows', () => {
  it('groups the selected runs by setup, in the order first selected, seeds together', () => {
    const runs = [record('a', 1, 0.5), record('b', 1, 1), record('c', 2, 0.5), record('d', 3, 0.5, { continuedFrom: { step: 5 } })];
    const rows = comparisonRows(runs, ['b', 'a', 'c', 'd', 'missing']);
    expect(rows.map((r) => [r.label, r.runs.map((x) => x.seed)])).toEqual([
      ['2 Baseline (α 1)', [1]],
      ['2 Baseline (α 0.5)', [1, 2]],
      ['2 Baseline (α 0.5)', [3]],
    ]);
    expect(rows[0].architecture).toBe('784-64-10 sigmoid');
    expect(comparisonRows(runs, [])).toEqual([]);
  });
});

describe('lastDivergence', () => {
  it('is the last finished run when it diverged', () => {
    const d = { message: 'Diverged at step 3', step: 3, epoch: 0, batch: 2, lastGoodStep: 2 };
    const runs = [record('a', 1, 0.5), record('b', 1, 40, { result: result(0.1, d) })];
    expect(lastDivergence({ runs, lastFinished: 'b' })?.id).toBe('b');
    expect(lastDivergence({ runs, lastFinished: 'a' })).toBeNull();
    expect(lastDivergence({ runs, lastFinished: null })).toBeNull();
  });
});

describe('trainerStatus', () => {
  it('names every state of the machine in one word', () => {
    expect(trainerStatus('loading')).toBe('loading');
    expect(trainerStatus('idle')).toBe('idle');
    expect(trainerStatus('failed')).toBe('failed');
    expect(trainerStatus('fetchingLastGood')).toBe('fetching');
    expect(trainerStatus({ training: 'running' })).toBe('running');
    expect(trainerStatus({ training: 'paused' })).toBe('paused');
    expect(trainerStatus({ training: 'snapshotting' })).toBe('snapshotting');
    expect(trainerStatus({ training: 'stopping' })).toBe('stopping');
    // …and those are all the machine's states (a new one must be named here too).
    expect(Object.keys(trainerMachine.root.states)).toEqual(['loading', 'failed', 'idle', 'fetchingLastGood', 'training']);
    expect(Object.keys(trainerMachine.root.states.training.states)).toEqual(['running', 'paused', 'snapshotting', 'stopping']);
  });
});
