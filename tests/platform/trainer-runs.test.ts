// The browser's run store on fake-indexeddb: a record that does not read back (cut short,
// written by hand, or by an older version) is set aside with its key and problem, the good
// ones still list, and delete reaches the bad one too.
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { openRunStore } from '../../src/platform/trainer-runs';
import { goodRun } from './run-records';

async function plant(...values: unknown[]): Promise<void> {
  const db = await openDB('deltascope-runs', 1, { upgrade: (d) => void d.createObjectStore('runs', { keyPath: 'id' }) });
  for (const value of values) await db.put('runs', value);
  db.close();
}

beforeEach(async () => {
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase('deltascope-runs');
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
});

describe('the run store reads every record through its schema', () => {
  it('a record without its result is set aside, named; the good runs still list, oldest first', async () => {
    const { result: _cut, ...noResult } = goodRun('run-bad', 5);
    await plant(goodRun('run-b', 20), noResult, goodRun('run-a', 10));
    const store = await openRunStore();
    const { runs, setAside } = await store.list();
    expect(runs.map((r) => r.id)).toEqual(['run-a', 'run-b']);
    expect(setAside).toEqual([{ kind: 'run', key: 'run-bad', label: 'run run-bad', problem: 'result: missing (expected an object)' }]);
  });

  it('names the first problem of a bad config, a bad check and a record that is not an object', async () => {
    const badConfig = { ...goodRun('c', 1), config: { ...goodRun('c', 1).config, momentum: 1 } };
    const badCheck = { ...goodRun('k', 2), checks: [{ step: -1 }] };
    await plant(badConfig, badCheck, { id: 'odd' });
    const { runs, setAside } = await (await openRunStore()).list();
    expect(runs).toEqual([]);
    expect(Object.fromEntries(setAside.map((s) => [s.key, s.problem]))).toEqual({
      c: 'config.momentum: expected < 1, got 1',
      k: 'checks[0].step: expected ≥ 0, got -1',
      odd: 'label: missing (expected a string)',
    });
  });

  it('delete removes a record set aside as well as a good one', async () => {
    await plant(goodRun('good', 1), { id: 'bad', label: 7 });
    const store = await openRunStore();
    expect((await store.list()).setAside.map((s) => s.key)).toEqual(['bad']);
    await store.delete('bad');
    await store.delete('good');
    expect(await store.list()).toEqual({ runs: [], setAside: [] });
  });
});
