// What the matrix views show, read from the current frame: per layer the weights W, the
// gradient ∂C/∂W, the update ΔW, and the batch quantities a and δ (N × n), each with its
// shape, axis names and a reason when not computed yet (the colour scale of each kind is
// src/render/quantity-colours.ts's). Pure functions of the context, with no arithmetic of
// their own: ΔW comes from look-ahead.ts's layerUpdate.

import type { FloatArray } from '../engine/types';
import type { DebuggerContext } from '../session/context';
import { layerUpdate } from '../session/look-ahead';
import { indexProblem, layerLabel, type Position } from '../notation/indices';
import type { NetNotation } from '../notation';
import { layerSymbols, type LayerSymbols } from './layer-symbols';
import { currentFrame } from './selectors';


type Ctx = Pick<DebuggerContext, 'history'>;

export type MatrixKind = 'weights' | 'gradient' | 'update' | 'activation' | 'delta';

export interface MatrixAxis {
  /** The index's letter in the report's notation: j, i, k, n. */
  readonly symbol: string;
  /** What the index counts: how its numbers are shown (notation/indices). */
  readonly counts: Position;
  /** e.g. "unit j of layer 1", "example n of the batch". */
  readonly label: string;
}

export interface MatrixData {
  /** Stable across frames of the same network: `${kind}:${layer}:${rows}x${cols}` (keys fixed colour domains). */
  readonly key: string;
  readonly kind: MatrixKind;
  /** 0-based layer index (the report's layer + 1). */
  readonly layer: number;
  /** In the notation (src/notation): "Wⱼᵢ", "∂C/∂Wⱼᵢ", "ΔWⱼᵢ", "Aⱼ", "Δₖ", "Ŷ"; "W⁽²⁾", "Δ⁽¹⁾" with two hidden layers. */
  readonly symbol: string;
  /** One line saying what this is. */
  readonly title: string;
  readonly rows: number;
  readonly cols: number;
  readonly rowAxis: MatrixAxis;
  readonly colAxis: MatrixAxis;
  /** rows × cols, row-major; null until computed. */
  readonly values: FloatArray | null;
  /** When values is null: which step computes them. */
  readonly pending: string | null;
  /** What one unit of the value is: C is a cross-entropy in nats. */
  readonly unit: string;
}

/** Number of dense layers L. */
export function layerCount(ctx: Ctx): number {
  return currentFrame(ctx).start.net.sizes.length - 1;
}

function checkLayer(ctx: Ctx, layer: number): void {
  const L = layerCount(ctx);
  const problem = indexProblem('layer', layer, L);
  if (problem) throw new RangeError(problem);
}

/** The units of code layer `layer`, lettered as its equations letter them. */
function unitAxis(s: LayerSymbols, layer: number, L: number): MatrixAxis {
  const symbol = s.row;
  return layer === L - 1 ? { symbol, counts: 'class', label: `output ${symbol} (class)` } : { symbol, counts: 'unit', label: `unit ${symbol} of layer ${layerLabel(layer)}` };
}

/** The inputs of code layer `layer`: pixels, or the units of the layer below. */
function inputAxis(s: LayerSymbols, layer: number): MatrixAxis {
  const symbol = s.column;
  return layer === 0 ? { symbol, counts: 'input', label: `input ${symbol} (pixel)` } : { symbol, counts: 'unit', label: `unit ${symbol} of layer ${layerLabel(layer - 1)}` };
}

/** ΔW_l = W_l after − W_l before (−α ∂C/∂W, or −v with momentum); null before the update step. Read from layerUpdate. */
export function weightUpdate(ctx: Ctx, layer: number): FloatArray | null {
  checkLayer(ctx, layer);
  return layerUpdate(ctx, layer)?.change ?? null;
}

/** W_l, ∂C/∂W_l and ΔW_l of layer index `layer` (n_{l+1} × n_l: one row per unit), named in `notation` (the net's by default). */
export function weightMatrices(ctx: Ctx, layer: number, notation?: NetNotation): [MatrixData, MatrixData, MatrixData] {
  checkLayer(ctx, layer);
  const { start, quantities } = currentFrame(ctx);
  const { sizes } = start.net;
  const L = sizes.length - 1;
  const rows = sizes[layer + 1];
  const cols = sizes[layer];
  const s = layerSymbols(L, layer, notation);
  const W = s.W;
  const base = { layer, rows, cols, rowAxis: unitAxis(s, layer, L), colAxis: inputAxis(s, layer) };
  const key = (kind: MatrixKind) => `${kind}:${layer}:${rows}x${cols}`;
  const gradient = quantities.gradW[layer];
  const update = weightUpdate(ctx, layer);
  return [
    {
      ...base,
      key: key('weights'),
      kind: 'weights',
      symbol: W,
      title: `weights ${W} before this batch's update`,
      values: start.net.params.weights[layer],
      pending: null,
      unit: 'weight',
    },
    {
      ...base,
      key: key('gradient'),
      kind: 'gradient',
      symbol: `∂C/∂${W}`,
      title: `gradient ∂C/∂${W}, mean over the batch`,
      values: gradient,
      pending: gradient ? null : `computed at the gradients step of layer ${layerLabel(layer)}`,
      unit: 'nats per unit weight',
    },
    {
      ...base,
      key: key('update'),
      kind: 'update',
      symbol: `Δ${W}`,
      title: `update Δ${W} = ${W} after − before`,
      values: update,
      pending: update ? null : `computed at the update step of layer ${layerLabel(layer)}`,
      unit: 'weight',
    },
  ];
}

/** a_l and δ_l of layer index `layer` for the whole batch (N × n_{l+1}: one row per example), named in `notation` (the net's by default). */
export function batchMatrices(ctx: Ctx, layer: number, notation?: NetNotation): [MatrixData, MatrixData] {
  checkLayer(ctx, layer);
  const { start, quantities } = currentFrame(ctx);
  const { sizes } = start.net;
  const L = sizes.length - 1;
  const rows = start.batch.size;
  const cols = sizes[layer + 1];
  const s = layerSymbols(L, layer, notation);
  const { A, Z, Delta: D } = s;
  const base = { layer, rows, cols, rowAxis: { symbol: 'n', counts: 'example', label: 'example n of the batch' } as MatrixAxis, colAxis: unitAxis(s, layer, L) };
  const key = (kind: MatrixKind) => `${kind}:${layer}:${rows}x${cols}`;
  const a = quantities.a[layer];
  const delta = quantities.delta[layer];
  const output = layer === L - 1;
  return [
    {
      ...base,
      key: key('activation'),
      kind: 'activation',
      symbol: A,
      title: output ? `softmax outputs ${A}, one row per example` : `activations ${A} = f(${Z}), one row per example`,
      values: a,
      pending: a ? null : `computed at the forward step ${A}`,
      unit: output ? 'probability' : 'activation',
    },
    {
      ...base,
      key: key('delta'),
      kind: 'delta',
      symbol: D,
      title: `${D}: ${s.deltaOfExample} = ∂Cₙ/∂${s.zOfExample}, one row per example`,
      values: delta,
      pending: delta ? null : output ? 'computed at the output δ step' : `computed at the δ step of layer ${layerLabel(layer)}`,
      unit: 'nats per unit z',
    },
  ];
}

/** The first layer's weights as tiles: units × side² values when the inputs form a square image, else null. */
export function firstLayerWeights(ctx: Ctx): { weights: FloatArray; units: number; side: number } | null {
  const { start } = currentFrame(ctx);
  const inputs = start.net.sizes[0];
  const side = Math.round(Math.sqrt(inputs));
  if (side * side !== inputs) return null;
  return { weights: start.net.params.weights[0], units: start.net.sizes[1], side };
}
