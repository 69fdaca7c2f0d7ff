// A bug hunt in the built app, in Chromium, played as a learner plays it: "Bug hunt: the
// missing slope" runs a step whose hidden δ leaves out f′(z). The test reads the numbers off
// the page (the unit's card, the question's own numbers), works each answer out, uses the
// gradient check on the weight the lesson names, answers which sub-step and which factor,
// and the last reveal runs "Check my numbers" on the planted step: the debugger stands at δ₁,
// rings the hidden units and shows the diagnosis. Screenshots at 1440×900 and 390×844.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const SHOTS = join(process.cwd(), 'reports', 'screenshots');
const LESSON = 'bug-hunt-missing-slope';

/** The decimal numbers of a rendered text as it reads on screen, in order (KaTeX's minus is U+2212; its MathML copy is left out). */
async function numbersIn(locator: Locator): Promise<number[]> {
  const text = await locator.evaluate((element) => {
    const copy = element.cloneNode(true) as Element;
    copy.querySelectorAll('.katex-mathml').forEach((m) => m.remove());
    return copy.textContent ?? '';
  });
  return Array.from(text.replaceAll('\u2212', '-').matchAll(/-?\d+\.\d+(?:e-?\d+)?/g), (m) => Number(m[0]));
}

/** A row of the card of a unit on the lesson's stage ("hidden unit 5 of layer 1": z, a, f'(z), δ). */
async function cardValue(page: Page, title: string, row: string): Promise<number> {
  const card = page.locator('.lessons-screen section.card', { has: page.locator('h4', { hasText: title }) });
  const text = await card.locator('tr', { has: page.locator('th', { hasText: new RegExp(`^${row.replace(/[()']/g, '\\$&')}$`) }) }).locator('td').textContent();
  return Number(text!.trim().replace('\u2212', '-'));
}

async function verdictAfter(page: Page, submit: () => Promise<void>): Promise<Locator> {
  await submit();
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  const verdict = page.locator('.lessons-screen .question [role="status"]');
  await expect(verdict).toBeVisible();
  return verdict;
}

const typed = (page: Page, value: number) => () => page.getByLabel('your answer').fill(value.toPrecision(8));
const chosen = (page: Page, index: number) => () => page.locator('.lessons-screen .question .choice').nth(index).click();

async function next(page: Page, step: number): Promise<void> {
  await page.getByRole('button', { name: 'Next →' }).click();
  await expect(page).toHaveURL(new RegExp(`#/lessons/${LESSON}/${step}$`));
  await expect(page.locator('#lesson-step-title')).toContainText(`Step ${step} of 7`);
}

test('a learner completes "Bug hunt: the missing slope": works the numbers out, runs the gradient check, names the sub-step and the factor; the reveal checks the numbers and shows the diagnosis', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/#/lessons/${LESSON}/1`);
  await expect(page.locator('.lessons-screen')).toBeVisible({ timeout: 90_000 });
  const hunt = page.getByTestId('bug-hunt');
  await expect(hunt).toContainText('One mistake is planted');
  const unit5 = 'hidden unit 5 of layer 1';
  const prompt = page.locator('.lessons-screen .question .prompt');

  // Step 2: the forward pass — a₅ = σ(z₅) from the unit's card, and the debugger agrees.
  await next(page, 2);
  const z5 = await cardValue(page, unit5, 'z');
  let verdict = await verdictAfter(page, typed(page, 1 / (1 + Math.exp(-z5))));
  await expect(verdict).toContainText('Right.');
  expect(await cardValue(page, unit5, 'a')).toBeCloseTo(1 / (1 + Math.exp(-z5)), 3);

  // Step 3: the output δ of the label's class is ŷ − 1.
  await next(page, 3);
  const [yhat] = await numbersIn(prompt);
  verdict = await verdictAfter(page, typed(page, yhat - 1));
  await expect(verdict).toContainText('Right.');

  // Step 4: eq. (8) with unit 5's numbers — and the debugger's δ₅ is not that.
  await next(page, 4);
  const [fprime, backsum] = await numbersIn(prompt);
  verdict = await verdictAfter(page, typed(page, fprime * backsum));
  await expect(verdict).toContainText('Right.');
  await expect(page.getByLabel('worked explanation')).toContainText('That is not the same number.');
  const debuggerDelta = await cardValue(page, unit5, 'δ');
  expect(Math.abs(debuggerDelta - fprime * backsum)).toBeGreaterThan(0.1 * Math.abs(fprime * backsum));
  expect(debuggerDelta).toBeCloseTo(backsum, 3); // the sum, untouched
  await page.screenshot({ path: join(SHOTS, 'bug-hunt-step4-desktop.png'), fullPage: true });

  // Step 5: which factor? The slope.
  await next(page, 5);
  verdict = await verdictAfter(page, chosen(page, 0));
  await expect(verdict).toContainText('Right.');

  // Step 6: the gradient check on w₅,₄₀₇ of layer 1, typed as the lesson names it (counted from 1).
  await next(page, 6);
  await hunt.getByText('Gradient check: the debugger').click();
  const gradcheck = hunt.getByRole('region', { name: 'gradient check' });
  await gradcheck.getByRole('combobox').first().selectOption('0'); // layer 1 (W₁)
  await gradcheck.getByLabel(/row j/).fill('5');
  await gradcheck.getByLabel(/column i/).fill('407');
  await expect(gradcheck.locator('caption')).toContainText('weight w(j = 5, i = 407) of layer 1');
  // The engine's backprop agrees with the central difference; the debugger's stored one does not.
  await expect(gradcheck.locator('tr', { hasText: 'relative error' }).locator('td').first()).toContainText('agree');
  await expect(gradcheck.getByTestId('frame-gradient-error')).toContainText('disagree');
  verdict = await verdictAfter(page, chosen(page, 1)); // ∂C/∂W₁ only
  await expect(verdict).toContainText('Right.');

  // Step 7: which sub-step computes the first wrong number? The reveal checks every number.
  await next(page, 7);
  await expect(hunt.getByTestId('check-diagnosis')).toHaveCount(0);
  verdict = await verdictAfter(page, chosen(page, 2)); // δ₁ = f′(z₁) ∘ (δ₂ W₂)
  await expect(verdict).toContainText('Right.');
  await expect(hunt.getByTestId('check-diagnosis')).toHaveAttribute('data-id', 'missing-activation-derivative');
  await expect(hunt.getByTestId('check-diagnosis')).toContainText("hidden δ without the f'(z) factor");
  await expect(hunt.getByTestId('check-first')).toContainText('δⱼ at example 1, unit');
  await expect(page.locator('.lessons-screen .labels')).toContainText('δⱼ = f′(zⱼ) ∘ (δₖ Wₖⱼ)');
  expect(await page.locator('.lessons-screen circle[data-layer="0"][data-differs]').count()).toBeGreaterThan(0);
  expect(await page.locator('.lessons-screen circle[data-layer="1"][data-differs]').count()).toBe(0);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'bug-hunt-reveal-desktop.png'), fullPage: true });

  // Phone: the same state fits 390 px.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await hunt.getByTestId('check-diagnosis').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'bug-hunt-reveal-phone.png') });
  await page.setViewportSize({ width: 1440, height: 900 });

  await page.getByRole('link', { name: 'Finish: back to the lesson list' }).click();
  await expect(page).toHaveURL(/#\/lessons$/);
  await expect(page.locator(`.card[data-lesson="${LESSON}"]`)).toContainText('Completed · 6 of 6 answered right');
  expect(errors).toEqual([]);
});

test('a bug hunt’s own "Check this step\'s numbers" from the batch start jumps to the first difference, as the reveal does', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`/#/lessons/${LESSON}/1`);
  await expect(page.locator('.lessons-screen')).toBeVisible({ timeout: 90_000 });
  await expect(page.locator('#lesson-step-title')).toContainText('Step 1 of 7');
  await expect(page.locator('.lessons-screen .labels')).toContainText('batch loaded, nothing computed yet');
  const hunt = page.getByTestId('bug-hunt');
  await hunt.getByTestId('check-step').click();
  await expect(page.locator('.lessons-screen .labels')).toContainText('δⱼ = f′(zⱼ) ∘ (δₖ Wₖⱼ)');
  await expect(hunt.getByTestId('check-diagnosis')).toContainText("hidden δ without the f'(z) factor");
  // The yours − ours heatmap of δ₁: every entry differs (the slope is below 1 everywhere), z₁ agrees.
  await expect(hunt.getByTestId('difference-layers[0].delta')).toHaveAttribute('data-differing', String(8 * 16));
  await expect(hunt).toContainText('Agree within the tolerance: zⱼ');
  await hunt.getByTestId('check-report').scrollIntoViewIfNeeded();
  await hunt.screenshot({ path: join(SHOTS, 'bug-hunt-tools-desktop.png') });
  expect(errors).toEqual([]);
});
