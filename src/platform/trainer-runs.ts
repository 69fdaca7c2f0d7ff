// Where the trainer's finished runs and the checkpoints of its runs in progress are kept in the
// browser: IndexedDB (the `idb` package), two object stores of one database, so both survive a
// reload; memory when IndexedDB is missing or refuses to open. What a run record and a
// checkpoint hold and the schemas they are read back through: src/session/run-store.ts and
// run-checkpoint.ts. A record that does not read back is set aside (named, with its problem),
// never dropped or trusted, and can still be deleted by its key.

import { openDB, type IDBPDatabase } from 'idb';
import type { z } from 'zod';
import { bySaving, memoryCheckpointStore, runCheckpointSchema, type CheckpointStore, type RunCheckpoint } from '../session/run-checkpoint';
import { byFinish, memoryRunStore, runRecordSchema, type RunRecord, type RunStore } from '../session/run-store';
import { labelOf, readRecord, type RecordKey, type SetAside } from '../session/stored-record';

const DB_NAME = 'deltascope-runs';
const STORE = 'runs';
/** Version 2 added the checkpoints of runs in progress. */
const CHECKPOINTS = 'checkpoints';
const VERSION = 2;

/** The database, opened once for both stores; null when IndexedDB is missing or refuses to open. */
let database: Promise<IDBPDatabase | null> | null = null;
function openDatabase(): Promise<IDBPDatabase | null> {
  if (typeof indexedDB === 'undefined') return Promise.resolve(null);
  const opening = (async () => {
    let db: IDBPDatabase | null = null;
    try {
      db = await openDB(DB_NAME, VERSION, {
        upgrade(d) {
          if (!d.objectStoreNames.contains(STORE)) d.createObjectStore(STORE, { keyPath: 'id' });
          if (!d.objectStoreNames.contains(CHECKPOINTS)) d.createObjectStore(CHECKPOINTS, { keyPath: 'id' });
        },
        // Another tab (a newer version of the app) wants to upgrade or delete the database: let it,
        // and open it afresh next time.
        blocking: () => {
          db?.close();
          database = null;
        },
      });
    } catch {
      return null;
    }
    return db;
  })();
  database = opening;
  return opening;
}

/** Every record of a store read through `schema`: those that read back, and those set aside as `kind`. */
async function readAll<T extends z.ZodType>(db: IDBPDatabase, store: string, schema: T, kind: string): Promise<{ good: z.output<T>[]; setAside: SetAside[] }> {
  const tx = db.transaction(store);
  const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll()]);
  const good: z.output<T>[] = [];
  const setAside: SetAside[] = [];
  values.forEach((value: unknown, i) => {
    const read = readRecord(schema, value);
    if (read.ok) good.push(read.record);
    else setAside.push({ kind, key: keys[i] as RecordKey, label: labelOf(value), problem: read.problem });
  });
  return { good, setAside };
}

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
  const db = await (database ?? openDatabase());
  if (!db) return memoryRunStore();
  return {
    async list() {
      const { good, setAside } = await readAll(db, STORE, runRecordSchema, 'run');
      return { runs: (good as RunRecord[]).sort(byFinish), setAside };
    },
    put: async (run) => void (await db.put(STORE, run)),
    delete: (key) => db.delete(STORE, key),
    clear: () => db.clear(STORE),
  };
}

/** The checkpoints of runs in progress, opened on first use, beside the runs (memory without IndexedDB). */
export function browserCheckpointStore(): CheckpointStore {
  let opened: Promise<CheckpointStore> | null = null;
  const store = () => (opened ??= openCheckpointStore());
  return {
    list: async () => (await store()).list(),
    put: async (checkpoint) => (await store()).put(checkpoint),
    delete: async (key) => (await store()).delete(key),
  };
}

export async function openCheckpointStore(): Promise<CheckpointStore> {
  const db = await (database ?? openDatabase());
  if (!db) return memoryCheckpointStore();
  return {
    async list() {
      const { good, setAside } = await readAll(db, CHECKPOINTS, runCheckpointSchema, 'checkpoint');
      return { checkpoints: (good as RunCheckpoint[]).sort(bySaving), setAside };
    },
    // Structured clone keeps the typed arrays as they are (no JSON of a million numbers).
    put: async (checkpoint) => void (await db.put(CHECKPOINTS, checkpoint)),
    delete: (key) => db.delete(CHECKPOINTS, key),
  };
}
