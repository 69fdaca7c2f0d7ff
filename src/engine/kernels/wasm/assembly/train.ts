// The elementwise parts of a training step after the forward pass, for the resident training
// loop (../resident.ts): softmax and loss, the backward pass's products with f'(z) and bias
// sums, the update — so that a batch never leaves the module's memory (the batch itself:
// gather.ts; the activations: activations.ts). Each function computes exactly what its TypeScript counterpart in
// src/engine computes — in float64 where that code uses JavaScript numbers, rounding to
// float32 where it stores into a Float32Array — so the results are the same bits.
// All addresses are byte offsets; nothing allocates.

import { exp64, log64 } from './libm';

// ---- the output layer (src/engine/softmax.ts) ----

let correctCount: i32 = 0;

/** The argmax hits of the last softmaxCrossEntropy call. */
export function lastCorrect(): i32 {
  return correctCount;
}

/**
 * For each of N rows of z (K logits): the cross-entropy −log ŷ_y from the logits, summed
 * over the rows in order and returned (crossEntropy's `total`; the argmax hits go to
 * lastCorrect()); unless probs is 0, also ŷ = softmax(z) into probs and δ = ŷ − y into
 * delta (row stride ldd). perExample (0 = none) receives each row's loss. `exps` is a
 * scratch of K doubles.
 */
export function softmaxCrossEntropy(
  z: usize, labels: usize, N: i32, K: i32, probs: usize, delta: usize, ldd: i32, perExample: usize, exps: usize,
): f64 {
  let total: f64 = 0;
  let correct = 0;
  for (let n = 0; n < N; n++) {
    const row = z + (<usize>(n * K) << 2);
    let max: f64 = -Infinity;
    let argmax = 0;
    for (let k = 0; k < K; k++) {
      const zk = <f64>load<f32>(row + (<usize>k << 2));
      if (zk > max) {
        max = zk;
        argmax = k;
      }
    }
    let sum: f64 = 0;
    for (let k = 0; k < K; k++) {
      const ek = exp64(<f64>load<f32>(row + (<usize>k << 2)) - max);
      store<f64>(exps + (<usize>k << 3), ek);
      sum += ek;
    }
    const y = <i32>load<u8>(labels + <usize>n);
    const loss = log64(sum) - (<f64>load<f32>(row + (<usize>y << 2)) - max);
    if (perExample != 0) store<f64>(perExample + (<usize>n << 3), loss);
    total += loss;
    if (argmax == y) correct++;
    if (probs != 0) {
      const p = probs + (<usize>(n * K) << 2);
      const d = delta + (<usize>(n * ldd) << 2);
      for (let k = 0; k < K; k++) {
        const yhat = <f32>(load<f64>(exps + (<usize>k << 3)) / sum);
        store<f32>(p + (<usize>k << 2), yhat);
        store<f32>(d + (<usize>k << 2), <f32>(<f64>yhat - (k == y ? 1.0 : 0.0)));
      }
    }
  }
  correctCount = correct;
  return total;
}

// ---- the backward pass's elementwise parts (src/engine/backward.ts) ----

/**
 * δ[r][j] = f'(z)[r][j] · δ[r][j] for r < N, j < n (δ with row stride ldd, f' contiguous):
 * the product of two float32 numbers rounded once, as the float64 product stored into float32.
 */
export function timesDerivative(delta: usize, ldd: i32, fprime: usize, N: i32, n: i32): void {
  for (let r = 0; r < N; r++) {
    const d = delta + (<usize>(r * ldd) << 2);
    const f = fprime + (<usize>(r * n) << 2);
    let j = 0;
    for (; j + 4 <= n; j += 4) v128.store(d + (<usize>j << 2), f32x4.mul(v128.load(f + (<usize>j << 2)), v128.load(d + (<usize>j << 2))));
    for (; j < n; j++) store<f32>(d + (<usize>j << 2), load<f32>(f + (<usize>j << 2)) * load<f32>(d + (<usize>j << 2)));
  }
}

/** ∂C/∂b_j = f32((Σ_r δ[r][j]) / N): float64 sums over r in order (δ with row stride ldd). */
export function biasGradient(delta: usize, ldd: i32, N: i32, n: i32, sums: usize, out: usize): void {
  for (let j = 0; j < n; j++) store<f64>(sums + (<usize>j << 3), 0);
  for (let r = 0; r < N; r++) {
    const d = delta + (<usize>(r * ldd) << 2);
    for (let j = 0; j < n; j++) {
      const s = sums + (<usize>j << 3);
      store<f64>(s, load<f64>(s) + <f64>load<f32>(d + (<usize>j << 2)));
    }
  }
  for (let j = 0; j < n; j++) store<f32>(out + (<usize>j << 2), <f32>(load<f64>(sums + (<usize>j << 3)) / <f64>N));
}

// ---- the update (src/engine/update.ts), straight from the unscaled gradient sums ----

@inline function lo64(x: v128): v128 {
  return f64x2.promote_low_f32x4(x);
}

@inline function hi64(x: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 2, 3));
}

@inline function to32(lo: v128, hi: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/** Lanes that are ±∞ or NaN (x − x is NaN exactly there). */
@inline function nonFinite(x: v128): v128 {
  return f32x4.ne(f32x4.sub(x, x), f32x4.splat(0));
}

let sawNonFinite: bool = false;

/** Whether an update since the last call wrote a non-finite parameter (and resets the flag). */
export function takeNonFinite(): bool {
  const saw = sawNonFinite;
  sawNonFinite = false;
  return saw;
}

/**
 * One parameter array (count floats, a multiple of 4), updated out of place:
 *   g  = f32(sums · scale)                         the batch mean's gradient (scale = 1/N)
 *   SGD:      w' = f32(w − α·g)
 *   momentum: v' = f32(α·g + μ·v);  w' = f32(w − v')
 * in float64 as update.ts computes them. v = 0 is plain SGD. Notes any non-finite w'.
 */
export function update(w: usize, sums: usize, scale: f64, v: usize, count: i32, alpha: f64, mu: f64, wOut: usize, vOut: usize): void {
  const s2 = f64x2.splat(scale);
  const a2 = f64x2.splat(alpha);
  const m2 = f64x2.splat(mu);
  let bad = i32x4.splat(0);
  for (let i = 0; i < count; i += 4) {
    const at = <usize>i << 2;
    const sums4 = v128.load(sums + at);
    const g = to32(f64x2.mul(lo64(sums4), s2), f64x2.mul(hi64(sums4), s2));
    const w4 = v128.load(w + at);
    let w4new: v128;
    if (v != 0) {
      const v4 = v128.load(v + at);
      const v4new = to32(
        f64x2.add(f64x2.mul(a2, lo64(g)), f64x2.mul(m2, lo64(v4))),
        f64x2.add(f64x2.mul(a2, hi64(g)), f64x2.mul(m2, hi64(v4))),
      );
      v128.store(vOut + at, v4new);
      w4new = to32(f64x2.sub(lo64(w4), lo64(v4new)), f64x2.sub(hi64(w4), hi64(v4new)));
    } else {
      w4new = to32(f64x2.sub(lo64(w4), f64x2.mul(a2, lo64(g))), f64x2.sub(hi64(w4), f64x2.mul(a2, hi64(g))));
    }
    v128.store(wOut + at, w4new);
    bad = v128.or(bad, nonFinite(w4new));
  }
  if (v128.any_true(bad)) sawNonFinite = true;
}

/** dst[c·ldd + r] = src[r·lds + c] for r < rows, c < cols (strided transpose, any sizes). */
export function transpose(src: usize, rows: i32, cols: i32, lds: i32, dst: usize, ldd: i32): void {
  for (let r = 0; r < rows; r++) {
    const s = src + (<usize>(r * lds) << 2);
    for (let c = 0; c < cols; c++) store<f32>(dst + (<usize>(c * ldd + r) << 2), load<f32>(s + (<usize>c << 2)));
  }
}
