// Numbers in the debugger's equations: 4 significant digits by default, small and large
// magnitudes in scientific notation (plain-text read-outs use src/render/colour.ts
// formatValue), and bytes for the memory read-out.

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
