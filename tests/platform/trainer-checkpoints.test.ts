// The browser's checkpoint store on fake-indexeddb: a checkpoint goes in and comes back with its
// typed arrays (structured clone, no JSON), beside the finished runs of the same database; one
// that does not read back (cut short, from another version) is set aside as a "checkpoint",
// named, without hiding the good ones; delete reaches both.
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadMnistFromPackage } from '../../src/data/node';
import { prepareTraining } from '../../src/data/prepare-training';
import { parseTrainingConfig } from '../../src/engine/training-config';
import { openCheckpointStore, openRunStore } from '../../src/platform/trainer-runs';
import type { RunCheckpoint } from '../../src/session/run-checkpoint';
import { goodRun } from './run-records';

const mnist = loadMnistFromPackage();

function checkpoint(id: string, savedAt: number): RunCheckpoint {
  const config = parseTrainingConfig({ sizes: [784, 8, 10], batchSize: 50, maxEpochs: 2, momentum: 0.5, split: { pool: 600, validation: 100 }, trainEvalSize: 100, evaluateTest: false });
  const training = prepareTraining(config, mnist);
  training.run(3);
  const c = training.checkpoint();
  return { id, label: `run ${id}`, presetId: null, config, continuedFrom: null, startStep: 0, batchesPerEpoch: 10, trainCount: 500, activeMs: 10, savedAt, params: c.net.params, velocity: c.velocity, position: c.position, loop: c.loop };
}

beforeEach(async () => {
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase('deltascope-runs');
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
});

describe('the checkpoint store', () => {
  it('keeps one checkpoint per run, typed arrays intact, beside the finished runs', async () => {
    const runs = await openRunStore();
    const store = await openCheckpointStore();
    await runs.put(goodRun('done', 1));
    const first = checkpoint('run-a', 20);
    await store.put(checkpoint('run-b', 10));
    await store.put(first);
    await store.put({ ...first, savedAt: 30 }); // replaces run-a's
    const { checkpoints, setAside } = await store.list();
    expect(setAside).toEqual([]);
    expect(checkpoints.map((c) => [c.id, c.savedAt])).toEqual([['run-b', 10], ['run-a', 30]]);
    const back = checkpoints[1];
    expect(back.params.weights[0]).toBeInstanceOf(Float32Array);
    expect(Array.from(back.params.weights[0])).toEqual(Array.from(first.params.weights[0]));
    expect(Array.from(back.velocity!.biases[1])).toEqual(Array.from(first.velocity!.biases[1]));
    expect(back.position).toEqual({ epoch: 0, batch: 3, step: 3 });
    expect((await runs.list()).runs.map((r) => r.id)).toEqual(['done']);
  });

  it('sets aside a checkpoint that does not read back, names it, and deletes it', async () => {
    const store = await openCheckpointStore();
    const good = checkpoint('good', 1);
    await store.put(good);
    await store.put({ ...checkpoint('cut', 2), velocity: null });
    const { checkpoints, setAside } = await store.list();
    expect(checkpoints.map((c) => c.id)).toEqual(['good']);
    expect(setAside).toEqual([{ kind: 'checkpoint', key: 'cut', label: 'run cut', problem: 'velocity: missing (the config has momentum)' }]);
    await store.delete('cut');
    await store.delete('good');
    expect(await store.list()).toEqual({ checkpoints: [], setAside: [] });
  });

  it('opens a database of the first version (runs only) and adds the checkpoints to it, keeping the runs', async () => {
    const v1 = await openDB('deltascope-runs', 1, { upgrade: (d) => void d.createObjectStore('runs', { keyPath: 'id' }) });
    await v1.put('runs', goodRun('old', 5));
    v1.close();
    const store = await openCheckpointStore();
    await store.put(checkpoint('new', 1));
    expect((await store.list()).checkpoints.map((c) => c.id)).toEqual(['new']);
    expect((await (await openRunStore()).list()).runs.map((r) => r.id)).toEqual(['old']);
  });
});
