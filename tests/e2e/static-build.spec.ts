import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect, test } from '@playwright/test';
import { CONTENT_SECURITY_POLICY } from '../../scripts/content-security-policy.ts';
import { serveStatic, type StaticSite } from './helpers/static-server';

// The site as it is hosted (issue 14, items 3 and 5): `vite build` — the production build,
// not the e2e one — under a sub-path (`--base /deltascope/`), served by a plain static server.
// It holds no test hook and no test fixture, carries its CSP, and works there online and offline.

const ROOT = join(import.meta.dirname, '..', '..');
const BASE = '/deltascope/';
let outDir: string;
let site: StaticSite;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  outDir = mkdtempSync(join(tmpdir(), 'deltascope-site-'));
  execFileSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--base', BASE, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], { cwd: ROOT, stdio: 'pipe' });
  site = await serveStatic(outDir, BASE);
});
test.afterAll(async () => {
  await site?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

test('`vite build` output has no test hook and no test fixture, and every URL of the page is under the base', () => {
  const built = files(outDir).filter((f) => !f.endsWith('.gzip') && !f.endsWith('.map'));
  expect(built.length).toBeGreaterThan(10);
  // The source maps list every module bundled (main.ts's own text, which names the hook, is among their sources' contents).
  const bundled = files(outDir)
    .filter((f) => f.endsWith('.map'))
    .flatMap((f) => (JSON.parse(readFileSync(f, 'utf8')) as { sources: string[] }).sources);
  expect(bundled.some((source) => source.endsWith('src/main.ts'))).toBe(true);
  expect(bundled.filter((source) => /test-hook|tests\/e2e/.test(source))).toEqual([]);
  const found: string[] = [];
  for (const file of built) {
    const text = readFileSync(file, 'utf8');
    for (const marker of ['__deltascopeTest', 'installTestHook', 'test-hook', 'determinismInWorker', 'A hostile lesson', '__pwned']) {
      if (text.includes(marker)) found.push(`${relative(outDir, file)}: ${marker}`);
    }
  }
  expect(found).toEqual([]);

  // No path of the machine it was built on, in any file (source maps included): the Export panel's CLI
  // line is the one that works wherever deltascope's CLI is installed (issue 11, item 7).
  // (The source maps name their sources relative to the output folder, here a temporary one outside the
  // checkout, so they climb to it: "../../work/…/node_modules/…". Only an absolute path is the builder's.)
  const absolute = new RegExp(`(?<!\\.\\.)${ROOT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
  const withPath = files(outDir)
    .filter((f) => !f.endsWith('.gzip') && absolute.test(readFileSync(f, 'utf8')))
    .map((f) => relative(outDir, f));
  expect(withPath).toEqual([]);
  expect(built.some((f) => f.endsWith('.js') && readFileSync(f, 'utf8').includes('npx --no deltascope'))).toBe(true);

  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY.replaceAll("'", '&#39;')}">`);
  const urls = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  expect(urls.length).toBeGreaterThanOrEqual(4);
  expect(urls.filter((url) => !url.startsWith(BASE))).toEqual([]);
});

test.describe('served under a sub-path', () => {
  test.use({ serviceWorkers: 'allow' });

  test('loads MNIST and the lessons from the sub-path, registers its service worker there, and reloads offline', async ({ page, context }) => {
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(site.url);
    await expect(page.locator('main')).toContainText('60,000 training images', { timeout: 90_000 });
    const scope = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
      return registration.scope;
    });
    expect(scope).toBe(site.url);
    expect(site.served).toContain(`${BASE}data/manifest.json`);
    expect(site.served).toContain(`${BASE}data/train-images-idx3-ubyte.gzip`);
    expect(site.served.filter((path) => !path.startsWith(BASE))).toEqual([]);

    await page.getByRole('link', { name: 'Lessons' }).click();
    await expect(page).toHaveURL(`${site.url}#/lessons`);
    await page.locator('.lessons-screen .card').first().getByRole('link').first().click();
    await expect(page.locator('.lessons-screen .prose .katex').first()).toBeVisible({ timeout: 60_000 });

    await context.setOffline(true);
    await page.reload();
    await expect(page.locator('.lessons-screen .prose .katex').first()).toBeVisible({ timeout: 90_000 });
    expect(errors).toEqual([]);
  });
});
