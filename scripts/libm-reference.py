#!/usr/bin/env python3
"""Reference values of exp, log, tanh and cos(2π·t) for tests/engine/libm.test.ts, from mpmath.

    python3 scripts/libm-reference.py                         # rewrites tests/engine/fixtures/libm-reference.json
    python3 scripts/libm-reference.py --per-range 20000 --out /tmp/libm-big.json   # a larger sweep

For every function, points are drawn (seeded, so the file is reproducible) from the ranges the
engine uses and from the whole domain, plus hand-picked edges; the file groups them by range. Each point is [x, hi, d]: hi is
the double nearest to the true value f(x) (the correctly rounded result) and d = (f(x) − hi)/ulp
its rounding error in ulps of f(x) (to 1e−6), where ulp is the spacing of doubles in f(x)'s binade. Results outside the doubles' finite
range are left out (the test checks them as special values).
"""

import json
import random
import struct
import sys
from pathlib import Path

import mpmath as mp

mp.mp.dps = 60
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / 'tests' / 'engine' / 'fixtures' / 'libm-reference.json'


def arg(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


PER_RANGE = int(arg('--per-range', '300'))
OUT = Path(arg('--out', str(DEFAULT_OUT)))
rng = random.Random(20260501)
MAX = sys.float_info.max


def from_bits(b: int) -> float:
    return struct.unpack('<d', struct.pack('<Q', b))[0]


def uniform(lo, hi):
    return lambda: rng.uniform(lo, hi)


def log_uniform(lo, hi, signs=(1,)):
    """|x| with a uniformly distributed exponent in [lo, hi] (both > 0)."""
    llo, lhi = mp.log(lo), mp.log(hi)
    return lambda: rng.choice(signs) * float(mp.exp(llo + (lhi - llo) * rng.random()))


def any_positive():
    """A random finite positive double, subnormals included: uniform over the bit patterns."""
    return lambda: from_bits(rng.randrange(1, 0x7FF0000000000000))


def turns():
    """A Box–Muller angle: k/2^32 for a uniform 32-bit k."""
    return lambda: rng.getrandbits(32) / 4294967296


def nearest(v):
    """(hi, ulp): the double nearest to v (ties to even) and the spacing of doubles in v's binade.

    Done by hand because float(mpf) rounds subnormals twice."""
    _, e = mp.frexp(v)  # v = m·2^e, 1/2 ≤ |m| < 1
    ulp = mp.mpf(2) ** max(int(e) - 1 - 52, -1074)
    return float(mp.nint(v / ulp) * ulp), ulp


def reference(f, x):
    v = f(mp.mpf(x))
    if not mp.isfinite(v) or abs(v) >= mp.mpf(2) ** 1024 * (1 - mp.mpf(2) ** -54):
        return None  # overflows: checked as a special value
    if v == 0:
        return [x, 0.0, 0]
    hi, ulp = nearest(v)
    if hi == 0:
        return None  # rounds to zero: checked as a special value
    # The rounding error in ulps of v, to 1e−6 ulp (enough for the tests' bounds, and short).
    return [x, hi, round(float((v - mp.mpf(hi)) / ulp), 6)]


FUNCTIONS = {
    'exp': (mp.exp, {
        'sigmoid e^−|z|, |z| ≤ 100': uniform(-100, 0),
        'softmax e^(z − max) ≥ −40': uniform(-40, 0),
        '|x| ≤ 1': uniform(-1, 1),
        'tiny |x|': log_uniform(1e-300, 1e-3, (1, -1)),
        'whole finite range': uniform(-745.2, 709.8),
        'subnormal results': uniform(-745.13, -708.4),
        'near overflow': uniform(700, 709.78),
    }, [0.0, -0.0, 1.0, -1.0, 5e-324, -5e-324, 0.5, 1e-10, 708.0, -708.0, 708.3964185322641, -708.3964185322641,
        -708.4, 709.0, 709.7, 709.782712893384, -709.0, -720.0, -744.0, -745.0, -745.1332191019411,
        float.fromhex('0x1.62e42fefa39efp+9'), float.fromhex('-0x1.74910d52d3051p+9')]),
    'log': (mp.log, {
        'cross-entropy Σ e^(z − max) in [1, 10]': uniform(1, 10),
        'near 1: [1 − 2^−4, 1 + 2^−4]': uniform(1 - 2 ** -4, 1 + 2 ** -4),
        'Box–Muller u in (0, 1]': lambda: (rng.getrandbits(32) + 1) / 4294967296,
        'whole positive range (bit patterns, subnormals included)': any_positive(),
        '[1e−10, 1e10]': log_uniform(1e-10, 1e10),
    }, [1.0, 2.0, 0.5, 10.0, 5e-324, 1e-310, 2.2250738585072014e-308, MAX, 1 + 2 ** -52, 1 - 2 ** -53,
        0.7071067811865476, 1.4142135623730951, 2.718281828459045, 2 ** -1074 * 3, 1e300]),
    'tanh': (mp.tanh, {
        'improved sigmoid / tanh units, |x| ≤ 30': uniform(-30, 30),
        '|x| ≤ 3': uniform(-3, 3),
        'around the polynomial boundary 0.25': uniform(0.2, 0.3),
        'small |x|': log_uniform(1e-12, 0.25, (1, -1)),
        'near saturation': uniform(15, 22),
    }, [0.25, -0.25, 0.24999999999999997, 0.5, 0.5493061443340549, 1.0, -1.0, 7.450580596923828e-9,
        7.450580596923827e-9, 1e-300, 5e-324, 19.06, 21.999999999999996]),
    'cos2pi': (lambda t: mp.cospi(2 * t), {
        'Box–Muller angles k/2^32': turns(),
        'general |t| ≤ 1000': uniform(-1000, 1000),
        'near quarter turns': lambda: rng.choice([0.25, 0.5, 0.75, 1.0]) + rng.uniform(-1e-6, 1e-6),
    }, [0.0, 0.125, 0.25, 0.375, 0.5, 0.75, 1 / 3, 2 ** -32, 1 - 2 ** -32, 0.25 - 2 ** -32, 0.25 + 2 ** -32, 1e-20]),
}

out = {}
for name, (f, ranges, extra) in FUNCTIONS.items():
    groups = {}
    for label, draw in ranges.items():
        groups[label] = [p for p in (reference(f, draw()) for _ in range(PER_RANGE)) if p]
    groups['hand-picked edges'] = [p for p in (reference(f, x) for x in extra) if p]
    out[name] = groups
    print(f'{name}: {sum(len(g) for g in groups.values())} points', file=sys.stderr)

OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(json.dumps({
    'about': 'function → range → points [x, hi, d]: hi = f(x) correctly rounded, d = (f(x) − hi)/ulp(f(x)); '
             'from scripts/libm-reference.py (mpmath)',
    **out,
}, separators=(',', ':'), ensure_ascii=False) + '\n')
print(f'wrote {OUT} ({OUT.stat().st_size} bytes)', file=sys.stderr)
