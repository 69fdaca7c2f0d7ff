// The gradient check view's numbers (the report's task 2b): for a parameter of the current
// batch, backprop's ∂C/∂w beside the central difference (C(w + ε) − C(w − ε)) / 2ε, both
// in float64 on a copy of the frame's weights and batch (src/engine/gradcheck.ts), and
// optionally the same in float32 to show why the check needs float64.
//
// The weights are those the batch started from (before its update), so the analytic
// value is the one the debugger's gradients step computes for this batch.

import { backward } from '../engine/backward';
import { forward } from '../engine/forward';
import { centralDifference, GRADCHECK_DEFAULTS, relativeError, type ParamKind } from '../engine/gradcheck';
import { cloneNet } from '../engine/network';
import { Rng } from '../engine/random';
import type { Batch, Gradients, Net, Precision } from '../engine/types';
import type { BatchStart } from './batch-quantities';
import type { DebuggerContext } from './context';
import { currentFrame } from './history';
import { sourceProblem, unitProblem } from '../notation/indices';

type Ctx = Pick<DebuggerContext, 'history'>;

/** ε of the view's log slider: 1e-1 … 1e-10. */
export const EPSILON_MIN = 1e-10;
export const EPSILON_MAX = 1e-1;
export const DEFAULT_EPSILON = GRADCHECK_DEFAULTS.epsilon;

/** A parameter: weight w_{row,col} of W_{layer+1} (row = unit, col = input), or bias b_row (col 0). */
export interface ParameterRef {
  readonly layer: number;
  readonly kind: ParamKind;
  readonly row: number;
  readonly col: number;
}

export interface PrecisionCheck {
  readonly precision: Precision;
  /** C(w + ε) and C(w − ε): batch-mean cross-entropy with the parameter nudged. */
  readonly lossPlus: number;
  readonly lossMinus: number;
  /** (C(w + ε) − C(w − ε)) / 2ε */
  readonly estimate: number;
  /** Backprop's ∂C/∂w computed in this precision. */
  readonly analytic: number;
  /** |analytic − estimate| / max(|analytic|, |estimate|) */
  readonly relativeError: number;
}

export interface ParameterCheck {
  readonly param: ParameterRef;
  /** Index in the layer's weight (or bias) array. */
  readonly index: number;
  /** w itself. */
  readonly value: number;
  readonly epsilon: number;
  readonly float64: PrecisionCheck;
  /** null unless asked for. */
  readonly float32: PrecisionCheck | null;
  /** ∂C/∂w as the debugger's gradients step stored it (the net's precision); null before that step. */
  readonly frameGradient: number | null;
  /** That stored ∂C/∂w against the float64 central difference (a planted mistake shows here); null before the step. */
  readonly frameRelativeError: number | null;
}

interface Prepared {
  readonly net: Net;
  readonly batch: Batch;
  readonly analytic: Gradients;
  /** Checks already made on this batch, by precision, parameter and ε: stepping within a batch costs nothing. */
  readonly results: Map<string, PrecisionCheck>;
}

// Per batch (frames of one batch share their BatchStart) and precision: the copy and its gradients.
const prepared = new WeakMap<BatchStart, Partial<Record<Precision, Prepared>>>();

function prepare(start: BatchStart, precision: Precision): Prepared {
  let entry = prepared.get(start);
  if (!entry) prepared.set(start, (entry = {}));
  const cached = entry[precision];
  if (cached) return cached;
  const net = cloneNet(start.net, precision);
  const inputs = precision === 'float64' ? Float64Array.from(start.batch.inputs) : Float32Array.from(start.batch.inputs);
  const batch: Batch = { ...start.batch, inputs };
  const analytic = backward(net, forward(net, batch), batch.labels, batch.size).gradients;
  return (entry[precision] = { net, batch, analytic, results: new Map() });
}

/** Throws a RangeError naming what is wrong with a parameter reference or ε. */
export function checkRequest(ctx: Ctx, param: ParameterRef, epsilon: number): void {
  const { sizes } = currentFrame(ctx.history).start.net;
  const L = sizes.length - 1;
  const { layer, kind, row, col } = param;
  if (kind !== 'weights' && kind !== 'biases') throw new RangeError(`unknown parameter kind ${kind as string}`);
  // Row and column named as the screens count them: hidden units and inputs from 1, output rows by class.
  const problem = unitProblem(row, layer, sizes) ?? (kind === 'weights' ? sourceProblem(col, layer, sizes) : col === 0 ? null : `a bias has one column, not ${col}`);
  if (problem) throw new RangeError(problem);
  if (!(epsilon > 0 && Number.isFinite(epsilon))) throw new RangeError(`ε must be a positive number, got ${epsilon}`);
}

export function indexOf(ctx: Ctx, param: ParameterRef): number {
  const { sizes } = currentFrame(ctx.history).start.net;
  return param.kind === 'weights' ? param.row * sizes[param.layer] + param.col : param.row;
}

function checkIn(start: BatchStart, precision: Precision, param: ParameterRef, index: number, epsilon: number): PrecisionCheck {
  const { net, batch, analytic, results } = prepare(start, precision);
  const key = `${param.kind}:${param.layer}:${index}:${epsilon}`;
  const known = results.get(key);
  if (known) return known;
  // In float32 the nudge is rounded as it is stored, so a tiny ε can vanish: that is the point of showing it.
  const numeric = centralDifference(net, batch, param.layer, param.kind, index, epsilon);
  const a = analytic[param.kind][param.layer][index];
  const check: PrecisionCheck = { precision, ...numeric, analytic: a, relativeError: relativeError(a, numeric.estimate) };
  results.set(key, check);
  return check;
}

export interface CheckOptions {
  /** Also run the check in float32 (default false). */
  readonly float32?: boolean;
}

/** Check one parameter of the current batch with step ε. */
export function checkParameter(ctx: Ctx, param: ParameterRef, epsilon: number, options: CheckOptions = {}): ParameterCheck {
  checkRequest(ctx, param, epsilon);
  const { start, quantities } = currentFrame(ctx.history);
  const index = indexOf(ctx, param);
  const stored = param.kind === 'weights' ? quantities.gradW[param.layer] : quantities.gradB[param.layer];
  const float64 = checkIn(start, 'float64', param, index, epsilon);
  return {
    param,
    index,
    value: start.net.params[param.kind][param.layer][index],
    epsilon,
    float64,
    float32: options.float32 ? checkIn(start, 'float32', param, index, epsilon) : null,
    frameGradient: stored ? stored[index] : null,
    frameRelativeError: stored ? relativeError(stored[index], float64.estimate) : null,
  };
}

export interface CheckSummary {
  readonly checks: readonly ParameterCheck[];
  /** ‖a − n‖₂ / (‖a‖₂ + ‖n‖₂) over the checked parameters in float64 (as the CLI's gradcheck reports). */
  readonly relativeError: number;
  /** The check with the largest float64 relative error. */
  readonly worst: ParameterCheck | null;
}

/** Check several parameters with one ε, and summarise as the CLI does. */
export function checkParameters(ctx: Ctx, params: readonly ParameterRef[], epsilon: number, options: CheckOptions = {}): CheckSummary {
  const checks = params.map((param) => checkParameter(ctx, param, epsilon, options));
  let diff2 = 0;
  let a2 = 0;
  let n2 = 0;
  let worst: ParameterCheck | null = null;
  for (const check of checks) {
    const { analytic: a, estimate: n } = check.float64;
    diff2 += (a - n) * (a - n);
    a2 += a * a;
    n2 += n * n;
    if (!worst || check.float64.relativeError > worst.float64.relativeError) worst = check;
  }
  const denominator = Math.sqrt(a2) + Math.sqrt(n2);
  return { checks, relativeError: denominator === 0 ? 0 : Math.sqrt(diff2) / denominator, worst };
}

/**
 * `count` weights of unit `row`'s incoming row, those with the largest |∂C/∂w| (float64)
 * first: most inputs of a first-layer unit are blank pixels whose gradient is exactly 0.
 */
export function neuronWeights(ctx: Ctx, layer: number, row: number, count: number): ParameterRef[] {
  checkRequest(ctx, { layer, kind: 'weights', row, col: 0 }, 1);
  const { start } = currentFrame(ctx.history);
  const nIn = start.net.sizes[layer];
  const gradient = prepare(start, 'float64').analytic.weights[layer];
  const cols = Array.from({ length: nIn }, (_, col) => col);
  cols.sort((x, y) => Math.abs(gradient[row * nIn + y]) - Math.abs(gradient[row * nIn + x]) || x - y);
  return cols.slice(0, Math.max(0, Math.min(count, nIn))).map((col) => ({ layer, kind: 'weights', row, col }));
}

/** `count` distinct weights of a layer, drawn with a seeded generator, in index order. */
export function sampledWeights(ctx: Ctx, layer: number, count: number, seed = 1): ParameterRef[] {
  checkRequest(ctx, { layer, kind: 'weights', row: 0, col: 0 }, 1);
  const { sizes } = currentFrame(ctx.history).start.net;
  const nIn = sizes[layer];
  const total = nIn * sizes[layer + 1];
  const indices = Array.from({ length: total }, (_, i) => i);
  new Rng(seed).shuffle(indices);
  return indices
    .slice(0, Math.max(0, Math.min(count, total)))
    .sort((x, y) => x - y)
    .map((i) => ({ layer, kind: 'weights', row: Math.floor(i / nIn), col: i % nIn }));
}

/**
 * ε from 1e-1 down to 1e-10, one per decade: the check's error against ε is U-shaped. Parsed
 * from decimals, not 10 ** −k: Math.pow is not exact (10 ** −4 is 9.999999999999999e-5 in V8)
 * and not bound to give the same bits in every engine.
 */
export const SWEEP_EPSILONS: readonly number[] = Array.from({ length: 10 }, (_, i) => Number(`1e-${i + 1}`));

/** The same parameter checked at every ε of `epsilons`. */
export function epsilonSweep(ctx: Ctx, param: ParameterRef, epsilons: readonly number[] = SWEEP_EPSILONS, options: CheckOptions = {}): ParameterCheck[] {
  return epsilons.map((epsilon) => checkParameter(ctx, param, epsilon, options));
}

export type Verdict = 'agrees' | 'close' | 'doubtful' | 'wrong';

/**
 * How to read a relative error (the usual rule of thumb for float64 checks): below 1e-7 the
 * two agree; up to 1e-4 close (kinks such as ReLU's at 0 can cause this); up to 1e-2 doubtful;
 * above, the gradient (or ε) is wrong.
 */
export function verdictOf(relativeError: number): Verdict {
  if (!(relativeError <= 1e-2)) return 'wrong';
  if (relativeError > 1e-4) return 'doubtful';
  if (relativeError > 1e-7) return 'close';
  return 'agrees';
}

/** A slider position (log₁₀ ε) → ε, clamped to the slider's range and rid of binary noise (10^-6.5 → 3.16227766017e-7). */
export function epsilonFromLog(log10: number): number {
  const clamped = Math.min(Math.log10(EPSILON_MAX), Math.max(Math.log10(EPSILON_MIN), log10));
  return Number((10 ** clamped).toPrecision(12));
}
