// loadMnistInBrowser under Node: fetch is stubbed to serve static/data/, and Node's
// own DecompressionStream, Response and crypto.subtle do the rest (no IndexedDB here,
// so this is also the no-cache fallback path).
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkManifest, loadMnistInBrowser, type LoadProgress, type Manifest } from '../../src/data/browser';
import { loadMnistFromPackage } from '../../src/data/node';
import { BUILD_TIMEOUT_MS, ensureAssets, serve } from './assets';

let manifest: Manifest;
beforeAll(() => {
  manifest = ensureAssets();
}, BUILD_TIMEOUT_MS);
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('loadMnistInBrowser', () => {
  it('loads the same data as the Node loader, with monotone byte progress to the manifest total', async () => {
    const requested = serve('/app/');
    const progress: LoadProgress[] = [];
    const data = await loadMnistInBrowser((p) => progress.push(p), '/app/');
    const reference = loadMnistFromPackage();
    expect(data.train.count).toBe(60_000);
    expect(data.test.count).toBe(10_000);
    expect(Buffer.from(data.train.images).equals(Buffer.from(reference.train.images))).toBe(true);
    expect(Buffer.from(data.test.labels).equals(Buffer.from(reference.test.labels))).toBe(true);
    expect(requested[0]).toBe('/app/data/manifest.json');
    expect(requested).toHaveLength(5);

    expect(progress[0].phase).toBe('manifest');
    expect(progress.at(-1)).toEqual({ loadedBytes: manifest.totalCompressedBytes, totalBytes: manifest.totalCompressedBytes, phase: 'done' });
    const downloads = progress.filter((p) => p.phase === 'download');
    expect(downloads.length).toBeGreaterThan(100); // streamed: ~170 chunks of 64 KiB
    for (let i = 1; i < downloads.length; i++) expect(downloads[i].loadedBytes).toBeGreaterThanOrEqual(downloads[i - 1].loadedBytes);
    expect(downloads.at(-1)!.loadedBytes).toBe(manifest.totalCompressedBytes);
    expect(downloads.every((p) => p.totalBytes === manifest.totalCompressedBytes)).toBe(true);
  });

  it('accepts bodies a server already gunzipped (Content-Encoding on the asset)', async () => {
    serve('/', (path, body) => (path.endsWith('.gzip') ? new Uint8Array(gunzipSync(body)) : body));
    const progress: LoadProgress[] = [];
    const data = await loadMnistInBrowser((p) => progress.push(p), '/');
    expect(data.train.labels[0]).toBe(5);
    expect(data.test.labels[0]).toBe(7);
    const last = progress.filter((p) => p.phase === 'download').at(-1)!;
    expect(Math.abs(last.loadedBytes - manifest.totalCompressedBytes)).toBeLessThan(10);
  });

  it('tries a file that broke off mid-download once more, past the HTTP cache, with progress that never runs backwards', async () => {
    serve('/');
    const served = globalThis.fetch as (url: string) => Promise<Response>;
    const calls: { url: string; cache: RequestCache | undefined }[] = [];
    let broken = false;
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      calls.push({ url, cache: init?.cache });
      const response = await served(url);
      if (broken || !url.endsWith('train-images-idx3-ubyte.gzip')) return response;
      broken = true;
      // Two chunks arrive, then the connection drops (as Chromium's ERR_CACHE_WRITE_FAILURE or a network error does).
      const reader = response.body!.getReader();
      let chunks = 0;
      const dropping = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (chunks++ === 2) return controller.error(new TypeError('network error'));
          const { value } = await reader.read();
          controller.enqueue(value!);
        },
      });
      return new Response(dropping, { status: 200 });
    });
    const progress: LoadProgress[] = [];
    const data = await loadMnistInBrowser((p) => progress.push(p), '/');
    const reference = loadMnistFromPackage();
    expect(Buffer.from(data.train.images).equals(Buffer.from(reference.train.images))).toBe(true);
    const images = calls.filter((c) => c.url.endsWith('train-images-idx3-ubyte.gzip'));
    expect(images).toEqual([
      { url: '/data/train-images-idx3-ubyte.gzip', cache: undefined },
      { url: '/data/train-images-idx3-ubyte.gzip', cache: 'reload' },
    ]);
    expect(calls).toHaveLength(6);
    const downloads = progress.filter((p) => p.phase === 'download');
    for (let i = 1; i < downloads.length; i++) expect(downloads[i].loadedBytes).toBeGreaterThanOrEqual(downloads[i - 1].loadedBytes);
    expect(downloads.at(-1)!.loadedBytes).toBe(manifest.totalCompressedBytes);
  });

  it('fails with the URL on an HTTP error', async () => {
    serve('/elsewhere/');
    await expect(loadMnistInBrowser(undefined, '/')).rejects.toThrow('/data/manifest.json: HTTP 404 Not Found');
  });

  it('names the network when no answer comes at all (not a bare "Failed to fetch")', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(loadMnistInBrowser(undefined, '/')).rejects.toThrow(
      '/data/manifest.json could not be downloaded: the network did not answer (no connection to the server). Check the connection and reload.',
    );
    vi.stubGlobal('navigator', { onLine: false });
    await expect(loadMnistInBrowser(undefined, '/')).rejects.toThrow(
      '/data/manifest.json could not be downloaded: this browser is offline. Reconnect to the network and reload.',
    );
  });

  it('fails when a file decompresses to a different size than the manifest says', async () => {
    serve('/', (path, body) => {
      if (path !== 'data/manifest.json') return body;
      const m = JSON.parse(new TextDecoder().decode(body));
      m.files.find((f: { name: string }) => f.name === 't10k-labels-idx1-ubyte').rawBytes = 10_000;
      return new TextEncoder().encode(JSON.stringify(m));
    });
    await expect(loadMnistInBrowser(undefined, '/')).rejects.toThrow(
      "t10k-labels-idx1-ubyte: decompresses to more than the manifest's 10000 bytes",
    );
  });

  it('fails on a truncated download', async () => {
    serve('/', (path, body) => (path === 'data/train-labels-idx1-ubyte.gzip' ? body.subarray(0, body.length - 100) : body));
    await expect(loadMnistInBrowser(undefined, '/')).rejects.toThrow('train-labels-idx1-ubyte: unexpected end of file');
  });

  it('fails when the bytes do not match the manifest hash', async () => {
    serve('/', (path, body) => {
      if (path !== 'data/manifest.json') return body;
      const m = JSON.parse(new TextDecoder().decode(body));
      m.files.find((f: { name: string }) => f.name === 'train-labels-idx1-ubyte').sha256 = '0'.repeat(64);
      return new TextEncoder().encode(JSON.stringify(m));
    });
    await expect(loadMnistInBrowser(undefined, '/')).rejects.toThrow(/train-labels-idx1-ubyte: SHA-256 65a50cbb\w+ does not match the manifest's 0{64}/);
  });
});

describe('checkManifest', () => {
  it('accepts the built manifest and rejects malformed ones', () => {
    expect(checkManifest(JSON.parse(JSON.stringify(manifest))).files).toHaveLength(4);
    expect(() => checkManifest({ format: 2 })).toThrow('data/manifest.json: unknown format (expected format 1)');
    expect(() => checkManifest({ ...manifest, files: manifest.files.slice(1) })).toThrow(/does not list train-images-idx3-ubyte/);
    const broken = { ...manifest, files: manifest.files.map((f, i) => (i === 0 ? { ...f, sha256: 'xyz' } : f)) };
    expect(() => checkManifest(broken)).toThrow(/entry for train-images-idx3-ubyte is malformed/);
  });
});
