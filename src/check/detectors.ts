// The signature of each catalogue mistake: what the mistake makes of the quantity where the
// learner's numbers first differ, computed from deltascope's own values (variants.ts). A
// mistake is diagnosed when the learner's first differing quantity matches its prediction
// within the same tolerance as the comparison — so a diagnosis is a claim about numbers,
// never a guess from which quantity went wrong.

import type { Trace } from '../engine/io';
import { activationDerivative, IMPROVED_SIGMOID_A, IMPROVED_SIGMOID_B } from '../engine/activations';
import { exp } from '../engine/libm';
import { usesMomentum } from '../engine/step';
import type { HiddenActivation } from '../engine/types';
import { CATALOGUE, MISTAKE_IDS, type MistakeId } from './catalogue';
import type { Diagnosis, FirstDifference, QuantityResult } from './results';
import { compareValues } from './compare';
import type { NumbersOwner } from './learner-trace';
import { quantitySymbol } from './quantity-symbol';
import { predictBackward, predictUpdate, type BackwardVariant, type Prediction, type PredictedValue, type UpdateRuleFn } from './variants';
import { formatValue, literalNumber } from '../format';

export interface DetectionContext {
  readonly trace: Trace;
  readonly results: readonly QuantityResult[];
  /** The first quantity that differs. */
  readonly first: QuantityResult;
  readonly firstDifference: FirstDifference;
  readonly tolerance: number;
  /** Whose numbers the sentences speak of: the learner's ("Your gradW1") or a bug-hunt lesson's planted step ("The lesson's ∂C/∂Wₖⱼ"). */
  readonly owner: NumbersOwner;
}

type Detector = (ctx: DetectionContext) => string | null;

/** Does a reading of the learner's array (any layout its shape allows) match `predicted` within the tolerance? */
function matches(ctx: DetectionContext, result: QuantityResult, predicted: PredictedValue | undefined): boolean {
  if (!predicted) return false;
  const predictedRows = predicted.rows ?? 1;
  return result.readings.some((given) =>
    predictedRows > 1
      ? given.rows === predictedRows && compareValues(predicted.values, given.values, ctx.tolerance).firstIndex < 0
      : compareValues(predicted.values, given.values, ctx.tolerance, given.rows).firstIndex < 0,
  );
}

/**
 * Does the mistake explain the numbers? The first differing quantity must match its
 * prediction, and no quantity that agrees with deltascope may contradict it (a correct
 * output δ rules out a flipped one, whatever the update looks like).
 */
function firstMatches(ctx: DetectionContext, prediction: Prediction): boolean {
  if (!matches(ctx, ctx.first, prediction.get(ctx.first.quantity.name))) return false;
  return ctx.results.every((r) => r.status !== 'ok' || !prediction.has(r.quantity.name) || matches(ctx, r, prediction.get(r.quantity.name)));
}

function result(ctx: DetectionContext, name: string): QuantityResult | undefined {
  return ctx.results.find((r) => r.quantity.name === name);
}

const isOk = (ctx: DetectionContext, name: string) => result(ctx, name)?.status === 'ok';

/** "your" or "the lesson's", inside a sentence. */
const whose = (ctx: DetectionContext) => (ctx.owner === 'lesson' ? "the lesson's" : 'your');

/**
 * A given quantity as its owner knows it, inside a sentence: the learner's name for it ("your
 * gradW1", "your layers[0].delta"), or the lesson's in the report's notation ("the lesson's δⱼ").
 */
function named(ctx: DetectionContext, r: QuantityResult): string {
  const name = ctx.owner === 'lesson' ? quantitySymbol(r.quantity, ctx.trace.net.sizes.length - 1) : r.given!.label;
  return `${whose(ctx)} ${name}`;
}

/** The first differing quantity, opening a sentence: "Your gradW1", "The lesson's δⱼ". */
function subject(ctx: DetectionContext): string {
  const said = named(ctx, ctx.first);
  return said.charAt(0).toUpperCase() + said.slice(1);
}

const N = (ctx: DetectionContext) => ctx.trace.batch.size;

const hiddenLayers = (trace: Trace) => trace.net.activations.slice(0, -1).map((kind, l) => ({ kind: kind as HiddenActivation, l }));

/** Where the first difference sits in the step. */
const stage = (ctx: DetectionContext) => ctx.first.quantity.stage;

/**
 * The plain statement when the first difference is where the mistake enters (`at`), else
 * "Your gradW1 is what <cause> gives" for a quantity downstream of it; `why` ends both.
 */
function downstream(ctx: DetectionContext, at: readonly string[], direct: string, cause: string, why = ''): string {
  const said = at.includes(ctx.first.quantity.kind) ? `${subject(ctx)} is ${direct}` : `${subject(ctx)} is what ${cause} gives`;
  return `${said}${why ? `: ${why}` : ''}.`;
}

function backward(ctx: DetectionContext, variant: BackwardVariant): boolean {
  return firstMatches(ctx, predictBackward(ctx.trace, variant));
}

/** The f' of each hidden layer, evaluated elementwise by `f` from z, a and the kind. */
function fprimeBy(trace: Trace, f: (kind: HiddenActivation, z: number, a: number, c: number) => number): (l: number) => Float64Array {
  return (l) => {
    const kind = trace.net.activations[l] as HiddenActivation;
    const { z, a } = trace.step.forward.layers[l];
    const c = trace.net.improvedSigmoidC;
    const out = new Float64Array(z.length);
    for (let i = 0; i < z.length; i++) out[i] = f(kind, z[i], a[i], c);
    return out;
  };
}

/** sech²(u) as the engine writes it: 4e/(1+e)², e = exp(−2|u|). */
function sech2(u: number): number {
  const e = exp(-2 * Math.abs(u));
  return (4 * e) / ((1 + e) * (1 + e));
}

const IMPROVED_VARIANTS: readonly { formula: string; why: string; f: (z: number, c: number) => number }[] = [
  { formula: '1.7159·sech²(2z/3) + c', why: "the chain rule's factor 2/3 is dropped", f: (z, c) => IMPROVED_SIGMOID_A * sech2(IMPROVED_SIGMOID_B * z) + c },
  { formula: '1.7159·(2/3)·sech²(2z/3)', why: "the twist's constant c is dropped", f: (z) => IMPROVED_SIGMOID_A * IMPROVED_SIGMOID_B * sech2(IMPROVED_SIGMOID_B * z) },
  { formula: '1.7159·sech²(2z/3)', why: 'both the 2/3 and the constant c are dropped', f: (z) => IMPROVED_SIGMOID_A * sech2(IMPROVED_SIGMOID_B * z) },
  {
    formula: '1.14393·sech²(2z/3) + c',
    why: "eq. (17)'s rounded constant; 1.7159·2/3 = 1.1439333…, 3e-6 relative away",
    f: (z, c) => 1.14393 * sech2(IMPROVED_SIGMOID_B * z) + c,
  },
];

const DERIVATIVE_AT_A: Readonly<Record<HiddenActivation, string>> = {
  sigmoid: 'σ(a)(1 − σ(a))',
  'improved-sigmoid': "f'(a) = 1.7159·(2/3)/cosh²(2a/3) + c",
  tanh: '1 − tanh²(a)',
  relu: "f'(a)",
};

/** Momentum rules other than eq. (19), as learners write them (v: the velocity given, in eq. 19's convention). */
function momentumRules(alpha: number, mu: number, owner: string): readonly { rule: UpdateRuleFn; says: string }[] {
  const negative = 'v := μv − α∂C/∂w, w := w + v: equivalent to eq. (19) with the velocity’s sign flipped (this v is minus eq. (19)’s) and the same α';
  const noAlpha = `v := μv + ∂C/∂w, w := w − αv (PyTorch's convention): equivalent to eq. (19) with the velocity rescaled (eq. (19)’s velocity is α times this v) and the same α, as long as α stays constant`;
  const dampened = `v := μv + (1 − μ)∂C/∂w, w := w − αv (a dampened average): equivalent to eq. (19) only with α rescaled — ${owner} α acts as α(1 − μ) = ${formatValue(alpha * (1 - mu), 6)} there`;
  const nesterov = 'Nesterov’s v := μv + α∂C/∂w, w := w − (μv + α∂C/∂w): not eq. (19), and no rescaling of α makes it so';
  return [
    { rule: (w, g, v) => ({ v: -mu * v - alpha * g, w: w + (-mu * v - alpha * g) }), says: negative },
    { rule: (w, g, v) => ({ v: mu * v - alpha * g, w: w + (mu * v - alpha * g) }), says: negative },
    { rule: (w, g, v) => ({ v: (mu * v) / alpha + g, w: w - alpha * ((mu * v) / alpha + g) }), says: noAlpha },
    { rule: (w, g, v) => ({ v: mu * v + g, w: w - alpha * (mu * v + g) }), says: noAlpha },
    { rule: (w, g, v) => ({ v: (mu * v) / alpha + (1 - mu) * g, w: w - alpha * ((mu * v) / alpha + (1 - mu) * g) }), says: dampened },
    { rule: (w, g, v) => ({ v: mu * v + (1 - mu) * g, w: w - alpha * (mu * v + (1 - mu) * g) }), says: dampened },
    { rule: (w, g, v) => ({ v: mu * v + alpha * g, w: w - (mu * (mu * v + alpha * g) + alpha * g) }), says: nesterov },
  ];
}

/** The α that best explains the learner's first differing update quantity (least squares), or null. */
function fittedLearningRate(ctx: DetectionContext): number | null {
  const { trace, first } = ctx;
  const l = first.quantity.layer!;
  const kind = first.quantity.kind;
  if (first.given!.rows !== 1) return null;
  const isWeights = kind === 'weightsAfter' || kind === 'velocityWeights';
  const w = isWeights ? trace.net.params.weights[l] : trace.net.params.biases[l];
  const g = isWeights ? trace.step.backward.gradients.weights[l] : trace.step.backward.gradients.biases[l];
  const v = usesMomentum(trace.rule) ? (isWeights ? trace.velocity?.weights[l] : trace.velocity?.biases[l]) : undefined;
  const mu = trace.rule.momentum;
  const yours = first.given!.values;
  let gd = 0;
  let gg = 0;
  for (let i = 0; i < g.length; i++) {
    const momentumPart = mu * (v ? v[i] : 0);
    // weights after: w − α'g − μv = yours; velocity after: α'g + μv = yours
    const d = kind === 'weightsAfter' || kind === 'biasesAfter' ? w[i] - yours[i] - momentumPart : yours[i] - momentumPart;
    gd += g[i] * d;
    gg += g[i] * g[i];
  }
  if (gg === 0 || !Number.isFinite(gd)) return null;
  return gd / gg;
}

const DETECTORS: Readonly<Record<MistakeId, Detector>> = {
  'softmax-overflow'(ctx) {
    const { trace, first, firstDifference: d } = ctx;
    if (Number.isFinite(d.actual) || !Number.isFinite(d.expected)) return null;
    const kind = first.quantity.kind;
    const L = trace.net.sizes.length - 1;
    if (kind === 'z' || ((kind === 'a' || kind === 'fprime') && first.quantity.layer !== L - 1)) return null;
    const limit = trace.net.precision === 'float32' ? Math.log(3.4028234663852886e38) : Math.log(Number.MAX_VALUE);
    const z = trace.step.forward.layers[L - 1].z;
    const K = trace.net.sizes[L];
    const exampleAxis = d.axes.indexOf('example');
    const examples = exampleAxis >= 0 ? [d.index[exampleAxis]] : Array.from({ length: N(ctx) }, (_, n) => n);
    for (const n of examples) {
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, z[n * K + k]);
      if (max > limit) {
        return `${subject(ctx)} is ${formatValue(d.actual, 6)} where deltascope's is finite: example ${n + 1}'s largest logit is z = ${formatValue(max, 6)}, and exp(z) overflows above z ≈ ${formatValue(limit, 5)} (${trace.net.precision}).`;
      }
    }
    return null;
  },

  'loss-sum-not-mean'(ctx) {
    const { first, firstDifference: d } = ctx;
    if (first.quantity.kind !== 'loss' || N(ctx) < 2) return null;
    if (!matches(ctx, first, { values: [d.expected * N(ctx)] })) return null;
    return `${subject(ctx)} ${formatValue(d.actual, 6)} is N = ${N(ctx)} times deltascope's ${formatValue(d.expected, 6)}: the sum of C_n over the batch, not the mean.`;
  },

  'derivative-of-activation'(ctx) {
    const { trace } = ctx;
    const layers = hiddenLayers(trace).filter(({ kind }) => kind !== 'relu');
    if (layers.length === 0) return null;
    const atA = fprimeBy(trace, (kind, z, a, c) => (kind === 'relu' ? activationDerivative(kind, z, c) : activationDerivative(kind, a, c)));
    if (!backward(ctx, { fprimeUsed: atA })) return null;
    const formula = DERIVATIVE_AT_A[layers[0].kind];
    return downstream(ctx, ['fprime'], formula, `f' = ${formula}`, "f' evaluated at the activation a = f(z) instead of at z");
  },

  'improved-sigmoid-derivative'(ctx) {
    const { trace } = ctx;
    if (!hiddenLayers(trace).some(({ kind }) => kind === 'improved-sigmoid')) return null;
    for (const variant of IMPROVED_VARIANTS) {
      const fprime = fprimeBy(trace, (kind, z, _a, c) => (kind === 'improved-sigmoid' ? variant.f(z, c) : activationDerivative(kind, z, c)));
      if (backward(ctx, { fprimeUsed: fprime })) {
        return downstream(ctx, ['fprime'], variant.formula, `f'(z) = ${variant.formula}`, variant.why);
      }
    }
    return null;
  },

  'missing-activation-derivative'(ctx) {
    const { trace } = ctx;
    if (hiddenLayers(trace).length === 0) return null;
    const ones = (l: number) => new Float64Array(trace.step.forward.layers[l].z.length).fill(1);
    if (!backward(ctx, { fprimeUsed: ones, fprimeShown: (l) => trace.step.forward.layers[l].fprime! })) return null;
    return downstream(ctx, ['delta'], "Σ_k w_kj δ_k without the factor f'(z_j)", "δ without the factor f'(z) in the hidden layers");
  },

  'output-delta-sign'(ctx) {
    if (!backward(ctx, { outputDeltaSign: -1 })) return null;
    const alsoUpdate = stage(ctx) === 'update' ? ' (so does an update w + α ∂C/∂w: give δ or the gradients to tell which)' : '';
    return downstream(ctx, ['delta'], 'y − ŷ, the negative of ŷ − y', `δ_L = y − ŷ${alsoUpdate}`);
  },

  'updated-weights-in-backprop'(ctx) {
    if (ctx.trace.net.sizes.length < 3 || !backward(ctx, { backpropThroughUpdated: true })) return null;
    return `${subject(ctx)} is what δ gives when each layer is updated as soon as its gradient is known and the δ below is propagated through the new weights.`;
  },

  'gradient-sum-not-mean'(ctx) {
    const { first } = ctx;
    const n = N(ctx);
    if (n < 2) return null;
    if (first.quantity.kind === 'gradB' && isOk(ctx, `layers[${first.quantity.layer}].gradW`)) return null; // bias-gradient-not-reduced
    if (!backward(ctx, { gradientScale: { weights: n, biases: n } })) return null;
    return downstream(ctx, ['gradW', 'gradB'], `N = ${n} times deltascope's`, `an update with gradients summed over the batch (N = ${n} times the mean)`, 'summed over the batch instead of averaged');
  },

  'bias-gradient-not-reduced'(ctx) {
    const { trace, first } = ctx;
    const n = N(ctx);
    const l = first.quantity.layer;
    const kind = first.quantity.kind;
    if (n < 2 || l === null || (kind !== 'gradB' && kind !== 'biasesAfter')) return null;
    if (first.given!.layout.perExample) {
      const delta = trace.step.backward.deltas[l];
      for (const factor of [1, 1 / n]) {
        const perExample = delta.map((x) => x * factor);
        const predicted =
          kind === 'gradB' ? perExample : perExample.map((g, i) => trace.net.params.biases[l][i % trace.net.sizes[l + 1]] - trace.rule.learningRate * g);
        if (matches(ctx, first, { values: predicted, rows: n })) {
          return `${subject(ctx)} has one row per example (${n} × ${trace.net.sizes[l + 1]}): ${kind === 'gradB' ? (factor === 1 ? 'δ itself' : 'δ/N') : 'updated with δ of each example'}, not reduced over the batch.`;
        }
      }
      return null;
    }
    const weightsName = kind === 'gradB' ? `layers[${l}].gradW` : `after.layers[${l}].weights`;
    if (!isOk(ctx, weightsName)) return null;
    if (!backward(ctx, { gradientScale: { weights: 1, biases: n } })) return null;
    return `${subject(ctx)} is what ∂C/∂b summed over the batch (N = ${n} times the mean) gives, while ${named(ctx, result(ctx, weightsName)!)} agrees: the biases' gradient is summed where the weights' is averaged.`;
  },

  'momentum-convention'(ctx) {
    const { trace } = ctx;
    if (!usesMomentum(trace.rule) || stage(ctx) !== 'update') return null;
    for (const { rule, says } of momentumRules(trace.rule.learningRate, trace.rule.momentum, whose(ctx))) {
      if (firstMatches(ctx, predictUpdate(trace, rule))) return `${subject(ctx)} follows ${says}.`;
    }
    return null;
  },

  'update-sign'(ctx) {
    const { trace } = ctx;
    if (stage(ctx) !== 'update') return null;
    const { learningRate: alpha, momentum: mu } = trace.rule;
    const rule: UpdateRuleFn = usesMomentum(trace.rule) ? (w, g, v) => ({ v: alpha * g + mu * v, w: w + alpha * g + mu * v }) : (w, g) => ({ v: 0, w: w + alpha * g });
    if (!firstMatches(ctx, predictUpdate(trace, rule))) return null;
    return `${subject(ctx)} is w + ${usesMomentum(trace.rule) ? 'Δw' : 'α ∂C/∂w'}: the update climbs the gradient.`;
  },

  'learning-rate-mismatch'(ctx) {
    const { trace, first } = ctx;
    if (stage(ctx) !== 'update') return null;
    const alpha = trace.rule.learningRate;
    const fitted = fittedLearningRate(ctx);
    if (fitted === null || fitted <= 0 || Math.abs(fitted - alpha) <= ctx.tolerance * Math.max(alpha, fitted)) return null;
    const mu = trace.rule.momentum;
    const prediction = predictUpdate(trace, (w, g, v) => ({ v: fitted * g + mu * v, w: w - (fitted * g + mu * v) }));
    // The same α' must explain every update quantity given.
    const updates = ctx.results.filter((r) => r.quantity.stage === 'update' && r.status !== 'missing');
    if (!updates.every((r) => matches(ctx, r, prediction.get(r.quantity.name)))) return null;
    const shown = literalNumber(fitted); // also typed after --lr
    const n = N(ctx);
    let hint = '';
    if (n > 1 && Math.abs(fitted - n * alpha) <= 1e-6 * n * alpha) hint = ` That is N·α (N = ${n}): are ${whose(ctx)} gradients sums over the batch rather than means?`;
    if (mu > 0 && Math.abs(fitted - alpha * (1 - mu)) <= 1e-6 * alpha) hint = ' That is α(1 − μ): a dampened momentum rule?';
    return `${subject(ctx)} is what α = ${shown} gives (fitted to ${whose(ctx)} numbers), not α = ${formatValue(alpha, 6)}; if ${shown} was meant, run the check with --lr ${shown}.${hint}`;
  },
};

/** The catalogue's mistakes whose signature these numbers match, in catalogue order. */
export function diagnose(ctx: DetectionContext): Diagnosis[] {
  const found: Diagnosis[] = [];
  for (const id of MISTAKE_IDS) {
    const message = DETECTORS[id](ctx);
    if (message !== null) found.push({ id, message });
  }
  return found;
}

/** The catalogue entry of a diagnosis (title, broken equation, fix). */
export function mistakeOf(diagnosis: Diagnosis) {
  return CATALOGUE[diagnosis.id];
}
