// The report's numbered equations (1)–(19) that the debugger's sub-steps carry out,
// so views and lessons can show "this is eq. (8)" next to the live numbers.

/** A report equation number, 1 … 19. */
export type ReportEquation = number;

export type Phase = 'forward' | 'loss' | 'outputDelta' | 'hiddenDelta' | 'gradients' | 'update';

export const PHASES: readonly Phase[] = ['forward', 'loss', 'outputDelta', 'hiddenDelta', 'gradients', 'update'];

/** What each phase carries out, as the report numbers it. */
export const PHASE_EQUATIONS: Readonly<Record<Phase, readonly ReportEquation[]>> = {
  // z_j = Σ_i w_ji x_i (4, 6), a_j = f(z_j) (5); a step of an improved-sigmoid layer adds (16)–(17)
  forward: [4, 5, 6],
  // C = −(1/N) Σ_n log ŷ_{n, y_n}: the report states it in words, without a number
  loss: [],
  // ∂C/∂z_k = δ_k (3), with δ_k = ŷ_k − y_k for softmax and cross-entropy
  outputDelta: [3],
  // δ_j = f'(z_j) Σ_k w_kj δ_k (8, 12), vectorised as f'(z) ∘ Σ (13) = F'(z) Σ (14)
  hiddenDelta: [8, 12, 13, 14],
  // ∂C/∂w_ji = δ_j x_i (7), δ_k a_jᵀ (10), F'(z_j) Σ_j x_iᵀ (15)
  gradients: [7, 10, 15],
  // w := w − α ∂C/∂w (1, 9); with momentum Δw_{t+1} = α ∂C/∂w + μ Δw_t (19)
  update: [1, 9, 19],
};

/** The tag a phase's state carries for each equation, e.g. "eq:8". */
export function equationTag(equation: ReportEquation): `eq:${number}` {
  return `eq:${equation}`;
}
