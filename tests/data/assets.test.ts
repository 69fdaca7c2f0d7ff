import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/data/browser';
import { MNIST_FILES } from '../../src/data/mnist';
import { mnistPackageDataDir } from '../../src/data/node';
import { ASSET_DIR, BUILD_TIMEOUT_MS, ensureAssets, runBuildScript } from './assets';

let manifest: Manifest;
beforeAll(() => {
  manifest = ensureAssets();
}, BUILD_TIMEOUT_MS);

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('static MNIST assets', () => {
  it('lists the four IDX files with sizes and hashes', () => {
    expect(manifest.format).toBe(1);
    expect(manifest.encoding).toBe('gzip');
    expect(manifest.files.map((f) => f.name).sort()).toEqual(Object.values(MNIST_FILES).sort());
    const raw = Object.fromEntries(manifest.files.map((f) => [f.name, f.rawBytes]));
    expect(raw).toEqual({
      'train-images-idx3-ubyte': 16 + 60_000 * 784,
      'train-labels-idx1-ubyte': 8 + 60_000,
      't10k-images-idx3-ubyte': 16 + 10_000 * 784,
      't10k-labels-idx1-ubyte': 8 + 10_000,
    });
    expect(manifest.totalRawBytes).toBe(54_950_048);
    expect(manifest.totalCompressedBytes).toBe(manifest.files.reduce((sum, f) => sum + f.compressedBytes, 0));
  });

  it('fits all 70,000 images and labels in the 12 MB transfer budget', () => {
    expect(manifest.totalCompressedBytes).toBeLessThanOrEqual(12_000_000);
    // And compression really happened: MNIST gzips to about a fifth.
    expect(manifest.totalCompressedBytes).toBeLessThan(manifest.totalRawBytes / 4);
  });

  it.each(Object.values(MNIST_FILES))('%s round-trips: gunzip gives the package bytes and the manifest hash', (name) => {
    const entry = manifest.files.find((f) => f.name === name)!;
    const compressed = readFileSync(join(ASSET_DIR, entry.path));
    expect(compressed.length).toBe(entry.compressedBytes);
    expect([compressed[0], compressed[1]]).toEqual([0x1f, 0x8b]); // gzip, for DecompressionStream('gzip')
    const restored = gunzipSync(compressed);
    const original = readFileSync(join(mnistPackageDataDir(), name));
    expect(restored.length).toBe(entry.rawBytes);
    expect(restored.equals(original)).toBe(true);
    expect(sha256(restored)).toBe(entry.sha256);
    expect(sha256(original)).toBe(entry.sha256);
  });

  it('the build script is idempotent: a second run changes nothing', () => {
    const before = manifest.files.map((f) => statSync(join(ASSET_DIR, f.path)).mtimeMs);
    const output = runBuildScript();
    expect(output).toMatch(/static\/data is up to date/);
    expect(manifest.files.map((f) => statSync(join(ASSET_DIR, f.path)).mtimeMs)).toEqual(before);
  });
});
