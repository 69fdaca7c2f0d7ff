// The WebAssembly SIMD kernels against three references:
//  1. a scalar model of their documented arithmetic (float32 products, float32 sums in
//     the order q = 0 … K−1 from +0, the bias added last, the gradient's scale applied
//     once in float64): they must match it bit for bit, on every path;
//  2. the float64 TypeScript kernels, within the rounding bound of float32 recursive
//     summation (Higham, Accuracy and Stability of Numerical Algorithms, §3.1):
//       |fl(Σ_{q<K} x_q y_q) − Σ x_q y_q| ≤ γ_K Σ |x_q y_q|,   γ_K = K·u / (1 − K·u),  u = 2⁻²⁴,
//     with one more rounding for the bias or the scale, hence γ_{K+2} below;
//  3. the float32 TypeScript fallback (float64 sums, rounded once: within u·|exact|),
//     so the two float32 backends agree within the sum of both bounds.

import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tsKernels32, tsKernels64 } from '../../src/engine/kernels/ts-kernels';
import { float32KernelName, useFloat32Kernels } from '../../src/engine/kernels/registry';
import type { MatrixKernels } from '../../src/engine/kernels/types';
import { enableFastKernels, loadWasmKernels, wasmSimdSupported, type WasmKernelOptions } from '../../src/engine/kernels/wasm/index';
import { cloneNet, createNet } from '../../src/engine/network';
import { Rng } from '../../src/engine/random';
import { TrainingWorkspace } from '../../src/engine/step';
import type { Batch, HiddenActivation, Net } from '../../src/engine/types';

const u = 2 ** -24;
const gamma = (n: number) => (n * u) / (1 - n * u);
const f = Math.fround;

type K32 = MatrixKernels<Float32Array>;

// Every path of the wasm kernels: auto (the default), forced sparse, forced dense, and
// tiny chunks (several passes per call, the gradient continuing its sums across them).
const VARIANTS: Record<string, WasmKernelOptions> = {
  auto: {},
  sparse: { sparse: 'always' },
  dense: { sparse: 'never' },
  'sparse, chunked': { sparse: 'always', chunkFloats: 50 },
  'dense, chunked': { sparse: 'never', chunkFloats: 50 },
};
const wasm: Record<string, K32> = {};

beforeAll(async () => {
  // Node 20 has WebAssembly SIMD: null here would be a bug, not a missing feature.
  expect(wasmSimdSupported()).toBe(true);
  for (const [name, options] of Object.entries(VARIANTS)) {
    const kernels = await loadWasmKernels(options);
    if (!kernels) throw new Error('loadWasmKernels returned null in Node');
    wasm[name] = kernels;
  }
});

afterEach(() => useFloat32Kernels(tsKernels32));

/** Uniform in [−1, 1), with a fraction of exact zeros (half of them −0). */
function randomMatrix(rng: Rng, length: number, zeros = 0): Float32Array {
  const x = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const r = rng.next();
    x[i] = r < zeros ? (r < zeros / 2 ? -0 : 0) : rng.uniform(-1, 1);
  }
  return x;
}

/** MNIST-like rows: a zero border and ≈ 80 % zeros overall, the rest p/255. */
function imageLike(rng: Rng, rows: number, width: number): Float32Array {
  const x = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < width; i++) {
      const inside = i > width / 4 && i < (3 * width) / 4;
      if (inside && rng.next() < 0.4) x[r * width + i] = rng.int(256) / 255;
    }
  }
  return x;
}

// ---- the scalar model of the wasm arithmetic ----

function modelForward(A: Float32Array, W: Float32Array, b: Float32Array, m: number, k: number, n: number): Float32Array {
  const out = new Float32Array(m * n);
  for (let r = 0; r < m; r++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < k; i++) s = f(s + f(A[r * k + i] * W[j * k + i]));
      out[r * n + j] = f(s + b[j]);
    }
  }
  return out;
}

function modelBackprop(D: Float32Array, W: Float32Array, m: number, k: number, n: number): Float32Array {
  const out = new Float32Array(m * n);
  for (let r = 0; r < m; r++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) s = f(s + f(D[r * k + q] * W[q * n + j]));
      out[r * n + j] = s;
    }
  }
  return out;
}

function modelGradient(D: Float32Array, A: Float32Array, m: number, n: number, k: number, scale: number): Float32Array {
  const out = new Float32Array(n * k);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < k; i++) {
      let s = 0;
      for (let r = 0; r < m; r++) s = f(s + f(D[r * n + j] * A[r * k + i]));
      out[j * k + i] = f(s * scale);
    }
  }
  return out;
}

// ---- the bounds: Σ|x_q y_q| per output, from the float64 kernels on |x|, |y| ----

const abs64 = (x: Float32Array) => Float64Array.from(x, Math.abs);
const to64 = (x: Float32Array) => Float64Array.from(x);

function expectWithin(actual: Float32Array, exact: Float64Array, bound: Float64Array, label: string): void {
  for (let i = 0; i < exact.length; i++) {
    // Written so that NaN fails too.
    if (!(Math.abs(actual[i] - exact[i]) <= bound[i])) {
      expect.fail(`${label}: entry ${i} is ${actual[i]}, exact ${exact[i]}, allowed ±${bound[i]}`);
    }
  }
}

function expectBits(actual: Float32Array, expected: Float32Array, label: string): void {
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < e.length; i++) {
    if (a[i] !== e[i]) expect.fail(`${label}: entry ${i} is ${actual[i]}, expected bit for bit ${expected[i]}`);
  }
}

// m, k, n as the interface names them: none a multiple of 4, 1×1, 1×k, wide and tall, k = 784.
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [1, 784, 1],
  [1, 5, 7],
  [3, 1, 2],
  [5, 7, 3],
  [13, 17, 10],
  [9, 33, 37],
  [6, 3, 70],
  [130, 65, 66],
  [67, 784, 30],
];

describe('wasm kernels: linearForward out = A·Wᵀ + b', () => {
  for (const [m, k, n] of SHAPES) {
    it(`${m}×${k} · (${n}×${k})ᵀ`, () => {
      const rng = new Rng(m * 1000 + k * 10 + n);
      const A = randomMatrix(rng, m * k, 0.3);
      const W = randomMatrix(rng, n * k);
      const b = randomMatrix(rng, n);
      const model = modelForward(A, W, b, m, k, n);
      const exact = new Float64Array(m * n);
      tsKernels64.linearForward(to64(A), to64(W), to64(b), m, k, n, exact);
      const mass = new Float64Array(m * n); // Σ|a w| + |b|
      tsKernels64.linearForward(abs64(A), abs64(W), abs64(b), m, k, n, mass);
      const bound = mass.map((s) => gamma(k + 2) * s);
      const ts32 = new Float32Array(m * n);
      tsKernels32.linearForward(A, W, b, m, k, n, ts32);
      expectWithin(ts32, exact, exact.map((z) => u * Math.abs(z) + 2 ** -149), 'ts-f32 vs exact');
      for (const [name, kernels] of Object.entries(wasm)) {
        const out = new Float32Array(m * n);
        kernels.linearForward(A, W, b, m, k, n, out);
        expectBits(out, model, `${name} vs the float32 model`);
        expectWithin(out, exact, bound, `${name} vs ts-f64`);
        expectWithin(out, to64(ts32), bound.map((e, i) => e + u * Math.abs(exact[i])), `${name} vs ts-f32`);
      }
    });
  }
});

describe('wasm kernels: backpropSum out = D·W', () => {
  for (const [m, k, n] of SHAPES) {
    it(`${m}×${k} · ${k}×${n}`, () => {
      const rng = new Rng(m * 1001 + k * 11 + n);
      const D = randomMatrix(rng, m * k, 0.3);
      const W = randomMatrix(rng, k * n);
      const model = modelBackprop(D, W, m, k, n);
      const exact = new Float64Array(m * n);
      tsKernels64.backpropSum(to64(D), to64(W), m, k, n, exact);
      const mass = new Float64Array(m * n);
      tsKernels64.backpropSum(abs64(D), abs64(W), m, k, n, mass);
      const bound = mass.map((s) => gamma(k) * s);
      const ts32 = new Float32Array(m * n);
      tsKernels32.backpropSum(D, W, m, k, n, ts32);
      for (const [name, kernels] of Object.entries(wasm)) {
        const out = new Float32Array(m * n);
        kernels.backpropSum(D, W, m, k, n, out);
        expectBits(out, model, `${name} vs the float32 model`);
        expectWithin(out, exact, bound, `${name} vs ts-f64`);
        expectWithin(out, to64(ts32), bound.map((e, i) => e + u * Math.abs(exact[i])), `${name} vs ts-f32`);
      }
    });
  }
});

describe('wasm kernels: weightGradient out = scale·Dᵀ·A', () => {
  // Here the interface's (m, n, k) are (examples, outputs, inputs).
  for (const [m, k, n] of SHAPES) {
    it(`(${m}×${n})ᵀ · ${m}×${k}, scale 1/${m}`, () => {
      const rng = new Rng(m * 1002 + k * 12 + n);
      const D = randomMatrix(rng, m * n);
      const A = randomMatrix(rng, m * k, 0.5);
      const scale = 1 / m;
      const model = modelGradient(D, A, m, n, k, scale);
      const exact = new Float64Array(n * k);
      tsKernels64.weightGradient(to64(D), to64(A), m, n, k, scale, exact);
      const mass = new Float64Array(n * k);
      tsKernels64.weightGradient(abs64(D), abs64(A), m, n, k, scale, mass);
      const bound = mass.map((s) => gamma(m + 2) * s);
      const ts32 = new Float32Array(n * k);
      tsKernels32.weightGradient(D, A, m, n, k, scale, ts32);
      for (const [name, kernels] of Object.entries(wasm)) {
        const out = new Float32Array(n * k);
        kernels.weightGradient(D, A, m, n, k, scale, out);
        expectBits(out, model, `${name} vs the float32 model`);
        expectWithin(out, exact, bound, `${name} vs ts-f64`);
        expectWithin(out, to64(ts32), bound.map((e, i) => e + u * Math.abs(exact[i])), `${name} vs ts-f32`);
      }
    });
  }
});

describe('wasm kernels: MNIST-shaped products (128 × 784 → 64, 80 % zero inputs)', () => {
  const m = 128;
  const k = 784;
  const n = 64;
  const rng = new Rng(2019);
  const A = imageLike(rng, m, k);
  const W = randomMatrix(rng, n * k);
  const b = randomMatrix(rng, n);
  const D = randomMatrix(rng, m * n);

  it('forward: every path returns the model’s bits', () => {
    const model = modelForward(A, W, b, m, k, n);
    for (const [name, kernels] of Object.entries(wasm)) {
      const out = new Float32Array(m * n);
      kernels.linearForward(A, W, b, m, k, n, out);
      expectBits(out, model, name);
    }
  });

  it('gradient: every path returns the model’s bits', () => {
    const model = modelGradient(D, A, m, n, k, 1 / m);
    for (const [name, kernels] of Object.entries(wasm)) {
      const out = new Float32Array(n * k);
      kernels.weightGradient(D, A, m, n, k, 1 / m, out);
      expectBits(out, model, name);
    }
  });
});

describe('wasm kernels: calling conventions', () => {
  it('are deterministic and leave their inputs alone', () => {
    const rng = new Rng(5);
    const [m, k, n] = [37, 101, 19];
    const A = randomMatrix(rng, m * k, 0.6);
    const W = randomMatrix(rng, n * k);
    const b = randomMatrix(rng, n);
    const D = randomMatrix(rng, m * n);
    const W2 = randomMatrix(rng, n * k);
    const copies = [A, W, b, D, W2].map((x) => x.slice());
    for (const kernels of Object.values(wasm)) {
      const runs = [0, 1].map(() => {
        const z = new Float32Array(m * n);
        const back = new Float32Array(m * k);
        const g = new Float32Array(n * k);
        kernels.linearForward(A, W, b, m, k, n, z);
        kernels.backpropSum(D, W2, m, n, k, back);
        kernels.weightGradient(D, A, m, n, k, 1 / m, g);
        return [z, back, g];
      });
      runs[0].forEach((x, i) => expectBits(runs[1][i], x, `${kernels.name} run 2 vs run 1, output ${i}`));
    }
    [A, W, b, D, W2].forEach((x, i) => expectBits(x, copies[i], `input ${i}`));
  });

  it('accept views at an offset and arrays longer than needed, and write only m×n outputs', () => {
    const rng = new Rng(6);
    const [m, k, n] = [5, 9, 6];
    const backing = randomMatrix(rng, 3 + m * k + 7);
    const A = backing.subarray(3, 3 + m * k + 4); // offset view, 4 spare entries
    const W = randomMatrix(rng, n * k + 5);
    const b = randomMatrix(rng, n + 2);
    const expected = modelForward(A.slice(0, m * k), W.slice(0, n * k), b.slice(0, n), m, k, n);
    const out = new Float32Array(m * n + 3).fill(42);
    wasm.auto.linearForward(A, W, b, m, k, n, out);
    expectBits(out.subarray(0, m * n), expected, 'offset view');
    expect(Array.from(out.subarray(m * n))).toEqual([42, 42, 42]);
  });

  it('reject arrays that are too short instead of reading stale memory', () => {
    const short = new Float32Array(5);
    const ok = new Float32Array(100);
    expect(() => wasm.auto.linearForward(short, ok, ok, 2, 3, 4, ok)).toThrow(RangeError);
    expect(() => wasm.auto.backpropSum(ok, short, 2, 3, 4, ok)).toThrow(RangeError);
    expect(() => wasm.auto.weightGradient(ok, ok, 2, 3, 4, 0.5, short)).toThrow(RangeError);
  });

  it('handle empty products: k = 0 gives the bias, m = 0 a zero gradient', () => {
    const out = new Float32Array(3).fill(9);
    wasm.auto.linearForward(new Float32Array(0), new Float32Array(0), Float32Array.of(1, -2, 0.5), 1, 0, 3, out);
    expect(Array.from(out)).toEqual([1, -2, 0.5]);
    const g = new Float32Array(6).fill(9);
    wasm.auto.weightGradient(new Float32Array(0), new Float32Array(0), 0, 2, 3, 1, g);
    expect(Array.from(g)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('stay correct when a large call grows the module memory between small ones', () => {
    const rng = new Rng(8);
    const small = () => {
      const A = randomMatrix(rng, 4 * 10, 0.5);
      const W = randomMatrix(rng, 3 * 10);
      const b = randomMatrix(rng, 3);
      const out = new Float32Array(12);
      wasm.auto.linearForward(A, W, b, 4, 10, 3, out);
      expectBits(out, modelForward(A, W, b, 4, 10, 3), 'small call');
      return out;
    };
    const before = small();
    const kept = before.slice();
    const [m, k, n] = [2000, 784, 70]; // ≈ 6 MB of inputs: beyond the initial memory
    const A = imageLike(rng, m, k);
    const W = randomMatrix(rng, n * k);
    const b = randomMatrix(rng, n);
    const out = new Float32Array(m * n);
    wasm.auto.linearForward(A, W, b, m, k, n, out);
    const rows = [0, 999, 1999];
    for (const r of rows) {
      expectBits(out.subarray(r * n, (r + 1) * n), modelForward(A.subarray(r * k, (r + 1) * k), W, b, 1, k, n), `row ${r}`);
    }
    small();
    expectBits(before, kept, 'an output returned before the memory grew');
  });
});

describe('wasm kernels in a full TrainingWorkspace step', () => {
  const cases: { sizes: number[]; activation: HiddenActivation; N: number }[] = [
    { sizes: [784, 32, 10], activation: 'sigmoid', N: 64 },
    { sizes: [50, 20, 15, 10], activation: 'relu', N: 13 }, // ReLU: exact zeros in a and δ
  ];
  for (const { sizes, activation, N } of cases) {
    it(`${sizes.join('-')} ${activation}: wasm and ts-f32 agree with each other and with float64`, () => {
      const rng = new Rng(sizes.length * 100 + N);
      const inputs = sizes[0] === 784 ? imageLike(rng, N, 784) : randomMatrix(rng, N * sizes[0], 0.2);
      const labels = Uint8Array.from({ length: N }, () => rng.int(10));
      const rule = { learningRate: 0.5, momentum: 0 };
      const start = createNet({ sizes, hiddenActivation: activation, init: { kind: 'normal-fan-in' }, seed: 3, precision: 'float32' });

      const run = (kernels: K32 | null, precision: 'float32' | 'float64'): { net: Net; loss: number } => {
        if (kernels) useFloat32Kernels(kernels);
        const net = cloneNet(start, precision);
        const batch: Batch = { inputs: precision === 'float32' ? inputs : Float64Array.from(inputs), labels, size: N };
        const { loss } = new TrainingWorkspace(net, N).step(net, null, batch, rule);
        return { net, loss };
      };
      const fast = run(wasm.auto, 'float32');
      expect(float32KernelName()).toBe('wasm-simd');
      const portable = run(tsKernels32, 'float32');
      const reference = run(null, 'float64');

      // A float32 step differs from the float64 one by rounding only: the loss within
      // 1e-5 relative; each new weight within a few ulps of itself plus 1e-4 of the
      // layer's largest update (a wrong index or a dropped term is off by O(1) of it).
      for (const result of [fast, portable]) {
        expect(Math.abs(result.loss - reference.loss)).toBeLessThanOrEqual(1e-5 * reference.loss);
      }
      for (let l = 0; l < sizes.length - 1; l++) {
        for (const key of ['weights', 'biases'] as const) {
          const before = start.params[key][l];
          const exact = reference.net.params[key][l];
          let largestUpdate = 0;
          for (let i = 0; i < exact.length; i++) largestUpdate = Math.max(largestUpdate, Math.abs(exact[i] - before[i]));
          expect(largestUpdate).toBeGreaterThan(0);
          const bound = (x: number) => 4 * u * Math.abs(x) + 1e-4 * largestUpdate;
          const a = fast.net.params[key][l];
          const b = portable.net.params[key][l];
          for (let i = 0; i < exact.length; i++) {
            if (!(Math.abs(a[i] - exact[i]) <= bound(exact[i]))) expect.fail(`wasm ${key}[${l}][${i}] = ${a[i]}, float64 ${exact[i]}`);
            if (!(Math.abs(b[i] - exact[i]) <= bound(exact[i]))) expect.fail(`ts-f32 ${key}[${l}][${i}] = ${b[i]}, float64 ${exact[i]}`);
            if (!(Math.abs(a[i] - b[i]) <= 2 * bound(exact[i]))) expect.fail(`wasm vs ts-f32 ${key}[${l}][${i}]: ${a[i]} vs ${b[i]}`);
          }
        }
      }
    });
  }
});

describe('enableFastKernels', () => {
  it('switches float32 to the wasm kernels and says so', async () => {
    expect(float32KernelName()).toBe('ts-f32');
    expect(await enableFastKernels()).toBe('wasm-simd');
    expect(float32KernelName()).toBe('wasm-simd');
  });
});
