// Browser loader: fetches the gzip assets built by scripts/build-mnist-assets.mjs,
// streams them through DecompressionStream('gzip') while reporting byte progress,
// checks sizes (and SHA-256 where crypto.subtle exists), and parses them with idx.ts.
// No DOM use: it runs in the page and in a module Web Worker alike.
// Decompressed files are cached in IndexedDB keyed by their SHA-256 from the
// manifest; without IndexedDB (or when it fails) everything is simply fetched.
// A cached copy is hashed again on every load: one that does not match the manifest
// (a damaged disk, a store written by hand) is dropped, downloaded again and reported.

import { openDB, type IDBPDatabase } from 'idb';
import { fetchOrExplain } from './network';
import { MNIST_FILES, mnistFromIdx, type MnistData, type MnistFileKey } from './mnist';

export interface ManifestFile {
  readonly name: string;
  readonly path: string;
  readonly rawBytes: number;
  readonly compressedBytes: number;
  /** SHA-256 of the raw (decompressed) bytes, lowercase hex. */
  readonly sha256: string;
}

export interface Manifest {
  readonly format: 1;
  readonly encoding: 'gzip';
  readonly files: readonly ManifestFile[];
  readonly totalRawBytes: number;
  readonly totalCompressedBytes: number;
}

export type LoadPhase = 'manifest' | 'download' | 'parse' | 'done';

export interface LoadProgress {
  /** Compressed bytes received so far (cached files count as fully received). */
  readonly loadedBytes: number;
  /** Sum of the manifest's compressed sizes. */
  readonly totalBytes: number;
  readonly phase: LoadPhase;
}

const DB_NAME = 'deltascope-mnist';
const STORE = 'idx-files';

function manifestError(problem: string): Error {
  return new Error(`data/manifest.json: ${problem}`);
}

/** Checks the manifest's shape and that it lists the four MNIST files. */
export function checkManifest(value: unknown): Manifest {
  const m = value as Partial<Manifest> | null;
  if (!m || typeof m !== 'object' || m.format !== 1) throw manifestError('unknown format (expected format 1)');
  if (m.encoding !== 'gzip') throw manifestError(`unsupported encoding ${String(m.encoding)}`);
  if (!Array.isArray(m.files)) throw manifestError('no files list');
  for (const name of Object.values(MNIST_FILES)) {
    const f = m.files.find((entry) => entry?.name === name);
    if (!f) throw manifestError(`does not list ${name}`);
    const sizesOk = [f.rawBytes, f.compressedBytes].every((n) => Number.isInteger(n) && n > 0);
    if (!sizesOk || typeof f.path !== 'string' || !/^[0-9a-f]{64}$/.test(String(f.sha256))) {
      throw manifestError(`entry for ${name} is malformed`);
    }
  }
  return m as Manifest;
}

function joinUrl(baseUrl: string, path: string): string {
  return (baseUrl.endsWith('/') ? baseUrl : baseUrl + '/') + path;
}

async function fetchOk(url: string, init?: RequestInit): Promise<Response> {
  const response = await fetchOrExplain(url, init);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`);
  return response;
}

/**
 * SHA-256 as lowercase hex: WebCrypto where the page has it; outside secure contexts (a
 * site served over plain http from a LAN address has no crypto.subtle) @noble/hashes,
 * loaded only then.
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  const digest = subtle
    ? new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))
    : (await import('@noble/hashes/sha2.js')).sha256(bytes);
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Why a cached copy cannot be used for this manifest entry, or null when it can. */
async function cachedCopyProblem(value: unknown, file: ManifestFile): Promise<string | null> {
  if (!(value instanceof Uint8Array)) return 'is not a byte array';
  if (value.length !== file.rawBytes) return `holds ${value.length} bytes, not the manifest's ${file.rawBytes}`;
  const hash = await sha256Hex(value);
  return hash === file.sha256 ? null : `has SHA-256 ${hash.slice(0, 12)}…, not the manifest's ${file.sha256.slice(0, 12)}…`;
}

/**
 * Downloads and verifies one asset. A failed attempt (a dropped connection, a browser cache
 * that could not be written, a corrupt cached copy) is tried once more past the HTTP cache;
 * progress never runs backwards: the retry reports only bytes beyond the first attempt's.
 */
async function downloadVerified(url: string, file: ManifestFile, onBytes: (n: number) => void): Promise<Uint8Array> {
  let counted = 0;
  const attempt = async (init?: RequestInit) => {
    let seen = 0;
    const bytes = await downloadFile(url, file, init, (n) => {
      seen += n;
      if (seen > counted) {
        onBytes(seen - counted);
        counted = seen;
      }
    });
    const hash = await sha256Hex(bytes);
    if (hash !== file.sha256) {
      throw new Error(`${file.name}: SHA-256 ${hash} does not match the manifest's ${file.sha256}`);
    }
    return bytes;
  };
  try {
    return await attempt();
  } catch {
    return attempt({ cache: 'reload' });
  }
}

/** Streams one asset, naming the file in any error (a gzip error alone says nothing of which). */
async function downloadFile(url: string, file: ManifestFile, init: RequestInit | undefined, onBytes: (n: number) => void): Promise<Uint8Array> {
  try {
    return await streamFile(url, file, init, onBytes);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    if (message.startsWith(file.name) || message.startsWith(url)) throw cause;
    throw new Error(`${file.name}: ${message}`, { cause });
  }
}

/**
 * Streams one asset into a buffer of exactly rawBytes. onBytes gets compressed byte
 * counts as they arrive. If the server already undid the gzip (Content-Encoding set
 * on .gz files), the body is raw IDX and progress is scaled to the compressed size.
 */
async function streamFile(url: string, file: ManifestFile, init: RequestInit | undefined, onBytes: (n: number) => void): Promise<Uint8Array> {
  const response = await fetchOk(url, init);
  if (!response.body) throw new Error(`${file.name}: response has no body`);
  const reader = response.body.getReader();
  const first = await reader.read();
  const head = first.done ? new Uint8Array(0) : first.value;
  const gzipped = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  const scale = gzipped ? 1 : file.compressedBytes / file.rawBytes;

  // Re-assemble the stream with the chunk already read, counting bytes on the way.
  let reported = 0;
  const counted = new ReadableStream<Uint8Array>({
    start(controller) {
      if (head.length) {
        controller.enqueue(head);
        reported += head.length;
        onBytes(head.length * scale);
      }
      if (first.done) controller.close();
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) {
        controller.close();
        return;
      }
      reported += value.length;
      onBytes(value.length * scale);
      controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  const decoded = gzipped ? counted.pipeThrough(new DecompressionStream('gzip') as ReadableWritablePair<Uint8Array, Uint8Array>) : counted;

  const out = new Uint8Array(file.rawBytes);
  let filled = 0;
  const decodedReader = decoded.getReader();
  for (;;) {
    const { done, value } = await decodedReader.read();
    if (done) break;
    if (filled + value.length > out.length) {
      await decodedReader.cancel();
      throw new Error(`${file.name}: decompresses to more than the manifest's ${file.rawBytes} bytes`);
    }
    out.set(value, filled);
    filled += value.length;
  }
  if (filled !== out.length) {
    throw new Error(`${file.name}: decompressed to ${filled} bytes, the manifest says ${file.rawBytes}`);
  }
  if (gzipped && reported !== file.compressedBytes) {
    throw new Error(`${file.name}: downloaded ${reported} bytes, the manifest says ${file.compressedBytes}`);
  }
  return out;
}

/** IndexedDB cache of decompressed files; every failure degrades to "not cached". */
class FileCache {
  private constructor(private readonly db: IDBPDatabase | null) {}

  static async open(): Promise<FileCache> {
    if (typeof indexedDB === 'undefined') return new FileCache(null);
    try {
      const db = await openDB(DB_NAME, 1, {
        upgrade(database) {
          database.createObjectStore(STORE);
        },
      });
      return new FileCache(db);
    } catch {
      return new FileCache(null);
    }
  }

  /** Whatever is stored under the key (checked by the caller), or undefined. */
  async get(sha256: string): Promise<unknown> {
    if (!this.db) return undefined;
    try {
      return await this.db.get(STORE, sha256);
    } catch {
      return undefined;
    }
  }

  async delete(sha256: string): Promise<void> {
    try {
      await this.db?.delete(STORE, sha256);
    } catch {
      // The put that follows the download overwrites it anyway.
    }
  }

  async put(sha256: string, bytes: Uint8Array): Promise<void> {
    if (!this.db) return;
    try {
      await this.db.put(STORE, bytes, sha256);
    } catch {
      // Quota or private mode: the next load fetches again.
    }
  }

  /** Drops files of older datasets so the cache never holds two copies. */
  async keepOnly(keys: readonly string[]): Promise<void> {
    if (!this.db) return;
    try {
      for (const key of await this.db.getAllKeys(STORE)) {
        if (!keys.includes(String(key))) await this.db.delete(STORE, key);
      }
    } catch {
      // Harmless: stale entries only cost space.
    }
  }

  close(): void {
    this.db?.close();
  }
}

export interface BrowserLoadOptions {
  /** Use the IndexedDB cache (default true; falls back silently when unavailable). */
  readonly cache?: boolean;
  /** Told, in a sentence for the learner, about anything repaired on the way (a damaged cached file). */
  readonly onNotice?: (message: string) => void;
}

/** Loads MNIST from `${baseUrl}data/`, reporting compressed-byte progress. */
export async function loadMnistInBrowser(
  onProgress?: (p: LoadProgress) => void,
  baseUrl: string = import.meta.env.BASE_URL,
  options: BrowserLoadOptions = {},
): Promise<MnistData> {
  const report = (loadedBytes: number, totalBytes: number, phase: LoadPhase) =>
    onProgress?.({ loadedBytes: Math.round(loadedBytes), totalBytes, phase });

  report(0, 0, 'manifest');
  const manifestUrl = joinUrl(baseUrl, 'data/manifest.json');
  const manifest = checkManifest(await (await fetchOk(manifestUrl)).json());
  const totalBytes = Object.values(MNIST_FILES).reduce(
    (sum, name) => sum + manifest.files.find((f) => f.name === name)!.compressedBytes,
    0,
  );
  let loaded = 0;
  report(0, totalBytes, 'download');

  const cache = options.cache === false ? null : await FileCache.open();
  try {
    const keys = Object.keys(MNIST_FILES) as MnistFileKey[];
    const fetched = await Promise.all(
      keys.map(async (key) => {
        const file = manifest.files.find((f) => f.name === MNIST_FILES[key])!;
        const cached = await cache?.get(file.sha256);
        if (cached !== undefined) {
          const problem = await cachedCopyProblem(cached, file);
          if (problem === null) {
            loaded += file.compressedBytes;
            report(loaded, totalBytes, 'download');
            return [key, cached as Uint8Array] as const;
          }
          options.onNotice?.(`The copy of ${file.name} cached in this browser ${problem}: it was downloaded again.`);
          await cache?.delete(file.sha256);
        }
        const bytes = await downloadVerified(joinUrl(baseUrl, 'data/' + file.path), file, (n) => {
          loaded += n;
          report(loaded, totalBytes, 'download');
        });
        await cache?.put(file.sha256, bytes);
        return [key, bytes] as const;
      }),
    );
    await cache?.keepOnly(manifest.files.map((f) => f.sha256));
    report(totalBytes, totalBytes, 'parse');
    const data = mnistFromIdx(Object.fromEntries(fetched) as Record<MnistFileKey, Uint8Array>);
    report(totalBytes, totalBytes, 'done');
    return data;
  } finally {
    cache?.close();
  }
}
