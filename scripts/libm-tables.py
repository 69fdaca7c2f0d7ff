#!/usr/bin/env python3
"""Constants, tables and polynomial coefficients of src/engine/libm.ts, computed with mpmath.

    python3 scripts/libm-tables.py            # rewrites src/engine/libm-tables.ts
    python3 scripts/libm-tables.py --check    # fails if the file differs from what this computes

Every number is rounded once from a 100-digit value to the nearest double; the file prints
them as the shortest decimal that reads back as that double (Python's repr), which every
JavaScript engine parses to the same bits. Polynomials are Chebyshev fits (mpmath.chebyfit,
near-minimax); each fit's error, measured on the rounded coefficients, is printed and stated
next to it in the file.
"""

import sys
from pathlib import Path

import mpmath as mp

mp.mp.dps = 100
OUT = Path(__file__).resolve().parent.parent / 'src' / 'engine' / 'libm-tables.ts'


def d(v) -> float:
    """Nearest double (mpmath rounds to nearest on conversion)."""
    return float(mp.mpf(v))


def js(v: float) -> str:
    s = repr(float(v))
    if s.endswith('.0'):
        s = s[:-2]
    return s


def multiple_of(v, quantum):
    """v rounded to the nearest multiple of `quantum` (a power of two), as a double."""
    return d(mp.nint(mp.mpf(v) / quantum) * quantum)


def nodes(lo, hi, count=240):
    """Chebyshev points of [lo, hi] (with the end points), none at 0."""
    lo, hi = mp.mpf(lo), mp.mpf(hi)
    pts = [lo, hi] + [(lo + hi) / 2 + (hi - lo) / 2 * mp.cos(mp.pi * (i + mp.mpf(1) / 2) / count) for i in range(count)]
    return [t for t in pts if t != 0]


def fit(target, powers, scale, lo, hi):
    """Coefficients c_i (doubles) minimising max |(target(t) − Σ c_i·t^powers[i]) · scale(t)| on [lo, hi].

    Weighted least squares on Chebyshev points, reweighted by Lawson's algorithm towards the
    minimax fit. Coefficients are rounded one at a time, lowest power first, and the others
    refitted to what is left, so the higher terms absorb the rounding of the lower ones.
    """
    pts = nodes(lo, hi)
    rows = [[t ** p * scale(t) for p in powers] for t in pts]
    rhs = [target(t) * scale(t) for t in pts]
    fixed: list[float] = []
    for i in range(len(powers)):
        cols = list(range(i, len(powers)))
        b = [rhs[r] - sum(mp.mpf(fixed[k]) * rows[r][k] for k in range(i)) for r in range(len(pts))]
        w = [mp.mpf(1)] * len(pts)
        for _ in range(40):
            A = mp.matrix([[rows[r][c] * mp.sqrt(w[r]) for c in cols] for r in range(len(pts))])
            y = mp.matrix([b[r] * mp.sqrt(w[r]) for r in range(len(pts))])
            sol, _res = mp.qr_solve(A, y)
            err = [abs(b[r] - sum(sol[j] * rows[r][c] for j, c in enumerate(cols))) for r in range(len(pts))]
            total = sum(w[r] * err[r] for r in range(len(pts)))
            if total == 0:
                break
            w = [w[r] * err[r] / total for r in range(len(pts))]
        fixed.append(d(sol[0]))
    return fixed


def horner(coeffs, x):
    acc = mp.mpf(0)
    for c in reversed(coeffs):
        acc = acc * x + mp.mpf(c)
    return acc


def max_error(err, lo, hi, samples=4001):
    """max |err(t)| over a grid of [lo, hi] (the end points included)."""
    worst = mp.mpf(0)
    for i in range(samples):
        t = mp.mpf(lo) + (mp.mpf(hi) - mp.mpf(lo)) * i / (samples - 1)
        if t == 0:
            continue
        worst = max(worst, abs(err(t)))
    return worst


def log2s(v) -> str:
    return 'exact' if v == 0 else f'2^{float(mp.log(v, 2)):.1f}'


lines: list[str] = []
report: list[str] = []


def emit(text: str = '') -> None:
    lines.append(text)


def array(name: str, values, doc: str) -> None:
    emit(f'/** {doc} */')
    emit(f'export const {name} = new Float64Array([')
    for i in range(0, len(values), 4):
        emit('  ' + ', '.join(js(v) for v in values[i:i + 4]) + ',')
    emit(']);')
    emit()


def const(name: str, value: float, doc: str) -> None:
    if doc:
        emit(f'/** {doc} */')
    emit(f'export const {name} = {js(value)};')


# ---------------------------------------------------------------------------------------
# exp: x = k·ln2/N + r, |r| ≤ ln2/(2N); exp(x) = 2^(k/N) · exp(r), 2^(k/N) = 2^⌊k/N⌋ · T[k mod N].
EXP_BITS = 7
N = 2 ** EXP_BITS
ln2 = mp.log(2)
inv_ln2_n = d(N / ln2)
# ln2/N = hi + lo with hi having 35 significant bits: k·hi is exact for |k| < 2^18 (|x| < 1400).
ln2_n = ln2 / N
q = mp.mpf(2) ** (mp.floor(mp.log(ln2_n, 2)) - 34)
ln2_hi_n = multiple_of(ln2_n, q)
ln2_lo_n = d(ln2_n - mp.mpf(ln2_hi_n))
exp_t = [d(mp.mpf(2) ** (mp.mpf(j) / N)) for j in range(N)]
exp_tail = [d((mp.mpf(2) ** (mp.mpf(j) / N) - mp.mpf(exp_t[j])) / mp.mpf(exp_t[j])) for j in range(N)]
# |r| ≤ ln2/(2N) plus the slack of rounding x·N/ln2 before rounding it to an integer.
exp_r = ln2 / (2 * N) * (1 + mp.mpf(2) ** -40) + mp.mpf(2) ** -45
exp_poly = fit(lambda r: mp.exp(r) - 1 - r, [2, 3, 4, 5], lambda r: 1 / mp.exp(r), -exp_r, exp_r)
exp_err = max_error(lambda r: (1 + r + r * r * horner(exp_poly, r)) / mp.exp(r) - 1, -exp_r, exp_r)
report.append(f'exp: |exp(r)/(1 + r + r²·P(r)) − 1| ≤ {log2s(exp_err)} on |r| ≤ {float(exp_r):.6g}')

# ---------------------------------------------------------------------------------------
# log: x = 2^k · m, m in [√2/2, √2); c = j/256 with j = round(256·m); r = (m − c)/c;
# log(x) = k·ln2 + log(c) + log1p(r).
LOG_SCALE = 256
LOG_FIRST = 181  # round(256·√2/2)
LOG_LAST = 362  # round(256·√2)
# ln2 and log(c) rounded to multiples of 2^-43: k·ln2_hi (|k| ≤ 1075) and k·ln2_hi + logc_hi are exact.
LOG_QUANTUM = mp.mpf(2) ** -43
ln2_hi = multiple_of(ln2, LOG_QUANTUM)
ln2_lo = d(ln2 - mp.mpf(ln2_hi))
logc_hi = []
logc_lo = []
inv_c = [d(mp.mpf(LOG_SCALE) / j) for j in range(LOG_FIRST, LOG_LAST + 1)]
for j in range(LOG_FIRST, LOG_LAST + 1):
    lc = mp.log(mp.mpf(j) / LOG_SCALE)
    hi = multiple_of(lc, LOG_QUANTUM)
    logc_hi.append(hi)
    logc_lo.append(d(lc - mp.mpf(hi)))
log_r = (mp.mpf(1) / (2 * LOG_SCALE)) / (mp.mpf(LOG_FIRST) / LOG_SCALE)
log_poly = fit(lambda r: mp.log1p(r) - r + r * r / 2, [3, 4, 5, 6, 7], lambda r: 1 / mp.log1p(r), -log_r, log_r)
log_err = max_error(lambda r: (r - r * r / 2 + r ** 3 * horner(log_poly, r)) / mp.log1p(r) - 1, -log_r, log_r)
report.append(f'log: |(r − r²/2 + r³·Q(r))/log1p(r) − 1| ≤ {log2s(log_err)} on |r| ≤ {float(log_r):.6g}')

# ---------------------------------------------------------------------------------------
# tanh for |x| < TANH_SMALL: x + x³·P(x²).
TANH_SMALL = mp.mpf('0.25')
tanh_poly = fit(lambda x: mp.tanh(x) - x, [3, 5, 7, 9, 11, 13, 15, 17], lambda x: 1 / mp.tanh(x), 0, TANH_SMALL)
tanh_err = max_error(lambda x: (x + x ** 3 * horner(tanh_poly, x * x)) / mp.tanh(x) - 1, 0, TANH_SMALL)
report.append(f'tanh: |(x + x³·P(x²))/tanh(x) − 1| ≤ {log2s(tanh_err)} on |x| ≤ {float(TANH_SMALL)}')

# ---------------------------------------------------------------------------------------
# sin and cos on |x| ≤ π/4: sin x = x + x³·S(x²), cos x = 1 − x²/2 + x⁴·C(x²).
PI4 = mp.pi / 4
sin_poly = fit(lambda x: mp.sin(x) - x, [3, 5, 7, 9, 11, 13], lambda x: 1 / mp.sin(x), 0, PI4)
sin_err = max_error(lambda x: (x + x ** 3 * horner(sin_poly, x * x)) / mp.sin(x) - 1, 0, PI4)
cos_poly = fit(lambda x: mp.cos(x) - 1 + x * x / 2, [4, 6, 8, 10, 12, 14], lambda x: 1, 0, PI4)
cos_err = max_error(lambda x: (1 - x * x / 2 + x ** 4 * horner(cos_poly, x * x)) - mp.cos(x), 0, PI4)
report.append(f'sin: relative error ≤ {log2s(sin_err)}; cos: absolute error ≤ {log2s(cos_err)} on |x| ≤ π/4')
two_pi = 2 * mp.pi
two_pi_hi = d(two_pi)
two_pi_lo = d(two_pi - mp.mpf(two_pi_hi))

# ---------------------------------------------------------------------------------------
emit('// Generated by scripts/libm-tables.py (mpmath, 100 digits, each value rounded once to the')
emit('// nearest double) — do not edit; rerun the script. Used by libm.ts, which explains the algorithms.')
emit()
emit(f'// exp: x = k·ln2/{N} + r; exp(x) = 2^⌊k/{N}⌋ · EXP_T[k mod {N}] · (1 + EXP_TAIL[k mod {N}]) · exp(r).')
emit(f'export const EXP_TABLE_BITS = {EXP_BITS};')
const('EXP_INV_LN2_N', inv_ln2_n, f'{N}/ln2.')
const('EXP_LN2_HI_N', ln2_hi_n, f'ln2/{N}, leading 35 bits: k·EXP_LN2_HI_N is exact for |k| < 2^18.')
const('EXP_LN2_LO_N', ln2_lo_n, f'ln2/{N} − EXP_LN2_HI_N.')
emit(f'// exp(r) ≈ 1 + r + r²·(C2 + C3·r + C4·r² + C5·r³); relative error ≤ {log2s(exp_err)} for |r| ≤ {float(exp_r):.6g}.')
for i, c in enumerate(exp_poly):
    const(f'EXP_C{i + 2}', c, f'≈ 1/{int(mp.factorial(i + 2))}')
emit()
array('EXP_T', exp_t, f'2^(j/{N}) rounded, j = 0 … {N - 1}.')
array('EXP_TAIL', exp_tail, f'(2^(j/{N}) − EXP_T[j]) / EXP_T[j]: what the rounding of EXP_T left out.')

emit(f'// log: x = 2^k·m, m ∈ [√2/2, √2), c = j/{LOG_SCALE} with j = round({LOG_SCALE}·m) ∈ [{LOG_FIRST}, {LOG_LAST}], r = (m − c)/c.')
emit(f'export const LOG_SCALE = {LOG_SCALE};')
emit(f'export const LOG_FIRST = {LOG_FIRST};')
const('LOG_LN2_HI', ln2_hi, 'ln2 as a multiple of 2^−43: k·LOG_LN2_HI (|k| ≤ 1075) and k·LOG_LN2_HI + LOG_C_HI[·] are exact.')
const('LOG_LN2_LO', ln2_lo, 'ln2 − LOG_LN2_HI.')
emit(f'// log1p(r) ≈ r − r²/2 + r³·(B3 + B4·r + … + B7·r⁴); relative error ≤ {log2s(log_err)} for |r| ≤ {float(log_r):.6g}.')
for i, c in enumerate(log_poly):
    const(f'LOG_B{i + 3}', c, f'≈ {"" if i % 2 == 0 else "−"}1/{i + 3}')
emit()
array('LOG_C_HI', logc_hi, f'log(j/{LOG_SCALE}) as a multiple of 2^−43, j = {LOG_FIRST} … {LOG_LAST}.')
array('LOG_C_LO', logc_lo, f'log(j/{LOG_SCALE}) − LOG_C_HI[j − {LOG_FIRST}].')
array('LOG_INV_C', inv_c, f'{LOG_SCALE}/j rounded, j = {LOG_FIRST} … {LOG_LAST}.')

emit(f'// tanh x ≈ x + x³·(P0 + P1·x² + … + P7·x¹⁴) for |x| ≤ {float(TANH_SMALL)}; relative error ≤ {log2s(tanh_err)}.')
const('TANH_SMALL', d(TANH_SMALL), 'Below this |x|, the polynomial; above, the exp form.')
for i, c in enumerate(tanh_poly):
    const(f'TANH_P{i}', c, '')
emit()
emit(f'// On |x| ≤ π/4: sin x ≈ x + x³·(S1 + S2·x² + … + S6·x¹⁰), relative error ≤ {log2s(sin_err)};')
emit(f'// cos x ≈ 1 − x²/2 + x⁴·(C1 + C2·x² + … + C6·x¹⁰), absolute error ≤ {log2s(cos_err)}.')
for i, c in enumerate(sin_poly):
    const(f'SIN_S{i + 1}', c, '')
for i, c in enumerate(cos_poly):
    const(f'COS_C{i + 1}', c, '')
const('TWO_PI_HI', two_pi_hi, '2π rounded.')
const('TWO_PI_LO', two_pi_lo, '2π − TWO_PI_HI.')

text = '\n'.join(lines).rstrip() + '\n'

for line in report:
    print(line, file=sys.stderr)
if '--check' in sys.argv:
    current = OUT.read_text() if OUT.exists() else ''
    if current != text:
        print(f'{OUT} differs from what scripts/libm-tables.py computes', file=sys.stderr)
        sys.exit(1)
    print(f'{OUT} is up to date', file=sys.stderr)
else:
    OUT.write_text(text)
    print(f'wrote {OUT}', file=sys.stderr)
