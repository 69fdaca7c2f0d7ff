import { expect, test, type Locator, type Page } from '@playwright/test';
import { parseShown } from '../../src/format';

// The lessons in the built app, in Chromium. A test plays the learner: it reads numbers off the
// page (the lesson's own debugger draws every number of the tiny net), works the answer out,
// types it, and checks the verdict and the machine's revealed value.

/** A number as the page prints it (src/format: a real minus sign, thousands commas, m × 10ᵉ). */
function parse(text: string | null): number {
  if (text === null) throw new Error('no text');
  const value = parseShown(text);
  if (value === null || !Number.isFinite(value)) throw new Error(`not a number: "${text}"`);
  return value;
}

async function open(page: Page, hash: string): Promise<void> {
  await page.goto(`/${hash}`);
  // MNIST loads first (cached after the first visit); then the lessons screen mounts.
  await expect(page.locator('.lessons-screen')).toBeVisible({ timeout: 90_000 });
}

/** Waits until the step's setup has run: before that the stage still draws the state it had (another net's numbers). */
async function stepReady(page: Page): Promise<void> {
  await expect(page.locator('.lessons-screen div.stage')).not.toHaveClass(/\bbusy\b/, { timeout: 60_000 });
}

/** The tiny net's numbers, as drawn on the lesson's stage. */
function tinyNet(page: Page) {
  const net = page.locator('.lessons-screen svg.tiny-net');
  const read = async (selector: string) => parse(await net.locator(selector).first().textContent());
  return {
    net,
    x: (i: number) => read(`[data-quantity="x"][data-unit="${i}"]`),
    w: (layer: number, to: number, from: number) => read(`[data-quantity="w"][data-layer="${layer}"][data-to="${to}"][data-from="${from}"]`),
    q: (quantity: string, layer: number, unit: number) => read(`[data-quantity="${quantity}"][data-layer="${layer}"][data-unit="${unit}"]`),
    label: async () => Number(await net.locator('[data-label]').getAttribute('data-label')),
  };
}

async function answerNumber(page: Page, value: number): Promise<Locator> {
  await page.getByLabel('your answer').fill(value.toFixed(6));
  await page.getByRole('button', { name: 'Check' }).click();
  const verdict = page.locator('.lessons-screen .question [role="status"]');
  await expect(verdict).toBeVisible();
  return verdict;
}

async function answerChoice(page: Page, text: string): Promise<Locator> {
  await page.locator('.lessons-screen .question .choice', { hasText: text }).click();
  await page.getByRole('button', { name: 'Check' }).click();
  const verdict = page.locator('.lessons-screen .question [role="status"]');
  await expect(verdict).toBeVisible();
  return verdict;
}

async function next(page: Page, step: number, lesson = 'tiny-net'): Promise<void> {
  await page.getByRole('button', { name: 'Next →' }).click();
  await expect(page).toHaveURL(new RegExp(`#/lessons/${lesson}/${step}$`));
  await expect(page.locator('#lesson-step-title')).toContainText(`Step ${step} of`);
  await expect(page.locator('.lessons-screen .prose')).toBeVisible();
}

test('a learner completes "A tiny net" by working out every answer from the numbers on the page', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await open(page, '#/lessons');
  await expect(page.getByRole('heading', { name: 'Lessons', level: 1 })).toBeVisible();
  expect(await page.locator('.lessons-screen .card').count()).toBeGreaterThanOrEqual(10);
  await page.getByRole('link', { name: 'A tiny net, every number on screen' }).click();
  await expect(page).toHaveURL(/#\/lessons\/tiny-net\/1$/);
  const net = tinyNet(page);
  await expect(net.net).toBeVisible();
  // nothing computed yet: the hidden units show no z
  await expect(net.net.locator('[data-quantity="z"][data-layer="1"][data-unit="1"]')).toHaveText('·');

  // Step 2: z₁ = w₁₁ x₁ + w₁₂ x₂ + b₁, from the drawn weights, inputs and bias.
  await next(page, 2);
  const z1 = (await net.w(1, 1, 1)) * (await net.x(1)) + (await net.w(1, 1, 2)) * (await net.x(2)) + (await net.q('b', 1, 1));
  let verdict = await answerNumber(page, z1);
  await expect(verdict).toContainText('Right.');
  // the machine has now computed z₁, and it is the number we worked out
  expect(await net.q('z', 1, 1)).toBeCloseTo(z1, 3);
  await expect(page.getByLabel('worked explanation')).toBeVisible();
  await expect(page.locator('.lessons-screen .steps a[aria-current="step"]')).toHaveClass(/right/);

  await next(page, 3);
  await next(page, 4);
  // Step 4: the larger logit wins.
  const logits = [await net.q('z', 2, 0), await net.q('z', 2, 1)];
  verdict = await answerChoice(page, `class ${logits[1] > logits[0] ? 1 : 0}`);
  await expect(verdict).toContainText('Right.');

  // Step 5: softmax of the two logits.
  await next(page, 5);
  const yhat1 = Math.exp(logits[1]) / (Math.exp(logits[0]) + Math.exp(logits[1]));
  verdict = await answerNumber(page, yhat1);
  await expect(verdict).toContainText('Right.');
  expect(await net.q('yhat', 2, 1)).toBeCloseTo(yhat1, 3);

  // Step 6: the loss is −log of the label's probability.
  await next(page, 6);
  const label = await net.label();
  const loss = -Math.log(await net.q('yhat', 2, label));
  verdict = await answerNumber(page, loss);
  await expect(verdict).toContainText('Right.');
  await expect(page.locator('.lessons-screen .stage .position')).toContainText(`C = ${loss.toFixed(4).slice(0, 5)}`);

  // Step 7: δ₀ = ŷ₀ − y₀.
  await next(page, 7);
  const delta0 = (await net.q('yhat', 2, 0)) - (label === 0 ? 1 : 0);
  verdict = await answerNumber(page, delta0);
  await expect(verdict).toContainText('Right.');
  expect(await net.q('delta', 2, 0)).toBeCloseTo(delta0, 3);

  // Step 8: a negative δ₁ means raising z₁ lowers the loss.
  await next(page, 8);
  const delta1 = await net.q('delta', 2, 1);
  verdict = await answerChoice(page, delta1 < 0 ? 'it would fall' : 'it would rise');
  await expect(verdict).toContainText('Right.');

  await next(page, 9);
  await page.getByRole('link', { name: 'Finish: back to the lesson list' }).click();
  await expect(page).toHaveURL(/#\/lessons$/);
  await expect(page.locator('.card[data-lesson="tiny-net"]')).toContainText('Completed · 6 of 6 answered right');
  expect(errors).toEqual([]);
});

test('a wrong prediction may be tried again, unrevealed; the last wrong one gets the machine’s value and the worked substitution; the step is remembered', async ({ page }) => {
  await open(page, '#/lessons/chain-rule/5');
  const net = tinyNet(page);
  await expect(page.locator('#lesson-step-title')).toContainText('Third factor: the slope of the sigmoid');
  await expect(page.locator('.lessons-screen .question')).toContainText('2 tries');
  // The right answer would be f'(z₁) · Σ_k w_k1 δ_k; answer something clearly different, twice.
  const sum = (await net.w(2, 0, 1)) * (await net.q('delta', 2, 0)) + (await net.w(2, 1, 1)) * (await net.q('delta', 2, 1));
  const truth = (await net.q('fprime', 1, 1)) * sum;
  let verdict = await answerNumber(page, truth + 0.5);
  await expect(verdict).toContainText('Not quite.');
  await expect(verdict).toContainText('Try again: 1 more try before the answer is shown.');
  // nothing revealed: no worked solution, and the machine has not computed the hidden δ
  await expect(page.getByLabel('worked explanation')).toHaveCount(0);
  await expect(net.net.locator('[data-quantity="delta"][data-layer="1"][data-unit="1"]')).toHaveText('·');
  verdict = await answerNumber(page, truth + 0.25);
  await expect(verdict).toContainText('Not quite.');
  await expect(verdict).toContainText('(within ±0.002)');
  // the revealed value is the machine's hidden δ, now drawn on the stage
  const machine = parse(await verdict.locator('.num').textContent());
  expect(machine).toBeCloseTo(truth, 3);
  expect(await net.q('delta', 1, 1)).toBeCloseTo(machine, 4);
  const worked = page.getByLabel('worked explanation');
  await expect(worked).toBeVisible();
  await expect(worked.locator('.katex').first()).toBeVisible();
  await expect(page.locator('.lessons-screen .steps a[aria-current="step"]')).toHaveClass(/wrong/);

  // Leave for the debugger and come back: the lesson list offers to continue at step 5 …
  await page.getByRole('link', { name: 'Debugger' }).click();
  await expect(page).toHaveURL(/#\/debug(\?v=1&.*)?$/); // the debugger writes its place into the address
  await page.getByRole('link', { name: 'Lessons' }).click();
  await expect(page.locator('.card[data-lesson="chain-rule"]')).toContainText('Step 5 of 12 · 1 of 7 questions answered');
  await page.locator('.card[data-lesson="chain-rule"]').getByRole('link', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/#\/lessons\/chain-rule\/5$/);
  // … and after a reload, a link without a step restores it in the URL.
  await open(page, '#/lessons/chain-rule');
  await expect(page).toHaveURL(/#\/lessons\/chain-rule\/5$/);
  await expect(page.locator('#lesson-step-title')).toContainText('Step 5 of 12');
});

test('right at the second try, or “show me” after a wrong one: the machine reveals the answer only then', async ({ page }) => {
  await open(page, '#/lessons/tiny-net/2');
  await stepReady(page);
  const net = tinyNet(page);
  const z1 = (await net.w(1, 1, 1)) * (await net.x(1)) + (await net.w(1, 1, 2)) * (await net.x(2)) + (await net.q('b', 1, 1));
  let verdict = await answerNumber(page, z1 + 1);
  await expect(verdict).toContainText('Try again: 1 more try');
  await expect(net.net.locator('[data-quantity="z"][data-layer="1"][data-unit="1"]')).toHaveText('·');
  verdict = await answerNumber(page, z1);
  await expect(verdict).toContainText('Right.');
  expect(await net.q('z', 1, 1)).toBeCloseTo(z1, 3);
  await expect(page.locator('.lessons-screen .steps a[aria-current="step"]')).toHaveClass(/right/);

  // Step 5: ŷ₁. A wrong try, then "show me": the machine computes it and the worked solution follows.
  await page.evaluate(() => (location.hash = '#/lessons/tiny-net/5'));
  await expect(page.locator('#lesson-step-title')).toContainText('Step 5 of');
  await stepReady(page);
  await answerNumber(page, 0.99);
  await expect(net.net.locator('[data-quantity="yhat"][data-layer="2"][data-unit="1"]')).toHaveText('·');
  await page.getByRole('button', { name: 'Show me the answer' }).click();
  const shown = page.locator('.lessons-screen .question [role="status"]');
  await expect(shown).toContainText('The machine computed');
  await expect(shown).toContainText('you said 0.99');
  expect(await net.q('yhat', 2, 1)).toBeCloseTo(parse(await shown.locator('.num').textContent()), 4);
  await expect(page.getByLabel('worked explanation')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Check' })).toBeDisabled();
  await expect(page.locator('.lessons-screen .steps a[aria-current="step"]')).toHaveClass(/wrong/);
});

test('arrow keys move through a lesson only while the lessons screen is shown', async ({ page }) => {
  await open(page, '#/lessons/relu/1');
  await expect(page.locator('#lesson-step-title')).toContainText('Step 1 of 8');
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/#\/lessons\/relu\/2$/);
  await expect(page.locator('#lesson-step-title')).toContainText('Choosing a value');
  await page.keyboard.press('PageUp');
  await expect(page).toHaveURL(/#\/lessons\/relu\/1$/);
  // typing an answer does not turn pages
  await page.getByLabel('your answer').fill('');
  await page.getByLabel('your answer').press('ArrowRight');
  await expect(page).toHaveURL(/#\/lessons\/relu\/1$/);
  await page.getByRole('link', { name: 'Training' }).click();
  await expect(page).toHaveURL(/#\/train$/);
  await page.locator('body').press('ArrowRight');
  await page.waitForTimeout(300);
  await expect(page).toHaveURL(/#\/train$/);
});

test('every step of every lesson shows in the browser with all its live values and TeX', async ({ page }) => {
  test.setTimeout(240_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await open(page, '#/lessons');
  const lessons = await page.locator('.lessons-screen .card').evaluateAll((cards) =>
    cards.map((c) => ({ id: (c as HTMLElement).dataset.lesson!, steps: Number(c.querySelector('.meta span:nth-child(2)')!.textContent!.split(' ')[0]) })),
  );
  expect(lessons.length).toBeGreaterThanOrEqual(10);
  let shown = 0;
  for (const { id, steps } of lessons) {
    for (let step = 1; step <= steps; step++) {
      await page.evaluate((hash) => (location.hash = hash), `#/lessons/${id}/${step}`);
      await expect(page.locator('#lesson-step-title')).toContainText(`Step ${step} of ${steps}`);
      await expect(page.locator('.lessons-screen .prose')).toBeVisible();
      const problems = page.locator('.lessons-screen').locator('.ds-live-error, .ds-tex-error, .katex-error, .problem');
      await expect(problems, `${id} step ${step}`).toHaveCount(0);
      await expect(page.locator('.lessons-screen .stage .position')).toBeVisible();
      shown++;
    }
  }
  expect(shown).toBeGreaterThanOrEqual(60);
  expect(errors).toEqual([]);
});
