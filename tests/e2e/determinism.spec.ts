import { expect, test } from '@playwright/test';
import type { DeterminismResult } from '../../src/engine/determinism';
import type { DeltascopeTestHook } from '../../src/test-hook'; // also declares window.__deltascopeTest
import { DETERMINISM_DIGESTS, digestMismatches } from '../engine/determinism-digests';

// The promise of bit-identical results across platforms, checked end to end: the built app's
// own bundle, through the ?test hook (src/test-hook.ts), runs src/engine/determinism.ts — libm
// on 4 × 65,536 arguments, and short float64 and float32 training runs on MNIST — on the page's
// main thread and in a Web Worker, and must produce the SHA-256 digests tests/engine/libm.test.ts
// pins for Node (tests/engine/determinism-digests.ts).

const names = (results: DeterminismResult[]) => new Set(results.map((r) => r.name));

test('the page and a worker compute the digests Node computes, in float64 and float32 with both kernels', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto('/?test');
  // Let the app's own MNIST load finish first: the hook's loads then come from its IndexedDB
  // cache instead of fetching the same files concurrently (Chromium's HTTP cache can refuse the
  // second writer with net::ERR_CACHE_WRITE_FAILURE; src/data/browser.ts retries, but logs it).
  await expect(page.locator('main')).toContainText('60,000 training images', { timeout: 60_000 });
  await page.waitForFunction(() => window.__deltascopeTest !== undefined);

  const inPage = await page.evaluate(() => (window.__deltascopeTest as DeltascopeTestHook).determinismInPage());
  expect(digestMismatches(inPage), JSON.stringify(inPage, null, 2)).toEqual([]);
  expect(names(inPage)).toEqual(new Set(['libm', 'float64 sigmoid', 'float64 improved-sigmoid', 'float32 sigmoid (wasm-simd)', 'float32 improved-sigmoid (wasm-simd)']));

  const inWorker = await page.evaluate(() => (window.__deltascopeTest as DeltascopeTestHook).determinismInWorker());
  expect(digestMismatches(inWorker), JSON.stringify(inWorker, null, 2)).toEqual([]);
  expect(names(inWorker)).toEqual(new Set(Object.keys(DETERMINISM_DIGESTS)));
  expect(errors).toEqual([]);
});

test('without ?test the page has no test hook', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('main')).toContainText('60,000 training images', { timeout: 90_000 });
  expect(await page.evaluate(() => window.__deltascopeTest === undefined)).toBe(true);
});
