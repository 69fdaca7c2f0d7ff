// Accessibility in real Chromium. axe-core on every screen in a real state — the debugger with
// a batch stepped and a unit in the inspector (each lower tab, the session's panels, the help
// overlay), training with a run and the comparison of runs, the lesson list and lesson steps
// with a question — with no serious or critical violation. ("Check my numbers" with a result is
// checked in check.spec.ts, where that state is made.)
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { canvasAlternatives, seriousViolations } from './helpers/axe';

const SHOTS = 'reports/screens';
mkdirSync(SHOTS, { recursive: true });

/** No serious or critical axe violation, and every canvas shown has a text alternative. */
async function expectAccessible(page: Page, where: string, include?: string): Promise<void> {
  expect.soft(await seriousViolations(page, include), `axe on ${where}`).toEqual([]);
  const canvases = await canvasAlternatives(page);
  expect.soft(canvases.filter((c) => !c.alternative).map((c) => c.canvas), `canvases without a text alternative on ${where}`).toEqual([]);
}

async function openDebugger(page: Page): Promise<void> {
  await page.goto('/#/debug');
  await expect(page.locator('.debugger')).not.toHaveAttribute('data-kernels', '', { timeout: 90_000 });
}

test('axe: the debugger with a batch stepped, a unit inspected, and each lower tab', async ({ page }) => {
  test.setTimeout(420_000);
  await openDebugger(page);
  for (let i = 0; i < 11; i++) await page.keyboard.press('ArrowRight');
  await expect(page.locator('.debugger')).toHaveAttribute('data-step', '10');
  await page.locator('circle[data-layer="0"][data-neuron="5"]').click();
  await expect(page.locator('.inspector h2')).toContainText('Hidden layer 1, unit 6');
  await expectAccessible(page, 'the debugger after a batch, hidden unit 6 inspected (Update tab)');
  // The rest of the page is as checked: each tab's own panel only (axe on the whole page is slow).
  for (const tab of ['Matrices', 'Gradient check', 'Draw a digit']) {
    await page.getByRole('tab', { name: tab }).click();
    await expectAccessible(page, `the debugger's ${tab} tab`, '.lower');
  }
});

test("axe: the debugger's panels (settings, breakpoints, export, open files, check) and the help overlay", async ({ page }) => {
  test.setTimeout(420_000);
  await openDebugger(page);
  for (const name of ['Settings', /^Breakpoints/, 'Export batch', 'Open files', 'Check my numbers']) await page.getByRole('button', { name }).click();
  await expectAccessible(page, 'the debugger with Settings, Breakpoints, Export, Open files and Check my numbers open');
  await page.getByRole('button', { name: '⌨ Keys' }).click();
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await expectAccessible(page, 'the help overlay', '.help');
});

test('axe: training with a run, its charts and the comparison of runs', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/#/train');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'idle', { timeout: 90_000 });
  await expectAccessible(page, 'the training screen before a run');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect.poll(() => page.evaluate(() => Number(document.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow') ?? 0)), { timeout: 60_000 }).toBeGreaterThan(0);
  await page.getByRole('button', { name: /Stop/ }).click();
  await expect(page.getByTestId('run-outcome')).toHaveAttribute('data-stop', 'stopped');
  await expect(page.getByTestId('comparison-table').locator('tbody tr')).toHaveCount(1);
  await expectAccessible(page, 'the training screen with a stopped run and the comparison');
});

test('axe: the lesson list and lesson steps with a question', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/#/lessons');
  await expect(page.locator('.lessons-screen a.go').first()).toBeVisible({ timeout: 90_000 });
  await expectAccessible(page, 'the lesson list');
  for (const address of ['#/lessons/chain-rule/6', '#/lessons/chain-rule/10']) {
    await page.goto(`/${address}`);
    await expect(page.locator('.lessons-screen .question')).toBeVisible({ timeout: 90_000 });
    await expectAccessible(page, address);
  }
});

test('axe on a phone (390×844): the debugger after a batch, training, a lesson step', async ({ page }) => {
  test.setTimeout(420_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await openDebugger(page);
  for (let i = 0; i < 11; i++) await page.keyboard.press('ArrowRight');
  await expect(page.locator('.debugger')).toHaveAttribute('data-step', '10');
  await expectAccessible(page, 'the debugger on a phone');
  await page.getByRole('tab', { name: 'Matrices' }).click();
  await expectAccessible(page, 'the Matrices tab on a phone', '.lower');
  await page.getByRole('link', { name: 'Training' }).click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'idle', { timeout: 90_000 });
  await expectAccessible(page, 'the training screen on a phone');
  await page.goto('/#/lessons/chain-rule/10');
  await expect(page.locator('.lessons-screen .question')).toBeVisible({ timeout: 90_000 });
  await expectAccessible(page, 'a lesson step on a phone');
});

// The keyboard's way in, at a desktop and a phone size: the skip link is the first Tab stop and
// lands on the network's selected unit; the arrows move the focus from unit to unit (the
// debugger does not step), Enter selects and the inspector follows; the help dialog keeps the
// focus inside until Escape, which gives it back to the button that opened it. The focus ring
// is photographed (reports/screens/a11y-network-focus-*.png).
for (const [width, height] of [
  [1440, 900],
  [390, 844],
] as const) {
  test(`keyboard at ${width}×${height}: skip link → the network's units → the inspector; the help dialog traps the focus`, async ({ page }) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width, height });
    await openDebugger(page);
    const root = page.locator('.debugger');
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowRight');
    await expect(root).toHaveAttribute('data-step', '1'); // z₁ and a₁ computed
    const focused = () =>
      page.evaluate(() => {
        const e = document.activeElement as HTMLElement | null;
        return { text: e?.textContent?.trim() ?? '', layer: e?.dataset.layer ?? null, neuron: e?.dataset.neuron ?? null, inDialog: !!e?.closest('[role="dialog"]') };
      });

    await page.keyboard.press('Tab');
    expect((await focused()).text).toBe('Skip to the network view');
    await expect(page.getByRole('link', { name: 'Skip to the network view' })).toBeInViewport();
    await page.keyboard.press('Enter');
    expect(await focused()).toMatchObject({ layer: '0', neuron: '0' }); // the selected unit
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowDown']) await page.keyboard.press(key);
    expect(await focused()).toMatchObject({ layer: '1', neuron: '4' });
    await expect(root).toHaveAttribute('data-step', '1'); // the arrows moved the focus, not the debugger
    await expect(page.locator('.network figcaption')).toContainText('layer 2, class 4');
    await page.locator('.network').screenshot({ path: `${SHOTS}/a11y-network-focus-${width}x${height}.png` });
    await page.keyboard.press('Enter');
    await expect(page.locator('.inspector h2')).toContainText('Output unit — class 4');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press(' ');
    await expect(page.locator('.inspector h2')).toContainText('Hidden layer 1, unit 4');
    await expect(page.locator('circle[data-layer="0"][data-neuron="3"]')).toHaveAttribute('aria-pressed', 'true');
    // A mouse click on a unit selects it and leaves the arrows to the debugger: → steps again.
    await page.locator('circle[data-layer="0"][data-neuron="7"]').click();
    await expect(page.locator('.inspector h2')).toContainText('Hidden layer 1, unit 8');
    await page.locator('.inspector h2').click(); // the focus out of the network, as a mouse user's would be
    await page.locator('circle[data-layer="0"][data-neuron="9"]').click();
    await page.keyboard.press('ArrowRight');
    await expect(root).toHaveAttribute('data-step', '2');

    // The help dialog: opened from its button, the focus stays inside, Escape gives it back.
    const keys = page.getByRole('button', { name: '⌨ Keys' });
    await keys.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    await expect(page.getByRole('dialog')).toContainText('In the network view');
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press(i % 2 ? 'Shift+Tab' : 'Tab');
      expect((await focused()).inDialog, `focus inside the dialog after Tab ${i + 1}`).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(keys).toBeFocused();
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog')).toBeVisible();
    await page.getByRole('button', { name: 'close' }).click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
  });
}
