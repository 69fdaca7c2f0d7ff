// Where a line chart's marker labels go ("best (restored)", "early stop (3 rises)"): in a strip
// of rows above the plot, so no label can touch a curve (the curves stay inside the plot),
// each label beside its own dashed rule, never over another label or across another rule.
// A rule runs from its label's row down to the plot; a label in a lower row must clear the
// rules of labels above it. Few markers (two today), so every placement is tried and the
// one with the fewest rows, then the most labels left of their rule, wins.

import type { ChartMarker } from './chart-scales';

/** Geometry of the strip: the first row's top, a row's height, the text's size. */
export interface MarkerStrip {
  /** Top of the first row (below the chart's title and legend). */
  readonly top: number;
  readonly rowHeight: number;
  /** Width of one character of the label font, generous (11 px semibold: 5.9–6.8 px measured in Chromium). */
  readonly charWidth: number;
  /** Space between a label and its rule, and between two labels. */
  readonly gap: number;
  /** The chart's width: labels stay inside [0, width]. */
  readonly width: number;
}

export const MARKER_STRIP: Omit<MarkerStrip, 'width'> = { top: 38, rowHeight: 14, charWidth: 7, gap: 4 };

export interface PlacedMarker extends ChartMarker {
  /** The text shown: the full label, or its short form when the full ones do not fit. */
  readonly text: string;
  /** The rule's x in pixels. */
  readonly px: number;
  readonly row: number;
  /** Text anchor and x of the label; its box spans [left, right] × [top, bottom]. */
  readonly anchor: 'start' | 'end';
  readonly textX: number;
  readonly baseline: number;
  readonly box: { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number };
}

export interface MarkerLayout {
  readonly markers: readonly PlacedMarker[];
  /** Rows the strip takes (0 without markers); the plot starts below them. */
  readonly rows: number;
  /** The strip's height in pixels (rows × row height). */
  readonly height: number;
}

function place(marker: ChartMarker, short: boolean, px: number, row: number, side: 'left' | 'right', strip: MarkerStrip): PlacedMarker {
  const text = short ? (marker.short ?? marker.label) : marker.label;
  const textWidth = text.length * strip.charWidth;
  const top = strip.top + row * strip.rowHeight;
  const left = side === 'left' ? px - strip.gap - textWidth : px + strip.gap;
  return {
    ...marker,
    text,
    px,
    row,
    anchor: side === 'left' ? 'end' : 'start',
    textX: side === 'left' ? px - strip.gap : px + strip.gap,
    baseline: top + strip.rowHeight - 3,
    box: { left, right: left + textWidth, top, bottom: top + strip.rowHeight },
  };
}

/** Does this set of placements keep every label inside the chart, off every other label and off every rule? */
function fits(placed: readonly PlacedMarker[], strip: MarkerStrip): boolean {
  for (const a of placed) {
    if (a.box.left < 0 || a.box.right > strip.width) return false;
    for (const b of placed) {
      if (a === b) continue;
      if (a.row === b.row && a.box.left < b.box.right + strip.gap && b.box.left < a.box.right + strip.gap) return false;
      // b's rule runs from b's row down: it crosses a's row when b sits higher (or in the same row).
      if (b.row <= a.row && b.px >= a.box.left - 1 && b.px <= a.box.right + 1) return false;
    }
  }
  return true;
}

/** The best placement of these labels in at most `maxRows` rows, or null. */
function search(markers: readonly ChartMarker[], short: boolean, xs: readonly number[], strip: MarkerStrip, maxRows: number): MarkerLayout | null {
  const n = markers.length;
  for (let rows = 1; rows <= maxRows; rows++) {
    let best: { placed: PlacedMarker[]; score: number } | null = null;
    const options = rows * 2;
    for (let code = 0; code < options ** n; code++) {
      const placed: PlacedMarker[] = [];
      let c = code;
      let score = 0;
      for (let i = 0; i < n; i++) {
        const option = c % options;
        c = Math.floor(c / options);
        const side = option % 2 === 0 ? 'left' : 'right';
        if (side === 'right') score += 1;
        placed.push(place(markers[i], short, xs[i], Math.floor(option / 2), side, strip));
      }
      if (fits(placed, strip) && (!best || score < best.score)) best = { placed, score };
    }
    if (best) {
      const used = Math.max(...best.placed.map((p) => p.row)) + 1;
      return { markers: best.placed, rows: used, height: used * strip.rowHeight };
    }
  }
  return null;
}

/**
 * Labels for `markers` at pixel x positions `xs`, placed as described above; when the full
 * labels cannot all fit (a narrow chart, rules close together), their short forms ("best",
 * "stop") are placed instead — the full text stays in the rule's tooltip.
 */
export function layoutMarkerLabels(markers: readonly ChartMarker[], xs: readonly number[], strip: MarkerStrip): MarkerLayout {
  const n = markers.length;
  if (n === 0) return { markers: [], rows: 0, height: 0 };
  const found = search(markers, false, xs, strip, n) ?? search(markers, true, xs, strip, n);
  if (found) return found;
  // Even the short labels do not fit: one per row, each on the side with more room.
  const placed = markers.map((m, i) => place(m, true, xs[i], i, xs[i] > strip.width / 2 ? 'left' : 'right', strip));
  return { markers: placed, rows: n, height: n * strip.rowHeight };
}
