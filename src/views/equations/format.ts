// Numbers as the debugger shows them: 4 significant digits by default, small and large
// magnitudes in scientific notation, the minus sign as a real minus. Plain text for the
// tables, TeX for the equations.

const MINUS = '−';

function parts(x: number, digits: number): { mantissa: string; exponent: number | null } {
  if (x === 0) return { mantissa: '0', exponent: null };
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e5) {
    // toPrecision then drop trailing zeros: 0.2500 → 0.25, 12.00 → 12
    let s = a.toPrecision(digits);
    if (s.includes('e')) s = String(Number(s));
    if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
    return { mantissa: s, exponent: null };
  }
  const [m, e] = a.toExponential(digits - 1).split('e');
  const mantissa = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
  return { mantissa, exponent: Number(e) };
}

/** Plain text: 0.2331, −0.0871, 1.23e−5, NaN, ∞. */
export function formatNumber(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined) return '—';
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : `${MINUS}∞`;
  const { mantissa, exponent } = parts(x, digits);
  const sign = x < 0 ? MINUS : '';
  return exponent === null ? `${sign}${mantissa}` : `${sign}${mantissa}e${exponent < 0 ? MINUS : ''}${Math.abs(exponent)}`;
}

/** TeX: 0.2331, -0.0871, 1.23\times10^{-5}. */
export function texNumber(x: number, digits = 4): string {
  if (Number.isNaN(x)) return '\\text{NaN}';
  if (!Number.isFinite(x)) return x > 0 ? '\\infty' : '-\\infty';
  const { mantissa, exponent } = parts(x, digits);
  const sign = x < 0 ? '-' : '';
  return exponent === null ? `${sign}${mantissa}` : `${sign}${mantissa}\\times 10^{${exponent}}`;
}

/** A factor in a product: negative numbers in parentheses. */
export function texFactor(x: number, digits = 4): string {
  return x < 0 || (!Number.isFinite(x) && !Number.isNaN(x)) || Math.abs(x) >= 1e5 || (x !== 0 && Math.abs(x) < 1e-3) ? `\\left(${texNumber(x, digits)}\\right)` : texNumber(x, digits);
}

/** Bytes as MiB/GiB for the memory read-out. */
export function formatBytes(bytes: number): string {
  const mib = bytes / 2 ** 20;
  return mib >= 1024 ? `${(mib / 1024).toFixed(2)} GiB` : mib >= 10 ? `${mib.toFixed(0)} MiB` : `${mib.toFixed(1)} MiB`;
}
