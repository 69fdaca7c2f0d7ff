// Quantities with a unit: sizes in bytes, durations, percentages of a fraction, and dates.

import { formatNumber } from './number';

/** Bytes as MiB/GiB (binary), for the history's memory read-out: "12.5 MiB", "1.50 GiB". */
export function formatBytes(bytes: number): string {
  const mib = bytes / 2 ** 20;
  return mib >= 1024 ? `${(mib / 1024).toFixed(2)} GiB` : mib >= 10 ? `${mib.toFixed(0)} MiB` : `${mib.toFixed(1)} MiB`;
}

/** Bytes as decimal megabytes, as file managers show a file: 216_000_000 → "216 MB", 1.5e6 → "1.5 MB". */
export function megabytes(bytes: number): string {
  const mb = bytes / 1e6;
  return `${mb >= 10 ? formatNumber(mb, { kind: 'int' }).text : formatNumber(mb, { kind: 'sig', digits: 2 }).text} MB`;
}

/** `digits` decimals, with separators and a true minus: fixed(12345.678, 1) → "12,345.7". */
export const fixed = (value: number, digits: number): string => formatNumber(value, { kind: 'fixed', digits }).text;

/** A fraction as a percentage: percent(0.98765) → "98.77 %". */
export const percent = (fraction: number, digits = 2): string => formatNumber(fraction, { kind: 'percent', digits }).text;

/** A duration: "0.4 s", "12 s", "1 min 05 s". */
export function formatDuration(seconds: number): string {
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

const WHEN = new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', timeStyle: 'short' });

/** A Date.now() time → "28/11/2025, 19:02". */
export const formatWhen = (t: number): string => WHEN.format(t);
