// Stored records in Chromium: a run record or a lesson's progress that does not read back is
// set aside with a notice naming it; the good ones still show; a bad run can be deleted.
import { expect, test } from '@playwright/test';
import { goodRun } from '../platform/run-records';

test('a malformed run record in IndexedDB is set aside with a notice; the valid runs show; delete clears it for good', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.locator('.debugger')).toBeVisible({ timeout: 90_000 }); // MNIST loaded
  const { result: _cut, ...broken } = goodRun('run-broken', 5);
  await page.evaluate(
    async (records) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('deltascope-runs', 1);
        request.onupgradeneeded = () => request.result.createObjectStore('runs', { keyPath: 'id' });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('runs', 'readwrite');
        for (const record of records) tx.objectStore('runs').put(record);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    [goodRun('run-good', 10), { ...broken, label: 'the broken one' }],
  );

  await page.goto('/#/train');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'idle', { timeout: 60_000 });
  await expect(page.getByTestId('run-list').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('run-list')).toContainText('run run-good');
  await expect(page.getByText('Runs (1, kept in this browser)')).toBeVisible();
  const notices = page.getByRole('list', { name: 'notices' });
  await expect(notices).toContainText('A stored run could not be read and is set aside: “the broken one” (run-broken) — result: missing (expected an object).');
  const setAside = page.getByTestId('runs-set-aside');
  await expect(setAside).toContainText('the broken one');
  await setAside.getByRole('button', { name: 'delete the unreadable run the broken one' }).click();
  await expect(setAside).toHaveCount(0);

  // Gone from the store: after a reload, no notice and the good run still there.
  await page.reload();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'idle', { timeout: 60_000 });
  await expect(page.getByTestId('run-list').locator('li')).toHaveCount(1);
  await expect(page.getByRole('list', { name: 'notices' })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('one invalid lesson-progress entry is set aside with a notice; the other lessons keep their progress', async ({ page }) => {
  await page.goto('/#/lessons');
  await expect(page.locator('[data-lesson="chain-rule"]')).toBeVisible({ timeout: 60_000 });
  await page.evaluate(() =>
    localStorage.setItem(
      'deltascope.lessons.progress.v1',
      JSON.stringify({ 'chain-rule': { step: 3, furthest: 4, answers: {} }, momentum: { step: 'three', furthest: 1, answers: {} } }),
    ),
  );
  await page.reload();
  await expect(page.locator('[data-lesson="chain-rule"]')).toContainText(/Step 3 of \d+/);
  await expect(page.locator('[data-lesson="momentum"]')).toContainText('Not started');
  await expect(page.getByRole('list', { name: 'notices' })).toContainText('A stored lesson-progress entry could not be read and is set aside: “momentum” — step: expected a number, got "three".');
});
