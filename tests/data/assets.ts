// Shared by the asset tests: builds static/data/ with the real script when it is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
