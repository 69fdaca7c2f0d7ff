// A run kept across a reload goes on exactly: at the worker-session level, "train 2 epochs" and
// "train to a checkpoint, which the session stores (structured clone, as IndexedDB does), read it
// back through its schema, resume in a fresh session, train to the end" give the same bits — every check's metrics, the result's
// numbers and the final weights — on the portable backend (float64) and the resident WebAssembly
// one (float32, as the browser's worker trains), with momentum, with the train metrics from the
// running sums (trainEvalSize 0), and with early stopping that restores the best weights.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { enableFastKernels } from '../../src/engine/kernels/wasm/index';
import type { CheckResult } from '../../src/engine/training';
import { parseTrainingConfig, type TrainingConfig, type TrainingConfigInput } from '../../src/engine/training-config';
import type { Params } from '../../src/engine/types';
import type { RunResult } from '../../src/experiments/experiment-results';
import { resumeState, runCheckpointSchema, type RunCheckpoint, type RunHeading } from '../../src/session/run-checkpoint';
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
  /** The checkpoints the session stored, as the store holds them (cloned when written). */
  readonly checkpoints: RunCheckpoint[];
  /** The session's word that each was stored: the same positions, in order. */
  readonly stored: Extract<FromWorker, { type: 'checkpoint' }>[];
}

const HEADING: RunHeading = { label: 'a run', presetId: null, continuedFrom: null, startStep: 0 };

function bits(p: Params): string {
  const hash = createHash('sha256');
  for (const a of [...p.weights, ...p.biases]) hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return hash.digest('hex');
}

/**
 * Runs a session to the end: one loop call (7 steps, or to the next check) per slice, a
 * checkpoint after every slice into a store that clones what it keeps, messages cloned with
 * their transfers as postMessage does.
 */
async function trainToEnd(config: TrainingConfig, resume?: ResumeFrom): Promise<Finished> {
  const tasks: (() => void)[] = [];
  const sent: FromWorker[] = [];
  const kept: RunCheckpoint[] = [];
  let deleted = 0;
  let clock = 0;
  const session = new TrainerSession(
    {
      post: (message, transfer = []) => void sent.push(structuredClone(message, { transfer })),
      later: (task) => void tasks.push(task),
      now: () => clock++,
      checkpoints: { put: async (c) => void kept.push(structuredClone(c)), delete: async () => void deleted++ },
    },
    realMnist(),
    { sliceMs: 1, stepsPerCall: 7, checkpointEveryMs: 1, progressEveryMs: 1e9 },
  );
  session.handle({ type: 'start', runId: 'r', config, keep: HEADING, ...(resume ? { resume } : {}) });
  while (!sent.some((m) => m.type === 'finished' || m.type === 'failed')) {
    const task = tasks.shift();
    if (!task) throw new Error('the session stopped without finishing');
    task();
  }
  await new Promise((resolve) => setImmediate(resolve)); // the store answers: the session says "stored" once a write resolves
  expect(deleted, 'the finished run’s checkpoint is deleted').toBe(1);
  session.handle({ type: 'snapshot', which: 'current', runId: 'r' });
  const failed = sent.find((m) => m.type === 'failed');
  if (failed) throw new Error(failed.message);
  const finished = sent.find((m) => m.type === 'finished')!;
  const snapshot = sent.find((m) => m.type === 'snapshot')!;
  return {
    checks: sent.flatMap((m) => (m.type === 'check' ? [m.check] : [])),
    result: finished.result,
    weights: bits(snapshot.snapshot.net.params),
    checkpoints: kept,
    stored: sent.flatMap((m) => (m.type === 'checkpoint' ? [m] : [])),
  };
}

/** A stored checkpoint as the page reads it back after a reload: through its schema. */
function readBack(stored: RunCheckpoint): RunCheckpoint {
  const read = readRecord(runCheckpointSchema, structuredClone(stored));
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
    it(name, async () => {
      const config = parseTrainingConfig({ ...SMALL, ...changes });
      const straight = await trainToEnd(config);
      // Every checkpoint stored was said to be, at its position, in order; each under the run's id and heading.
      expect(straight.stored.map((m) => m.position)).toEqual(straight.checkpoints.map((c) => c.position));
      expect(straight.checkpoints.every((c) => c.id === 'r' && c.label === HEADING.label && c.startStep === 0)).toBe(true);
      expect(straight.checks.length).toBeGreaterThan(2);
      if (changes.earlyStopping) {
        expect(straight.result.stopReason).toBe('early-stopping');
        expect(straight.result.restoredBest).toBe(true);
      } else {
        expect(straight.result.stopReason).toBe('max-epochs');
      }
      // The checkpoint after exactly one epoch (a check falls there), and one mid-epoch between checks.
      const batches = Math.ceil((config.split.pool - config.split.validation) / config.batchSize);
      const atEpoch = straight.checkpoints.find((c) => c.position.step === batches)!;
      const midEpoch = straight.checkpoints.find((c) => c.position.epoch === 1 && c.position.batch % 10 !== 0)!;
      // The last one before the end: with early stopping, its best weights are older than its weights.
      const late = straight.checkpoints.at(-1)!;
      if (changes.earlyStopping) expect(late.loop.bestCheck).toBeLessThan(late.loop.checks.length - 1);
      for (const taken of [atEpoch, midEpoch, late]) {
        expect(taken, 'a checkpoint was stored there').toBeDefined();
        const stored = readBack(taken);
        const resumed = await trainToEnd(config, resumeState(stored));
        // The checks so far come with the checkpoint (the screen shows them), the rest from the resumed run.
        expect(untimed([...stored.loop.checks, ...resumed.checks])).toEqual(untimed(straight.checks));
        expect(resultNumbers(resumed.result)).toEqual(resultNumbers(straight.result));
        expect(resumed.weights).toBe(straight.weights);
        // It picked up the time spent before the interruption.
        expect(resumed.checks.at(-1)!.trainingMs).toBeGreaterThanOrEqual(taken.loop.trainingMs);
      }
    });
  }

  it('without the loop state (weights and position only) the curves restart, so the test above can fail', async () => {
    const config = parseTrainingConfig({ ...SMALL, trainEvalSize: 0 });
    const straight = await trainToEnd(config);
    const taken = straight.checkpoints.find((c) => c.position.epoch === 1 && c.position.batch % 25 !== 0)!;
    expect(taken.loop.runningCount).toBeGreaterThan(0);
    const { loop: _loop, ...snapshot } = resumeState(readBack(taken)).checkpoint;
    const fresh = { ...snapshot, loop: { checks: [], bestCheck: -1, best: null, runningLoss: 0, runningCorrect: 0, runningCount: 0, trainingMs: 0 } };
    const resumed = await trainToEnd(config, { checkpoint: fresh, activeMs: 0 });
    expect(resumed.weights).toBe(straight.weights); // the weights do not depend on the loop's sums…
    expect(untimed(resumed.checks)).not.toEqual(untimed(straight.checks.slice(-resumed.checks.length))); // …the curves do
  });
});
