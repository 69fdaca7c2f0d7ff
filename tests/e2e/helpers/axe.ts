// axe-core on the page as it is now: every rule axe runs by default (WCAG 2.x A and AA, and its
// best practices), and the violations a screen-reader or keyboard user is blocked or hindered by —
// those axe rates serious or critical — returned one line each, so a failing test names them.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';

export interface AxeFinding {
  readonly rule: string;
  readonly impact: string;
  /** The first few offending elements, as axe's CSS selectors. */
  readonly where: readonly string[];
}

const BLOCKING = new Set(['serious', 'critical']);

/** The serious and critical violations on the page (or inside `include`), as short lines. */
export async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  if (include) builder.include(include);
  const results = await builder.analyze();
  return results.violations
    .filter((v) => v.impact && BLOCKING.has(v.impact))
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.length} element(s), e.g. ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/**
 * Every <canvas> on the page with the text that stands for it: its own name (role img with an
 * aria-label), or — for a canvas hidden from assistive technology — the name of the image,
 * figure or group (of buttons, each naming its part) it is drawn in. An empty `alternative` is a picture a screen reader cannot know.
 */
export function canvasAlternatives(page: Page): Promise<{ canvas: string; alternative: string }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('canvas')]
      .filter((canvas) => canvas.getClientRects().length > 0)
      .map((canvas) => {
        const named = (element: Element | null) => element?.getAttribute('aria-label')?.trim() ?? '';
        const own = canvas.getAttribute('role') === 'img' ? named(canvas) : '';
        const holder = canvas.getAttribute('aria-hidden') === 'true' || !own ? canvas.parentElement?.closest('[role="img"], [role="group"], figure') ?? null : null;
        const caption = holder?.tagName === 'FIGURE' ? (holder.querySelector(':scope > figcaption')?.textContent?.trim() ?? '') : '';
        const where = canvas.closest('[aria-label]')?.getAttribute('aria-label') ?? canvas.className;
        return { canvas: `${canvas.className || 'canvas'} in “${where}”`, alternative: own || named(holder) || caption };
      }),
  );
}
