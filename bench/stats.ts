// Small helpers shared by the benchmarks: robust summaries and fixed-width output.

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function formatRate(samplesPerSecond: number): string {
  return Math.round(samplesPerSecond).toLocaleString('en-US');
}

export function verdict(pass: boolean): string {
  return pass ? 'PASS' : 'FAIL';
}

/** The 1-minute load average where the OS reports one (0 where it does not). */
export async function loadAverage(): Promise<number> {
  try {
    const os = await import('node:os');
    return os.loadavg()[0];
  } catch {
    return 0;
  }
}
