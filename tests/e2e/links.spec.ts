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
