// Number and date formats of the training screen. The Intl formatters are made once: a
// toLocaleString call builds a new one each time, which costs more than the rest of a redraw.

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const WHEN = new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', timeStyle: 'short' });

/** 1204 → "1,204" (rounded). */
export const grouped = (n: number): string => GROUPED.format(n);

/** A Date.now() time → "28/11/2025, 19:02". */
export const formatWhen = (t: number): string => WHEN.format(t);

// The first format() call loads ICU's locale data (≈ 20 ms): pay it while the app starts,
// not in the middle of the first redraw of a training run.
grouped(1234.5);
formatWhen(0);
