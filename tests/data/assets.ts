// Shared by the asset and loader tests: builds static/data/ with the real script when it is
// missing, and serves it to loadMnistInBrowser through a stubbed fetch.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import type { Manifest } from '../../src/data/browser';

export const ROOT = join(import.meta.dirname, '..', '..');
export const ASSET_DIR = join(ROOT, 'static', 'data');
export const BUILD_SCRIPT = join(ROOT, 'scripts', 'build-mnist-assets.mjs');
export const BUILD_TIMEOUT_MS = 180_000;

export function runBuildScript(): string {
  return execFileSync(process.execPath, [BUILD_SCRIPT], { cwd: ROOT, encoding: 'utf8', timeout: BUILD_TIMEOUT_MS });
}

export function ensureAssets(): Manifest {
  const manifestPath = join(ASSET_DIR, 'manifest.json');
  const complete = () =>
    existsSync(manifestPath) &&
    (JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest).files.every((f) => existsSync(join(ASSET_DIR, f.path)));
  if (!complete()) runBuildScript();
  return JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
}

export type Rewrite = (path: string, body: Uint8Array) => Uint8Array | Response;

/** Serves BASE/data/* from static/data in 64 KiB chunks, optionally rewriting a body. */
export function serve(base: string, rewrite: Rewrite = (_, body) => body) {
  const requested: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    requested.push(url);
    if (!url.startsWith(base + 'data/')) return new Response('not found', { status: 404, statusText: 'Not Found' });
    let body: Uint8Array;
    try {
      body = new Uint8Array(readFileSync(join(ASSET_DIR, url.slice((base + 'data/').length))));
    } catch {
      return new Response('not found', { status: 404, statusText: 'Not Found' });
    }
    const out = rewrite(url.slice(base.length), body);
    if (out instanceof Response) return out;
    let offset = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= out.length) return controller.close();
        controller.enqueue(out.slice(offset, offset + 65_536));
        offset += 65_536;
      },
    });
    return new Response(stream, { status: 200 });
  });
  return requested;
}
