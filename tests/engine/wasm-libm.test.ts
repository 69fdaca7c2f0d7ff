// The wasm port of libm (src/engine/kernels/wasm/assembly/libm.ts) against libm.ts itself,
// bit for bit, and the wasm activations (assembly/train.ts, two lanes at a time) against
// activations.ts: the resident training loop computes its activations, softmax and loss with
// them, so any difference would change training results. Arguments: every region the
// functions branch on (subnormal, near-overflow, the tanh polynomial and exp ranges, NaN, ±∞,
// ±0), plus a million seeded doubles each.

import { beforeAll, describe, expect, it } from 'vitest';
import { sharedArena, type Arena } from '../../src/engine/kernels/wasm/module';
import { applyActivation, DEFAULT_IMPROVED_SIGMOID_C, IMPROVED_SIGMOID_A, IMPROVED_SIGMOID_B } from '../../src/engine/activations';
import { exp, log, tanh } from '../../src/engine/libm';
import { HIDDEN_ACTIVATIONS } from '../../src/engine/types';
import { Rng } from '../../src/engine/random';

let arena: Arena;
beforeAll(async () => {
  const shared = await sharedArena();
  if (!shared) throw new Error('no WebAssembly SIMD in Node');
  arena = shared;
});

/** f over `x` in the module: a copy of the results. */
function inWasm(name: 'expArray' | 'logArray' | 'tanhArray', x: Float64Array): Float64Array {
  const input = arena.reserve(x.length * 8);
  const output = arena.reserve(x.length * 8);
  try {
    arena.f64(input, x.length).set(x);
    arena.exports[name](input, output, x.length);
    return Float64Array.from(arena.f64(output, x.length));
  } finally {
    arena.release(output);
    arena.release(input);
  }
}

/** Indices where the two arrays' bit patterns differ (NaN equals NaN). */
function mismatches(x: Float64Array, got: Float64Array, f: (x: number) => number): string[] {
  const out: string[] = [];
  for (let i = 0; i < x.length && out.length < 5; i++) {
    const want = f(x[i]);
    if (!Object.is(want, got[i])) out.push(`f(${x[i]}) = ${got[i]} in wasm, ${want} in libm.ts`);
  }
  return out;
}

const SPECIAL = [0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1, -1, 0.25, -0.25, 22, -22];

function edges(rng: Rng): Float64Array {
  const values: number[] = [...SPECIAL];
  const around = [-746, -745.1, -708.4, -700, 0, 7.450580596923828e-9, 0.25, 22, 708, 709.7, 710, 711];
  for (const centre of around) for (let i = 0; i < 2000; i++) values.push(centre + (rng.next() - 0.5) * 2 * Math.max(1e-9, Math.abs(centre) * 1e-3));
  return Float64Array.from(values);
}

describe('wasm libm = libm.ts, bit for bit', () => {
  const rng = new Rng(2019);
  const n = 1_000_000;

  it('exp on the edges and a million points in [−750, 715]', () => {
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = rng.uniform(-750, 715);
    for (const args of [edges(rng), x]) expect(mismatches(args, inWasm('expArray', args), exp)).toEqual([]);
  });

  it('exp on the arguments the engine gives it (−|z| of float32 z, softmax shifts)', () => {
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = -Math.abs(Math.fround(rng.uniform(-60, 60)));
    expect(mismatches(x, inWasm('expArray', x), exp)).toEqual([]);
  });

  it('log on every positive double (random bits, subnormals included) and the edges', () => {
    const x = new Float64Array(n);
    const words = new Uint32Array(x.buffer);
    for (let i = 0; i < n; i++) {
      words[2 * i] = rng.nextUint32();
      words[2 * i + 1] = rng.int(0x7ff00000);
    }
    for (const args of [edges(rng), x]) expect(mismatches(args, inWasm('logArray', args), log)).toEqual([]);
  });

  it('tanh on the edges and a million points in [−25, 25]', () => {
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = rng.uniform(-25, 25);
    for (const args of [edges(rng), x]) expect(mismatches(args, inWasm('tanhArray', args), tanh)).toEqual([]);
  });
});

describe('wasm activations = applyActivation, bit for bit', () => {
  const codes = { sigmoid: 0, 'improved-sigmoid': 1, tanh: 2, relu: 3 } as const;
  const n = 400_001; // odd: the last entry takes the one-at-a-time path
  const rng = new Rng(7);
  const z = new Float32Array(n);
  const special = [0, -0, Infinity, -Infinity, NaN, 1e-45, -1e-45, 3.4e38, -3.4e38, 1e-8, -1e-8, 0.375, -0.375, 33, -33, 700, -700, 1050, -1050];
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    // mostly the range training sees, some saturated, some tiny, and the special values scattered in
    z[i] = i % 97 === 0 ? special[(i / 97) % special.length] : r < 0.8 ? rng.uniform(-12, 12) : r < 0.95 ? rng.uniform(-2000, 2000) : rng.uniform(-1e-6, 1e-6);
  }

  for (const kind of HIDDEN_ACTIVATIONS) {
    for (const withDerivative of [true, false]) {
      it(`${kind}${withDerivative ? " with f'" : ''}`, () => {
        const c = kind === 'improved-sigmoid' ? 0.003 : DEFAULT_IMPROVED_SIGMOID_C;
        const wantA = new Float32Array(n);
        const wantF = new Float32Array(n);
        applyActivation(kind, c, z, wantA, wantF);
        const at = arena.reserve(3 * n * 4);
        try {
          arena.f32(at, n).set(z);
          arena.exports.activate(codes[kind], IMPROVED_SIGMOID_A, IMPROVED_SIGMOID_B, c, at, at + n * 4, withDerivative ? at + 2 * n * 4 : 0, n);
          const gotA = arena.f32(at + n * 4, n);
          const gotF = arena.f32(at + 2 * n * 4, n);
          const bad: string[] = [];
          for (let i = 0; i < n && bad.length < 5; i++) {
            if (!Object.is(gotA[i], wantA[i])) bad.push(`a(${z[i]}) = ${gotA[i]}, want ${wantA[i]}`);
            if (withDerivative && !Object.is(gotF[i], wantF[i])) bad.push(`f'(${z[i]}) = ${gotF[i]}, want ${wantF[i]}`);
          }
          expect(bad).toEqual([]);
        } finally {
          arena.release(at);
        }
      });
    }
  }
});
