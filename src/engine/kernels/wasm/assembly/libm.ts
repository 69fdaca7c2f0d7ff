// exp, log and tanh of src/engine/libm.ts, ported operation for operation so that the
// wasm training loop computes the same bits as the TypeScript engine (wasm f64 arithmetic is
// IEEE 754 binary64 with round-to-nearest, no fused operations, like JavaScript's numbers).
// The algorithms are explained in libm.ts; the constants come from its tables
// (src/engine/libm-tables.ts, copied by scripts/build-wasm.mjs). tests/engine/wasm-libm.test.ts
// compares these with libm.ts bit for bit.

import {
  EXP_C2, EXP_C3, EXP_C4, EXP_C5, EXP_INV_LN2_N, EXP_LN2_HI_N, EXP_LN2_LO_N, EXP_T, EXP_TABLE_BITS, EXP_TAIL,
  LOG_B3, LOG_B4, LOG_B5, LOG_B6, LOG_B7, LOG_C_HI, LOG_C_LO, LOG_FIRST, LOG_INV_C, LOG_LN2_HI, LOG_LN2_LO, LOG_SCALE,
  TANH_P0, TANH_P1, TANH_P2, TANH_P3, TANH_P4, TANH_P5, TANH_P6, TANH_P7, TANH_SMALL,
} from './libm-tables.generated';

const SHIFT: f64 = 6755399441055744.0;
const SPLIT: f64 = 134217729.0;
const EXP_MASK: i32 = (1 << EXP_TABLE_BITS) - 1;

/** 2^e for e = −1022 … 1023 (libm.ts's POW2[e + 1023]), from its bits. */
@inline function pow2(e: i32): f64 {
  return reinterpret<f64>(<u64>(e + 1023) << 52);
}

@inline function table(t: usize, i: i32): f64 {
  return load<f64>(t + (<usize>i << 3));
}

/** libm.ts's exp. */
export function exp64(x: f64): f64 {
  if (!(x > -700 && x < 708)) return expOutside(x);
  const kd = x * EXP_INV_LN2_N + SHIFT - SHIFT;
  const r = x - kd * EXP_LN2_HI_N - kd * EXP_LN2_LO_N;
  const k = <i32>kd;
  const j = k & EXP_MASK;
  const r2 = r * r;
  const tmp = table(EXP_TAIL, j) + r + r2 * (EXP_C2 + r * EXP_C3) + r2 * r2 * (EXP_C4 + r * EXP_C5);
  const scale = table(EXP_T, j) * pow2(k >> EXP_TABLE_BITS);
  return scale + scale * tmp;
}

function expOutside(x: f64): f64 {
  if (x != x) return x;
  if (x > 710) return Infinity;
  if (x < -746) return 0;
  const kd = x * EXP_INV_LN2_N + SHIFT - SHIFT;
  const r = x - kd * EXP_LN2_HI_N - kd * EXP_LN2_LO_N;
  const k = <i32>kd;
  const j = k & EXP_MASK;
  const e = k >> EXP_TABLE_BITS;
  const r2 = r * r;
  const tmp = table(EXP_TAIL, j) + r + r2 * (EXP_C2 + r * EXP_C3) + r2 * r2 * (EXP_C4 + r * EXP_C5);
  if (k > 0) {
    const scale = table(EXP_T, j) * pow2(e - 1009);
    return (scale + scale * tmp) * pow2(1009);
  }
  const scale = table(EXP_T, j) * pow2(e + 1022);
  const st = scale * tmp;
  let y = scale + st;
  if (y < 1) {
    const lo = scale - y + st;
    const hi = 1 + y;
    y = hi + (1 - hi + y + lo) - 1;
  }
  return y * pow2(-1022);
}

/** The high word of a double (sign, exponent, top 20 mantissa bits). */
@inline function highWord(x: f64): u32 {
  return <u32>(reinterpret<u64>(x) >>> 32);
}

/** libm.ts's log. */
export function log64(x: f64): f64 {
  const hx = highWord(x);
  if (hx < 0x00100000 || hx >= 0x7fd6a09e) return logOutside(x);
  const k = <i32>((hx + (0x3ff00000 - 0x3fe6a09e)) >>> 20) - 1023;
  return logReduced(x * pow2(-k), k);
}

function logReduced(m: f64, k: i32): f64 {
  const j = <i32>(m * <f64>LOG_SCALE + 0.5);
  const i = j - LOG_FIRST;
  const c = <f64>j / <f64>LOG_SCALE;
  const dm = m - c;
  const invc = table(LOG_INV_C, i);
  const r = dm * invc;
  const rc = SPLIT * r;
  const rh = rc - (rc - r);
  const rl = (dm - rh * c - (r - rh) * c) * invc;
  const w = <f64>k * LOG_LN2_HI + table(LOG_C_HI, i);
  const hi = w + r;
  const lo = w - hi + r;
  const p = r * r * (-0.5 + r * (LOG_B3 + r * (LOG_B4 + r * (LOG_B5 + r * (LOG_B6 + r * LOG_B7)))));
  return hi + (lo + rl + (<f64>k * LOG_LN2_LO + table(LOG_C_LO, i)) + p);
}

function logOutside(x: f64): f64 {
  if (x != x || x < 0) return NaN;
  if (x == 0) return -Infinity;
  if (x == Infinity) return x;
  if (x > 1) {
    const k = <i32>((highWord(x) + (0x3ff00000 - 0x3fe6a09e)) >>> 20) - 1023;
    return logReduced(x * pow2(-512) * pow2(-(k - 512)), k);
  }
  const scaled = x * 18014398509481984.0;
  const k = <i32>((highWord(scaled) + (0x3ff00000 - 0x3fe6a09e)) >>> 20) - 1023;
  return logReduced(scaled * pow2(-k), k - 54);
}

/** libm.ts's tanh. */
export function tanh64(x: f64): f64 {
  const a = abs<f64>(x);
  if (!(a >= TANH_SMALL && a < 22)) return tanhOutside(x, a);
  const y = -2 * a;
  const kd = y * EXP_INV_LN2_N + SHIFT - SHIFT;
  const r = y - kd * EXP_LN2_HI_N - kd * EXP_LN2_LO_N;
  const k = <i32>kd;
  const j = k & EXP_MASK;
  const r2 = r * r;
  const tmp = table(EXP_TAIL, j) + r + r2 * (EXP_C2 + r * EXP_C3) + r2 * r2 * (EXP_C4 + r * EXP_C5);
  const scale = table(EXP_T, j) * pow2(k >> EXP_TABLE_BITS);
  const st = scale * tmp;
  const eh = scale + st;
  const el = scale - eh + st;
  const d = 1 + eh;
  const dl = 1 - d + eh + el;
  const n = 1 - eh;
  const nl = 1 - n - eh - el;
  const t = n / d;
  const p = t * d;
  const result = t + (n - p - productError(t, d, p) + nl - t * dl) / d;
  return x < 0 ? -result : result;
}

function tanhOutside(x: f64, a: f64): f64 {
  if (a < TANH_SMALL) {
    if (a < 7.450580596923828e-9) return x;
    const s = x * x;
    const p = TANH_P0 + s * (TANH_P1 + s * (TANH_P2 + s * (TANH_P3 + s * (TANH_P4 + s * (TANH_P5 + s * (TANH_P6 + s * TANH_P7))))));
    return x + x * s * p;
  }
  return a == a ? (x > 0 ? 1 : -1) : x;
}

@inline function productError(a: f64, b: f64, p: f64): f64 {
  const ac = SPLIT * a;
  const ah = ac - (ac - a);
  const al = a - ah;
  const bc = SPLIT * b;
  const bh = bc - (bc - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

// Exported for tests/engine/wasm-libm.test.ts: the functions over arrays of doubles.

export function expArray(x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f64>(out + (<usize>i << 3), exp64(load<f64>(x + (<usize>i << 3))));
}

export function logArray(x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f64>(out + (<usize>i << 3), log64(load<f64>(x + (<usize>i << 3))));
}

export function tanhArray(x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f64>(out + (<usize>i << 3), tanh64(load<f64>(x + (<usize>i << 3))));
}

// ---- two lanes at a time (f64x2): the same operations on both lanes ----
// Each *2 function computes its scalar twin's fast path for both lanes; the caller checks that
// both arguments are in the fast path's range (else it calls the scalar function per lane).

@inline function table2(t: usize, j: v128): v128 {
  const lo = f64x2.splat(load<f64>(t + (<usize>i32x4.extract_lane(j, 0) << 3)));
  return f64x2.replace_lane(lo, 1, load<f64>(t + (<usize>i32x4.extract_lane(j, 1) << 3)));
}

/** 2^(k >> EXP_TABLE_BITS) in each lane, k in lanes 0 and 1 of an i32x4. */
@inline function pow2Of(k: v128): v128 {
  const e = i32x4.add(i32x4.shr_s(k, EXP_TABLE_BITS), i32x4.splat(1023));
  return i64x2.shl(i64x2.extend_low_i32x4_s(e), 52);
}

/** exp64 of both lanes, for arguments in (−700, 708). */
@inline export function exp2(x: v128): v128 {
  const kd = f64x2.sub(f64x2.add(f64x2.mul(x, f64x2.splat(EXP_INV_LN2_N)), f64x2.splat(SHIFT)), f64x2.splat(SHIFT));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(kd, f64x2.splat(EXP_LN2_HI_N))), f64x2.mul(kd, f64x2.splat(EXP_LN2_LO_N)));
  const k = i32x4.trunc_sat_f64x2_s_zero(kd);
  const j = v128.and(k, i32x4.splat(EXP_MASK));
  const r2 = f64x2.mul(r, r);
  const tmp = f64x2.add(
    f64x2.add(f64x2.add(table2(EXP_TAIL, j), r), f64x2.mul(r2, f64x2.add(f64x2.splat(EXP_C2), f64x2.mul(r, f64x2.splat(EXP_C3))))),
    f64x2.mul(f64x2.mul(r2, r2), f64x2.add(f64x2.splat(EXP_C4), f64x2.mul(r, f64x2.splat(EXP_C5)))),
  );
  const scale = f64x2.mul(table2(EXP_T, j), pow2Of(k));
  return f64x2.add(scale, f64x2.mul(scale, tmp));
}

/** Both lanes of x in exp2's range (false for NaN). */
@inline export function inExpRange2(x: v128): bool {
  return i64x2.all_true(v128.and(f64x2.gt(x, f64x2.splat(-700)), f64x2.lt(x, f64x2.splat(708))));
}

@inline function productError2(a: v128, b: v128, p: v128): v128 {
  const split = f64x2.splat(SPLIT);
  const ac = f64x2.mul(split, a);
  const ah = f64x2.sub(ac, f64x2.sub(ac, a));
  const al = f64x2.sub(a, ah);
  const bc = f64x2.mul(split, b);
  const bh = f64x2.sub(bc, f64x2.sub(bc, b));
  const bl = f64x2.sub(b, bh);
  return f64x2.add(f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(ah, bh), p), f64x2.mul(ah, bl)), f64x2.mul(al, bh)), f64x2.mul(al, bl));
}

/** Both lanes in tanh2's range: 2^−27 ≤ |x| < 22 (false for NaN). */
@inline export function inTanhRange2(x: v128): bool {
  const a = f64x2.abs(x);
  return i64x2.all_true(v128.and(f64x2.ge(a, f64x2.splat(7.450580596923828e-9)), f64x2.lt(a, f64x2.splat(22))));
}

/** tanh64 of both lanes, for 2^−27 ≤ |x| < 22: the polynomial below 0.25, the exp form above. */
@inline export function tanh2(x: v128): v128 {
  const a = f64x2.abs(x);
  // |x| < 0.25: x + x·s·P(s), s = x²
  const s = f64x2.mul(x, x);
  let p = f64x2.add(f64x2.splat(TANH_P6), f64x2.mul(s, f64x2.splat(TANH_P7)));
  p = f64x2.add(f64x2.splat(TANH_P5), f64x2.mul(s, p));
  p = f64x2.add(f64x2.splat(TANH_P4), f64x2.mul(s, p));
  p = f64x2.add(f64x2.splat(TANH_P3), f64x2.mul(s, p));
  p = f64x2.add(f64x2.splat(TANH_P2), f64x2.mul(s, p));
  p = f64x2.add(f64x2.splat(TANH_P1), f64x2.mul(s, p));
  p = f64x2.add(f64x2.splat(TANH_P0), f64x2.mul(s, p));
  const small = f64x2.add(x, f64x2.mul(f64x2.mul(x, s), p));
  // 0.25 ≤ |x| < 22: (1 − e)/(1 + e) with e = e^(−2|x|) kept as eh + el
  const y = f64x2.mul(f64x2.splat(-2), a);
  const kd = f64x2.sub(f64x2.add(f64x2.mul(y, f64x2.splat(EXP_INV_LN2_N)), f64x2.splat(SHIFT)), f64x2.splat(SHIFT));
  const r = f64x2.sub(f64x2.sub(y, f64x2.mul(kd, f64x2.splat(EXP_LN2_HI_N))), f64x2.mul(kd, f64x2.splat(EXP_LN2_LO_N)));
  const k = i32x4.trunc_sat_f64x2_s_zero(kd);
  const j = v128.and(k, i32x4.splat(EXP_MASK));
  const r2 = f64x2.mul(r, r);
  const tmp = f64x2.add(
    f64x2.add(f64x2.add(table2(EXP_TAIL, j), r), f64x2.mul(r2, f64x2.add(f64x2.splat(EXP_C2), f64x2.mul(r, f64x2.splat(EXP_C3))))),
    f64x2.mul(f64x2.mul(r2, r2), f64x2.add(f64x2.splat(EXP_C4), f64x2.mul(r, f64x2.splat(EXP_C5)))),
  );
  const scale = f64x2.mul(table2(EXP_T, j), pow2Of(k));
  const st = f64x2.mul(scale, tmp);
  const eh = f64x2.add(scale, st);
  const el = f64x2.add(f64x2.sub(scale, eh), st);
  const one = f64x2.splat(1);
  const d = f64x2.add(one, eh);
  const dl = f64x2.add(f64x2.add(f64x2.sub(one, d), eh), el);
  const n = f64x2.sub(one, eh);
  const nl = f64x2.sub(f64x2.sub(f64x2.sub(one, n), eh), el);
  const t = f64x2.div(n, d);
  const pr = f64x2.mul(t, d);
  const correction = f64x2.sub(f64x2.add(f64x2.sub(f64x2.sub(n, pr), productError2(t, d, pr)), nl), f64x2.mul(t, dl));
  const result = f64x2.add(t, f64x2.div(correction, d));
  const large = v128.or(result, v128.and(x, f64x2.splat(-0.0)));
  return v128.bitselect(large, small, f64x2.ge(a, f64x2.splat(TANH_SMALL)));
}
