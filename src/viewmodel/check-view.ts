// "Check my numbers" as the debugger shows it, read from the check the machine keeps for the
// current batch (session/check-flow.ts): the summary and diagnosis, the units whose numbers
// differ (the network view marks them), "yours − ours" per matrix (the heatmaps) and, for the
// selected unit, ours beside yours (the inspector). Each reads the report the check made;
// the only arithmetic is the subtraction a difference is, and which entry differs is asked of
// the check's own rule (entryDiffers, within the quantity's limit).

import { CATALOGUE, entryDiffers, entryWords, equationLabel, quantitySymbol, type QuantityResult } from '../check';
import type { DebuggerContext } from '../session/context';
import { checkOfCurrentBatch, stepOfQuantity } from '../session/check-flow';
import { PLANTED_STEP_NAME, type CheckState } from '../session/check-state';
import { currentFrame } from '../session/history';
import { stepLabel } from './step-label';
import { exampleLabel, layerLabel, sourceLabel, type Position } from '../notation/indices';
import { formatValue } from '../format';

type Ctx = Pick<DebuggerContext, 'check' | 'history' | 'plan' | 'sample'>;

export interface CheckDiagnosisView {
  readonly id: string;
  readonly title: string;
  /** What was seen in these numbers. */
  readonly message: string;
  /** "(8), (12), (13)" */
  readonly equation: string;
  readonly formula: string;
  readonly fix: string;
}

export interface CheckFirstDifferenceView {
  /** "δ₁", "∂C/∂W₂" */
  readonly symbol: string;
  /** As the trace format and the learner name it: "layers[0].delta[2][5]", "delta1[2][5]". */
  readonly name: string;
  readonly label: string;
  /** "example 3, unit 6 of layer 1" (counted from 1; output units by class). */
  readonly where: string;
  readonly ours: number;
  readonly yours: number;
  readonly difference: number;
  readonly equation: string;
  readonly formula: string;
  /** The sub-step that computes it, as the status line names it. */
  readonly step: string;
}

export interface CheckQuantityView {
  readonly name: string;
  /** The learner's name for it where that differs ("gradW1"), else null. */
  readonly given: string | null;
  readonly symbol: string;
  readonly status: 'ok' | 'differs' | 'missing';
  readonly maxAbs: number | null;
  readonly maxRel: number | null;
  readonly note: string | null;
  /** Has the debugger reached the sub-step that computes it? */
  readonly computed: boolean;
}

export interface CheckView {
  readonly source: string;
  readonly status: CheckState['status'];
  /** Why the file could not be checked (names the file). */
  readonly error: string | null;
  /** null until done. */
  readonly agree: boolean | null;
  /** "2 of 17 quantities you gave differ beyond 1e-6 of their largest magnitude." */
  readonly verdict: string | null;
  readonly settings: string | null;
  readonly firstDifference: CheckFirstDifferenceView | null;
  readonly diagnoses: readonly CheckDiagnosisView[];
  /** The quantities given, in the order the step computes them. */
  readonly quantities: readonly CheckQuantityView[];
  readonly notGiven: number;
}

/** L of the plan's net. */
const layersOf = (ctx: Pick<Ctx, 'plan'>) => ctx.plan[0]?.layers ?? 1;

/** The check of the batch on screen, as the panel shows it; null when there is none. */
export function checkView(ctx: Ctx): CheckView | null {
  const check = checkOfCurrentBatch(ctx);
  if (!check) return null;
  const report = check.report;
  const base = { source: check.source, status: check.status, error: check.error };
  if (!report) return { ...base, agree: null, verdict: null, settings: null, firstDifference: null, diagnoses: [], quantities: [], notGiven: 0 };
  const stepIndex = currentFrame(ctx.history).stepIndex;
  const given = report.quantities.filter((r) => r.status !== 'missing');
  const differing = given.filter((r) => r.status === 'differs').length;
  const tolerance = formatValue(report.tolerance);
  // A bug hunt checks the lesson's own step: its numbers are not the learner's.
  const whose = check.source === PLANTED_STEP_NAME ? "this lesson's step computed" : 'you gave';
  const verdict = report.agree
    ? `All ${given.length} quantities ${whose} agree within ${tolerance} of each one's largest magnitude.`
    : `${differing} of the ${given.length} quantities ${whose} differ beyond ${tolerance} of their largest magnitude.`;
  const s = check.settings;
  const d = report.firstDifference;
  const first = d ? report.quantities.find((r) => r.quantity.name === d.name)! : null;
  return {
    ...base,
    agree: report.agree,
    verdict,
    settings: s ? `α = ${s.learningRate}${s.momentum ? `, μ = ${s.momentum}` : ''}, ${s.precision}` : null,
    firstDifference:
      d && first
        ? {
            symbol: quantitySymbol(first.quantity, layersOf(ctx)),
            name: `${d.name}${d.index.map((i) => `[${i}]`).join('')}`,
            label: `${d.label}${d.index.map((i) => `[${i}]`).join('')}`,
            where: entryWords(d),
            ours: d.expected,
            yours: d.actual,
            difference: d.actual - d.expected,
            equation: equationLabel(d.equation),
            formula: d.equation.formula,
            step: stepLabel(ctx.plan[stepOfQuantity(ctx.plan, first.quantity)]),
          }
        : null,
    diagnoses: report.diagnosis.map((x) => {
      const entry = CATALOGUE[x.id];
      return { id: x.id, title: entry.title, message: x.message, equation: equationLabel(entry.equation), formula: entry.equation.formula, fix: entry.fix };
    }),
    quantities: given.map((r) => ({
      name: r.quantity.name,
      given: r.given && r.given.label !== r.quantity.name ? r.given.label : null,
      symbol: quantitySymbol(r.quantity, layersOf(ctx)),
      status: r.status,
      maxAbs: r.maxAbs,
      maxRel: r.maxRel,
      note: r.note ?? null,
      computed: stepOfQuantity(ctx.plan, r.quantity) <= stepIndex,
    })),
    notGiven: report.quantities.length - given.length,
  };
}

/** The results the debugger has reached: given, and computed by the current sub-step or before. */
function reachedResults(ctx: Ctx): QuantityResult[] {
  const check = checkOfCurrentBatch(ctx);
  if (!check?.report) return [];
  const stepIndex = currentFrame(ctx.history).stepIndex;
  return check.report.quantities.filter((r) => r.given !== null && stepOfQuantity(ctx.plan, r.quantity) <= stepIndex);
}

/** Does entry `i` of row `row` of the learner's values differ from ours? */
const differsAt = (r: QuantityResult, row: number, i: number) => entryDiffers(r.quantity.values[i], r.given!.values[row * r.quantity.values.length + i], r.limit);

/** Quantities that are N × n (one row per example of the batch). */
const PER_EXAMPLE = new Set(['z', 'a', 'fprime', 'delta', 'output']);

export interface CheckMarks {
  /** Per layer index, the units (0-based) whose numbers differ: for the selected example, or any entry of their row. */
  readonly units: readonly ReadonlySet<number>[];
  /** The quantities the marks come from ("δ₁", "∂C/∂W₂"). */
  readonly from: readonly string[];
}

/**
 * The units the network view marks: those whose numbers differ in a quantity the debugger has
 * computed so far — z, a, f′, δ of the selected example; a row of ∂C/∂W, W after or v after with
 * any differing entry; a bias entry. Null without a finished check of this batch.
 */
export function checkMarks(ctx: Ctx): CheckMarks | null {
  const check = checkOfCurrentBatch(ctx);
  if (!check?.report) return null;
  const L = currentFrame(ctx.history).start.net.sizes.length - 1;
  const units = Array.from({ length: L }, () => new Set<number>());
  const from: string[] = [];
  for (const r of reachedResults(ctx)) {
    if (r.status !== 'differs' || r.quantity.layer === null) continue;
    const marked = units[r.quantity.layer];
    const shape = r.quantity.shape;
    if (PER_EXAMPLE.has(r.quantity.kind)) {
      const n = shape[1];
      for (let j = 0; j < n; j++) if (differsAt(r, 0, ctx.sample * n + j)) marked.add(j);
    } else if (shape.length === 2) {
      const [rows, cols] = shape;
      const rowDiffers = (j: number) => {
        for (let i = 0; i < cols; i++) if (differsAt(r, 0, j * cols + i)) return true;
        return false;
      };
      for (let j = 0; j < rows; j++) if (rowDiffers(j)) marked.add(j);
    } else {
      const row = r.given!.rows > 1 ? Math.min(ctx.sample, r.given!.rows - 1) : 0;
      for (let j = 0; j < shape[0]; j++) if (differsAt(r, row, j)) marked.add(j);
    }
    from.push(quantitySymbol(r.quantity, layersOf(ctx)));
  }
  return { units, from };
}

export interface DifferenceAxis {
  readonly symbol: string;
  /** What the index counts: how its numbers are shown (notation/indices). */
  readonly counts: Position;
  readonly label: string;
}

export interface DifferenceMatrix {
  /** Stable per quantity and shape: keys the colour domain. */
  readonly key: string;
  readonly name: string;
  readonly symbol: string;
  readonly layer: number;
  readonly rows: number;
  readonly cols: number;
  readonly rowAxis: DifferenceAxis;
  readonly colAxis: DifferenceAxis;
  /** yours − ours, rows × cols, row-major (NaN where one side is not a number). */
  readonly values: Float64Array;
  /** 1 where the entry differs beyond the check's limit. */
  readonly differs: Uint8Array;
  /** What the heatmap colours: yours − ours where the entry differs, 0 where it agrees within the limit. */
  readonly beyond: Float64Array;
  readonly differing: number;
  /** The largest finite |yours − ours|. */
  readonly largest: number;
  /** The bound |yours − ours| stays within where they agree. */
  readonly limit: number;
  readonly status: 'ok' | 'differs';
}

interface Difference {
  readonly values: Float64Array;
  readonly differs: Uint8Array;
  readonly beyond: Float64Array;
  readonly differing: number;
  readonly largest: number;
}

const differenceCache = new WeakMap<QuantityResult, Difference>();

/** yours − ours and the differing entries of one result (every row of a per-example reading). */
function differenceOf(r: QuantityResult): Difference {
  const cached = differenceCache.get(r);
  if (cached) return cached;
  const ours = r.quantity.values;
  const yours = r.given!.values;
  const n = ours.length;
  const values = new Float64Array(yours.length);
  const differs = new Uint8Array(yours.length);
  const beyond = new Float64Array(yours.length);
  let differing = 0;
  let largest = 0;
  for (let i = 0; i < yours.length; i++) {
    values[i] = yours[i] - ours[i % n];
    const size = Math.abs(values[i]);
    if (size > largest && size !== Infinity) largest = size;
    if (entryDiffers(ours[i % n], yours[i], r.limit)) {
      differs[i] = 1;
      beyond[i] = values[i];
      differing++;
    }
  }
  const out = { values, differs, beyond, differing, largest };
  differenceCache.set(r, out);
  return out;
}

function axesOf(r: QuantityResult, L: number): { rowAxis: DifferenceAxis; colAxis: DifferenceAxis; rows: number; cols: number } {
  const l = r.quantity.layer!;
  const unitAxis: DifferenceAxis = l === L - 1 ? { symbol: 'k', counts: 'class', label: 'class k' } : { symbol: 'j', counts: 'unit', label: `unit j of layer ${layerLabel(l)}` };
  const shape = r.quantity.shape;
  if (PER_EXAMPLE.has(r.quantity.kind)) return { rows: shape[0], cols: shape[1], rowAxis: { symbol: 'n', counts: 'example', label: 'example n' }, colAxis: unitAxis };
  if (shape.length === 2) {
    const inputAxis: DifferenceAxis = l === 0 ? { symbol: 'i', counts: 'input', label: 'input i' } : { symbol: 'j', counts: 'unit', label: `unit j of layer ${layerLabel(l - 1)}` };
    return { rows: shape[0], cols: shape[1], rowAxis: unitAxis, colAxis: inputAxis };
  }
  // A vector, one row (or one row per example when given unreduced).
  const rows = r.given!.rows;
  return { rows, cols: shape[0], rowAxis: rows > 1 ? { symbol: 'n', counts: 'example', label: 'example n' } : { symbol: '', counts: 'example', label: 'all examples' }, colAxis: unitAxis };
}

/** "yours − ours" of every matrix of layer `layer` the debugger has computed and the learner gave. */
export function differenceMatrices(ctx: Ctx, layer: number): DifferenceMatrix[] {
  const L = currentFrame(ctx.history).start.net.sizes.length - 1;
  return reachedResults(ctx)
    .filter((r) => r.quantity.layer === layer && r.quantity.kind !== 'output')
    .map((r) => {
      const axes = axesOf(r, L);
      return {
        key: `difference:${r.quantity.name}:${axes.rows}x${axes.cols}`,
        name: r.quantity.name,
        symbol: quantitySymbol(r.quantity, layersOf(ctx)),
        layer,
        ...axes,
        ...differenceOf(r),
        limit: r.limit,
        status: r.status === 'differs' ? 'differs' : 'ok',
      };
    });
}

/** Layers with at least one computed, given quantity: the tabs of the difference view. */
export function differenceLayers(ctx: Ctx): number[] {
  return [...new Set(reachedResults(ctx).flatMap((r) => (r.quantity.layer === null || r.quantity.kind === 'output' ? [] : [r.quantity.layer])))].sort((a, b) => a - b);
}

export interface UnitComparisonRow {
  readonly key: string;
  /** "δ₁", "∂C/∂w₅,₄₀₇" */
  readonly symbol: string;
  /** Which entry: "example 3", "input 407". */
  readonly entry: string;
  readonly ours: number;
  readonly yours: number;
  readonly difference: number;
  readonly differs: boolean;
}

/**
 * Ours beside yours for one unit, in every quantity of its layer the debugger has computed
 * and the learner gave: z, a, f′ and δ of the selected example, the bias gradient and bias
 * after, and of its row of ∂C/∂W (W after, v after) the entry that differs most.
 */
export function unitComparison(ctx: Ctx, layer: number, unit: number): UnitComparisonRow[] {
  const rows: UnitComparisonRow[] = [];
  for (const r of reachedResults(ctx)) {
    if (r.quantity.layer !== layer || r.quantity.kind === 'output') continue;
    const shape = r.quantity.shape;
    const symbol = quantitySymbol(r.quantity, layersOf(ctx));
    const row = (given: number, ours: number, entry: string, key: string) => {
      const yours = r.given!.values[given];
      rows.push({ key, symbol, entry, ours, yours, difference: yours - ours, differs: entryDiffers(ours, yours, r.limit) });
    };
    if (PER_EXAMPLE.has(r.quantity.kind)) {
      const i = ctx.sample * shape[1] + unit;
      row(i, r.quantity.values[i], `example ${exampleLabel(ctx.sample)}`, r.quantity.name);
    } else if (shape.length === 2) {
      const cols = shape[1];
      const { values } = differenceOf(r);
      let best = unit * cols;
      for (let i = unit * cols; i < (unit + 1) * cols; i++) if (!(Math.abs(values[i]) <= Math.abs(values[best]))) best = i;
      const input = best - unit * cols;
      const from = layer === 0 ? `input ${sourceLabel(input, layer)}` : `unit ${sourceLabel(input, layer)} of layer ${layerLabel(layer - 1)}`;
      row(best, r.quantity.values[best], `largest |yours − ours| of the row: from ${from}`, r.quantity.name);
    } else {
      const n = shape[0];
      const given = r.given!.rows > 1 ? Math.min(ctx.sample, r.given!.rows - 1) * n + unit : unit;
      row(given, r.quantity.values[unit], r.given!.rows > 1 ? `your row for example ${exampleLabel(ctx.sample)}` : 'the batch', r.quantity.name);
    }
  }
  return rows;
}

/** The unit and example the check points at first: where the debugger's selection goes after a check. */
export function checkFocus(ctx: Ctx): { layer: number; neuron: number } | null {
  const check = checkOfCurrentBatch(ctx);
  const d = check?.report?.firstDifference;
  if (!d || d.layer === null) return null;
  const axis = d.axes.findIndex((a) => a === 'unit' || a === 'class');
  return axis < 0 ? null : { layer: d.layer, neuron: d.index[axis] };
}
