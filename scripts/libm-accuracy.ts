// Measures src/engine/libm.ts against a reference file from scripts/libm-reference.py:
// the largest error in ulps per function and range, and how often the result is not the
// correctly rounded one; Math.* alongside for comparison.
//
//   python3 scripts/libm-reference.py --per-range 30000 --out /tmp/libm-big.json
//   npx tsx scripts/libm-accuracy.ts /tmp/libm-big.json

import { readFileSync } from 'node:fs';
import { cos2pi, exp, log, tanh } from '../src/engine/libm';
import { ulpError } from '../tests/engine/ulp';

type Point = [x: number, hi: number, d: number];
type Reference = Record<string, Record<string, Point[]> | string>;

const file = process.argv[2] ?? 'tests/engine/fixtures/libm-reference.json';
const reference = JSON.parse(readFileSync(file, 'utf8')) as Reference;
const ours: Record<string, (x: number) => number> = { exp, log, tanh, cos2pi };
const theirs: Record<string, (x: number) => number> = {
  exp: Math.exp,
  log: Math.log,
  tanh: Math.tanh,
  cos2pi: (t) => Math.cos(2 * Math.PI * t),
};

interface Tally {
  points: number;
  worst: number;
  worstX: number;
  wrong: number;
  worstMath: number;
  wrongMath: number;
}

function tally(name: string, points: Point[]): Tally {
  const t: Tally = { points: points.length, worst: 0, worstX: NaN, wrong: 0, worstMath: 0, wrongMath: 0 };
  for (const [x, hi, d] of points) {
    const y = ours[name](x);
    const e = ulpError(y, hi, d);
    if (e > t.worst) {
      t.worst = e;
      t.worstX = x;
    }
    if (y !== hi) t.wrong++;
    const m = theirs[name](x);
    t.worstMath = Math.max(t.worstMath, ulpError(m, hi, d));
    if (m !== hi) t.wrongMath++;
  }
  return t;
}

const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(3)} %`;
for (const name of Object.keys(ours)) {
  const groups = reference[name];
  if (typeof groups !== 'object') continue;
  const all = tally(name, Object.values(groups).flat());
  console.log(
    `${name}: ${all.points} points, max ${all.worst.toFixed(4)} ulp (x = ${all.worstX}), not correctly rounded ${pct(all.wrong, all.points)}` +
      `  | Math: max ${all.worstMath.toFixed(4)} ulp, ${pct(all.wrongMath, all.points)}`,
  );
  for (const [range, points] of Object.entries(groups)) {
    const t = tally(name, points);
    console.log(
      `  ${range.padEnd(58)} ${String(t.points).padStart(6)}  max ${t.worst.toFixed(4)} ulp, ${pct(t.wrong, t.points).padStart(9)} not c.r.` +
        `  | Math ${t.worstMath.toFixed(4)}, ${pct(t.wrongMath, t.points)}`,
    );
  }
}
