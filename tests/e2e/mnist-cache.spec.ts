import { expect, test } from '@playwright/test';

// The MNIST files cached in IndexedDB (src/data/browser.ts) in Chromium: a damaged cached copy
// is downloaded again with a notice, and a download that gets no answer names the network.

const LABELS = 'train-labels-idx1-ubyte';

test('zero-filled cached labels are downloaded again with a notice, and the app works', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.locator('main')).toContainText('60,000 training images', { timeout: 90_000 });

  // Overwrite the cached labels (stored under the manifest's SHA-256) with zeros of the same length.
  const damaged = await page.evaluate(async (name) => {
    const manifest = (await (await fetch('data/manifest.json')).json()) as { files: { name: string; sha256: string; rawBytes: number }[] };
    const file = manifest.files.find((f) => f.name === name)!;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('deltascope-mnist');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('idx-files', 'readwrite');
      tx.objectStore('idx-files').put(new Uint8Array(file.rawBytes), file.sha256);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    return file.rawBytes;
  }, LABELS);
  expect(damaged).toBe(60_008);

  const refetched: string[] = [];
  page.on('request', (r) => r.url().includes(LABELS) && refetched.push(r.url()));
  await page.reload();
  await expect(page.locator('main')).toContainText('60,000 training images', { timeout: 90_000 });
  const notice = page.getByRole('list', { name: 'notices' });
  await expect(notice).toContainText(`The copy of ${LABELS} cached in this browser has SHA-256 `);
  await expect(notice).toContainText('it was downloaded again');
  expect(refetched).toHaveLength(1);
  await page.getByRole('button', { name: 'dismiss this notice' }).click();
  await expect(notice).toHaveCount(0);

  // Repaired: the next reload finds a good copy, says nothing and fetches no labels.
  refetched.length = 0;
  await page.reload();
  await expect(page.locator('main')).toContainText('60,000 training images', { timeout: 90_000 });
  await expect(page.getByRole('list', { name: 'notices' })).toHaveCount(0);
  expect(refetched).toEqual([]);
  expect(errors).toEqual([]);
});

test('a first visit whose MNIST download gets no answer says it is the network', async ({ page, context }) => {
  await context.route('**/data/**', (route) => route.abort('internetdisconnected'));
  await page.goto('/');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Could not load MNIST');
  await expect(alert).toContainText('could not be downloaded: the network did not answer');
  await expect(alert).not.toContainText('Failed to fetch');
});

test('the training worker that cannot be fetched because the network went away says so, not "it could not start"', async ({ page, context }) => {
  await page.goto('/');
  await expect(page.locator('main')).toContainText('60,000 training images', { timeout: 90_000 });
  await context.setOffline(true);
  await page.getByRole('link', { name: 'Training' }).click();
  const alert = page.locator('main').getByRole('alert');
  await expect(alert).toContainText('The training worker could not be downloaded: this browser is offline');
  await expect(alert).not.toContainText('it could not start');
});
