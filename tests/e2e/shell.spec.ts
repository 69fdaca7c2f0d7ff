import { expect, test } from '@playwright/test';

test('the shell loads MNIST, shows no console errors and switches screens by URL', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Debugger' })).toHaveAttribute('aria-current', 'page');
  // MNIST loaded: the debugger screen reports 60,000 training images.
  await expect(page.locator('main')).toContainText('60,000 training images');
  await page.getByRole('link', { name: 'Training' }).click();
  await expect(page).toHaveURL(/#\/train$/);
  await expect(page.getByRole('link', { name: 'Training' })).toHaveAttribute('aria-current', 'page');
  await page.goto('/#/lessons/chain-rule/2');
  await expect(page.getByRole('link', { name: 'Lessons' })).toHaveAttribute('aria-current', 'page');
  expect(errors).toEqual([]);
});
