// Distance in ulps between a computed double and a true value, for the libm tests and
// scripts/libm-accuracy.ts. The true value is given as in tests/engine/fixtures/libm-reference.json:
// hi, the double nearest to it, and d, its distance from hi in ulps of the true value.

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/** The spacing of doubles in the binade of finite v (2^−1074 for subnormals and 0). */
export function ulpOf(v: number): number {
  bits[0] = Math.abs(v);
  const exponent = words[1] >>> 20;
  if (exponent <= 53) return 5e-324 * 2 ** Math.max(0, exponent - 1);
  words[1] = (exponent - 52) << 20;
  words[0] = 0;
  return bits[0];
}

/** The ulp of a true value whose nearest double is hi and which lies d ulps beyond it. */
export function trueUlp(hi: number, d: number): number {
  const u = ulpOf(hi);
  bits[0] = Math.abs(hi);
  const powerOfTwo = (words[1] & 0x000fffff) === 0 && words[0] === 0 && words[1] >>> 20 > 1;
  // just below a power of two, the true value is in the binade below
  return powerOfTwo && d !== 0 && Math.sign(d) === -Math.sign(hi) ? u / 2 : u;
}

/** |y − f(x)| in ulps of f(x), for f(x) given as (hi, d). */
export function ulpError(y: number, hi: number, d: number): number {
  const u = trueUlp(hi, d);
  return Math.abs((y - hi) / u - d);
}
