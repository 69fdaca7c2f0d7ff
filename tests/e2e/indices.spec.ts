// One index convention across the debugger, in Chromium (issue 11, item 2): one weight — w₆,₄₀₇,
// from pixel 407 (row 15, column 15) into hidden unit 6 — read in the inspector, the Matrices tab's
// hover and heatmap axes, the gradient-check table and the vectorised panel. Every panel names it
// with the same numbers, shows the same value, and that value is the model's array entry
// weights[0][5][406]: label n is array index n − 1. Screenshots at 1440×900 and 390×844.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatValue } from '../../src/format';
import { netFor, openingDebuggerConfig, settingsOf } from '../../src/session/settings';

const SHOTS = join(process.cwd(), 'reports', 'screenshots');
const J = 6; // hidden unit, counted from 1
const I = 407; // input pixel, counted from 1: row 15, column 15 of 28 × 28
const SIDE = 28;

/** The text of an element as it reads, spaces collapsed. */
async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Moves the pointer over pixel (row, col) (0-based) of a side × side canvas image. */
async function overPixel(page: Page, canvas: Locator, row: number, col: number): Promise<{ x: number; y: number }> {
  const box = (await canvas.boundingBox())!;
  const at = { x: box.x + ((col + 0.5) * box.width) / SIDE, y: box.y + ((row + 0.5) * box.height) / SIDE };
  await page.mouse.move(at.x, at.y);
  return at;
}

/** The label an axis puts at `position`, interpolated between its ticks (labels are linear in position). */
async function labelAt(ticks: Locator, attribute: 'x' | 'y', position: number): Promise<number> {
  const points = await ticks.evaluateAll(
    (nodes, attr) => nodes.map((n) => ({ at: Number(n.getAttribute(attr)), label: Number(n.textContent) })),
    attribute,
  );
  expect(points.length).toBeGreaterThanOrEqual(2);
  const [a, b] = [points[0], points[points.length - 1]];
  return a.label + ((position - a.at) * (b.label - a.label)) / (b.at - a.at);
}

/** Asserts no two of the vectorised panel's operand captions overlap (they once ran into each other at every size). */
async function expectCaptionsApart(page: Page): Promise<void> {
  const boxes = await page.locator('.vectorised figcaption').evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect().toJSON() as DOMRect));
  expect(boxes.length).toBeGreaterThanOrEqual(2);
  for (let a = 0; a < boxes.length; a++)
    for (let b = a + 1; b < boxes.length; b++) {
      const [p, q] = [boxes[a], boxes[b]];
      const apart = p.right <= q.left || q.right <= p.left || p.bottom <= q.top || q.bottom <= p.top;
      expect(apart, `captions ${a + 1} and ${b + 1} overlap: ${JSON.stringify([p, q])}`).toBe(true);
    }
}

test('one weight, one name: the inspector, the Matrices hover and axes, the gradient check and the vectorised panel count w₆,₄₀₇ alike, and it is weights[0][5][406]', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1440, height: 900 });
  // Batch 1 of epoch 1 with 9 sub-steps done (∂C/∂W₁ computed), hidden unit 6 of layer 1, example 1.
  await page.goto(`/#/debug?v=1&epoch=1&batch=1&step=9&unit=1.${J}&example=1&tab=matrices`);
  const root = page.locator('.debugger');
  await expect(root).toHaveAttribute('data-step', '8', { timeout: 90_000 });

  // What the array holds: the debugger opens on the seeded net, so Node builds the same one.
  const net = netFor(settingsOf(openingDebuggerConfig()));
  const inputs = net.sizes[0];
  const entry = (row: number, col: number) => net.params.weights[0][row * inputs + col];
  const w = formatValue(entry(J - 1, I - 1));
  // Off by one either way is another weight, written differently (so the test can tell them apart).
  expect(formatValue(entry(J, I))).not.toBe(w);
  expect(formatValue(entry(J - 2, I - 2))).not.toBe(w);

  // 1. The inspector: hidden unit 6; its incoming weights as a 28 × 28 image, pixel 407 hovered.
  const inspector = page.locator('.inspector');
  await expect(inspector.locator('h2')).toContainText(`Hidden layer 1, unit ${J}`);
  const incoming = inspector.locator('figure', { hasText: 'w (incoming' }).locator('canvas');
  await overPixel(page, incoming, 14, 14);
  await expect(inspector.locator('.readout')).toContainText(`w from x(i = ${I}) (pixel row 15, column 15) = ${w}`);
  // Its ∂C/∂w image, clicked at that pixel, writes out ∂C/∂w₆,₄₀₇ in the equation.
  const gradient = inspector.locator('figure', { hasText: '∂C/∂w (batch mean)' }).locator('canvas');
  const at = await overPixel(page, gradient, 14, 14);
  await expect(inspector.locator('.readout')).toContainText(`∂C/∂w from x(i = ${I}) (pixel row 15, column 15) = `);
  const slope = Number((await textOf(inspector.locator('.readout'))).split(' = ').at(-1)!.replace('\u2212', '-'));
  await page.mouse.click(at.x, at.y);
  await page.mouse.move(0, 0);
  await expect(inspector.locator('.readout')).toContainText(`now: x(i = ${I})`);
  const equation = page.getByRole('region', { name: `the equation of unit ${J} of hidden layer 1 with its numbers` });
  await expect(equation).toContainText(new RegExp(`∂wj=${J},\\s*i=${I}`));

  // 2. The Matrices tab: W₁ as a heatmap, the cell moved to by keyboard from the selected row.
  const matrices = page.getByRole('region', { name: 'matrix views' });
  const heatmap = matrices.locator('figure', { has: page.locator('rect.hit') }).first();
  const grid = heatmap.locator('rect.hit');
  await grid.focus();
  for (let k = 0; k < 40; k++) await page.keyboard.press('Shift+ArrowRight'); // column 0 → 400 (0-based)
  for (let k = 0; k < 6; k++) await page.keyboard.press('ArrowRight'); // → 406
  const readout = await textOf(heatmap.locator('.readout'));
  expect(readout).toBe(`j = ${J} i = ${I} ${w}`);
  // The axes: the hovered cell's centre reads unit 6 on the row axis and pixel 407 on the column axis.
  const hover = heatmap.locator('rect.hover');
  const [x, y, width, height] = await Promise.all(['x', 'y', 'width', 'height'].map(async (a) => Number(await hover.getAttribute(a))));
  expect(await labelAt(heatmap.locator('.axis.rows text:not(.title)'), 'y', y + height / 2)).toBeCloseTo(J, 0);
  expect(await labelAt(heatmap.locator('.axis.cols text:not(.title)'), 'x', x + width / 2)).toBeCloseTo(I, 0);
  // The column axis starts at 1: the first tick is pixel 1, at the first cell.
  await expect(heatmap.locator('.axis.cols text:not(.title)').first()).toHaveText('1');
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'indices-matrices-desktop.png') });

  // 3. The gradient check, typed with the numbers the other panels show.
  await page.getByRole('tab', { name: 'Gradient check' }).click();
  const check = page.getByRole('region', { name: 'gradient check' });
  await check.getByLabel(/row j/).fill(String(J));
  await check.getByLabel(/column i/).fill(String(I));
  await expect(check.locator('caption').first()).toContainText(`weight w(j = ${J}, i = ${I}) of layer 1 = ${w},`);
  // and its backprop slope is the inspector's ∂C/∂w at pixel 407 (float64 here, float32 there)
  const backprop = await textOf(check.locator('tr', { hasText: 'backprop ∂C/∂w' }).locator('td').first());
  expect(Number(backprop.replace('\u2212', '-'))).toBeCloseTo(slope, 5);
  await page.screenshot({ path: join(SHOTS, 'indices-gradcheck-desktop.png') });

  // 4. The vectorised panel, at ∂C/∂W₁: unit 6 writes row 6 of ∂C/∂W₁ (row j of the matrix is unit j).
  await expect(page.locator('.vectorised .reads')).toContainText(`unit ${J} of example 1 writes row ${J} of ∂C/∂Wⱼᵢ`);
  await expectCaptionsApart(page);

  // 5. The address counts the same way.
  await expect(page).toHaveURL(new RegExp(`unit=1\\.${J}&example=1&tab=gradcheck$`));

  // Phone: the gradient-check table and the Matrices hover at 390 × 844.
  await page.setViewportSize({ width: 390, height: 844 });
  await check.locator('caption').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'indices-gradcheck-phone.png') });
  await expectCaptionsApart(page);
  await page.getByRole('tab', { name: 'Matrices' }).click();
  const phoneGrid = matrices.locator('figure', { has: page.locator('rect.hit') }).first();
  await phoneGrid.locator('rect.hit').focus();
  for (let k = 0; k < 40; k++) await page.keyboard.press('Shift+ArrowRight');
  for (let k = 0; k < 6; k++) await page.keyboard.press('ArrowRight');
  expect(await textOf(phoneGrid.locator('.readout'))).toBe(`j = ${J} i = ${I} ${w}`);
  await phoneGrid.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'indices-matrices-phone.png') });
  expect(errors).toEqual([]);
});
