// What a step's figure shows, computed here so the views only draw: activation curves
// (the engine's own f and f'), a histogram of a layer's batch values, the ravine's
// descent paths (the engine's update kernels) and a gradient check's error against ε.

import { bin, extent } from 'd3';
import { activate, activationDerivative } from '../engine/activations';
import type { HiddenActivation } from '../engine/types';
import { currentFrame } from '../session/history';
import { descend, ravineLoss, type RavineRun } from './ravine';
import type { LessonRun } from './runtime';
import type { FigureSpec } from './schema';

export interface Curve {
  readonly kind: HiddenActivation;
  readonly z: readonly number[];
  readonly f: readonly number[];
  readonly fprime: readonly number[];
}

export interface ActivationFigure {
  readonly kind: 'activation';
  readonly curves: readonly Curve[];
  readonly from: number;
  readonly to: number;
  /** A z to mark on every curve, with f and f' there. */
  readonly mark: { readonly z: number; readonly points: readonly { kind: HiddenActivation; f: number; fprime: number }[] } | null;
}

export interface HistogramFigure {
  readonly kind: 'histogram';
  readonly of: 'z' | 'a' | 'fprime' | 'delta';
  /** The report's 1-based layer. */
  readonly layer: number;
  readonly bins: readonly { readonly x0: number; readonly x1: number; readonly count: number }[];
  readonly count: number;
  readonly mean: number;
  readonly std: number;
}

export interface RavineFigure {
  readonly kind: 'ravine';
  readonly steep: number;
  readonly gentle: number;
  readonly runs: readonly { readonly momentum: number; readonly run: RavineRun }[];
  /** Loss levels of the drawn contours. */
  readonly levels: readonly number[];
  /** What the plot spans along the ravine (θ₂, across the page) and across it (θ₁, up the page). */
  readonly along: readonly [number, number];
  readonly across: readonly [number, number];
}

export interface GradcheckFigure {
  readonly kind: 'gradcheck';
  readonly label: string;
  readonly backprop: number;
  readonly points: readonly { readonly eps: number; readonly error: number }[];
}

export type Figure = ActivationFigure | HistogramFigure | RavineFigure | GradcheckFigure;

const SAMPLES = 241;

function activationFigure(spec: Extract<FigureSpec, { activation: unknown }>['activation'], run: LessonRun): ActivationFigure {
  const kinds = spec.kinds as HiddenActivation[];
  const c = currentFrame(run.live().context.history).start.net.improvedSigmoidC;
  const z = Array.from({ length: SAMPLES }, (_, i) => spec.from + ((spec.to - spec.from) * i) / (SAMPLES - 1));
  const curves = kinds.map((kind) => ({ kind, z, f: z.map((v) => activate(kind, v, c)), fprime: z.map((v) => activationDerivative(kind, v, c)) }));
  const markZ = spec.mark === undefined ? null : run.evaluate(spec.mark);
  return {
    kind: 'activation',
    curves,
    from: spec.from,
    to: spec.to,
    mark: markZ === null ? null : { z: markZ, points: kinds.map((kind) => ({ kind, f: activate(kind, markZ, c), fprime: activationDerivative(kind, markZ, c) })) },
  };
}

function histogramFigure(spec: Extract<FigureSpec, { histogram: unknown }>['histogram'], run: LessonRun): HistogramFigure {
  const frame = currentFrame(run.live().context.history);
  const values = frame.quantities[spec.of][spec.layer - 1];
  if (!values) throw new Error(`${spec.of} of layer ${spec.layer} is not computed yet`);
  const data = Array.from(values);
  const [lo, hi] = extent(data) as [number, number];
  const bins = bin()
    .domain(lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi])
    .thresholds(spec.bins)(data)
    .map((b) => ({ x0: b.x0!, x1: b.x1!, count: b.length }));
  const mean = data.reduce((s, v) => s + v, 0) / data.length;
  const std = Math.sqrt(data.reduce((s, v) => s + (v - mean) ** 2, 0) / data.length);
  return { kind: 'histogram', of: spec.of, layer: spec.layer, bins, count: data.length, mean, std };
}

function ravineFigure(spec: Extract<FigureSpec, { ravine: unknown }>['ravine'], run: LessonRun): RavineFigure {
  const value = (v: string | number) => run.evaluate(v);
  const steep = value(spec.steep);
  const gentle = value(spec.gentle);
  const start: [number, number] = [spec.x0 === undefined ? 1 : value(spec.x0), spec.y0 === undefined ? 1 : value(spec.y0)];
  const lr = value(spec.lr);
  const steps = value(spec.steps);
  const geometry = { steep, gentle, start };
  const runs = spec.momentum.map((m) => {
    const momentum = value(m);
    return { momentum, run: descend(geometry, steps, lr, momentum) };
  });
  const points = runs.flatMap((r) => r.run.path);
  const span = (values: number[]): [number, number] => {
    const lo = Math.min(0, ...values);
    const hi = Math.max(0, ...values);
    const pad = (hi - lo) * 0.08 || 1;
    return [lo - pad, hi + pad];
  };
  const along = span(points.map((p) => p[1]));
  const across = span(points.map((p) => p[0]));
  // Contours from the start's level down, each a third of the one before.
  const top = ravineLoss(geometry, start);
  const levels = Array.from({ length: 8 }, (_, i) => top / 3 ** i);
  return { kind: 'ravine', steep, gentle, runs, levels, along, across };
}

function gradcheckFigure(spec: Extract<FigureSpec, { gradcheck: unknown }>['gradcheck'], run: LessonRun): GradcheckFigure {
  const { layer, to, from } = spec;
  const backprop = run.evaluate(`grad64_w(${layer}, ${to}, ${from})`);
  const points = spec.eps.map((eps) => ({ eps, error: Math.abs(run.evaluate(`numgrad_w(${layer}, ${to}, ${from}, ${eps})`) - backprop) }));
  return { kind: 'gradcheck', label: `w of layer ${layer}, unit ${to} ← ${from}`, backprop, points };
}

/** The figure of the current step on the live machine, or null when the step has none. */
export function figureOf(run: LessonRun): Figure | null {
  const spec = run.step.spec.figure;
  if (!spec) return null;
  if ('activation' in spec) return activationFigure(spec.activation, run);
  if ('histogram' in spec) return histogramFigure(spec.histogram, run);
  if ('ravine' in spec) return ravineFigure(spec.ravine, run);
  return gradcheckFigure(spec.gradcheck, run);
}
