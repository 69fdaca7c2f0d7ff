// The classic backprop mistakes the check recognises, each with a stable id (used by the
// CLI's --json, the page and the bug-hunt lessons), the equation it breaks (report
// numbering, from equations.ts) and the fix in a sentence or two. Written once: the CLI
// text, --json and the page all take these words from here. The order is the order in
// which diagnoses are listed when several patterns fit the same numbers.

import { EQUATIONS, type EquationRef } from './equations';

export const MISTAKE_IDS = [
  'softmax-overflow',
  'loss-sum-not-mean',
  'derivative-of-activation',
  'improved-sigmoid-derivative',
  'missing-activation-derivative',
  'output-delta-sign',
  'updated-weights-in-backprop',
  'gradient-sum-not-mean',
  'bias-gradient-not-reduced',
  'momentum-convention',
  'update-sign',
  'learning-rate-mismatch',
] as const;

export type MistakeId = (typeof MISTAKE_IDS)[number];

export interface Mistake {
  readonly id: MistakeId;
  /** A short name of the mistake. */
  readonly title: string;
  /** The equation the mistake breaks. */
  readonly equation: EquationRef;
  /** What to change, in one or two sentences. */
  readonly fix: string;
}

export const CATALOGUE: Readonly<Record<MistakeId, Mistake>> = {
  'softmax-overflow': {
    id: 'softmax-overflow',
    title: 'softmax computed without the max shift overflowed',
    equation: EQUATIONS.output,
    fix: 'Subtract each row’s largest logit before exp: exp(z − max z) / Σ exp(z − max z) is the same ŷ and never overflows; take the loss as log Σ exp(z − max z) − (z_y − max z), not log ŷ.',
  },
  'loss-sum-not-mean': {
    id: 'loss-sum-not-mean',
    title: 'loss summed over the batch, not averaged',
    equation: EQUATIONS.loss,
    fix: 'Report the batch mean C = (1/N) Σ_n −log ŷ_{n,y_n}: np.mean over the examples, not np.sum.',
  },
  'derivative-of-activation': {
    id: 'derivative-of-activation',
    title: "f' evaluated at the activation a = f(z) instead of at z",
    equation: EQUATIONS.fprime,
    fix: "Evaluate the derivative at the pre-activation z: σ'(z) = σ(z)(1 − σ(z)), which is a(1 − a) written with a — not σ(a)(1 − σ(a)).",
  },
  'improved-sigmoid-derivative': {
    id: 'improved-sigmoid-derivative',
    title: 'wrong derivative of the improved sigmoid',
    equation: EQUATIONS.fprimeImproved,
    fix: "f'(z) = 1.7159 · (2/3) / cosh²(2z/3) + c: keep the chain rule's 2/3 and the twist's constant c (and prefer the exact 1.7159·2/3 to the rounded 1.14393).",
  },
  'missing-activation-derivative': {
    id: 'missing-activation-derivative',
    title: "hidden δ without the f'(z) factor",
    equation: EQUATIONS.hiddenDelta,
    fix: "Multiply the back-propagated sum by f'(z) of the same layer, elementwise: δ_j = f'(z_j) Σ_k w_kj δ_k.",
  },
  'output-delta-sign': {
    id: 'output-delta-sign',
    title: 'output δ with the wrong sign (y − ŷ)',
    equation: EQUATIONS.outputDelta,
    fix: 'Use δ_k = ŷ_k − y_k, the derivative of −log ŷ_y by z_k; with y − ŷ every gradient points uphill.',
  },
  'updated-weights-in-backprop': {
    id: 'updated-weights-in-backprop',
    title: 'δ propagated through weights that were already updated',
    equation: EQUATIONS.hiddenDelta,
    fix: 'Compute every δ and gradient with the weights of the forward pass, then update all layers: δ_j uses W_{l+1} from before its update.',
  },
  'gradient-sum-not-mean': {
    id: 'gradient-sum-not-mean',
    title: 'gradients summed over the batch, not averaged',
    equation: EQUATIONS.gradW,
    fix: 'Divide by N: ∂C/∂W = δᵀa / N and ∂C/∂b = Σ_n δ_n / N are the gradients of the batch mean C = (1/N) Σ_n C_n.',
  },
  'bias-gradient-not-reduced': {
    id: 'bias-gradient-not-reduced',
    title: 'bias gradient not averaged over the batch like the weights’',
    equation: EQUATIONS.gradB,
    fix: 'Reduce δ over the examples exactly as for the weights: ∂C/∂b_j = (1/N) Σ_n δ_nj, one number per unit (np.mean(delta, axis=0)).',
  },
  'momentum-convention': {
    id: 'momentum-convention',
    title: 'a momentum rule other than eq. (19)',
    equation: EQUATIONS.momentumWeights,
    fix: 'Use v := α ∂C/∂w + μ v and w := w − v, starting from the velocity given (or convert your velocity to this convention before comparing).',
  },
  'update-sign': {
    id: 'update-sign',
    title: 'update along the gradient (w + α ∂C/∂w)',
    equation: EQUATIONS.sgd,
    fix: 'Subtract: w := w − α ∂C/∂w (with momentum, w := w − Δw); adding climbs the loss.',
  },
  'learning-rate-mismatch': {
    id: 'learning-rate-mismatch',
    title: 'the update used another learning rate',
    equation: EQUATIONS.sgd,
    fix: 'Use the same α in your update as in the check, or tell the check your α with --lr.',
  },
};
