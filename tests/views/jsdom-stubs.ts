// jsdom has no canvas 2D context, no matchMedia and no ResizeObserver. Imported first by
// component tests: canvases then draw nothing (the components skip drawing without a
// context; the drawing itself is tested in tests/render on byte arrays),
// svelte/reactivity/window's devicePixelRatio (a resolution media query) can load, and
// bind:clientWidth reads 0 (components fall back to a default width).
if (typeof window !== 'undefined') {
  HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext'];
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addEventListener() {},
    removeEventListener() {},
    addListener() {},
    removeListener() {},
    dispatchEvent: () => false,
  })) as unknown as typeof window.matchMedia;
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
}
export {};
