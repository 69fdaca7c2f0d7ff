// The equation (report numbering, ../shared/seed/) that computes each quantity of a step,
// and the broken equations the catalogue names. The numbers and formulas are the shared
// notation's (src/notation/formulas.ts); this table says which the check uses for what.

import { equationNumbersLabel, QUANTITY_FORMULAS, type EquationRef } from '../notation';

export type { EquationRef };

/** "(8)", "(7), (10)" or "unnumbered". */
export function equationLabel(ref: EquationRef): string {
  return equationNumbersLabel(ref.numbers);
}

export const EQUATIONS = QUANTITY_FORMULAS;

export type EquationName = keyof typeof EQUATIONS;
