// The gradient check's indices as every screen counts them: inputs and hidden units from 1,
// output units by their digit class (from 0). The panel keeps 0-based rows and columns (the
// session's ParameterRef); these turn them into the numbers a learner reads and types.

import type { ParameterRef } from '../../session/gradient-check';

/** What is added to a 0-based row of layer `layer`'s W (of `layers`) to show it: 0 for classes, 1 for hidden units. */
export function rowBase(layer: number, layers: number): number {
  return layer === layers - 1 ? 0 : 1;
}

/** "w(j = 5, i = 407)", "b(k = 3)": the parameter as the screens count it. */
export function parameterText(param: ParameterRef, layers: number): string {
  const j = `${layer(param, layers)} = ${param.row + rowBase(param.layer, layers)}`;
  return param.kind === 'weights' ? `w(${j}, ${param.layer === 0 ? 'i' : 'j'} = ${param.col + 1})` : `b(${j})`;
}

/** "5, 407": a row of the several-weights table. */
export function indexText(param: ParameterRef, layers: number): string {
  return `${param.row + rowBase(param.layer, layers)}, ${param.col + 1}`;
}

/** What is wrong with a typed row or column (0-based inside, named as shown), or null. */
export function indexProblem(param: ParameterRef, sizes: readonly number[]): string | null {
  const layers = sizes.length - 1;
  const base = rowBase(param.layer, layers);
  const units = sizes[param.layer + 1];
  const row = param.row + base;
  if (!Number.isInteger(param.row) || param.row < 0 || param.row >= units) {
    return base === 0 ? `class ${row} is outside the classes 0 … ${units - 1}` : `unit ${row} is outside the units 1 … ${units} of layer ${param.layer + 1}`;
  }
  if (param.kind === 'biases') return null;
  const inputs = sizes[param.layer];
  if (!Number.isInteger(param.col) || param.col < 0 || param.col >= inputs) {
    return param.layer === 0 ? `input ${param.col + 1} is outside the inputs 1 … ${inputs}` : `unit ${param.col + 1} is outside the units 1 … ${inputs} of layer ${param.layer}`;
  }
  return null;
}

function layer(param: ParameterRef, layers: number): string {
  return param.layer === layers - 1 ? 'k' : 'j';
}
