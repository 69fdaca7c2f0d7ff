// The hidden layers' activations for the resident training loop (../resident.ts):
// src/engine/activations.ts's applyActivation, float64 arithmetic and float32 stores, the same
// bits (tests/engine/wasm-libm.test.ts compares them).

import { exp2, exp64, inExpRange2, inTanhRange2, tanh2, tanh64 } from './libm';

// ---- activations (src/engine/activations.ts's applyActivation) ----

// The `kind` codes (../resident.ts's ACTIVATION_CODES).
const SIGMOID = 0;
const IMPROVED_SIGMOID = 1;
const TANH = 2;

/**
 * a = f(z) and, unless fprime is 0, f'(z) for `count` contiguous entries; A and B are the
 * improved sigmoid's 1.7159 and 2/3, c its linear twist. Float64 arithmetic, float32 stores;
 * two entries at a time where both are in the vector functions' ranges, else one by one.
 */
export function activate(kind: i32, A: f64, B: f64, c: f64, z: usize, a: usize, fprime: usize, count: i32): void {
  let i = 0;
  if (kind == SIGMOID) {
    for (; i + 2 <= count; i += 2) {
      const at = <usize>i << 2;
      const zi = f64x2.promote_low_f32x4(v128.load64_zero(z + at));
      const x = f64x2.neg(f64x2.abs(zi));
      if (!inExpRange2(x)) {
        activateOne(kind, A, B, c, z, a, fprime, i);
        activateOne(kind, A, B, c, z, a, fprime, i + 1);
        continue;
      }
      const e = exp2(x);
      const d = f64x2.add(f64x2.splat(1), e);
      // z ≥ 0 ? 1/d : e/d
      const numerator = v128.bitselect(f64x2.splat(1), e, f64x2.ge(zi, f64x2.splat(0)));
      store2(a + at, f64x2.div(numerator, d));
      if (fprime != 0) store2(fprime + at, f64x2.div(e, f64x2.mul(d, d)));
    }
  } else if (kind == IMPROVED_SIGMOID || kind == TANH) {
    const improved = kind == IMPROVED_SIGMOID;
    for (; i + 2 <= count; i += 2) {
      const at = <usize>i << 2;
      const zi = f64x2.promote_low_f32x4(v128.load64_zero(z + at));
      const u = improved ? f64x2.mul(f64x2.splat(B), zi) : zi;
      const x = f64x2.mul(f64x2.splat(-2), f64x2.abs(u));
      if (!inTanhRange2(u) || !inExpRange2(x)) {
        activateOne(kind, A, B, c, z, a, fprime, i);
        activateOne(kind, A, B, c, z, a, fprime, i + 1);
        continue;
      }
      const t = tanh2(u);
      store2(a + at, improved ? f64x2.add(f64x2.mul(f64x2.splat(A), t), f64x2.mul(f64x2.splat(c), zi)) : t);
      if (fprime != 0) {
        const e = exp2(x);
        const d = f64x2.add(f64x2.splat(1), e);
        const numerator = improved ? f64x2.mul(f64x2.splat(A * B * 4), e) : f64x2.mul(f64x2.splat(4), e);
        const derivative = f64x2.div(numerator, f64x2.mul(d, d));
        store2(fprime + at, improved ? f64x2.add(derivative, f64x2.splat(c)) : derivative);
      }
    }
  } else {
    // ReLU: a = z > 0 ? z : 0, f' = z > 0 ? 1 : 0 — exact in float32.
    const zero = f32x4.splat(0);
    for (; i + 4 <= count; i += 4) {
      const at = <usize>i << 2;
      const zi = v128.load(z + at);
      const positive = f32x4.gt(zi, zero);
      v128.store(a + at, v128.and(zi, positive));
      if (fprime != 0) v128.store(fprime + at, v128.and(f32x4.splat(1), positive));
    }
  }
  for (; i < count; i++) activateOne(kind, A, B, c, z, a, fprime, i);
}

/** Rounds both lanes to float32 and stores them. */
@inline function store2(p: usize, v: v128): void {
  v128.store64_lane(p, f32x4.demote_f64x2_zero(v), 0);
}

/** Entry i, one at a time (activations.ts's applyActivation, line for line). */
function activateOne(kind: i32, A: f64, B: f64, c: f64, z: usize, a: usize, fprime: usize, i: i32): void {
  const at = <usize>i << 2;
  const zi = <f64>load<f32>(z + at);
  const withDerivative = fprime != 0;
  if (kind == SIGMOID) {
    const e = exp64(-abs<f64>(zi));
    const d = 1 + e;
    store<f32>(a + at, <f32>(zi >= 0 ? 1 / d : e / d));
    if (withDerivative) store<f32>(fprime + at, <f32>(e / (d * d)));
  } else if (kind == IMPROVED_SIGMOID) {
    const u = B * zi;
    store<f32>(a + at, <f32>(A * tanh64(u) + c * zi));
    if (withDerivative) {
      const e = exp64(-2 * abs<f64>(u));
      const d = 1 + e;
      store<f32>(fprime + at, <f32>((A * B * 4 * e) / (d * d) + c));
    }
  } else if (kind == TANH) {
    store<f32>(a + at, <f32>tanh64(zi));
    if (withDerivative) {
      const e = exp64(-2 * abs<f64>(zi));
      const d = 1 + e;
      store<f32>(fprime + at, <f32>((4 * e) / (d * d)));
    }
  } else {
    store<f32>(a + at, <f32>(zi > 0 ? zi : 0));
    if (withDerivative) store<f32>(fprime + at, <f32>(zi > 0 ? 1 : 0));
  }
}
