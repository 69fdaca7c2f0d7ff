// The equation (report numbering, ../shared/seed/) that computes each quantity of a step,
// and the broken equations the catalogue names. Every equation number the check code
// shows comes from this one table, so it can later point at the shared notation module.
//
// The report numbers the backward pass and the update, not the forward pass, the softmax
// or the loss: those are named "unnumbered" with the formula written out.

/** A quantity's formula: the report's equation numbers (empty when the report has none) and the formula. */
export interface EquationRef {
  /** The report's equation numbers, e.g. [8] or [12, 13, 14]; [] when unnumbered. */
  readonly numbers: readonly number[];
  /** The formula in the report's notation (plain Unicode, for text and tooltips). */
  readonly formula: string;
}

/** "(8)", "(7), (10)" or "unnumbered". */
export function equationLabel(ref: EquationRef): string {
  return ref.numbers.length === 0 ? 'unnumbered' : ref.numbers.map((n) => `(${n})`).join(', ');
}

export const EQUATIONS = {
  z: { numbers: [4, 6], formula: 'z_j = Σ_i w_ji a_i + b_j (the sums inside (4) and (6))' },
  a: { numbers: [5], formula: 'a_j = f(z_j)' },
  aImproved: { numbers: [16], formula: 'a_j = f(z_j) = 1.7159 tanh(2z_j/3) + c·z_j' },
  fprime: { numbers: [5], formula: "f'(z_j) = ∂a_j/∂z_j, evaluated at z_j" },
  fprimeImproved: { numbers: [17], formula: "f'(z) = 1.7159·(2/3) / cosh²(2z/3) + c" },
  output: { numbers: [], formula: 'ŷ_k = exp(z_k − max z) / Σ_k′ exp(z_k′ − max z) (softmax)' },
  loss: { numbers: [], formula: 'C = (1/N) Σ_n C_n, C_n = −log ŷ_{n,y_n} (the batch mean of the cross-entropy)' },
  lossPerExample: { numbers: [], formula: 'C_n = −log ŷ_{n,y_n}' },
  correct: { numbers: [], formula: 'the examples whose largest ŷ_k is their label' },
  outputDelta: { numbers: [3], formula: 'δ_k = ∂C_n/∂z_k = ŷ_k − y_k (per example)' },
  hiddenDelta: { numbers: [8, 12, 13], formula: "δ_j = f'(z_j) Σ_k w_kj δ_k (per example)" },
  gradW: { numbers: [7, 10], formula: '∂C/∂w_ji = (1/N) Σ_n δ_nj a_ni (eq. 7 averaged over the batch)' },
  gradB: { numbers: [7], formula: '∂C/∂b_j = (1/N) Σ_n δ_nj (eq. 7 with the input fixed at 1)' },
  sgd: { numbers: [1, 9], formula: 'w := w − α ∂C/∂w' },
  momentumWeights: { numbers: [19], formula: 'Δw_{t+1} = α ∂C/∂w + μ Δw_t, then w := w − Δw_{t+1}' },
  momentumVelocity: { numbers: [19], formula: 'Δw_{t+1} = α ∂C/∂w + μ Δw_t' },
} as const satisfies Record<string, EquationRef>;

export type EquationName = keyof typeof EQUATIONS;
