// The gradient check's indices as every screen counts them (notation/indices): inputs and
// hidden units from 1, output units by their digit class. The panel keeps 0-based rows and
// columns (the session's ParameterRef); these turn them into the numbers a learner reads and types.

import { POSITIONS, sourceLabel, sourceProblem, unitLabel, unitPosition, unitProblem } from '../../notation/indices';
import type { NetNotation } from '../../notation';
import { layerSymbols } from '../../viewmodel/layer-symbols';
import type { ParameterRef } from '../../session/gradient-check';

/** What is added to a 0-based row of layer `layer`'s W (of `layers`) to show it: 0 for classes, 1 for hidden units. */
export function rowBase(layer: number, layers: number): number {
  return POSITIONS[unitPosition(layer, layers)].first;
}

/** "w(j = 5, i = 407)", "b(k = 3)", "w⁽²⁾(j = 5, i = 3)": the parameter in the notation (the net's by default), as the screens count it. */
export function parameterText(param: ParameterRef, layers: number, notation?: NetNotation): string {
  return layerSymbols(layers, param.layer, notation).parameter(param.kind, param.row, param.col);
}

/** "5, 407": a row of the several-weights table. */
export function indexText(param: ParameterRef, layers: number): string {
  return `${unitLabel(param.row, param.layer, layers)}, ${sourceLabel(param.col, param.layer)}`;
}

/** What is wrong with a typed row or column (0-based inside, named as shown), or null. */
export function indexProblem(param: ParameterRef, sizes: readonly number[]): string | null {
  return unitProblem(param.row, param.layer, sizes) ?? (param.kind === 'biases' ? null : sourceProblem(param.col, param.layer, sizes));
}
