import { expect, test, type Page } from '@playwright/test';

// Offline after the first visit (issue 14, item 5): the service worker (vite-plugin-pwa,
// vite.config.ts) precaches the app shell, the lessons and the WebAssembly kernels; MNIST
// stays in IndexedDB. After one visit online, a reload without any network works.

test.use({ serviceWorkers: 'allow' });

/** Waits until the service worker has installed, precached everything and controls the page. */
async function controlledByServiceWorker(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
    return registration.scope;
  });
}

test('after one visit online, a reload without network works: the debugger steps a batch, a lesson opens, the trainer starts', async ({ page, context, baseURL }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.locator('main')).toContainText('60,000 training images', { timeout: 90_000 });
  expect(await controlledByServiceWorker(page)).toBe(`${baseURL}/`);

  await context.setOffline(true);
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  const offline: { url: string; fromServiceWorker: boolean }[] = [];
  page.on('requestfinished', async (r) => {
    if (r.url().startsWith('http')) offline.push({ url: r.url(), fromServiceWorker: (await r.response())?.fromServiceWorker() ?? false });
  });
  await page.reload();
  await expect(page.locator('main')).toContainText('60,000 training images', { timeout: 90_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);

  // The debugger steps one whole batch (5L + 1 = 11 sub-steps for 784-64-10).
  const root = page.locator('.debugger');
  await expect(root).toHaveAttribute('data-step', '-1');
  for (let i = 0; i < 11; i++) await page.keyboard.press('ArrowRight');
  await expect(root).toHaveAttribute('data-step', '10');
  await expect(page.locator('.ribbon .status')).toContainText('Batch done');

  // A lesson opens, its TeX typeset with KaTeX's fonts from the cache.
  await page.getByRole('link', { name: 'Lessons' }).click();
  await page.locator('.lessons-screen .card').first().getByRole('link').first().click();
  await expect(page.locator('.lessons-screen .prose')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('.lessons-screen .katex').first()).toBeVisible();
  expect(await page.evaluate(async () => (await document.fonts.ready, document.fonts.check('16px KaTeX_Main')))).toBe(true);

  // The training worker (a separate script) starts and trains.
  await page.getByRole('link', { name: 'Training' }).click();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', /running|done/, { timeout: 60_000 });
  await page.getByRole('button', { name: /Stop/ }).click();
  await expect(page.locator('main').getByRole('alert')).toHaveCount(0);

  // Everything came from the service worker's cache (the page, its scripts, the MNIST manifest) or IndexedDB (MNIST).
  expect(offline.length).toBeGreaterThan(3);
  expect(offline.filter((r) => !r.fromServiceWorker)).toEqual([]);
  expect(offline.map((r) => new URL(r.url).pathname)).toContain('/data/manifest.json');
  expect(errors).toEqual([]);
});
