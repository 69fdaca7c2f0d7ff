// Counts: exact integers with thousands separators, and a count with its noun, singular or
// plural as the number asks. Intl's formatter is made once: toLocaleString builds a new one
// on every call, which costs more than the rest of a training screen's redraw.

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 6422528 → "6,422,528" (rounded to an integer, never m × 10ᵉ). */
export const grouped = (n: number): string => GROUPED.format(n);

/** plural(1, 'frame') → "1 frame", plural(1204, 'frame') → "1,204 frames", plural(2, 'entry', 'entries'). */
export function plural(count: number, one: string, many: string = one + 's'): string {
  return `${grouped(count)} ${count === 1 ? one : many}`;
}

/** The noun alone, for a count written elsewhere: noun(3, 'example') → "examples". */
export const noun = (count: number, one: string, many: string = one + 's'): string => (count === 1 ? one : many);
