// Numbers as the read-outs show them (inspector, status line, tooltips, lessons).

import { format } from 'd3';

/** A value as a readout shows it: 4 significant digits, true minus, NaN and ±∞ spelled out. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+∞' : '−∞';
  if (value === 0) return '0';
  const a = Math.abs(value);
  const text = a >= 1e-3 && a < 1e5 ? format('.4~r')(value) : format('.3~e')(value);
  return text.replace('-', '−');
}
