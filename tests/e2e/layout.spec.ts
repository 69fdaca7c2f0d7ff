// Every screen at every size: a phone (390×844), a tablet both ways (768×1024, 1024×768), a
// projector (1280×720) and two desktops (1440×900, 1920×1080). At each: the page is never wider
// than the window, the three tabs are in reach, and each screen's main controls are on screen
// or reachable without scrolling sideways; on a phone the stepping buttons are touch-sized and
// the panels stack; from 1024 px a lesson's question and its network are on screen together.
// Screenshots of each screen go to reports/screens/ (looked at by hand; not compared).
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const SIZES = [
  [390, 844],
  [768, 1024],
  [1024, 768],
  [1280, 720],
  [1440, 900],
  [1920, 1080],
] as const;

const SHOTS = 'reports/screens';
mkdirSync(SHOTS, { recursive: true });

/** The page is no wider than the window: nothing scrolls sideways. */
async function expectNoSidewaysScroll(page: Page, where: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `${where}: page ${scrollWidth} px wide in a ${innerWidth} px window`).toBeLessThanOrEqual(innerWidth);
}

/** Visible, and inside the window's width (so reachable by scrolling down at most). */
async function expectInReach(locator: Locator, width: number, what: string) {
  await expect(locator, what).toBeVisible();
  const box = (await locator.boundingBox())!;
  expect(box.x, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what}: right edge`).toBeLessThanOrEqual(width + 0.5);
}

async function expectTouchSized(locator: Locator, what: string) {
  const box = (await locator.boundingBox())!;
  expect(box.height, `${what}: height`).toBeGreaterThanOrEqual(44);
  expect(box.width, `${what}: width`).toBeGreaterThanOrEqual(44);
}

async function expectNavigation(page: Page, width: number) {
  for (const name of ['Debugger', 'Training', 'Lessons']) {
    const link = page.getByRole('navigation', { name: 'screens' }).getByRole('link', { name });
    await expectInReach(link, width, `the ${name} tab`);
    if (width <= 640) await expectTouchSized(link, `the ${name} tab`);
  }
}

function overlap(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** How much of the element's height is inside the window, 0 … 1. */
async function shownFraction(locator: Locator, height: number): Promise<number> {
  const box = (await locator.boundingBox())!;
  const top = Math.max(0, box.y);
  const bottom = Math.min(height, box.y + box.height);
  return Math.max(0, bottom - top) / box.height;
}

for (const [width, height] of SIZES) {
  const size = `${width}x${height}`;
  test(`${size}: every screen fits the width, with navigation and its main controls in reach`, async ({ page }) => {
    test.setTimeout(240_000);
    const phone = width <= 640;
    await page.setViewportSize({ width, height });

    // The debugger.
    await page.goto('/#/debug');
    const debuggerScreen = page.locator('.debugger');
    await expect(debuggerScreen).not.toHaveAttribute('data-kernels', '', { timeout: 90_000 });
    await expectNoSidewaysScroll(page, `debugger at ${size}`);
    await expectNavigation(page, width);
    const toolbar = page.getByRole('toolbar', { name: 'debugger controls' });
    for (const name of [/^Step ▶/, /Back/, 'Step over', 'Finish batch', 'To epoch end', /Continue/, 'Reset']) {
      const button = toolbar.getByRole('button', { name });
      await expectInReach(button, width, `debugger button ${name}`);
      if (phone) await expectTouchSized(button, `debugger button ${name}`);
    }
    const network = page.locator('.network svg').first();
    await expectInReach(network, width, 'the network view');
    // The batch's heading clear of the selected example's card.
    const heading = page.locator('.samples .heading h2');
    const card = page.locator('.samples .detail');
    expect(overlap((await heading.boundingBox())!, (await card.boundingBox())!), 'batch heading over the example card').toBe(false);
    if (phone) {
      // Stacked: the network above the inspector, each the full width.
      const inspector = page.getByRole('region', { name: 'neuron inspector' });
      const [n, i] = [(await page.getByRole('region', { name: 'network view' }).boundingBox())!, (await inspector.boundingBox())!];
      expect(i.y).toBeGreaterThanOrEqual(n.y + n.height - 1);
      expect(n.width).toBeGreaterThan(width * 0.85);
    }
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(debuggerScreen).toHaveAttribute('data-step', '1');
    await page.screenshot({ path: `${SHOTS}/debugger-${size}.png` });
    await expectNoSidewaysScroll(page, `debugger after two steps at ${size}`);
    // The batch finished: the update's before/after shows all its colour legends, still within the width.
    await page.keyboard.press('b');
    await expect(debuggerScreen).toHaveAttribute('data-step', '10');
    await expect(page.getByRole('img', { name: /^ΔW.* and its parts colour key/ })).toBeVisible();
    await expectNoSidewaysScroll(page, `debugger after the batch's update at ${size}`);

    // Training.
    await page.getByRole('link', { name: 'Training' }).click();
    await expect(page.locator('.training')).toBeVisible();
    await expectNoSidewaysScroll(page, `training at ${size}`);
    await expectNavigation(page, width);
    for (const name of ['Train', 'Pause and debug']) await expectInReach(page.getByRole('button', { name, exact: true }), width, `training button ${name}`);
    await expectInReach(page.getByRole('button', { name: /^5/ }), width, 'preset 5');
    // The run panel is never a sliver: at least 300 px, and on a phone the full width.
    const run = (await page.locator('section.run').boundingBox())!;
    expect(run.width, 'run panel width').toBeGreaterThanOrEqual(Math.min(300, width - 40));
    if (phone) expect(run.width).toBeGreaterThan(width * 0.85);
    await page.screenshot({ path: `${SHOTS}/training-${size}.png` });

    // The lesson list.
    await page.getByRole('link', { name: 'Lessons' }).click();
    await expect(page.locator('.lessons-screen')).toBeVisible();
    await expectNoSidewaysScroll(page, `lesson list at ${size}`);
    await expectNavigation(page, width);
    const starts = page.locator('.lessons-screen a.go');
    expect(await starts.count()).toBeGreaterThanOrEqual(10);
    for (let i = 0; i < (await starts.count()); i++) {
      await starts.nth(i).scrollIntoViewIfNeeded();
      await expectInReach(starts.nth(i), width, `lesson ${i + 1}'s start button`);
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SHOTS}/lessons-${size}.png` });

    // A lesson step with a question: on the tiny net, then on an MNIST net.
    for (const [address, net] of [
      ['#/lessons/chain-rule/6', 'svg.tiny-net'],
      ['#/lessons/chain-rule/10', '.network svg'],
      // Opens the matrices of a 784-59-59-10 net: W⁽¹⁾'s 784 columns scroll inside the stage.
      ['#/lessons/topology/4', '.network svg'],
    ] as const) {
      await page.goto(`/${address}`);
      const question = page.locator('.lessons-screen .question');
      await expect(question).toBeVisible({ timeout: 90_000 });
      await expect(page.locator(`.lessons-screen ${net}`).first()).toBeVisible();
      await expectNoSidewaysScroll(page, `${address} at ${size}`);
      await expectNavigation(page, width);
      await expectInReach(page.getByLabel('your answer'), width, 'the answer field');
      await expectInReach(page.getByRole('button', { name: 'Next →' }), width, 'Next');
      if (phone) await expectTouchSized(page.getByRole('button', { name: 'Next →' }), 'Next');
      if (width >= 1024) {
        // The question in view, and the network beside it, at least 60 % of it on screen.
        await question.scrollIntoViewIfNeeded();
        await page.waitForTimeout(100);
        expect(await shownFraction(question, height), `${address}: the question on screen`).toBe(1);
        expect(await shownFraction(page.locator(`.lessons-screen ${net}`).first(), height), `${address}: the network on screen with the question`).toBeGreaterThanOrEqual(0.6);
      }
      await page.screenshot({ path: `${SHOTS}/lesson-${address.split('/').slice(2).join('-')}-${size}.png` });
    }
  });
}

test('390x844: the inspector of a two-hidden-layer net (784-128-64-10) fits the phone, its batch strips giving way', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 390, height: 844 });
  for (const unit of ['1.6', '2.6']) {
    // Batch 1 with the forward pass and the deltas done: every row of the inspector has its number and strip.
    await page.goto(`/#/debug?v=1&net=784-128-64-10&epoch=1&batch=1&step=12&unit=${unit}&example=1`);
    await expect(page.locator('.debugger')).toHaveAttribute('data-step', '11', { timeout: 90_000 });
    const inspector = page.getByRole('region', { name: 'neuron inspector' });
    await expect(inspector.locator('td.num').first()).not.toHaveText('not yet');
    await inspector.scrollIntoViewIfNeeded();
    await expectNoSidewaysScroll(page, `the inspector of unit ${unit} at 390x844`);
    await expectInReach(inspector.locator('table.values'), 390, `the inspector's table of unit ${unit}`);
    await expectInReach(inspector.locator('thead th').last(), 390, `the inspector's header "across the batch" of unit ${unit}`);
    await page.screenshot({ path: `${SHOTS}/inspector-two-hidden-${unit}-390x844.png` });
  }
});

test('390x844: a lesson network keeps its column titles apart, and the tiny net its labels readable and inside the drawing', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 390, height: 844 });
  // MNIST nets in a lesson's narrow column: "hidden 1 · 64 · δⱼ" once ran into "output · 10 · δₖ".
  for (const address of ['#/lessons/chain-rule/10', '#/lessons/topology/4']) {
    await page.goto(`/${address}`);
    const titles = page.locator('.lessons-screen .network svg .titles text');
    await expect(titles.first()).toBeVisible({ timeout: 90_000 });
    const boxes = await titles.evaluateAll((nodes) => nodes.map((n) => ({ text: n.textContent, ...n.getBoundingClientRect().toJSON() }) as DOMRect & { text: string }));
    expect(boxes.length, `${address}: a title per column`).toBeGreaterThanOrEqual(3);
    for (let a = 0; a < boxes.length; a++)
      for (let b = a + 1; b < boxes.length; b++)
        expect(overlap(boxes[a], boxes[b]), `${address}: "${boxes[a].text}" runs into "${boxes[b].text}"`).toBe(false);
    await expectNoSidewaysScroll(page, `${address} at 390x844`);
    await page.locator('.lessons-screen .network').first().screenshot({ path: `${SHOTS}/lesson-network-titles-${address.split('/').slice(2).join('-')}-390x844.png` });
  }
  // The 3-4-2 tiny net: every label at least 11 px on screen and inside the drawing's box.
  await page.goto('/#/lessons/vectorising/5');
  const net = page.locator('.lessons-screen svg.tiny-net');
  await expect(net).toBeVisible({ timeout: 90_000 });
  await expect(net.locator('[data-label]')).toBeVisible();
  const labels = await net.evaluate((svg) => {
    const frame = svg.getBoundingClientRect();
    const scale = frame.width / (svg as SVGSVGElement).viewBox.baseVal.width;
    return {
      frame: frame.toJSON() as DOMRect,
      texts: [...svg.querySelectorAll('text')].map((t) => ({ text: t.textContent ?? '', px: parseFloat(getComputedStyle(t).fontSize) * scale, box: t.getBoundingClientRect().toJSON() as DOMRect })),
    };
  });
  expect(labels.texts.length).toBeGreaterThan(20);
  for (const t of labels.texts) {
    expect(t.px, `"${t.text}" is ${t.px.toFixed(1)} px`).toBeGreaterThanOrEqual(11);
    expect(t.box.left, `"${t.text}" left of the drawing`).toBeGreaterThanOrEqual(labels.frame.left - 0.5);
    expect(t.box.right, `"${t.text}" right of the drawing`).toBeLessThanOrEqual(labels.frame.right + 0.5);
  }
  await expectNoSidewaysScroll(page, 'vectorising/5 at 390x844');
  await net.screenshot({ path: `${SHOTS}/lesson-tiny-net-vectorising-5-390x844.png` });
});
