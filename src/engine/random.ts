// The one source of randomness in deltascope: a seeded sfc32 generator.
// Integer arithmetic only (Math.imul, >>> 0), so a seed gives the same stream in
// Node, a worker and the page. Math.random is never used.

import { cos2pi, log } from './libm';

/** splitmix32: spreads a 32-bit seed over the state words so nearby seeds diverge. */
function splitmix32(state: number): [next: number, out: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [next, z >>> 0];
}

/** FNV-1a hash of a label, used to derive independent streams from one seed. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A seed for a named sub-stream ("init", "shuffle", …) of a run's seed. */
export function deriveSeed(seed: number, label: string): number {
  const [, out] = splitmix32((seed ^ hashLabel(label)) | 0);
  return out;
}

export type RngState = readonly [number, number, number, number];

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed | 0;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, out] = splitmix32(s);
      s = next;
      words.push(out);
    }
    [this.a, this.b, this.c, this.d] = words;
    // Warm up so the first outputs do not echo the seed's structure.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  static fromState(state: RngState): Rng {
    const rng = new Rng(0);
    [rng.a, rng.b, rng.c, rng.d] = state;
    return rng;
  }

  state(): RngState {
    return [this.a, this.b, this.c, this.d];
  }

  /** sfc32 step: a uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform on [0, 1), 32 bits of resolution. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform on [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [0, n), unbiased (rejection sampling). */
  int(n: number): number {
    if (!(n > 0 && n <= 4294967296)) throw new RangeError(`Rng.int: n must be in (0, 2^32], got ${n}`);
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /**
   * Normal N(mean, sd²) by Box–Muller (one variate per call, no hidden spare state), with
   * libm.ts's log and cos(2π·u) so the draws are the same bits in every JavaScript engine
   * (Math.log and Math.cos are not). The angle goes to cos2pi in turns: its reduction is exact.
   */
  normal(mean = 0, sd = 1): number {
    const u1 = (this.nextUint32() + 1) / 4294967296; // (0, 1]: log is finite
    const u2 = this.next();
    return mean + sd * Math.sqrt(-2 * log(u1)) * cos2pi(u2);
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: number }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }
}
