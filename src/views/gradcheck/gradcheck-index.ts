// The gradient check's indices as every screen counts them (notation/indices): inputs and
// hidden units from 1, output units by their digit class. The panel keeps 0-based rows and
// columns (the session's ParameterRef); these turn them into the numbers a learner reads and types.

import { POSITIONS, sourceLabel, sourceProblem, unitLabel, unitPosition, unitProblem } from '../../notation/indices';
import { layerNotation, type EquationScope } from '../../notation';
import type { ParameterRef } from '../../session/gradient-check';

/** What is added to a 0-based row of layer `layer`'s W (of `layers`) to show it: 0 for classes, 1 for hidden units. */
export function rowBase(layer: number, layers: number): number {
  return POSITIONS[unitPosition(layer, layers)].first;
}

/** The notation of the equations of code layer `layer` (report layer `layer + 1`) in a net of `layers` weight layers. */
export function layerScope(layer: number, layers: number): EquationScope {
  return layerNotation(layers).scope(layer + 1);
}

/** Code layer `layer`'s symbols in the notation: its W (Wⱼᵢ, W⁽²⁾), a generic weight and bias, and the letters of its rows and columns. */
export function layerSymbols(layer: number, layers: number): { W: string; weight: string; bias: string; row: string; column: string } {
  const r = layer + 1;
  const s = layerScope(layer, layers);
  const any = { index: null };
  return { W: s.weights(r).text, weight: s.weight(r, any, any).text, bias: s.unit('b', r, any).text, row: s.letter(r), column: s.letter(r - 1) };
}

/** "w(j = 5, i = 407)", "b(k = 3)", "w⁽²⁾(j = 5, i = 3)": the parameter in the notation, as the screens count it. */
export function parameterText(param: ParameterRef, layers: number): string {
  const r = param.layer + 1;
  const s = layerScope(param.layer, layers);
  return param.kind === 'weights' ? s.weight(r, { index: param.row }, { index: param.col }).text : s.unit('b', r, { index: param.row }).text;
}

/** "5, 407": a row of the several-weights table. */
export function indexText(param: ParameterRef, layers: number): string {
  return `${unitLabel(param.row, param.layer, layers)}, ${sourceLabel(param.col, param.layer)}`;
}

/** What is wrong with a typed row or column (0-based inside, named as shown), or null. */
export function indexProblem(param: ParameterRef, sizes: readonly number[]): string | null {
  return unitProblem(param.row, param.layer, sizes) ?? (param.kind === 'biases' ? null : sourceProblem(param.col, param.layer, sizes));
}
