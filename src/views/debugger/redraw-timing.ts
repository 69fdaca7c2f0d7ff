// How long a step takes to show: from sending a step event to the screen's views having
// redrawn (Svelte's effects flushed: DOM, SVG and every canvas), and to the next animation
// frame. Recorded as User Timing measures, which the e2e test reads back
// (performance.getEntriesByName).

import { tick } from 'svelte';

export const REDRAW_MEASURE = 'deltascope:step→redrawn';
export const FRAME_MEASURE = 'deltascope:step→next-frame';
export const COMPUTE_MEASURE = 'deltascope:step-compute';
/** Measures kept before the buffer is cleared (three per step). */
const KEEP = 1500;

let recorded = 0;

/** Run `send` (which sends a step event) and measure until the views have redrawn. */
export function timedStep(send: () => void): void {
  const start = performance.now();
  send();
  performance.measure(COMPUTE_MEASURE, { start, end: performance.now() });
  void tick().then(() => {
    performance.measure(REDRAW_MEASURE, { start, end: performance.now() });
    requestAnimationFrame(() => {
      performance.measure(FRAME_MEASURE, { start, end: performance.now() });
      recorded += 3;
      if (recorded > KEEP) {
        performance.clearMeasures();
        recorded = 0;
      }
    });
  });
}
