// The comparison table of finished runs — the report's figures 2.1–4.3 side by side — as
// columns with one definition each, so the CLI's markdown and the browser's table show the
// same numbers with the same rounding. A row is one setup: one run, or repeats over seeds
// shown as mean ± sample standard deviation.

import { spread, type RunResult, type Spread } from './experiment-results';
import { fixed, grouped } from '../format';

export interface ComparedRun {
  readonly seed: number;
  readonly result: RunResult;
  /** Wall time of the run, checks and final evaluation included. */
  readonly wallSeconds: number;
}

export interface ComparisonRow {
  /** e.g. "3c + fan-in normal init". */
  readonly label: string;
  /** e.g. "784-64-10 improved-sigmoid". */
  readonly architecture: string;
  readonly runs: readonly ComparedRun[];
}

export interface NumericColumn {
  readonly key: string;
  readonly header: string;
  /** Shown after the header in the CLI and under it in the browser: '%', 's', ''. */
  readonly unit: string;
  readonly value: (run: ComparedRun) => number | null;
  /** Formats one value (already in the column's unit). */
  readonly format: (value: number) => string;
}

const percent = (m: { accuracy: number } | null) => (m ? 100 * m.accuracy : null);
const fixedTo = (digits: number) => (v: number) => fixed(v, digits);

export const NUMERIC_COLUMNS: readonly NumericColumn[] = [
  { key: 'trainAccuracy', header: 'train acc', unit: '%', value: (r) => percent(r.result.final.train), format: fixedTo(2) },
  { key: 'validationAccuracy', header: 'val acc', unit: '%', value: (r) => percent(r.result.final.validation), format: fixedTo(2) },
  { key: 'testAccuracy', header: 'test acc', unit: '%', value: (r) => percent(r.result.final.test), format: fixedTo(2) },
  { key: 'trainLoss', header: 'train loss', unit: '', value: (r) => r.result.final.train.loss, format: fixedTo(4) },
  { key: 'validationLoss', header: 'val loss', unit: '', value: (r) => r.result.final.validation.loss, format: fixedTo(4) },
  { key: 'testLoss', header: 'test loss', unit: '', value: (r) => r.result.final.test?.loss ?? null, format: fixedTo(4) },
  { key: 'epochs', header: 'epochs', unit: '', value: (r) => r.result.epochs, format: fixedTo(2) },
  { key: 'steps', header: 'steps', unit: '', value: (r) => r.result.steps, format: grouped },
  { key: 'wallSeconds', header: 'wall time', unit: 's', value: (r) => r.wallSeconds, format: fixedTo(1) },
  { key: 'parameters', header: 'parameters', unit: '', value: (r) => r.result.parameters, format: grouped },
];

/** How a run stopped, in words: the table's stop column and the CLI's progress lines. */
export const STOP_LABELS = { 'early-stopping': 'early stop', 'max-epochs': 'max epochs', diverged: 'diverged', stopped: 'stopped by hand' } as const;

/** How the runs of a row stopped: "early stop", or "early stop ×2, max epochs ×1". */
export function stopCell(runs: readonly ComparedRun[]): string {
  const counts = new Map<string, number>();
  for (const r of runs) counts.set(STOP_LABELS[r.result.stopReason], (counts.get(STOP_LABELS[r.result.stopReason]) ?? 0) + 1);
  if (counts.size === 1 && runs.length === 1) return [...counts.keys()][0];
  return [...counts].map(([label, n]) => `${label} ×${n}`).join(', ');
}

/** The values of one column over a row's runs (runs without a value, e.g. no test set, are left out). */
export function columnSpread(column: NumericColumn, runs: readonly ComparedRun[]): Spread {
  return spread(runs.map(column.value).filter((v): v is number => v !== null && Number.isFinite(v)));
}

/** One cell: "94.30", or "94.30 ± 0.27" over several seeds; "—" when there is no value. */
export function formatCell(column: NumericColumn, runs: readonly ComparedRun[]): string {
  const s = columnSpread(column, runs);
  if (s.n === 0) return '—';
  // A value that cannot differ between seeds (the parameter count) shows no spread.
  if (s.n === 1 || column.key === 'parameters') return column.format(s.mean);
  return `${column.format(s.mean)} ± ${column.format(s.sd)}`;
}

/** The table as GitHub markdown: setup, net, seeds, the numeric columns, and how the runs stopped. */
export function comparisonMarkdown(rows: readonly ComparisonRow[]): string {
  const header = ['setup', 'net', 'seeds', ...NUMERIC_COLUMNS.map((c) => (c.unit ? `${c.header} (${c.unit})` : c.header)), 'stop'];
  const body = rows.map((row) => [
    row.label,
    row.architecture,
    row.runs.map((r) => r.seed).join(', '),
    ...NUMERIC_COLUMNS.map((c) => formatCell(c, row.runs)),
    stopCell(row.runs),
  ]);
  const numeric = new Set(NUMERIC_COLUMNS.map((_, i) => i + 3));
  const line = (cells: string[]) => '| ' + cells.join(' | ') + ' |';
  const rule = header.map((_, i) => (numeric.has(i) ? '---:' : '---'));
  return [line(header), line(rule), ...body.map(line)].join('\n') + '\n';
}
