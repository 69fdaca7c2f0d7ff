// The trainer and its store's bad records: a stored run that did not read back is set aside in
// the context beside the good runs (which it never hides), and deleting it reaches the store.
import { describe, expect, it, vi } from 'vitest';
import { waitFor } from 'xstate';
import { memoryRunStore, type RunStore } from '../../src/session/run-store';
import type { RecordKey, SetAside } from '../../src/session/stored-record';
import { goodRun } from '../platform/run-records';
import { startTrainer } from './trainer-helpers';

/** A memory store that also holds records that did not read back. */
function storeWithBad(bad: SetAside[]): RunStore & { deleted: RecordKey[] } {
  const inner = memoryRunStore([goodRun('run-a', 1), goodRun('run-b', 2)]);
  const deleted: RecordKey[] = [];
  let setAside = bad;
  return {
    deleted,
    list: async () => ({ runs: (await inner.list()).runs, setAside }),
    put: (run) => inner.put(run),
    async delete(key) {
      deleted.push(key);
      setAside = setAside.filter((s) => s.key !== key);
      await inner.delete(key);
    },
    clear: () => inner.clear(),
  };
}

describe('stored runs that do not read back', () => {
  it('are set aside beside the good runs; delete removes one from the context and the store', async () => {
    const bad: SetAside[] = [
      { kind: 'run', key: 'run-x', label: 'x', problem: 'result: missing (expected an object)' },
      { kind: 'run', key: 7, label: null, problem: 'id: expected a string, got 7' },
    ];
    const store = storeWithBad(bad);
    const { actor } = await startTrainer(store);
    const s = await waitFor(actor, (x) => x.context.runs.length === 2);
    expect(s.context.runs.map((r) => r.id)).toEqual(['run-a', 'run-b']);
    expect(s.context.setAside).toEqual(bad);
    actor.send({ type: 'runs.deleteSetAside', key: 7 });
    expect(actor.getSnapshot().context.setAside.map((b) => b.key)).toEqual(['run-x']);
    expect(actor.getSnapshot().context.runs).toHaveLength(2);
    await vi.waitFor(() => expect(store.deleted).toEqual([7]));
    actor.send({ type: 'runs.clear' });
    expect(actor.getSnapshot().context.setAside).toEqual([]);
    actor.stop();
  });
});
