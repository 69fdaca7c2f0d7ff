// A run kept across a reload goes on exactly: at the worker-session level, "train 2 epochs" and
// "train to a checkpoint, store it (structured clone), read it back through its schema, resume in
// a fresh session, train to the end" give the same bits — every check's metrics, the result's
// numbers and the final weights — on the portable backend (float64) and the resident WebAssembly
// one (float32, as the browser's worker trains), with momentum, with the train metrics from the
// running sums (trainEvalSize 0), and with early stopping that restores the best weights.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { enableFastKernels } from '../../src/engine/kernels/wasm/index';
import type { CheckResult, TrainingCheckpoint } from '../../src/engine/training';
import { parseTrainingConfig, type TrainingConfig, type TrainingConfigInput } from '../../src/engine/training-config';
import type { Params } from '../../src/engine/types';
import type { RunResult } from '../../src/experiments/experiment-results';
import { resumeState, runCheckpointSchema, type RunCheckpoint } from '../../src/session/run-checkpoint';
import { readRecord } from '../../src/session/stored-record';
import type { FromWorker, ResumeFrom } from '../../src/session/trainer-protocol';
import { TrainerSession } from '../../src/session/trainer-session';
import { realMnist, SMALL } from '../machine/trainer-helpers';

beforeAll(async () => {
  expect(await enableFastKernels()).toBe('wasm-simd');
});

interface Finished {
  readonly checks: CheckResult[];
  readonly result: RunResult;
  readonly weights: string;
  readonly checkpoints: Extract<FromWorker, { type: 'checkpoint' }>[];
}

function bits(p: Params): string {
  const hash = createHash('sha256');
  for (const a of [...p.weights, ...p.biases]) hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return hash.digest('hex');
}

/**
 * Runs a session to the end, synchronously: one loop call (7 steps, or to the next check) per
 * slice, a checkpoint after every slice, messages cloned with their transfers as postMessage does.
 */
function trainToEnd(config: TrainingConfig, resume?: ResumeFrom): Finished {
  const tasks: (() => void)[] = [];
  const sent: FromWorker[] = [];
  let clock = 0;
  const session = new TrainerSession(
    {
      post: (message, transfer = []) => void sent.push(structuredClone(message, { transfer })),
      later: (task) => void tasks.push(task),
      now: () => clock++,
    },
    realMnist(),
    { sliceMs: 1, stepsPerCall: 7, checkpointEveryMs: 1, progressEveryMs: 1e9 },
  );
  session.handle({ type: 'start', runId: 'r', config, ...(resume ? { resume } : {}) });
  while (!sent.some((m) => m.type === 'finished' || m.type === 'failed')) {
    const task = tasks.shift();
    if (!task) throw new Error('the session stopped without finishing');
    task();
  }
  session.handle({ type: 'snapshot', which: 'current', runId: 'r' });
  const failed = sent.find((m) => m.type === 'failed');
  if (failed) throw new Error(failed.message);
  const finished = sent.find((m) => m.type === 'finished')!;
  const snapshot = sent.find((m) => m.type === 'snapshot')!;
  return {
    checks: sent.flatMap((m) => (m.type === 'check' ? [m.check] : [])),
    result: finished.result,
    weights: bits(snapshot.snapshot.net.params),
    checkpoints: sent.flatMap((m) => (m.type === 'checkpoint' ? [m] : [])),
  };
}

/** A checkpoint as the page stores it and reads it back: structured clone, then the schema. */
function storedAndRead(config: TrainingConfig, checkpoint: TrainingCheckpoint, activeMs: number): RunCheckpoint {
  const trainCount = config.split.pool - config.split.validation;
  const record: RunCheckpoint = {
    id: 'r',
    label: 'a run',
    presetId: null,
    config,
    continuedFrom: null,
    startStep: 0,
    batchesPerEpoch: Math.ceil(trainCount / config.batchSize),
    trainCount,
    activeMs,
    savedAt: 1,
    params: checkpoint.net.params,
    velocity: checkpoint.velocity,
    position: checkpoint.position,
    loop: checkpoint.loop,
  };
  const read = readRecord(runCheckpointSchema, structuredClone(record));
  if (!read.ok) throw new Error(read.problem);
  return read.record;
}

/** What must agree bit for bit: everything but the times. */
const untimed = (checks: readonly CheckResult[]) => checks.map(({ trainingMs: _t, ...rest }) => rest);
const resultNumbers = ({ trainingMs: _t, samplesPerSecond: _s, ...rest }: RunResult) => rest;

const CASES: [string, Partial<TrainingConfigInput>][] = [
  ['float32 on the resident backend, momentum', { momentum: 0.9, learningRate: 0.05 }],
  ['float64 on the portable backend, train metrics from the running sums', { precision: 'float64', trainEvalSize: 0 }],
  ['float32, early stopping that restores the best weights', { learningRate: 0.5, maxEpochs: 6, checksPerEpoch: 5, earlyStopping: { patience: 2, restoreBest: true } }],
];

describe('a run resumed from its checkpoint goes on exactly as one that never stopped', () => {
  for (const [name, changes] of CASES) {
    it(name, () => {
      const config = parseTrainingConfig({ ...SMALL, ...changes });
      const straight = trainToEnd(config);
      expect(straight.checks.length).toBeGreaterThan(2);
      if (changes.earlyStopping) {
        expect(straight.result.stopReason).toBe('early-stopping');
        expect(straight.result.restoredBest).toBe(true);
      } else {
        expect(straight.result.stopReason).toBe('max-epochs');
      }
      // The checkpoint after exactly one epoch (a check falls there), and one mid-epoch between checks.
      const batches = Math.ceil((config.split.pool - config.split.validation) / config.batchSize);
      const atEpoch = straight.checkpoints.find((c) => c.checkpoint.position.step === batches)!;
      const midEpoch = straight.checkpoints.find((c) => c.checkpoint.position.epoch === 1 && c.checkpoint.position.batch % 10 !== 0)!;
      // The last one before the end: with early stopping, its best weights are older than its weights.
      const late = straight.checkpoints.at(-1)!;
      if (changes.earlyStopping) expect(late.checkpoint.loop.bestCheck).toBeLessThan(late.checkpoint.loop.checks.length - 1);
      for (const taken of [atEpoch, midEpoch, late]) {
        expect(taken, 'a checkpoint was posted there').toBeDefined();
        const stored = storedAndRead(config, taken.checkpoint, taken.activeMs);
        const resumed = trainToEnd(config, resumeState(stored));
        // The checks so far come with the checkpoint (the screen shows them), the rest from the resumed run.
        expect(untimed([...stored.loop.checks, ...resumed.checks])).toEqual(untimed(straight.checks));
        expect(resultNumbers(resumed.result)).toEqual(resultNumbers(straight.result));
        expect(resumed.weights).toBe(straight.weights);
        // It picked up the time spent before the interruption.
        expect(resumed.checks.at(-1)!.trainingMs).toBeGreaterThanOrEqual(taken.checkpoint.loop.trainingMs);
      }
    });
  }

  it('without the loop state (weights and position only) the curves restart, so the test above can fail', () => {
    const config = parseTrainingConfig({ ...SMALL, trainEvalSize: 0 });
    const straight = trainToEnd(config);
    const taken = straight.checkpoints.find((c) => c.checkpoint.position.epoch === 1 && c.checkpoint.position.batch % 25 !== 0)!;
    expect(taken.checkpoint.loop.runningCount).toBeGreaterThan(0);
    const { loop: _loop, ...snapshot } = taken.checkpoint;
    const fresh = { ...snapshot, loop: { checks: [], bestCheck: -1, best: null, runningLoss: 0, runningCorrect: 0, runningCount: 0, trainingMs: 0 } };
    const resumed = trainToEnd(config, { checkpoint: fresh, activeMs: 0 });
    expect(resumed.weights).toBe(straight.weights); // the weights do not depend on the loop's sums…
    expect(untimed(resumed.checks)).not.toEqual(untimed(straight.checks.slice(-resumed.checks.length))); // …the curves do
  });
});
