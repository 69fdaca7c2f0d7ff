// Deterministic elementary functions: exp, log, tanh and cos(2π·t), the same bits in every
// JavaScript engine.
//
// Why: Math.exp, Math.log, Math.tanh, Math.cos … are only required to be "approximations";
// V8 versions (Node 20's and Chromium's) round differently in the last bit for a few percent of
// arguments, which is enough for float64 training runs to drift apart. These functions use only
// operations IEEE 754 rounds exactly (+ − × ÷, comparisons, Math.abs, integer and bit operations
// on the doubles' words), so the same arguments give the same results everywhere.
//
// Design (the classic one of Sun's fdlibm and of musl/ARM's table-driven exp and log): reduce
// the argument exactly to a small r, evaluate a polynomial on r, put the pieces back together
// with a final rounding that dominates the error. Tables and coefficients come from
// scripts/libm-tables.py (mpmath), in libm-tables.ts. Every function is within 1 ulp of the
// true value, and nearly always correctly rounded: tests/engine/libm.test.ts checks them against
// mpmath (scripts/libm-reference.py). Worst cases measured on 90,000–210,000 points each: exp
// 0.506 ulp, log 0.5001, tanh 0.543, cos2pi 0.650.
//
// Speed: the kernels are small, allocation-free float64 code that V8 inlines, so the engine's
// activations and softmax run faster than with Math.* (a call into C per value).

import * as tables from './libm-tables';

// Local copies: an imported binding may be read through a getter (CommonJS transforms, Vitest),
// which would cost a call per use in the kernels below.
const COS_C1 = tables.COS_C1;
const COS_C2 = tables.COS_C2;
const COS_C3 = tables.COS_C3;
const COS_C4 = tables.COS_C4;
const COS_C5 = tables.COS_C5;
const COS_C6 = tables.COS_C6;
const EXP_C2 = tables.EXP_C2;
const EXP_C3 = tables.EXP_C3;
const EXP_C4 = tables.EXP_C4;
const EXP_C5 = tables.EXP_C5;
const EXP_TABLE_BITS = tables.EXP_TABLE_BITS;
const EXP_INV_LN2_N = tables.EXP_INV_LN2_N;
const EXP_LN2_HI_N = tables.EXP_LN2_HI_N;
const EXP_LN2_LO_N = tables.EXP_LN2_LO_N;
const EXP_T = tables.EXP_T;
const EXP_TAIL = tables.EXP_TAIL;
const LOG_B3 = tables.LOG_B3;
const LOG_B4 = tables.LOG_B4;
const LOG_B5 = tables.LOG_B5;
const LOG_B6 = tables.LOG_B6;
const LOG_B7 = tables.LOG_B7;
const LOG_C_HI = tables.LOG_C_HI;
const LOG_C_LO = tables.LOG_C_LO;
const LOG_INV_C = tables.LOG_INV_C;
const LOG_FIRST = tables.LOG_FIRST;
const LOG_LN2_HI = tables.LOG_LN2_HI;
const LOG_LN2_LO = tables.LOG_LN2_LO;
const LOG_SCALE = tables.LOG_SCALE;
const SIN_S1 = tables.SIN_S1;
const SIN_S2 = tables.SIN_S2;
const SIN_S3 = tables.SIN_S3;
const SIN_S4 = tables.SIN_S4;
const SIN_S5 = tables.SIN_S5;
const SIN_S6 = tables.SIN_S6;
const TANH_P0 = tables.TANH_P0;
const TANH_P1 = tables.TANH_P1;
const TANH_P2 = tables.TANH_P2;
const TANH_P3 = tables.TANH_P3;
const TANH_P4 = tables.TANH_P4;
const TANH_P5 = tables.TANH_P5;
const TANH_P6 = tables.TANH_P6;
const TANH_P7 = tables.TANH_P7;
const TANH_SMALL = tables.TANH_SMALL;
const TWO_PI_HI = tables.TWO_PI_HI;
const TWO_PI_LO = tables.TWO_PI_LO;

// One double seen as its two 32-bit words: words[1] holds the sign, exponent and top 20
// mantissa bits on a little-endian platform (all of ours; checked here once).
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
bits[0] = 1;
if (words[1] !== 0x3ff00000 || words[0] !== 0) throw new Error('libm: needs a little-endian platform');

/** 2^e at POW2[e + 1023] for e = −1022 … 1023, built from their bits. */
const POW2 = new Float64Array(2048);
for (let e = 1; e < 2047; e++) {
  words[0] = 0;
  words[1] = e << 20;
  POW2[e] = bits[0];
}

/** 1.5·2^52: (z + SHIFT) − SHIFT is z rounded to the nearest integer (ties to even) for |z| < 2^51. */
const SHIFT = 6755399441055744;
/** 2^27 + 1: Veltkamp's splitting constant (a double into two halves of 26 bits). */
const SPLIT = 134217729;
const EXP_MASK = (1 << EXP_TABLE_BITS) - 1;

/**
 * e^x, within 0.51 ulp.
 *
 * x = k·ln2/128 + r with k = round(x·128/ln2) and |r| ≤ ln2/256 (exact: ln2/128 is split so
 * that k·hi is exact and x − k·hi cancels exactly). Then e^x = 2^⌊k/128⌋ · 2^((k mod 128)/128) · e^r,
 * the middle factor from a table (with its rounding error as a second table), e^r − 1 from a
 * degree-5 polynomial. Arguments outside (−700, 708) (results near overflow or subnormal) take
 * expOutside, which also handles NaN and ±∞.
 */
export function exp(x: number): number {
  if (!(x > -700 && x < 708)) return expOutside(x);
  const kd = x * EXP_INV_LN2_N + SHIFT - SHIFT;
  const r = x - kd * EXP_LN2_HI_N - kd * EXP_LN2_LO_N;
  const k = kd | 0;
  const j = k & EXP_MASK;
  const r2 = r * r;
  // e^r·(1 + tail) − 1
  const tmp = EXP_TAIL[j] + r + r2 * (EXP_C2 + r * EXP_C3) + r2 * r2 * (EXP_C4 + r * EXP_C5);
  const scale = EXP_T[j] * POW2[(k >> EXP_TABLE_BITS) + 1023];
  return scale + scale * tmp;
}

/**
 * e^x for x ≤ −700, x ≥ 708 and NaN: overflow, underflow, and results rounded once on the subnormal
 * grid. (Below −700 the fast path's scale·tmp could itself be subnormal and lose bits.)
 */
function expOutside(x: number): number {
  if (x !== x) return x;
  if (x > 710) return Infinity; // e^710 > 2^1024
  if (x < -746) return 0; // e^−746 < 2^−1076, below half the smallest subnormal
  const kd = x * EXP_INV_LN2_N + SHIFT - SHIFT;
  const r = x - kd * EXP_LN2_HI_N - kd * EXP_LN2_LO_N;
  const k = kd | 0;
  const j = k & EXP_MASK;
  const e = k >> EXP_TABLE_BITS;
  const r2 = r * r;
  const tmp = EXP_TAIL[j] + r + r2 * (EXP_C2 + r * EXP_C3) + r2 * r2 * (EXP_C4 + r * EXP_C5);
  if (k > 0) {
    // 2^e may be 2^1024: build the result 2^1009 smaller, then scale (overflowing to ∞ exactly when it should).
    const scale = EXP_T[j] * POW2[e - 1009 + 1023];
    return (scale + scale * tmp) * POW2[1009 + 1023];
  }
  // Build the result 2^1022 larger. A subnormal result must be rounded once, on the subnormal
  // grid: adding 1 rounds to that grid (multiples of 2^−52, i.e. 2^−1074 after scaling back),
  // with the rounding error of y carried along so it is not rounded twice (musl's special case).
  const scale = EXP_T[j] * POW2[e + 1022 + 1023];
  const st = scale * tmp;
  let y = scale + st;
  if (y < 1) {
    const lo = scale - y + st;
    const hi = 1 + y;
    y = hi + (1 - hi + y + lo) - 1;
  }
  return y * POW2[1]; // · 2^−1022, exact now
}

/**
 * Natural logarithm, within 0.51 ulp.
 *
 * x = 2^k·m with m in [√2/2, √2) (from the bits; subnormals are scaled by 2^54 first), c = j/256
 * the nearest multiple of 1/256 to m, r = (m − c)/c (m − c is exact), so
 * log x = k·ln2 + log c + log1p(r) with |r| < 0.0028. k·ln2 + log c is summed exactly from
 * parts rounded to multiples of 2^−43, r (with the division's rounding error recovered) is added
 * with the addition's rounding error kept, and
 * log1p(r) − r is a degree-7 polynomial. Near 1 (k = 0, c = 1) the result is r + r²·(…): full
 * relative accuracy, no cancellation.
 */
export function log(x: number): number {
  bits[0] = x;
  const hx = words[1];
  // zero, subnormal, negative (sign bit set), ∞, NaN, and x ≥ √2·2^1022 (whose 2^−k is subnormal)
  if (hx < 0x00100000 || hx >= 0x7fd6a09e) return logOutside(x);
  // k = the exponent, rounded so that m = x·2^−k is in [√2/2, √2) (m's high word in [0x3fe6a09e, 0x3ff6a09e)).
  const k = ((hx + (0x3ff00000 - 0x3fe6a09e)) >>> 20) - 1023;
  return logReduced(x * POW2[1023 - k], k);
}

/** log(2^k·m) for m in [√2/2, √2). */
function logReduced(m: number, k: number): number {
  const j = (m * LOG_SCALE + 0.5) | 0;
  const i = j - LOG_FIRST;
  const c = j / LOG_SCALE; // exact
  const dm = m - c; // exact
  const invc = LOG_INV_C[i];
  const r = dm * invc;
  // r's rounding error, from the remainder dm − r·c, exact because c has 9 bits and r is split
  // into 26-bit halves: it matters when log c and r nearly cancel (x just below or above 1).
  const rc = SPLIT * r;
  const rh = rc - (rc - r);
  const rl = (dm - rh * c - (r - rh) * c) * invc;
  const w = k * LOG_LN2_HI + LOG_C_HI[i]; // exact
  const hi = w + r;
  const lo = w - hi + r; // exact: |w| ≥ |r| or w = 0
  const p = r * r * (-0.5 + r * (LOG_B3 + r * (LOG_B4 + r * (LOG_B5 + r * (LOG_B6 + r * LOG_B7)))));
  return hi + (lo + rl + (k * LOG_LN2_LO + LOG_C_LO[i]) + p);
}

/** log x for zero, subnormal, negative, infinite, NaN and the largest x. */
function logOutside(x: number): number {
  if (x !== x || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return x;
  bits[0] = x;
  if (x > 1) {
    // k is 1023 or 1024: scale by 2^−512 twice
    const k = ((words[1] + (0x3ff00000 - 0x3fe6a09e)) >>> 20) - 1023;
    return logReduced(x * POW2[1023 - 512] * POW2[1023 - (k - 512)], k);
  }
  // subnormal: scaled by 2^54 into the normal range
  bits[0] = x * 18014398509481984;
  const k = ((words[1] + (0x3ff00000 - 0x3fe6a09e)) >>> 20) - 1023;
  return logReduced(bits[0] * POW2[1023 - k], k - 54);
}

/**
 * Hyperbolic tangent, within 0.55 ulp (the worst cases in the polynomial's range).
 *
 * |x| < 0.25: x + x³·P(x²). 0.25 ≤ |x| < 22: with e = e^(−2|x|) from the exp kernel kept as
 * an unevaluated sum eh + el, tanh|x| = (1 − e)/(1 + e), numerator and denominator exact as
 * double-double sums and the quotient corrected by its exact remainder (Dekker's product), so
 * only the last addition rounds. |x| ≥ 22: ±1 (tanh 22 = 1 − 1.6e−19). tanh(−0) = −0.
 * The rare cases live in tanhOutside and productError is a function, which keeps tanh under
 * V8's size limit for inlining into the activation loops.
 */
export function tanh(x: number): number {
  const a = Math.abs(x);
  if (!(a >= TANH_SMALL && a < 22)) return tanhOutside(x, a);
  // e^(−2a) as in exp(), keeping the rounding error of the last addition: e = eh + el.
  const y = -2 * a;
  const kd = y * EXP_INV_LN2_N + SHIFT - SHIFT;
  const r = y - kd * EXP_LN2_HI_N - kd * EXP_LN2_LO_N;
  const k = kd | 0;
  const j = k & EXP_MASK;
  const r2 = r * r;
  const tmp = EXP_TAIL[j] + r + r2 * (EXP_C2 + r * EXP_C3) + r2 * r2 * (EXP_C4 + r * EXP_C5);
  const scale = EXP_T[j] * POW2[(k >> EXP_TABLE_BITS) + 1023];
  const st = scale * tmp;
  const eh = scale + st;
  const el = scale - eh + st;
  // d = 1 + e and n = 1 − e, each as a sum of two doubles (Fast2Sum: 1 > e).
  const d = 1 + eh;
  const dl = 1 - d + eh + el;
  const n = 1 - eh;
  const nl = 1 - n - eh - el;
  const t = n / d;
  const p = t * d;
  // (n + nl)/(d + dl) = t + (n − t·d + nl − t·dl)/(d + dl), with t·d = p + productError exactly
  const result = t + (n - p - productError(t, d, p) + nl - t * dl) / d;
  return x < 0 ? -result : result;
}

/** tanh x for |x| < 0.25 (the polynomial), |x| ≥ 22 (±1) and NaN. */
function tanhOutside(x: number, a: number): number {
  if (a < TANH_SMALL) {
    if (a < 7.450580596923828e-9) return x; // |x| < 2^−27: tanh x = x(1 − x²/3 …) rounds to x; also ±0
    const s = x * x;
    const p = TANH_P0 + s * (TANH_P1 + s * (TANH_P2 + s * (TANH_P3 + s * (TANH_P4 + s * (TANH_P5 + s * (TANH_P6 + s * TANH_P7))))));
    return x + x * s * p;
  }
  return a === a ? (x > 0 ? 1 : -1) : x;
}

/** a·b − p exactly, for p = a·b rounded (Dekker's product, with Veltkamp's splits into 26-bit halves). */
function productError(a: number, b: number, p: number): number {
  const ac = SPLIT * a;
  const ah = ac - (ac - a);
  const al = a - ah;
  const bc = SPLIT * b;
  const bh = bc - (bc - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/**
 * cos(2π·t), within 0.66 ulp: the angle of a Box–Muller normal draw, given in turns so that its
 * reduction is exact. t = n/4 + f with n = round(4t) (both exact), quarter turn n mod 4 picks ±cos
 * or ±sin of x = 2π·f in [−π/4, π/4], formed as a double-double (Dekker's product by 2π split in
 * two doubles) and passed to fdlibm-style kernels that take the low part. |t| ≥ 2^52 is a whole
 * number of turns: 1. NaN and ±∞ give NaN.
 */
export function cos2pi(t: number): number {
  const at = Math.abs(t);
  if (!(at < 4503599627370496)) return at === Infinity || t !== t ? NaN : 1;
  const v = 4 * t;
  const n = Math.round(v);
  const f = (v - n) * 0.25; // exact
  // x = 2π·f as xh + xl
  const p = f * TWO_PI_HI;
  const pe = productError(f, TWO_PI_HI, p) + f * TWO_PI_LO;
  const xh = p + pe;
  const xl = p - xh + pe;
  switch (n & 3) {
    case 0:
      return cosKernel(xh, xl);
    case 1:
      return 0 - sinKernel(xh, xl); // 0 −: cos(π/2) is +0
    case 2:
      return -cosKernel(xh, xl);
    default:
      return sinKernel(xh, xl);
  }
}

/** sin(x + y) for |x| ≤ π/4, |y| ≤ ulp(x)/2 (fdlibm's __kernel_sin). */
function sinKernel(x: number, y: number): number {
  const z = x * x;
  const v = z * x;
  const r = SIN_S2 + z * (SIN_S3 + z * (SIN_S4 + z * (SIN_S5 + z * SIN_S6)));
  return x - (z * (0.5 * y - v * r) - y - v * SIN_S1);
}

/**
 * cos(x + y) for |x| ≤ π/4, |y| ≤ ulp(x)/2 (fdlibm's __kernel_cos), with x² = z + zl exact
 * (Dekker) so that 1 − x²/2, summed with its rounding error, carries no error from squaring.
 */
function cosKernel(x: number, y: number): number {
  const z = x * x;
  const zl = productError(x, x, z);
  const w = z * z;
  const r = z * (COS_C1 + z * (COS_C2 + z * COS_C3)) + w * w * (COS_C4 + z * (COS_C5 + z * COS_C6));
  const hz = 0.5 * z;
  const u = 1 - hz;
  return u + (1 - u - hz + (z * r - (x * y + 0.5 * zl)));
}
