// Where the trainer's finished runs are kept in the browser: IndexedDB (the `idb` package),
// so runs survive a reload; memory when IndexedDB is missing or refuses to open. What a run
// record holds and the schema it is read back through: src/session/run-store.ts. A record
// that does not read back is set aside (named, with its problem), never dropped or trusted,
// and can still be deleted by its key.

import { openDB, type IDBPDatabase } from 'idb';
import { byFinish, memoryRunStore, runRecordSchema, type RunRecord, type RunStore } from '../session/run-store';
import { labelOf, readRecord, type RecordKey, type SetAside } from '../session/stored-record';

const DB_NAME = 'deltascope-runs';
const STORE = 'runs';

/** The IndexedDB store, opened on first use (so the trainer can be created synchronously). */
export function browserRunStore(): RunStore {
  let opened: Promise<RunStore> | null = null;
  const store = () => (opened ??= openRunStore());
  return {
    list: async () => (await store()).list(),
    put: async (run) => (await store()).put(run),
    delete: async (key) => (await store()).delete(key),
    clear: async () => (await store()).clear(),
  };
}

/** The IndexedDB store; falls back to memory when IndexedDB is missing or refuses to open. */
export async function openRunStore(): Promise<RunStore> {
  if (typeof indexedDB === 'undefined') return memoryRunStore();
  let db: IDBPDatabase;
  try {
    db = await openDB(DB_NAME, 1, {
      upgrade(database) {
        database.createObjectStore(STORE, { keyPath: 'id' });
      },
      // Another tab (a newer version of the app) wants to upgrade or delete the database: let it.
      blocking: () => db.close(),
    });
  } catch {
    return memoryRunStore();
  }
  return {
    async list() {
      const tx = db.transaction(STORE);
      const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll()]);
      const runs: RunRecord[] = [];
      const setAside: SetAside[] = [];
      values.forEach((value: unknown, i) => {
        const read = readRecord(runRecordSchema, value);
        if (read.ok) runs.push(read.record);
        else setAside.push({ kind: 'run', key: keys[i] as RecordKey, label: labelOf(value), problem: read.problem });
      });
      return { runs: runs.sort(byFinish), setAside };
    },
    put: async (run) => void (await db.put(STORE, run)),
    delete: (key) => db.delete(STORE, key),
    clear: () => db.clear(STORE),
  };
}
