import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMnistFromPackage } from '../../src/data/node';
import { determinismResults } from '../../src/engine/determinism';
import { useFloat32Kernels } from '../../src/engine/kernels/registry';
import { tsKernels32 } from '../../src/engine/kernels/ts-kernels';
import { enableFastKernels } from '../../src/engine/kernels/wasm/index';
import { cos2pi, exp, log, tanh } from '../../src/engine/libm';
import { DETERMINISM_DIGESTS, digestMismatches } from './determinism-digests';
import { ulpError } from './ulp';

type Point = [x: number, hi: number, d: number];
const reference = JSON.parse(readFileSync(new URL('./fixtures/libm-reference.json', import.meta.url), 'utf8')) as Record<
  string,
  Record<string, Point[]>
>;

const FUNCTIONS: Record<string, (x: number) => number> = { exp, log, tanh, cos2pi };

// Worst cases measured on 90,000–210,000 points per function (scripts/libm-reference.py
// --per-range 30000, scripts/libm-accuracy.ts): exp 0.506, log 0.5001, tanh 0.543,
// cos2pi 0.650 ulp. The bounds below leave a little room; every one is under 1 ulp.
const BOUNDS: Record<string, number> = { exp: 0.51, log: 0.51, tanh: 0.55, cos2pi: 0.66 };

describe('libm against mpmath (tests/engine/fixtures/libm-reference.json)', () => {
  for (const [name, f] of Object.entries(FUNCTIONS)) {
    for (const [range, points] of Object.entries(reference[name])) {
      it(`${name}, ${range}: within ${BOUNDS[name]} ulp`, () => {
        expect(points.length).toBeGreaterThan(0);
        let worst = 0;
        let worstX = NaN;
        for (const [x, hi, d] of points) {
          const e = ulpError(f(x), hi, d);
          if (e > worst) {
            worst = e;
            worstX = x;
          }
        }
        expect(worst, `worst at x = ${worstX}`).toBeLessThan(BOUNDS[name]);
      });
    }
  }
});

/** Doubles one after another: a at i = 0, then each next representable double. */
const bits = new Float64Array(1);
const words = new BigInt64Array(bits.buffer);
function nextUp(x: number): number {
  if (x === 0) return 5e-324;
  bits[0] = x;
  words[0] += x > 0 ? 1n : -1n;
  return bits[0];
}

/** |a − b| in units of the last place, counted as doubles between them (both finite, same sign or zero). */
function ulpsApart(a: number, b: number): number {
  if (Object.is(a, b) || a === b) return 0;
  const x = new Float64Array([a, b]);
  const w = new BigInt64Array(x.buffer);
  const d = w[0] - w[1];
  return Number(d < 0n ? -d : d);
}

/** A seeded stream of doubles in [0, 1) (the tests' own LCG; not the engine's Rng). */
function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const hi = s;
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (hi * 2 ** 21 + (s >>> 11)) / 2 ** 53;
  };
}

describe('libm against Math.* on a million random points each', () => {
  // Node's Math functions are within 1 ulp too (Math.tanh: within 2.1), so the two may differ
  // by an ulp (two for tanh) but never more: a check over far more points than the fixture.
  const n = 1_000_000;
  const cases: [string, (x: number) => number, (x: number) => number, () => number, number][] = [
    ['exp on [−745, 709.8]', exp, Math.exp, ((r) => () => r() * 1454.8 - 745)(uniform(1)), 1],
    ['exp on [−100, 0]', exp, Math.exp, ((r) => () => -100 * r())(uniform(2)), 1],
    [
      'log over every positive double',
      log,
      Math.log,
      ((r) => {
        const x = new Float64Array(1);
        const u = new Uint32Array(x.buffer);
        return () => {
          u[0] = (r() * 2 ** 32) >>> 0;
          u[1] = (r() * 0x7ff00000) >>> 0;
          return x[0];
        };
      })(uniform(3)),
      1,
    ],
    ['log on [1, 10]', log, Math.log, ((r) => () => 1 + 9 * r())(uniform(4)), 1],
    ['tanh on [−30, 30]', tanh, Math.tanh, ((r) => () => 60 * r() - 30)(uniform(5)), 2],
  ];
  for (const [label, ours, theirs, draw, limit] of cases) {
    it(`${label}: at most ${limit} ulp from Math`, () => {
      let worst = 0;
      let worstX = NaN;
      for (let i = 0; i < n; i++) {
        const x = draw();
        const d = ulpsApart(ours(x), theirs(x));
        if (d > worst) {
          worst = d;
          worstX = x;
        }
      }
      expect(worst, `at x = ${worstX}`).toBeLessThanOrEqual(limit);
    });
  }

  it('cos2pi on Box–Muller angles k/2^32: within 2^−50 of Math.cos(2π·t) (absolute: Math’s 2π·t is rounded, by up to 4.4e−16)', () => {
    const r = uniform(6);
    for (let i = 0; i < n; i++) {
      const t = Math.floor(r() * 2 ** 32) / 2 ** 32;
      const d = Math.abs(cos2pi(t) - Math.cos(2 * Math.PI * t));
      if (!(d <= 2 ** -50)) expect.fail(`cos2pi(${t}) = ${cos2pi(t)}, Math.cos gives ${Math.cos(2 * Math.PI * t)}`);
    }
  });
});

describe('special values', () => {
  const MAX = Number.MAX_VALUE;
  const MIN_NORMAL = 2.2250738585072014e-308;
  it('exp', () => {
    expect(exp(NaN)).toBeNaN();
    expect(exp(Infinity)).toBe(Infinity);
    expect(exp(-Infinity)).toBe(0);
    expect(exp(0)).toBe(1);
    expect(exp(-0)).toBe(1);
    expect(exp(5e-324)).toBe(1);
    expect(exp(1)).toBe(2.718281828459045);
    // overflow: e^709.782712893384 = 1.797693134862273e308 is the last finite result
    expect(exp(709.782712893384)).toBe(1.7976931348622732e308);
    expect(exp(nextUp(709.782712893384))).toBe(Infinity);
    expect(exp(710)).toBe(Infinity);
    expect(exp(1000)).toBe(Infinity);
    // underflow through the subnormals: e^−708.3964185322641 is the smallest normal (rounded)
    expect(exp(-708.3964185322641)).toBe(2.2250738585072626e-308);
    expect(exp(-708.3964185322642)).toBeLessThan(MIN_NORMAL);
    expect(exp(-745.1332191019411)).toBe(5e-324);
    expect(exp(-745.1332191019412)).toBe(0);
    expect(exp(-746)).toBe(0);
    expect(Object.is(exp(-1000), 0)).toBe(true);
  });

  it('log', () => {
    expect(log(NaN)).toBeNaN();
    expect(log(-1)).toBeNaN();
    expect(log(-5e-324)).toBeNaN();
    expect(log(-Infinity)).toBeNaN();
    expect(log(0)).toBe(-Infinity);
    expect(log(-0)).toBe(-Infinity);
    expect(log(Infinity)).toBe(Infinity);
    expect(Object.is(log(1), 0)).toBe(true);
    expect(log(2)).toBe(0.6931471805599453);
    expect(log(0.5)).toBe(-0.6931471805599453);
    expect(log(Math.E)).toBe(1);
    expect(log(5e-324)).toBe(-744.4400719213812);
    expect(log(MIN_NORMAL)).toBe(-708.3964185322641);
    expect(log(MAX)).toBe(709.782712893384);
    // 1 ± one ulp: log(1 + ε) = ε − ε²/2 + … is just below ε, in the binade whose ulp is ε²/2;
    // log(1 − ε/2) = −ε/2 − ε²/8 − … rounds to −ε/2
    expect(log(1 + 2 ** -52)).toBe(2 ** -52 - 2 ** -105);
    expect(log(1 - 2 ** -53)).toBe(-(2 ** -53));
    // exact powers of two: k·ln 2 rounded
    for (const k of [-1074, -1022, -60, -1, 1, 10, 100, 1023]) expect(log(2 ** k)).toBe(ln2Times(k));
  });

  it('tanh', () => {
    expect(tanh(NaN)).toBeNaN();
    expect(tanh(Infinity)).toBe(1);
    expect(tanh(-Infinity)).toBe(-1);
    expect(Object.is(tanh(0), 0)).toBe(true);
    expect(Object.is(tanh(-0), -0)).toBe(true);
    expect(tanh(5e-324)).toBe(5e-324);
    expect(tanh(-1e-300)).toBe(-1e-300);
    expect(tanh(22)).toBe(1);
    expect(tanh(-400)).toBe(-1);
    // tanh x < 1 − 2^−54 (it rounds below 1) up to x = 19.06…
    expect(tanh(19)).toBe(1 - 2 ** -53);
    expect(tanh(19.5)).toBe(1);
  });

  it('cos2pi', () => {
    expect(cos2pi(NaN)).toBeNaN();
    expect(cos2pi(Infinity)).toBeNaN();
    expect(cos2pi(-Infinity)).toBeNaN();
    expect(cos2pi(0)).toBe(1);
    expect(cos2pi(-0)).toBe(1);
    // quarter turns are exact, zeros are +0
    expect(Object.is(cos2pi(0.25), 0)).toBe(true);
    expect(cos2pi(0.5)).toBe(-1);
    expect(Object.is(cos2pi(0.75), 0)).toBe(true);
    expect(cos2pi(1)).toBe(1);
    expect(cos2pi(-0.5)).toBe(-1);
    expect(cos2pi(0.125)).toBe(Math.SQRT1_2);
    // from 2^52 on every double is a whole number of turns
    expect(cos2pi(2 ** 52)).toBe(1);
    expect(cos2pi(1e300)).toBe(1);
    expect(cos2pi(2 ** 50 + 0.5)).toBe(-1);
  });
});

/** k·ln 2 rounded to the nearest double, from ln 2 as two doubles (exact enough for |k| ≤ 1074). */
function ln2Times(k: number): number {
  const hi = 0.6931471805599453; // ln 2 rounded
  const lo = 2.3190468138462996e-17; // ln 2 − hi
  // k·hi exactly as p + e (k has ≤ 11 bits; hi split into 26 + 27 bits by Veltkamp's method)
  const c = 134217729 * hi;
  const hh = c - (c - hi);
  const p = k * hi;
  const e = k * hh - p + k * (hi - hh);
  return p + (e + k * lo);
}

describe('monotonicity', () => {
  /** n consecutive doubles from `from`, in increasing order. */
  function run(from: number, n: number): number[] {
    const xs = [from];
    for (let i = 1; i < n; i++) xs.push(nextUp(xs[i - 1]));
    return xs;
  }
  const nonDecreasing = (f: (x: number) => number, xs: number[], label: string) => {
    for (let i = 1; i < xs.length; i++) {
      if (f(xs[i]) < f(xs[i - 1])) expect.fail(`${label}: f(${xs[i]}) = ${f(xs[i])} < f(${xs[i - 1]}) = ${f(xs[i - 1])}`);
    }
  };
  const near = (x: number) => run(x - Math.max(Math.abs(x), 1e-300) * 2 ** -46, 256);

  it('exp across its table steps, the fast path’s ends and the subnormal threshold', () => {
    const ln2 = 0.6931471805599453;
    const starts = [1e-10, -1e-10, -700, 708, -708.3964185322641, -745.1332191019411, 709.782712893384];
    for (let j = -300; j <= 300; j += 7) starts.push(((j + 0.5) * ln2) / 128);
    for (const x of starts) nonDecreasing(exp, near(x), `exp near ${x}`);
  });

  it('log across its table steps, 1, √2 and the subnormal boundary', () => {
    const starts = [1, Math.SQRT2, Math.SQRT1_2, 2.2250738585072014e-308, 2 ** 1022 * Math.SQRT2, Number.MAX_VALUE / 2];
    for (let j = 181; j <= 362; j += 5) starts.push((j + 0.5) / 256);
    for (const x of starts) nonDecreasing(log, near(x), `log near ${x}`);
  });

  it('tanh across 0, the polynomial’s end 0.25, 2^−27 and 22', () => {
    for (const x of [0.25, -0.25, 7.450580596923828e-9, 22, 0.5, 3]) nonDecreasing(tanh, near(x), `tanh near ${x}`);
    nonDecreasing(tanh, run(-256 * 5e-324, 514), 'tanh through 0');
  });

  it('every function on sorted random arguments', () => {
    const sorted = (r: () => number, n: number, lo: number, hi: number) =>
      Float64Array.from({ length: n }, () => lo + (hi - lo) * r()).sort();
    nonDecreasing(exp, Array.from(sorted(uniform(7), 100_000, -745, 709)), 'exp');
    nonDecreasing(log, Array.from(sorted(uniform(8), 100_000, 0, 20)), 'log');
    nonDecreasing(tanh, Array.from(sorted(uniform(9), 100_000, -25, 25)), 'tanh');
    nonDecreasing((t) => -cos2pi(t), Array.from(sorted(uniform(10), 100_000, 0, 0.5)), '−cos2pi on [0, 1/2]');
  });

  it('tanh is odd and cos2pi even and periodic, bit for bit', () => {
    const r = uniform(11);
    for (let i = 0; i < 100_000; i++) {
      const x = 60 * r() - 30;
      expect(Object.is(tanh(-x), -tanh(x))).toBe(true);
      const t = r() * 8 - 4;
      expect(cos2pi(-t)).toBe(cos2pi(t));
      if (t + 1 - 1 === t) expect(cos2pi(t + 1)).toBe(cos2pi(t));
    }
  });
});

describe('the engine uses libm for every transcendental function', () => {
  it('no Math.exp/log/tanh/cos/pow… (nor **) in src/engine', () => {
    const dir = new URL('../../src/engine/', import.meta.url);
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.includes('wasm'));
    expect(files).toContain('libm.ts');
    const banned = /Math\.(exp|expm1|log|log1p|log2|log10|pow|sin|cos|tan|sinh|cosh|tanh|asin|acos|atan|atan2|asinh|acosh|atanh|cbrt|hypot)\b|\*\*/;
    for (const file of files) {
      const code = readFileSync(new URL(file, dir), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      const hit = code.match(banned);
      expect(hit, `${file} uses ${hit?.[0]}`).toBeNull();
    }
  });
});

describe('determinism: the same bits in Node and in the browser', () => {
  afterEach(() => useFloat32Kernels(tsKernels32));

  // tests/e2e/determinism.spec.ts runs the same computation in Chromium's page and Web Worker
  // and expects these SAME digests (tests/engine/determinism-digests.ts).
  it('a short 784-16-10 training run per precision and activation, and libm itself, give the pinned SHA-256 — with either float32 kernels', async () => {
    const { train } = loadMnistFromPackage();
    useFloat32Kernels(tsKernels32);
    const results = await determinismResults(train);
    expect(await enableFastKernels()).toBe('wasm-simd');
    results.push(...(await determinismResults(train)));
    expect(digestMismatches(results), JSON.stringify(results, null, 2)).toEqual([]);
    // every pinned digest was computed here
    expect(new Set(results.map((r) => r.name))).toEqual(new Set(Object.keys(DETERMINISM_DIGESTS)));
  });
});
