// The loader's IndexedDB cache (src/data/browser.ts) on fake-indexeddb: a cached copy is
// used only when it matches the manifest's SHA-256; a damaged one (zero-filled labels,
// labels shifted by one, a truncated file) is downloaded again, and the learner is told.
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { openDB } from 'idb';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadMnistInBrowser, type Manifest } from '../../src/data/browser';
import type { MnistData } from '../../src/data/mnist';
import { loadMnistFromPackage } from '../../src/data/node';
import { BUILD_TIMEOUT_MS, ensureAssets, serve } from './assets';

const DB = 'deltascope-mnist';
const STORE = 'idx-files';
const LABELS = 'train-labels-idx1-ubyte';

let manifest: Manifest;
let reference: MnistData;
beforeAll(() => {
  manifest = ensureAssets();
  reference = loadMnistFromPackage();
}, BUILD_TIMEOUT_MS);
beforeEach(async () => {
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(DB);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const entry = (name: string) => manifest.files.find((f) => f.name === name)!;

/** Loads once, collecting notices and the URLs fetched. */
async function load(): Promise<{ data: MnistData; notices: string[]; requested: string[] }> {
  const requested = serve('/');
  const notices: string[] = [];
  const data = await loadMnistInBrowser(undefined, '/', { onNotice: (m) => notices.push(m) });
  return { data, notices, requested };
}

/** Replaces the cached copy of the train labels (stored under the manifest's hash) by other bytes. */
async function damageCachedLabels(damage: (bytes: Uint8Array) => Uint8Array): Promise<void> {
  const db = await openDB(DB);
  const key = entry(LABELS).sha256;
  const stored = (await db.get(STORE, key)) as Uint8Array;
  await db.put(STORE, damage(new Uint8Array(stored)), key);
  db.close();
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('the IndexedDB cache of MNIST files', () => {
  it('is filled by the first load and then used: the second load fetches only the manifest and says nothing', async () => {
    const first = await load();
    expect(first.requested).toHaveLength(5);
    const second = await load();
    expect(second.requested).toEqual(['/data/manifest.json']);
    expect(second.notices).toEqual([]);
    expect(sameBytes(second.data.train.labels, reference.train.labels)).toBe(true);
  });

  it('downloads zero-filled cached labels again, with a notice, instead of failing on every reload', async () => {
    await load();
    await damageCachedLabels((bytes) => new Uint8Array(bytes.length));
    const repaired = await load();
    expect(repaired.requested).toEqual(['/data/manifest.json', `/data/${entry(LABELS).path}`]);
    const zerosHash = createHash('sha256').update(new Uint8Array(entry(LABELS).rawBytes)).digest('hex');
    expect(repaired.notices).toEqual([
      `The copy of ${LABELS} cached in this browser has SHA-256 ${zerosHash.slice(0, 12)}…, not the manifest's ${entry(LABELS).sha256.slice(0, 12)}…: it was downloaded again.`,
    ]);
    expect(sameBytes(repaired.data.train.labels, reference.train.labels)).toBe(true);
    // The cache now holds the good copy: the next load fetches nothing but the manifest.
    const after = await load();
    expect(after.requested).toEqual(['/data/manifest.json']);
    expect(after.notices).toEqual([]);
  });

  it('never uses cached labels shifted by one (a valid IDX file with the wrong labels)', async () => {
    await load();
    const HEADER = 8;
    await damageCachedLabels((bytes) => {
      const shifted = new Uint8Array(bytes);
      shifted.set(bytes.subarray(HEADER + 1), HEADER);
      shifted[bytes.length - 1] = bytes[HEADER];
      return shifted;
    });
    const repaired = await load();
    expect(repaired.notices).toHaveLength(1);
    expect(repaired.notices[0]).toContain(`The copy of ${LABELS} cached in this browser has SHA-256`);
    // Label 0 of MNIST's training set is a 5, label 1 a 0: the shifted copy would have said 0.
    expect(repaired.data.train.labels[0]).toBe(5);
    expect(sameBytes(repaired.data.train.labels, reference.train.labels)).toBe(true);
  });

  it('says so when a cached copy has the wrong length', async () => {
    await load();
    await damageCachedLabels((bytes) => bytes.subarray(0, 1000));
    const repaired = await load();
    expect(repaired.notices).toEqual([
      `The copy of ${LABELS} cached in this browser holds 1000 bytes, not the manifest's ${entry(LABELS).rawBytes}: it was downloaded again.`,
    ]);
    expect(sameBytes(repaired.data.train.labels, reference.train.labels)).toBe(true);
  });

  it('checks cached copies where WebCrypto is missing (a site served over plain http from a LAN address)', async () => {
    await load();
    await damageCachedLabels((bytes) => new Uint8Array(bytes.length));
    vi.stubGlobal('crypto', {});
    expect(globalThis.crypto.subtle).toBeUndefined();
    const repaired = await load();
    expect(repaired.notices).toHaveLength(1);
    expect(sameBytes(repaired.data.train.labels, reference.train.labels)).toBe(true);
  });
});
