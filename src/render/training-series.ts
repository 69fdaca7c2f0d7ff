// Training curves as chart series: a run's checks → train/validation/test lines of one
// metric against steps or epochs; several runs → one line per run, or per setup the mean
// over its seeds with a min–max band; and the CSV of the numbers behind them.

import { schemeTableau10 } from 'd3';
import type { SetMetrics } from '../engine/evaluate';
import type { RunResult } from '../experiments/experiment-results';
import type { CheckResult } from '../engine/training';
import type { ChartMarker, ChartPoint, ChartSeries } from './chart-scales';
import { plural } from '../format';

export type XUnit = 'steps' | 'epochs';
export type Metric = 'loss' | 'accuracy';
export type SetName = 'train' | 'validation' | 'test';

export const SET_COLOURS: Record<SetName, string> = { train: '#2563eb', validation: '#ea580c', test: '#16a34a' };
export const SET_LABELS: Record<SetName, string> = { train: 'train', validation: 'validation', test: 'test' };
export const RUN_PALETTE: readonly string[] = schemeTableau10;

/** The axis titles, with units. */
export const X_TITLES: Record<XUnit, string> = { steps: 'gradient steps (mini-batches)', epochs: 'epochs (passes over the training set)' };
export const Y_TITLES: Record<Metric, string> = { loss: 'cross-entropy loss (nats per image)', accuracy: 'accuracy (%)' };

export function xOf(check: CheckResult, unit: XUnit): number {
  return unit === 'steps' ? check.step : check.epoch;
}

/** Accuracy in percent, loss as is. */
export function metricOf(m: SetMetrics, metric: Metric): number {
  return metric === 'accuracy' ? 100 * m.accuracy : m.loss;
}

function setOf(check: CheckResult, set: SetName): SetMetrics | null {
  return set === 'train' ? check.train : set === 'validation' ? check.validation : check.test;
}

/** One run: a line per set that was measured. */
export function runSeries(checks: readonly CheckResult[], metric: Metric, unit: XUnit): ChartSeries[] {
  const sets: SetName[] = ['train', 'validation', 'test'];
  return sets
    .map((set) => ({
      id: set,
      label: SET_LABELS[set],
      colour: SET_COLOURS[set],
      dash: set === 'train' ? '5 3' : undefined,
      points: checks.flatMap((c) => {
        const m = setOf(c, set);
        return m ? [{ x: xOf(c, unit), y: metricOf(m, metric) }] : [];
      }),
    }))
    .filter((s) => s.points.length > 0);
}

/**
 * Vertical markers of a finished run: where early stopping stopped it, and the check with the
 * lowest validation loss (whose weights it restored, when restoring is on).
 */
export function stopMarkers(checks: readonly CheckResult[], result: Pick<RunResult, 'stopReason' | 'best' | 'restoredBest'>, patience: number | null, unit: XUnit): ChartMarker[] {
  if (result.stopReason !== 'early-stopping' || checks.length === 0) return [];
  const stop = checks[checks.length - 1];
  const best = result.best ? checks.find((c) => c.step === result.best!.step) : undefined;
  const markers: ChartMarker[] = [];
  if (best) markers.push({ x: xOf(best, unit), label: result.restoredBest ? 'best (restored)' : 'best', short: 'best', colour: '#7c3aed' });
  markers.push({ x: xOf(stop, unit), label: `early stop${patience ? ` (${plural(patience, 'rise')})` : ''}`, short: 'stop', colour: '#dc2626' });
  return markers;
}

export interface OverlayRun {
  readonly id: string;
  readonly label: string;
  /** Runs with equal setups (config without the seed) are averaged together. */
  readonly setup: string;
  readonly checks: readonly CheckResult[];
}

/** Points of one set/metric of a run. */
function points(run: OverlayRun, set: SetName, metric: Metric, unit: XUnit): ChartPoint[] {
  return run.checks.flatMap((c) => {
    const m = setOf(c, set);
    return m ? [{ x: xOf(c, unit), y: metricOf(m, metric) }] : [];
  });
}

/**
 * Several runs on one chart. Each setup gets a colour; a setup run over several seeds is
 * drawn as the mean at each x the runs share, with the min–max over the seeds as a band.
 */
export function overlaySeries(runs: readonly OverlayRun[], set: SetName, metric: Metric, unit: XUnit, labelOf: (setup: string, runs: readonly OverlayRun[]) => string): ChartSeries[] {
  const groups = new Map<string, OverlayRun[]>();
  for (const run of runs) groups.set(run.setup, [...(groups.get(run.setup) ?? []), run]);
  return [...groups].map(([setup, members], i) => {
    const colour = RUN_PALETTE[i % RUN_PALETTE.length];
    if (members.length === 1) return { id: members[0].id, label: labelOf(setup, members), colour, points: points(members[0], set, metric, unit) };
    // Mean and min–max at each x that every seed reached (seeds may stop at different steps).
    const perRun = members.map((r) => new Map(points(r, set, metric, unit).map((p) => [p.x, p.y])));
    const xs = [...perRun[0].keys()].filter((x) => perRun.every((m) => m.has(x))).sort((a, b) => a - b);
    const mean: ChartPoint[] = [];
    const band: { x: number; low: number; high: number }[] = [];
    for (const x of xs) {
      const ys = perRun.map((m) => m.get(x)!);
      mean.push({ x, y: ys.reduce((s, v) => s + v, 0) / ys.length });
      band.push({ x, low: Math.min(...ys), high: Math.max(...ys) });
    }
    return { id: setup, label: labelOf(setup, members), colour, points: mean, band };
  });
}

const CSV_COLUMNS = ['run', 'seed', 'step', 'epoch', 'train_loss', 'train_accuracy', 'validation_loss', 'validation_accuracy', 'test_loss', 'test_accuracy', 'training_ms'];

function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : String(value);
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One row per check of each run, full precision; accuracy as a fraction in [0, 1]. */
export function checksCsv(runs: readonly { readonly label: string; readonly seed: number; readonly checks: readonly CheckResult[] }[]): string {
  const rows = runs.flatMap((run) =>
    run.checks.map((c) =>
      [
        run.label,
        run.seed,
        c.step,
        c.epoch,
        c.train.loss,
        c.train.accuracy,
        c.validation.loss,
        c.validation.accuracy,
        c.test?.loss ?? null,
        c.test?.accuracy ?? null,
        c.trainingMs,
      ]
        .map(csvField)
        .join(','),
    ),
  );
  return [CSV_COLUMNS.join(','), ...rows].join('\n') + '\n';
}
