import { expect, test, type Page } from '@playwright/test';
import { CONTENT_SECURITY_POLICY } from '../../scripts/content-security-policy.ts';

// Hostile files are harmless (issue 14, item 3), in Chromium on the built page: a lesson full of
// payloads (tests/e2e/fixtures/lessons/hostile.md, bundled only into the e2e build) is opened,
// clicked, hovered and answered, and none of its payloads runs; the page carries its
// Content-Security-Policy, which holds, and nothing on it breaks the policy.

const TITLE = 'deltascope — a step-through debugger for backpropagation';

/** Records, from the first script on, every CSP violation and every dialog the page opens. */
async function watch(page: Page): Promise<{ dialogs: string[]; errors: string[] }> {
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return { dialogs, errors };
}

async function expectNothingRan(page: Page, dialogs: string[]): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned ?? null)).toBeNull();
  expect(await page.title()).toBe(TITLE);
  expect(dialogs).toEqual([]);
  // No <style> of the lesson's, no frame, no form: the page looks and works as before.
  const inserted = await page.evaluate(() => ({
    styles: document.querySelectorAll(
      [':is(.prose, .prompt, .choices, .worked) :is(style, iframe, object, embed, form, input:not([name="choice"]), button, script)', 'body > style', 'head > style'].join(', '),
    ).length,
    bodyShown: getComputedStyle(document.body).display !== 'none',
    apps: document.querySelectorAll('#app').length,
  }));
  expect(inserted).toEqual({ styles: 0, bodyShown: true, apps: 1 });
}

test('a lesson full of payloads runs none of them, and its TeX still renders', async ({ page }) => {
  const { dialogs, errors } = await watch(page);
  await page.goto('/#/lessons/hostile/1');
  const prose = page.locator('.lessons-screen .prose');
  await expect(prose).toBeVisible({ timeout: 90_000 });
  await expect(page.locator('#lesson-step-title')).toContainText('Payloads in the prose');

  // What is left of the payloads is inert content; interact with every bit of it.
  await expect(prose.locator('#user-content-payload-img')).toHaveCount(1);
  await prose.locator('#user-content-payload-details summary').click(); // toggles: no ontoggle left
  await prose.locator('#user-content-payload-click').click();
  await prose.locator('#user-content-payload-click').hover();
  for (const name of ['a raw javascript: link', 'a javascript: link split by an entity', 'a markdown javascript: link']) {
    const link = prose.getByText(name, { exact: true });
    await expect(link).not.toHaveAttribute('href', /./);
    await link.click();
  }
  await prose.getByText('svg link').click();
  await expect(prose.locator('#user-content-payload-inline-style')).not.toHaveAttribute('style', /./);
  await page.waitForTimeout(300); // a handler that was left would have fired by now
  await expectNothingRan(page, dialogs);

  // KaTeX still typesets, live values included, and its own \href stays off.
  await expect(prose.locator('.katex')).toHaveCount(5);
  await expect(prose.locator('.katex').first()).toBeVisible();
  await expect(prose.locator('.katex').first().locator('.katex-html')).toContainText('1.118');
  await expect(prose.locator('.ds-math-display .katex-display')).toBeVisible();
  await expect(prose.locator('.katex a')).toHaveCount(0);
  const outside = prose.getByRole('link', { name: 'the KaTeX site' });
  await expect(outside).toHaveAttribute('target', '_blank');
  await expect(outside).toHaveAttribute('rel', 'noopener noreferrer');

  // Step 2: the payloads of a question's prompt, choices and worked explanation.
  await page.getByRole('button', { name: 'Next →' }).click();
  await expect(page.locator('#lesson-step-title')).toContainText('Payloads in a question');
  const question = page.locator('.lessons-screen .question');
  await expect(question.locator('.prompt .katex')).toHaveCount(1);
  await question.getByText('prompt link', { exact: true }).click();
  await question.locator('#user-content-prompt-raw-link').click();
  await question.locator('.choice', { hasText: 'this one' }).click();
  await question.getByRole('button', { name: 'Check' }).click();
  await expect(question.locator('.worked')).toContainText('It was the first.');
  await expect(question.locator('.worked .katex')).toHaveCount(1);
  await page.waitForTimeout(300);
  await expectNothingRan(page, dialogs);

  // Chromium checks the policy as soon as an on… attribute is parsed, even in the sanitiser's
  // inert document: the handlers are refused twice (removed, and blocked), and nothing else is.
  const violations = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
  expect(violations.length).toBeGreaterThan(0);
  expect(new Set(violations)).toEqual(new Set(['script-src-attr inline']));
  expect(errors.filter((e) => !e.startsWith('Executing inline event handler violates'))).toEqual([]);
});

test('the built page carries its Content-Security-Policy, and the policy holds', async ({ page }) => {
  const { dialogs, errors } = await watch(page);
  await page.goto('/');
  await expect(page.locator('main')).toContainText('60,000 training images', { timeout: 90_000 });
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toBe(CONTENT_SECURITY_POLICY);
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval';");
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);

  // An inline script slipped into the page (as an unsanitised lesson would have) is refused by the browser.
  const ran = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.head.append(script);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan ?? false;
  });
  expect(ran).toBe(false);
  const violations = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
  expect(violations).toEqual(['script-src-elem inline']);
  expect(errors.filter((e) => !e.includes('Content Security Policy'))).toEqual([]);
  expect(errors.filter((e) => e.includes('Content Security Policy'))).toHaveLength(1);
  expect(dialogs).toEqual([]);
});
