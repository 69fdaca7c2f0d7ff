// Comparing one array of the learner's with deltascope's, entry by entry. The tolerance is
// relative to the quantity's largest magnitude (absolute when that is 0), so a value that
// is tiny next to its neighbours may differ by rounding without counting. A NaN or ±∞ on
// one side only always differs; the same non-finite value on both sides agrees.

export interface Comparison {
  /** Largest |yours − ours|; NaN when a NaN meets a number, ∞ when ±∞ does. */
  readonly maxAbs: number;
  /** maxAbs relative to the largest |ours| (the scale); ∞ when the scale is 0 and maxAbs is not. */
  readonly maxRel: number;
  /** The largest finite |ours|. */
  readonly scale: number;
  /** Flat index (into `given`) of the first entry beyond the tolerance, or -1. */
  readonly firstIndex: number;
}

/** Largest finite magnitude of an array. */
export function largestMagnitude(values: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < values.length; i++) {
    const m = Math.abs(values[i]);
    if (m > scale && m !== Infinity) scale = m;
  }
  return scale;
}

/** |a − b|, 0 for the same non-finite value, NaN when exactly one is NaN. */
function difference(ours: number, yours: number): number {
  if (ours === yours) return 0;
  if (Number.isNaN(ours) && Number.isNaN(yours)) return 0;
  return Math.abs(ours - yours);
}

/** The absolute bound of a quantity: `tolerance` × its largest |ours| (× 1 when that is 0). */
export function absoluteLimit(ours: ArrayLike<number>, tolerance: number): number {
  const scale = largestMagnitude(ours);
  return tolerance * (scale > 0 ? scale : 1);
}

/** Does one entry differ beyond `limit` (absoluteLimit)? A NaN or ±∞ on one side only always does. */
export function entryDiffers(ours: number, yours: number, limit: number): boolean {
  return !(difference(ours, yours) <= limit); // NaN counts as beyond
}

/**
 * Compares `given` (rows × ours.length, each row compared with `ours`) with `ours`.
 * `tolerance` is relative to the largest |ours|.
 */
export function compareValues(ours: ArrayLike<number>, given: ArrayLike<number>, tolerance: number, rows = 1): Comparison {
  const n = ours.length;
  const scale = largestMagnitude(ours);
  const limit = absoluteLimit(ours, tolerance);
  let maxAbs = 0;
  let firstIndex = -1;
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < n; i++) {
      const d = difference(ours[i], given[r * n + i]);
      if (firstIndex < 0 && entryDiffers(ours[i], given[r * n + i], limit)) firstIndex = r * n + i;
      if (Number.isNaN(d) || Number.isNaN(maxAbs)) maxAbs = NaN;
      else if (d > maxAbs) maxAbs = d;
    }
  }
  const maxRel = Number.isNaN(maxAbs) ? NaN : scale > 0 ? maxAbs / scale : maxAbs === 0 ? 0 : Infinity;
  return { maxAbs, maxRel, scale, firstIndex };
}

/** Do `given`'s values agree with `ours` within the tolerance? */
export function agrees(ours: ArrayLike<number>, given: ArrayLike<number>, tolerance: number, rows = 1): boolean {
  return compareValues(ours, given, tolerance, rows).firstIndex < 0;
}
