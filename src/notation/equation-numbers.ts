// The report's numbered equations (1)–(19) (../shared/seed/): which number each equation
// has, which numbers each phase and each sub-step carries out — per neuron and in matrix
// form — so every screen, the machine's tags, the check and the CLI say "eq. (8)" alike.
//
// The report numbers the backward pass and the update; the forward pass's sums appear
// inside (4) and (6), and the softmax and the loss have no number at all.

/** A report equation number, 1 … 19. */
export type ReportEquation = number;

/** Each numbered equation by what it says. */
export const EQ = {
  /** w_ji := w_ji − α ∂C/∂w_ji */
  update: 1,
  /** ∂C/∂w_ji as a chain of four factors */
  chainRule: 2,
  /** ∂C/∂z_k = δ_k */
  outputDelta: 3,
  /** ∂z_k/∂a_j = w_kj (the output's weighted sum) */
  outputSum: 4,
  /** ∂a_j/∂z_j = f′(z_j) */
  slope: 5,
  /** ∂z_j/∂w_ji = x_i (the hidden weighted sum) */
  hiddenSum: 6,
  /** ∂C/∂w_ji = δ_j x_i */
  gradient: 7,
  /** δ_j = f′(z_j) Σ_k w_kj δ_k */
  hiddenDelta: 8,
  /** the update of an output weight */
  outputUpdate: 9,
  /** the same for the whole output matrix: W_kj := W_kj − α δ_k a_jᵀ */
  outputUpdateMatrix: 10,
  /** the update of a hidden weight, written out */
  hiddenUpdate: 11,
  /** δ_j = f′(z_j) Σ_k w_kj δ_k, one unit */
  hiddenDeltaUnit: 12,
  /** δ_j = f′(z_j) ∘ Σ_j */
  hiddenDeltaVector: 13,
  /** δ_j = F′(z_j) Σ_j */
  hiddenDeltaDiagonal: 14,
  /** W_ji := W_ji − α F′(z_j) Σ_j x_iᵀ */
  hiddenUpdateMatrix: 15,
  /** f(z) = 1.7159 tanh(2z/3) + 0.001 z */
  improvedSigmoid: 16,
  /** its derivative */
  improvedSigmoidSlope: 17,
  /** W ~ N(0, 1/n) */
  fanInInit: 18,
  /** Δw_{t+1} = α ∂C/∂w + μ Δw_t */
  momentum: 19,
} as const satisfies Record<string, ReportEquation>;

export type Phase = 'forward' | 'loss' | 'outputDelta' | 'hiddenDelta' | 'gradients' | 'update';

export const PHASES: readonly Phase[] = ['forward', 'loss', 'outputDelta', 'hiddenDelta', 'gradients', 'update'];

/** The engine primitive a sub-step calls (src/engine/forward.ts, backward.ts, softmax.ts, step.ts). */
export type StepKind = 'preActivation' | 'activation' | 'loss' | 'outputDelta' | 'hiddenDelta' | 'gradients' | 'update';

/** What a sub-step needs to know to name its equations. */
export interface StepShape {
  readonly kind: StepKind;
  /** Is the step's layer the output layer? */
  readonly isOutput: boolean;
  /** The layer's activation ('softmax' on the output layer). */
  readonly activation: string;
  /** Is momentum on (μ ≠ 0)? Only the update's numbers depend on it. */
  readonly momentum?: boolean;
}

/** The report's numbers of one sub-step: per neuron (one unit's sum) and in matrix form. */
export interface StepEquations {
  readonly perNeuron: readonly ReportEquation[];
  readonly vectorised: readonly ReportEquation[];
}

// Which numbers, checked against the report (../shared/seed/, section "Backpropagation"):
// - the forward sums have no number of their own: (4) differentiates the output's sum
//   z_k = Σ_j w_kj a_j, (6) a hidden layer's z_j = Σ_i w_ji x_i, so each layer cites its own;
//   (5) is the slope f′(z_j) the forward step stores, (16)–(17) the improved sigmoid's f and f′;
// - (3) names the output δ; (8) and (12) the hidden δ per unit, (13)–(14) in vectors;
// - the gradients: a hidden weight's is the chain (2) that (7) sums up as δ_j x_i; the report
//   writes an output weight's, δ_k a_j, only inside its update (9). In matrix form the gradient
//   appears only inside the update equations, as δ_k a_jᵀ in (10) and F′(z_j) Σ_j x_iᵀ in (15);
// - the update: (1) the rule, (9) and (11) written out for an output and a hidden weight,
//   (10) and (15) for whole matrices, (19) with momentum.
// A phase's numbers (PHASE_EQUATIONS) are the union over its sub-steps, layers and the
// momentum setting, so the gradients phase carries 2, 7, 9, 10, 15.
export function stepEquations(step: StepShape): StepEquations {
  switch (step.kind) {
    case 'preActivation':
      return { perNeuron: [step.isOutput ? EQ.outputSum : EQ.hiddenSum], vectorised: [] };
    case 'activation':
      if (step.activation === 'softmax') return { perNeuron: [], vectorised: [] };
      return { perNeuron: step.activation === 'improved-sigmoid' ? [EQ.slope, EQ.improvedSigmoid, EQ.improvedSigmoidSlope] : [EQ.slope], vectorised: [] };
    case 'loss':
      return { perNeuron: [], vectorised: [] };
    case 'outputDelta':
      return { perNeuron: [EQ.outputDelta], vectorised: [] };
    case 'hiddenDelta':
      return { perNeuron: [EQ.hiddenDelta, EQ.hiddenDeltaUnit], vectorised: [EQ.hiddenDeltaVector, EQ.hiddenDeltaDiagonal] };
    case 'gradients':
      return { perNeuron: step.isOutput ? [EQ.outputUpdate] : [EQ.chainRule, EQ.gradient], vectorised: [step.isOutput ? EQ.outputUpdateMatrix : EQ.hiddenUpdateMatrix] };
    case 'update':
      return {
        perNeuron: step.momentum ? [EQ.momentum] : [EQ.update, step.isOutput ? EQ.outputUpdate : EQ.hiddenUpdate],
        vectorised: step.momentum ? [EQ.momentum] : [step.isOutput ? EQ.outputUpdateMatrix : EQ.hiddenUpdateMatrix],
      };
  }
}

/**
 * Every number a sub-step of `kind` may carry, per neuron and in matrix form, with or without
 * momentum (the plan's list); on the output layer or a hidden one when `isOutput` is given.
 */
export function kindEquations(kind: StepKind, activation: string, isOutput?: boolean): readonly ReportEquation[] {
  const layers = isOutput === undefined ? [true, false] : [isOutput];
  const variants: StepShape[] = layers.flatMap((out) => [true, false].map((momentum) => ({ kind, isOutput: out, activation, momentum })));
  const all = new Set<ReportEquation>();
  for (const v of variants) for (const n of [...stepEquations(v).perNeuron, ...stepEquations(v).vectorised]) all.add(n);
  return [...all].sort((a, b) => a - b);
}

/** What each phase carries out, as the report numbers it (every sub-step of the phase together). */
export const PHASE_EQUATIONS: Readonly<Record<Phase, readonly ReportEquation[]>> = {
  forward: [...new Set([...kindEquations('preActivation', 'sigmoid'), ...kindEquations('activation', 'sigmoid')])].sort((a, b) => a - b),
  loss: kindEquations('loss', 'softmax'),
  outputDelta: kindEquations('outputDelta', 'softmax'),
  hiddenDelta: kindEquations('hiddenDelta', 'sigmoid'),
  gradients: kindEquations('gradients', 'sigmoid'),
  update: kindEquations('update', 'sigmoid'),
};

/** The tag a phase's state carries for each equation, e.g. "eq:8". */
export function equationTag(equation: ReportEquation): `eq:${number}` {
  return `eq:${equation}`;
}

/** "(8)", "(7), (10)" or "unnumbered". */
export function equationNumbersLabel(numbers: readonly ReportEquation[]): string {
  return numbers.length === 0 ? 'unnumbered' : numbers.map((n) => `(${n})`).join(', ');
}

/** KaTeX's "\tag{8}" or "\tag{4, 6}" (empty for an unnumbered equation). */
export function texTag(numbers: readonly ReportEquation[]): string {
  return numbers.length ? `\\tag{${numbers.join(', ')}}` : '';
}
