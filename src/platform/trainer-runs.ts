// Where the trainer's finished runs are kept in the browser: IndexedDB (the `idb` package),
// so runs survive a reload; memory when IndexedDB is missing or refuses to open. What a run
// record holds: src/session/run-store.ts.

import { openDB, type IDBPDatabase } from 'idb';
import { memoryRunStore, type RunRecord, type RunStore } from '../session/run-store';

const DB_NAME = 'deltascope-runs';
const STORE = 'runs';

/** The IndexedDB store, opened on first use (so the trainer can be created synchronously). */
export function browserRunStore(): RunStore {
  let opened: Promise<RunStore> | null = null;
  const store = () => (opened ??= openRunStore());
  return {
    list: async () => (await store()).list(),
    put: async (run) => (await store()).put(run),
    delete: async (id) => (await store()).delete(id),
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
    });
  } catch {
    return memoryRunStore();
  }
  return {
    async list() {
      const runs = (await db.getAll(STORE)) as RunRecord[];
      return runs.sort((a, b) => a.finishedAt - b.finishedAt);
    },
    put: async (run) => void (await db.put(STORE, run)),
    delete: (id) => db.delete(STORE, id),
    clear: () => db.clear(STORE),
  };
}
