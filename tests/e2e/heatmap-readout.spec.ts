// On a phone, W₁'s heatmap (784 columns) is wider than the screen and scrolls sideways in its
// box. A cell tapped after scrolling right must have its readout in view beside it — the
// readout sticks to the box's visible left edge — and the page itself never widens.
import { expect, test } from '@playwright/test';

test('390 × 844: the readout of a W₁ cell tapped far right stays on screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/#/debug?v=1&epoch=1&batch=1&step=9&unit=1.6&example=1&tab=matrices');
  await expect(page.locator('.debugger')).toHaveAttribute('data-step', '8', { timeout: 90_000 });
  const heatmap = page.getByRole('region', { name: 'matrix views' }).locator('figure', { has: page.locator('rect.hit') }).first();
  const grid = heatmap.locator('rect.hit');
  await grid.scrollIntoViewIfNeeded();
  // Scroll the heatmap's box to its right end, as a thumb would.
  const box = heatmap.locator('xpath=ancestor::div[contains(@class, "scroll")][1]');
  const scrolled = await box.evaluate((el) => {
    el.scrollLeft = el.scrollWidth;
    return { scrollLeft: el.scrollLeft, scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
  });
  expect(scrolled.scrollWidth).toBeGreaterThan(scrolled.clientWidth); // it does scroll: W₁ is wider than a phone
  expect(scrolled.scrollLeft).toBeGreaterThan(0);
  // Tap a cell near the right edge of what is visible.
  const cells = (await grid.boundingBox())!;
  const visibleRight = Math.min(cells.x + cells.width, 390) - 8;
  await page.mouse.click(visibleRight, cells.y + cells.height / 2);
  const readout = heatmap.locator('.readout');
  await expect(readout).toContainText('i = ');
  const column = Number((await readout.textContent())!.match(/i = (\d+)/)![1]);
  expect(column).toBeGreaterThan(700); // the cell tapped is far right in W₁'s 784 columns
  const shown = (await readout.boundingBox())!;
  expect(shown.x).toBeGreaterThanOrEqual(0);
  expect(shown.x + shown.width).toBeLessThanOrEqual(390);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
