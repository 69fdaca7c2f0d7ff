// Accessibility in real Chromium: axe-core on every screen in a real state — the debugger with
// a batch stepped and a unit in the inspector (each lower tab, the session's panels, the help
// overlay), training with a run and the comparison of runs, the lesson list and lesson steps
// with a question — with no serious or critical violation. ("Check my numbers" with a result is
// checked in check.spec.ts, where that state is made.)
import { expect, test, type Page } from '@playwright/test';
import { canvasAlternatives, seriousViolations } from './helpers/axe';

/** No serious or critical axe violation, and every canvas shown has a text alternative. */
async function expectAccessible(page: Page, where: string): Promise<void> {
  expect.soft(await seriousViolations(page), `axe on ${where}`).toEqual([]);
  const canvases = await canvasAlternatives(page);
  expect.soft(canvases.filter((c) => !c.alternative).map((c) => c.canvas), `canvases without a text alternative on ${where}`).toEqual([]);
}

async function openDebugger(page: Page): Promise<void> {
  await page.goto('/#/debug');
  await expect(page.locator('.debugger')).not.toHaveAttribute('data-kernels', '', { timeout: 90_000 });
}

test('axe: the debugger with a batch stepped, a unit inspected, each tab, its panels and the help overlay', async ({ page }) => {
  test.setTimeout(240_000);
  await openDebugger(page);
  for (let i = 0; i < 11; i++) await page.keyboard.press('ArrowRight');
  await expect(page.locator('.debugger')).toHaveAttribute('data-step', '10');
  await page.locator('circle[data-layer="0"][data-neuron="5"]').click();
  await expect(page.locator('.inspector h2')).toContainText('Hidden layer 1, unit 6');
  await expectAccessible(page, 'the debugger after a batch, hidden unit 6 inspected (Update tab)');
  for (const tab of ['Matrices', 'Gradient check', 'Draw a digit']) {
    await page.getByRole('tab', { name: tab }).click();
    await expectAccessible(page, `the debugger's ${tab} tab`);
  }
  for (const name of ['Settings', /^Breakpoints/, 'Export batch', 'Open files', 'Check my numbers']) await page.getByRole('button', { name }).click();
  await expectAccessible(page, 'the debugger with Settings, Breakpoints, Export, Open files and Check my numbers open');
  await page.getByRole('button', { name: '⌨ Keys' }).click();
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await expectAccessible(page, 'the help overlay');
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
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await openDebugger(page);
  for (let i = 0; i < 11; i++) await page.keyboard.press('ArrowRight');
  await expect(page.locator('.debugger')).toHaveAttribute('data-step', '10');
  await expectAccessible(page, 'the debugger on a phone');
  await page.getByRole('tab', { name: 'Matrices' }).click();
  await expectAccessible(page, 'the Matrices tab on a phone');
  await page.getByRole('link', { name: 'Training' }).click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'idle', { timeout: 90_000 });
  await expectAccessible(page, 'the training screen on a phone');
  await page.goto('/#/lessons/chain-rule/10');
  await expect(page.locator('.lessons-screen .question')).toBeVisible({ timeout: 90_000 });
  await expectAccessible(page, 'a lesson step on a phone');
});
