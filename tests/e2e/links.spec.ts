// Links in Chromium: an address the app cannot read never blanks the page — a malformed
// %-escape is named in a notice and the screen it can make out opens.
import { expect, test } from '@playwright/test';

for (const [hash, heading] of [
  ['#/%', 'Debugger'],
  ['#/lessons/%E0%A4%A', 'Lessons'],
  ['#/train/%zz', 'Training'],
] as const) {
  test(`the address ${hash} opens the ${heading} screen with a notice, not a blank page`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`/${hash}`);
    await expect(page.getByRole('link', { name: heading })).toHaveAttribute('aria-current', 'page');
    const notices = page.getByRole('list', { name: 'notices' });
    await expect(notices).toContainText('malformed %-escape');
    expect(errors).toEqual([]);
  });
}

/** What the debugger shows of the selected unit: the step, the inspector's heading and every number it prints (full precision). */
async function shown(page: import('@playwright/test').Page) {
  return page.evaluate(() => ({
    step: document.querySelector<HTMLElement>('.debugger')?.dataset.step,
    heading: document.querySelector('.inspector h2')?.textContent?.replace(/\s+/g, ' ').trim(),
    values: [...document.querySelectorAll<HTMLElement>('.inspector [data-quantity]')].map((e) => `${e.dataset.quantity}=${e.dataset.value ?? e.textContent}`),
    tab: document.querySelector('.tabs [aria-selected="true"]')?.textContent?.trim(),
  }));
}

test('a copied debugger link opens the same batch, sub-step, unit, example and tab, with the same numbers bit for bit, in a fresh browser; a reload keeps the place', async ({ page, context, browser }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  const root = page.locator('.debugger');
  await expect(root).not.toHaveAttribute('data-kernels', '', { timeout: 90_000 });
  // By hand: three whole batches, the fourth loaded and eight sub-steps into it (δ computed); example 17,
  // hidden unit 6, the Matrices tab.
  for (let b = 0; b < 3; b++) await page.keyboard.press('b');
  await expect(root).toHaveAttribute('data-step', '10');
  for (let k = 0; k < 9; k++) await page.keyboard.press('ArrowRight');
  await expect(root).toHaveAttribute('data-step', '7');
  for (let k = 0; k < 16; k++) await page.keyboard.press(']');
  await page.locator('.inspector input[type="number"]').fill('6');
  await page.locator('.inspector input[type="number"]').dispatchEvent('change');
  await page.getByRole('tab', { name: 'Matrices' }).click();
  await expect(page.locator('.inspector h2')).toContainText('Hidden layer 1, unit 6');
  await expect(page.locator('.inspector h2')).toContainText('example 17');
  await expect(page).toHaveURL(/#\/debug\?v=1&.*&epoch=1&batch=4&step=8&unit=1\.6&example=17&tab=matrices$/);
  const sender = await shown(page);
  expect(sender.values.find((v) => v.startsWith('delta='))).toMatch(/^delta=-?\d/);

  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByTestId('link-message')).toContainText('Link copied: it opens this batch');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(page.url());
  console.log(`link: ${link}`);

  // A fresh browser context (no storage shared): replayed from the seed, the same numbers.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  other.on('pageerror', (e) => errors.push(e.message));
  await other.goto(link);
  await expect(other.locator('.debugger')).toHaveAttribute('data-step', '7', { timeout: 90_000 });
  await expect(other.locator('.inspector h2')).toContainText('example 17');
  const receiver = await shown(other);
  expect(receiver).toEqual(sender);
  console.log(`receiver shows ${receiver.heading}: ${receiver.values.join(' ')}`);
  await other.screenshot({ path: 'test-results/link-receiver.png' });
  await fresh.close();

  // A reload keeps the debugger's place (the address carries it).
  await page.reload();
  await expect(root).toHaveAttribute('data-step', '7', { timeout: 90_000 });
  await expect(page.locator('.inspector h2')).toContainText('example 17');
  expect(await shown(page)).toEqual(sender);
  expect(errors).toEqual([]);
});

test('a debugger link with unknown or out-of-range fields names each in a notice and opens with their defaults', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/#/debug?v=1&mu=1&colour=red&lr=0x10&batch=999&unit=1.99&step=2');
  const notices = page.getByRole('list', { name: 'notices' });
  await expect(notices).toContainText('The link\'s field “colour” is unknown; it was left out.');
  await expect(notices).toContainText('The link\'s mu “1”: Too big: expected number to be <1; the default 0 was used.');
  await expect(notices).toContainText('The link\'s lr “0x10” is not a decimal number; the default 0.5 was used.');
  await expect(notices).toContainText('The link\'s batch is beyond the 352 batches of an epoch; the default 1 was used.');
  await expect(notices).toContainText('The link\'s unit 1.99 is not a unit of 784-64-10; the default 1.1 was used.');
  const root = page.locator('.debugger');
  await expect(root).toHaveAttribute('data-step', '1', { timeout: 90_000 });
  await expect(page.locator('.inspector h2')).toContainText('Hidden layer 1, unit 1');
  await expect(page).toHaveURL(/mu=0&.*epoch=1&batch=1&step=2&unit=1\.1&example=1&tab=update$/);
  expect(errors).toEqual([]);
});
