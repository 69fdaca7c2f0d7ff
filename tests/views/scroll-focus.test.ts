// keyboardScrollable (src/views/scroll-focus.ts): a scroll box enters the Tab order exactly
// while its content overflows it, and leaves it when the content fits again. jsdom lays
// nothing out, so the sizes are set by hand and the observers' callbacks run by the test.
import './jsdom-stubs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyboardScrollable, overflows } from '../../src/views/scroll-focus';

let resized: (() => void)[] = [];
const RealResizeObserver = globalThis.ResizeObserver;

beforeEach(() => {
  resized = [];
  globalThis.ResizeObserver = class {
    constructor(callback: () => void) {
      resized.push(callback);
    }
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
});
afterEach(() => {
  globalThis.ResizeObserver = RealResizeObserver;
});

function box(size: { scrollWidth: number; clientWidth: number; scrollHeight: number; clientHeight: number }): HTMLElement {
  const element = document.createElement('div');
  for (const [key, value] of Object.entries(size)) Object.defineProperty(element, key, { configurable: true, get: () => value });
  return element;
}

describe('keyboardScrollable', () => {
  it('overflows: more than a rounding pixel either way', () => {
    expect(overflows(box({ scrollWidth: 300, clientWidth: 300, scrollHeight: 100, clientHeight: 100 }))).toBe(false);
    expect(overflows(box({ scrollWidth: 301, clientWidth: 300, scrollHeight: 100, clientHeight: 100 }))).toBe(false);
    expect(overflows(box({ scrollWidth: 420, clientWidth: 300, scrollHeight: 100, clientHeight: 100 }))).toBe(true);
    expect(overflows(box({ scrollWidth: 300, clientWidth: 300, scrollHeight: 152, clientHeight: 100 }))).toBe(true);
  });

  it('an overflowing box is a Tab stop; one that fits is not, and it follows a resize', () => {
    const fits = box({ scrollWidth: 300, clientWidth: 300, scrollHeight: 100, clientHeight: 100 });
    keyboardScrollable(fits);
    expect(fits.hasAttribute('tabindex')).toBe(false);

    let width = 300;
    const scroller = document.createElement('div');
    Object.defineProperty(scroller, 'scrollWidth', { get: () => 600 });
    Object.defineProperty(scroller, 'clientWidth', { get: () => width });
    const cleanup = keyboardScrollable(scroller);
    expect(scroller.tabIndex).toBe(0);
    expect(scroller.getAttribute('tabindex')).toBe('0');
    width = 640; // the window grew: the content fits now
    resized.at(-1)!();
    expect(scroller.hasAttribute('tabindex')).toBe(false);
    width = 320;
    resized.at(-1)!();
    expect(scroller.getAttribute('tabindex')).toBe('0');
    if (typeof cleanup === 'function') cleanup();
  });
});
