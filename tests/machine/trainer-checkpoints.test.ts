// The trainer keeps its runs in progress across a reload: it writes a checkpoint of each run
// every few seconds and at a pause; a new trainer on the same store (the page after a reload)
// shows the run as interrupted, paused, with its curves; Continue finishes it with exactly the
// numbers of a run that never stopped (the CLI's path), under its own id, and the finished run
// replaces the checkpoint. Discard and a bad checkpoint's delete reach the checkpoint store.
import { describe, expect, it, vi } from 'vitest';
import { waitFor } from 'xstate';
import { prepareTraining } from '../../src/data/prepare-training';
import { parseTrainingConfig } from '../../src/engine/training-config';
import { summarizeTraining } from '../../src/experiments/experiment-results';
import { memoryCheckpointStore, type CheckpointStore } from '../../src/session/run-checkpoint';
import { memoryRunStore, type RunStore } from '../../src/session/run-store';
import type { RecordKey, SetAside } from '../../src/session/stored-record';
import { idle, realMnist, SMALL, startTrainer } from './trainer-helpers';

const FREQUENT = { sliceMs: 5, progressEveryMs: 0, checkpointEveryMs: 0 };

describe('runs in progress survive a reload', () => {
  it('checkpointed while running and at the pause; after a reload interrupted and paused; Continue ends as an uninterrupted run', async () => {
    const checkpoints = memoryCheckpointStore();
    const config = parseTrainingConfig({ ...SMALL, seed: 3, maxEpochs: 3 });
    const before = await startTrainer(memoryRunStore(), FREQUENT, checkpoints);
    before.actor.send({ type: 'config.change', changes: config });
    before.actor.send({ type: 'run.start' });
    await waitFor(before.actor, (s) => (s.context.live?.checks.length ?? 0) >= 3, { timeout: 30_000 });
    before.actor.send({ type: 'run.pause' });
    // The pause's own checkpoint is written (by the worker's session), and the run panel says where.
    await vi.waitFor(() => expect(before.port.sent.some((m) => m.type === 'paused')).toBe(true));
    const pausedAt = before.port.sent.find((m) => m.type === 'paused')!;
    const paused = await waitFor(before.actor, (s) => {
      const live = s.context.live;
      return !!live?.saved && s.matches({ training: 'paused' }) && pausedAt.type === 'paused' && live.saved.step === pausedAt.progress.position.step;
    });
    const live = paused.context.live!;
    const { checkpoints: kept } = await checkpoints.list();
    expect(kept.map((c) => [c.id, c.position.step])).toEqual([[live.id, live.saved!.step]]);
    expect(kept[0].loop.checks).toEqual(live.checks);
    before.actor.stop(); // the page goes away

    const runs = memoryRunStore();
    const after = await startTrainer(runs, FREQUENT, checkpoints);
    const s = await waitFor(after.actor, (x) => x.context.interrupted.length === 1);
    expect(s.matches('idle')).toBe(true);
    expect(s.context.interrupted[0].position).toEqual(live.saved);
    expect(s.context.interrupted[0].label).toBe(live.label);
    after.actor.send({ type: 'run.continueInterrupted', runId: live.id });
    const resumed = after.actor.getSnapshot().context.live!;
    expect(resumed.id).toBe(live.id);
    expect(resumed.checks).toEqual(live.checks); // the curves so far are back at once
    expect(resumed.progress!.position).toEqual(live.saved);
    expect(after.actor.getSnapshot().context.interrupted).toEqual([]);
    const done = await idle(after.actor);

    const training = prepareTraining(config, realMnist());
    training.runToEnd();
    const expected = summarizeTraining(training);
    const [run] = done.context.runs;
    expect(run.id).toBe(live.id);
    expect(run.result.final).toEqual(expected.final);
    expect(run.result.steps).toBe(expected.steps);
    expect(run.checks.map(({ trainingMs: _t, ...rest }) => rest)).toEqual(training.checks.map(({ trainingMs: _t, ...rest }) => rest));
    expect(run.wallSeconds).toBeGreaterThanOrEqual(kept[0].activeMs / 1000); // the time before the reload counts
    // Saved as a finished run: the checkpoint is gone, and a further reload shows nothing interrupted.
    await vi.waitFor(async () => expect((await checkpoints.list()).checkpoints).toEqual([]));
    await vi.waitFor(async () => expect((await runs.list()).runs.map((r) => r.id)).toEqual([live.id]));
    after.actor.stop();
  });

  it('the worker writes the checkpoints, never the page: the page’s store sees no put, and the run panel still says where the run is kept', async () => {
    const checkpoints = memoryCheckpointStore();
    const pagePuts: unknown[] = [];
    const pageDeletes: RecordKey[] = [];
    const page: CheckpointStore = { list: checkpoints.list, put: async (c) => void pagePuts.push(c), delete: async (key) => void pageDeletes.push(key) };
    const { actor, port } = await startTrainer(memoryRunStore(), FREQUENT, checkpoints, page);
    actor.send({ type: 'config.change', changes: { ...SMALL, maxEpochs: 20 } });
    actor.send({ type: 'run.start' });
    const s = await waitFor(actor, (x) => (x.context.live?.saved?.step ?? 0) > 0, { timeout: 20_000 });
    const { checkpoints: kept } = await checkpoints.list();
    expect(kept.map((c) => c.id)).toEqual([s.context.live!.id]);
    expect(kept[0].label).toBe(s.context.live!.label);
    expect(kept[0].params.weights[0]).toBeInstanceOf(Float32Array);
    expect(pagePuts).toEqual([]);
    // What crossed to the page said where, not what: no weights in any checkpoint message.
    const said = port.sent.filter((m) => m.type === 'checkpoint');
    expect(said.length).toBeGreaterThan(0);
    for (const m of said) expect(Object.keys(m).sort()).toEqual(['position', 'runId', 'savedAt', 'type']);
    actor.send({ type: 'run.stop' });
    await idle(actor);
    // Finished: the worker deletes its checkpoint itself (after any write still under way), and so does the page.
    await vi.waitFor(async () => expect((await checkpoints.list()).checkpoints).toEqual([]));
    await vi.waitFor(() => expect(pageDeletes).toEqual([kept[0].id]));
    actor.stop();
  });

  it('Discard forgets an interrupted run and deletes its checkpoint', async () => {
    const checkpoints = memoryCheckpointStore();
    const first = await startTrainer(memoryRunStore(), FREQUENT, checkpoints);
    first.actor.send({ type: 'config.change', changes: { ...SMALL, maxEpochs: 20 } });
    first.actor.send({ type: 'run.start' });
    await vi.waitFor(async () => expect((await checkpoints.list()).checkpoints).toHaveLength(1), { timeout: 20_000 });
    first.actor.stop();
    const again = await startTrainer(memoryRunStore(), FREQUENT, checkpoints);
    const s = await waitFor(again.actor, (x) => x.context.interrupted.length === 1);
    expect(s.can({ type: 'run.continueInterrupted', runId: 'no-such-run' })).toBe(false);
    again.actor.send({ type: 'interrupted.discard', runId: s.context.interrupted[0].id });
    expect(again.actor.getSnapshot().context.interrupted).toEqual([]);
    expect(again.actor.getSnapshot().can({ type: 'run.continueInterrupted' })).toBe(false);
    await vi.waitFor(async () => expect((await checkpoints.list()).checkpoints).toEqual([]));
    again.actor.stop();
  });

  it('a checkpoint that did not read back is set aside beside the runs; its delete reaches the checkpoint store only', async () => {
    const bad: SetAside = { kind: 'checkpoint', key: 'run-x', label: 'x, seed 1', problem: 'params.weights[0]: expected 18816 numbers, got 3' };
    const deleted: [string, RecordKey][] = [];
    const checkpoints: CheckpointStore = {
      list: async () => ({ checkpoints: [], setAside: [bad] }),
      put: async () => undefined,
      delete: async (key) => void deleted.push(['checkpoint', key]),
    };
    const inner = memoryRunStore();
    const runs: RunStore = { ...inner, delete: async (key) => void deleted.push(['run', key]) };
    const { actor } = await startTrainer(runs, FREQUENT, checkpoints);
    await waitFor(actor, (x) => x.context.setAside.length === 1);
    expect(actor.getSnapshot().context.setAside).toEqual([bad]);
    expect(actor.getSnapshot().context.interrupted).toEqual([]);
    actor.send({ type: 'runs.deleteSetAside', key: 'run-x' });
    expect(actor.getSnapshot().context.setAside).toEqual([]);
    await vi.waitFor(() => expect(deleted).toEqual([['checkpoint', 'run-x']]));
    actor.stop();
  });
});
