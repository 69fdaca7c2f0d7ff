// Each quantity a step computes, as a plain formula in the report's letters (i
// inputs, j hidden units, k outputs, n the example) with the report's equation numbers:
// what "Check my backprop" names when a learner's number differs, in the CLI and the page.

import { EQ, stepEquations, type ReportEquation } from './equation-numbers';

/** A quantity's formula: the report's equation numbers (empty when the report has none) and the formula. */
export interface EquationRef {
  /** The report's equation numbers, e.g. [8] or [12, 13, 14]; [] when unnumbered. */
  readonly numbers: readonly ReportEquation[];
  /** The formula in the report's notation (plain Unicode, for text and tooltips). */
  readonly formula: string;
}

const hidden = { isOutput: false, activation: 'sigmoid' } as const;
const numbers = {
  // The check's z is any layer's: the output's sum is (4)'s, a hidden layer's (6)'s.
  z: [stepEquations({ isOutput: true, activation: 'softmax', kind: 'preActivation' }).perNeuron, stepEquations({ ...hidden, kind: 'preActivation' }).perNeuron].flat(),
  hiddenDelta: stepEquations({ ...hidden, kind: 'hiddenDelta' }).perNeuron,
};

/** The symbols an update rule is written with: a weight (w, or a layer's Wⱼᵢ) and its velocity (v, or Vⱼᵢ). */
export interface UpdateRuleSymbols {
  readonly weight: string;
  readonly velocity: string;
}

/**
 * The update rule in one line (eq. 1 / 19), in the symbols given: "v := α ∂C/∂w + μ v, w := w − v",
 * and the change it makes, "Δw = −α ∂C/∂w − μ v" — the one wording of the CLI's --help and the
 * debugger's before/after tab (which passes its layer's Wₖⱼ, Vₖⱼ).
 */
export function updateRuleText(momentum: boolean, s: UpdateRuleSymbols = { weight: 'w', velocity: 'v' }): { rule: string; change: string } {
  const { weight: w, velocity: v } = s;
  return momentum
    ? { rule: `${v} := α ∂C/∂${w} + μ ${v}, ${w} := ${w} − ${v}`, change: `Δ${w} = −α ∂C/∂${w} − μ ${v}` }
    : { rule: `${w} := ${w} − α ∂C/∂${w}`, change: `Δ${w} = −α ∂C/∂${w}` };
}

/**
 * The update rules in one line each, with v the velocity as the CLI's flags and files name it
 * (the screens' V is the same matrix): what every --help and the settings write.
 */
export const UPDATE_RULE_TEXT = {
  sgd: `${updateRuleText(false).rule} (eq. ${EQ.update})`,
  momentum: `${updateRuleText(true).rule} (eq. ${EQ.momentum})`,
  fanInInit: `N(0, 1/fan_in), eq. ${EQ.fanInInit}`,
} as const;

export const QUANTITY_FORMULAS = {
  z: { numbers: numbers.z, formula: 'z_j = Σ_i w_ji a_i + b_j (the sums inside (4) and (6))' },
  a: { numbers: [EQ.slope], formula: 'a_j = f(z_j)' },
  aImproved: { numbers: [EQ.improvedSigmoid], formula: 'a_j = f(z_j) = 1.7159 tanh(2z_j/3) + c·z_j' },
  fprime: { numbers: [EQ.slope], formula: "f'(z_j) = ∂a_j/∂z_j, evaluated at z_j" },
  fprimeImproved: { numbers: [EQ.improvedSigmoidSlope], formula: "f'(z) = 1.7159·(2/3) / cosh²(2z/3) + c" },
  output: { numbers: [], formula: 'ŷ_k = exp(z_k − max z) / Σ_k′ exp(z_k′ − max z) (softmax)' },
  loss: { numbers: [], formula: 'C = (1/N) Σ_n C_n, C_n = −log ŷ_{n,y_n} (the batch mean of the cross-entropy)' },
  lossPerExample: { numbers: [], formula: 'C_n = −log ŷ_{n,y_n}' },
  correct: { numbers: [], formula: 'the examples whose largest ŷ_k is their label' },
  outputDelta: { numbers: [EQ.outputDelta], formula: 'δ_k = ∂C_n/∂z_k = ŷ_k − y_k (per example)' },
  hiddenDelta: { numbers: [...numbers.hiddenDelta, EQ.hiddenDeltaVector], formula: "δ_j = f'(z_j) Σ_k w_kj δ_k (per example)" },
  gradW: { numbers: [EQ.gradient, EQ.outputUpdateMatrix], formula: '∂C/∂w_ji = (1/N) Σ_n δ_nj a_ni (eq. 7 averaged over the batch)' },
  gradB: { numbers: [EQ.gradient], formula: '∂C/∂b_j = (1/N) Σ_n δ_nj (eq. 7 with the input fixed at 1)' },
  sgd: { numbers: [EQ.update, EQ.outputUpdate], formula: 'w := w − α ∂C/∂w' },
  momentumWeights: { numbers: [EQ.momentum], formula: 'v_{t+1} = α ∂C/∂w + μ v_t, then w := w − v_{t+1} (the report writes v as Δw)' },
  momentumVelocity: { numbers: [EQ.momentum], formula: 'v_{t+1} = α ∂C/∂w + μ v_t (the report writes v as Δw)' },
} as const satisfies Record<string, EquationRef>;

/**
 * The gradient check's two ways of comparing backprop's gradient a with the central
 * difference n, each under its own name: one entry at a time (the panel's table), or a whole
 * array at once (the CLI's gradcheck, and the panel's summary of several weights).
 */
export const CHECK_MEASURES = {
  entry: { name: 'relative error', formula: '|a − n| / max(|a|, |n|)' },
  array: { name: 'normalised difference', formula: '‖a − n‖ / (‖a‖ + ‖n‖)' },
} as const;

/** What a and n stand for in CHECK_MEASURES' formulas. */
export const CHECK_MEASURE_LETTERS = 'a is backprop’s ∂C/∂w, n the central difference (C(w + ε) − C(w − ε)) / 2ε';
