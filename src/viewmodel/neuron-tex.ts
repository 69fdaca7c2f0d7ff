// A neuron's equation as TeX: the report's equation (with its number), then the same
// equation for this unit with its live numbers substituted, each sum written term by
// term (largest first, the rest summed), ending in the value the engine computed.
// Symbols are the notation's (src/notation): letters i, j, k tell layers apart, or layer
// superscripts once the net has two hidden layers; inputs, hidden units and examples are
// numbered from 1, output units by their class.
// Every worked line holds at the precision it shows (src/format/worked.ts): it ends in the
// machine's value, and its inputs carry as many digits as the arithmetic on them, as
// written, needs to give that value as written.

import type { HiddenActivation } from '../engine/types';
import { activate, activationDerivative } from '../engine/activations';
import { exp, log } from '../engine/libm';
import { layerNotation, perNeuronTex, probabilityOfLabel, type NetNotation } from '../notation';
import type { NeuronEquation, ParameterUpdate, SumTerm, TermExpansion } from './equation-terms';
import { asShown, MAX_WORKED_DIGITS, plural, texFactor, texNumber, workedDigits, type WorkedDigits } from '../format';

export interface EquationTex {
  /** The report's equation, symbols only, with \tag{…}. */
  readonly general: string;
  /** The equation for this unit with its numbers (an aligned block). */
  readonly worked: string;
  /** The engine's result that `worked` ends with. */
  readonly result: number | null;
}

/** Writes " = value" (or " ≈ value") after a line's arithmetic. */
type Then = (fit: WorkedDigits, value: number) => string;

/** The relation before a worked line's result: = when the shown arithmetic gives it, else ≈. */
const equals = (fit: WorkedDigits): string => (fit.holds ? '=' : '\\approx');

/** Σ of the terms (and the summed rest) with every factor as written at `digits` digits. */
function shownSum(terms: TermExpansion, digits: number): number {
  let sum = 0;
  for (const t of terms.shown) {
    let product = 1;
    for (const f of t.factors) product *= asShown(f, digits);
    sum += product;
  }
  return terms.rest ? sum + asShown(terms.rest.sum, digits) : sum;
}

function restTex(terms: TermExpansion, digits: number): string {
  if (!terms.rest) return '';
  const zeros = terms.rest.zeros ? ` (${terms.rest.zeros} of them 0)` : '';
  const label = `${plural(terms.rest.count, 'more term')}${zeros}:`;
  // Written inline (KaTeX's under-labels do not reserve their width).
  return ` + \\bigl[\\,\\text{${label}}\\; ${texNumber(terms.rest.sum, digits)}\\,\\bigr]`;
}

/** How the worked lines are laid out: `narrow` (a phone) puts one term on a row and each result on its own row. */
export interface TexLayout {
  readonly narrow?: boolean;
}

/** Terms as aligned rows of at most `perLine`: the first after `first`, the others indented continuations, `closing` after the last. */
function termRows(chunks: readonly string[], first: string, closing: string, perLine: number): string[] {
  const groups: string[] = [];
  for (let i = 0; i < chunks.length; i += perLine) groups.push(chunks.slice(i, i + perLine).join(' + '));
  return groups.map((g, i) => (i === 0 ? `${first}${g}` : `&\\qquad + ${g}`) + (i === groups.length - 1 ? closing : ''));
}

/** The symbolic terms, w_{k=3,j=5} δ_{k=3} + … + ⋯, as rows after `first` ("δ_j &= f′(z_j) ["). */
function symbolLines(terms: TermExpansion, symbol: (t: SumTerm) => string, first: string, closing: string, perLine: number): string[] {
  const chunks = terms.shown.map(symbol);
  if (terms.rest) chunks.push('\\cdots');
  return termRows(chunks, first, closing, perLine);
}

/**
 * The numeric terms, 0.412 · (−0.881) + … + [rest], as aligned rows of two terms (one when
 * `narrow`, the `opening` then on a row of its own), each factor at `digits` significant
 * digits: the first row follows `opening`, the others are indented continuations.
 */
function numberLines(terms: TermExpansion, opening: string, closing: string, digits: number, narrow: boolean): string[] {
  const chunks = terms.shown.map((t) => t.factors.map((f) => texFactor(f, digits)).join(' \\cdot '));
  const rest = restTex(terms, digits);
  if (rest) chunks.push(rest.replace(/^ \+ /, ''));
  if (narrow && opening) return [`&= ${opening}`, ...termRows(chunks, '&\\qquad ', closing, 1)];
  return termRows(chunks, `&= ${opening}`, closing, narrow ? 1 : 2);
}

/**
 * The worked a_j = f(z_j) and f′(z_j) of one unit, with its numbers: each line's inputs at the
 * digits it needs. f′ of the sigmoid and tanh is written from a (a(1 − a), 1 − a²) unless a
 * is saturated (a = 1 to every digit shown, while f′ is 10⁻⁹); then from z, as the engine
 * computes it.
 */
function activationWorked(kind: HiddenActivation, a: string, zj: string, z: number, av: number, fprime: number, c: number, then: Then): string {
  const f = workedDigits((d) => activate(kind, asShown(z, d), asShown(c, d)), av);
  const fromZ = workedDigits((d) => activationDerivative(kind, asShown(z, d), asShown(c, d)), fprime);
  const fromA =
    kind === 'sigmoid' || kind === 'tanh'
      ? workedDigits((d) => {
          const A = asShown(av, d);
          return kind === 'sigmoid' ? A * (1 - A) : 1 - A * A;
        }, fprime)
      : null;
  const df = fromA && (fromA.holds || !fromZ.holds) ? fromA : fromZ;
  const Z = texFactor(z, f.inputs);
  const aIs = then(f, av);
  const fIs = then(df, fprime);
  const A = texFactor(av, df.inputs);
  const Zf = texFactor(z, df.inputs);
  const aLine = (rhs: string) => `${a} &= ${rhs}${aIs}`;
  const fLine = (rhs: string) => `f'(${zj}) &= ${rhs}${fIs}`;
  switch (kind) {
    case 'sigmoid':
      return [
        aLine(`\\frac{1}{1 + e^{-${Z}}}`),
        fLine(df === fromA ? `${A}\\,\\bigl(1 - ${A}\\bigr)` : `\\frac{e^{-${Zf}}}{\\bigl(1 + e^{-${Zf}}\\bigr)^2}`),
      ].join(' \\\\ ');
    case 'improved-sigmoid':
      return [
        aLine(`1.7159 \\tanh\\!\\bigl(\\tfrac{2}{3}\\cdot ${Z}\\bigr) + ${texNumber(c, f.inputs)}\\cdot ${Z}`),
        fLine(`\\frac{1.7159 \\cdot \\tfrac{2}{3}}{\\cosh^2(\\tfrac{2}{3}\\cdot ${Zf})} + ${texNumber(c, df.inputs)}`),
      ].join(' \\\\ ');
    case 'tanh':
      return [aLine(`\\tanh ${Z}`), fLine(df === fromA ? `1 - ${A}^2` : `\\frac{1}{\\cosh^2 ${Zf}}`)].join(' \\\\ ');
    case 'relu':
      return [aLine(`\\max\\bigl(0, ${texNumber(z, f.inputs)}\\bigr)`), fLine(`[${texNumber(z, df.inputs)} > 0]`)].join(' \\\\ ');
  }
}

/**
 * The digits of a hidden δ's two claims: the bracket's terms give Σ, and f′ × Σ gives δ, both
 * as written. The fewest digits d for f′ and Σ with which the product holds and the terms can
 * be written to give Σ at d digits.
 */
function hiddenDeltaDigits(fprime: number, terms: TermExpansion, delta: number): { product: WorkedDigits; terms: WorkedDigits } {
  const productAt = (d: number) => asShown(fprime, d) * asShown(terms.sum, d);
  for (let r = 4; r <= 6; r++) {
    for (let d = r; d <= MAX_WORKED_DIGITS; d++) {
      if (texNumber(productAt(d), r) !== texNumber(delta, r)) continue;
      const sum = workedDigits((t) => shownSum(terms, t), terms.sum, d, 0);
      if (sum.holds) return { product: { inputs: d, result: r, holds: true }, terms: sum };
    }
  }
  return { product: workedDigits(productAt, delta), terms: workedDigits((t) => shownSum(terms, t), terms.sum) };
}

/** w := w − α ∂C/∂w, its inputs at the digits the line needs. */
function plainUpdateLine(symbol: string, u: ParameterUpdate, alpha: number, then: Then): string {
  const fit = workedDigits((d) => asShown(u.before, d) - asShown(alpha, d) * asShown(u.gradient, d), u.after);
  return `${symbol} &:= ${texNumber(u.before, fit.inputs)} - ${texNumber(alpha, fit.inputs)} \\times ${texFactor(u.gradient, fit.inputs)}${then(fit, u.after)}`;
}

/** v = α ∂C/∂w + μ v and w := w − v (eq. 19, the report's Δw written v), each line's inputs at the digits it needs. */
function momentumLines(symbol: string, velocity: string, u: ParameterUpdate, alpha: number, mu: number, then: Then): string[] {
  const v = u.velocityAfter!;
  const vFit = workedDigits((d) => asShown(alpha, d) * asShown(u.gradient, d) + asShown(mu, d) * asShown(u.velocityBefore ?? 0, d), v);
  const wFit = workedDigits((d) => asShown(u.before, d) - asShown(v, d), u.after);
  return [
    `${velocity} &= ${texNumber(alpha, vFit.inputs)} \\times ${texFactor(u.gradient, vFit.inputs)} + ${texNumber(mu, vFit.inputs)} \\times ${texFactor(u.velocityBefore ?? 0, vFit.inputs)}${then(vFit, v)}`,
    `${symbol} &:= ${texNumber(u.before, wFit.inputs)} - ${texFactor(v, wFit.inputs)}${then(wFit, u.after)}`,
  ];
}

/**
 * The equation of `e` in TeX, or null while nothing is computed for its layer. Every symbol
 * comes from the notation of the step's net (`net`, by default the report's for its depth).
 */
export function neuronEquationTex(e: NeuronEquation, net?: NetNotation, layout: TexLayout = {}): EquationTex | null {
  if (e.kind === 'pending') return null;
  const narrow = layout.narrow ?? false;
  const symbolsPerRow = narrow ? 1 : Number.POSITIVE_INFINITY;
  /** " = value" after a line's arithmetic, on a row of its own when narrow. */
  const then = (fit: WorkedDigits, value: number) => `${narrow ? ' \\\\ &' : ' '}${equals(fit)} ${texNumber(value, fit.result)}`;
  const notation = net ?? layerNotation(e.step.layers);
  const r = e.layer + 1; // the report's layer of the unit
  const s = notation.scope(r);
  const me = { index: e.neuron };
  const at = (index: number) => ({ index });
  const general = (momentum = false) => perNeuronTex(notation, e.step, momentum);
  switch (e.kind) {
    case 'preActivation': {
      const z = s.unit('z', r, me).tex;
      const b = s.unit('b', r, me).tex;
      const fit = workedDigits((d) => shownSum(e.terms, d) + asShown(e.bias, d), e.value);
      return {
        general: general(),
        worked: [
          ...symbolLines(e.terms, (t) => `${s.weight(r, me, at(t.index)).tex}\\, ${s.unit('a', r - 1, at(t.index)).tex}`, `${z} &= `, ` + ${b}`, symbolsPerRow),
          ...numberLines(e.terms, '', ` + ${texFactor(e.bias, fit.inputs)}`, fit.inputs, narrow),
          `&${equals(fit)} ${texNumber(e.value, fit.result)}`,
        ].join(' \\\\ '),
        result: e.value,
      };
    }
    case 'activation':
      return {
        general: general(),
        worked: activationWorked(e.activation, s.unit('a', r, me).tex, s.unit('z', r, me).tex, e.z, e.a, e.fprime, e.twist, then),
        result: e.a,
      };
    case 'softmax': {
      // m is the example's largest logit, written in full on its own line first; the
      // quotient's inputs then carry the digits it needs.
      const fit = workedDigits((d) => exp(asShown(e.z, d) - asShown(e.maxLogit, d)) / asShown(e.expSum, d), e.value);
      const zk = s.unit('z', r, { index: null, prime: true }).tex;
      return {
        general: general(),
        worked: [
          `m &= \\max_{${s.letter(r)}'} ${zk} = ${texNumber(e.maxLogit, fit.inputs)}`,
          `${s.unit('a', r, me).tex} &= \\frac{e^{${texFactor(e.z, fit.inputs)} - ${texFactor(e.maxLogit, fit.inputs)}}}{${texNumber(e.expSum, fit.inputs)}}`,
          `&${equals(fit)} ${texNumber(e.value, fit.result)}`,
        ].join(' \\\\ '),
        result: e.value,
      };
    }
    case 'loss': {
      const fit = workedDigits((d) => -log(asShown(e.probability, d)), e.sampleLoss);
      return {
        general: general(),
        worked: [
          `${s.loss(e.sample).tex} &= -\\log ${probabilityOfLabel(s, e.sample, e.label)} = -\\log ${texFactor(e.probability, fit.inputs)}${then(fit, e.sampleLoss)}`,
          `${s.loss().tex} &= \\tfrac{1}{${e.batchSize}} \\textstyle\\sum_n ${s.loss('n').tex} = ${texNumber(e.batchLoss)}`,
        ].join(' \\\\ '),
        result: e.sampleLoss,
      };
    }
    case 'outputDelta': {
      const fit = workedDigits((d) => asShown(e.yhat, d) - e.target, e.value);
      return {
        general: general(),
        worked: `${s.unit('delta', r, me).tex} &= ${s.unit('a', r, me).tex} - ${s.unit('y', r, me).tex} = ${texNumber(e.yhat, fit.inputs)} - ${e.target}${then(fit, e.value)}`,
        result: e.value,
      };
    }
    case 'hiddenDelta': {
      // Two claims in a chain: the bracket's terms give its sum Σ as written, and f′ × Σ as
      // written gives δ. Σ is written with the digits the product needs; the terms with the
      // digits that give that Σ.
      const { product, terms } = hiddenDeltaDigits(e.fprime, e.terms, e.value);
      return {
        general: general(),
        worked: [
          ...symbolLines(e.terms, (t) => `${s.weight(r + 1, at(t.index), me).tex}\\, ${s.unit('delta', r + 1, at(t.index)).tex}`, `${s.unit('delta', r, me).tex} &= f'(${s.unit('z', r, me).tex}) \\Bigl[ `, ' \\Bigr]', symbolsPerRow),
          ...numberLines(e.terms, `${texFactor(e.fprime, product.inputs)} \\times \\Bigl[ `, ' \\Bigr]', terms.inputs, narrow),
          `&${equals(terms)} ${texFactor(e.fprime, product.inputs)} \\times ${texFactor(e.terms.sum, product.inputs)}`,
          `&${equals(product)} ${texNumber(e.value, product.result)}`,
        ].join(' \\\\ '),
        result: e.value,
      };
    }
    case 'gradients': {
      const from = at(e.input);
      const N = e.batchSize;
      const C = s.loss().tex;
      const delta = s.unit('delta', r, me, 'n').tex;
      const wFit = workedDigits((d) => shownSum(e.weightTerms, d) / N, e.weightGradient);
      const bFit = workedDigits((d) => shownSum(e.biasTerms, d) / N, e.biasGradient);
      return {
        general: general(),
        worked: [
          `\\frac{\\partial ${C}}{\\partial ${s.weight(r, me, from).tex}} &= \\tfrac{1}{${N}} \\textstyle\\sum_n ${delta}\\, ${s.unit('a', r - 1, from, 'n').tex}`,
          ...numberLines(e.weightTerms, `\\tfrac{1}{${N}} \\Bigl[ `, ' \\Bigr]', wFit.inputs, narrow),
          `&${equals(wFit)} ${texNumber(e.weightGradient, wFit.result)}`,
          `\\frac{\\partial ${C}}{\\partial ${s.unit('b', r, me).tex}} &= \\tfrac{1}{${N}} \\textstyle\\sum_n ${delta}`,
          ...numberLines(e.biasTerms, `\\tfrac{1}{${N}} \\Bigl[ `, ' \\Bigr]', bFit.inputs, narrow),
          `&${equals(bFit)} ${texNumber(e.biasGradient, bFit.result)}`,
        ].join(' \\\\ '),
        result: e.weightGradient,
      };
    }
    case 'update': {
      const w = s.weight(r, me, at(e.input)).tex;
      const b = s.unit('b', r, me).tex;
      const { learningRate: alpha, momentum: mu } = e.rule;
      const wu = e.weight;
      const bu = e.bias;
      if (wu.velocityAfter !== null && bu.velocityAfter !== null) {
        return {
          general: general(true),
          worked: [
            ...momentumLines(w, s.parameterVelocity(r, me, at(e.input)).tex, wu, alpha, mu, then),
            ...momentumLines(b, s.parameterVelocity(r, me).tex, bu, alpha, mu, then),
          ].join(' \\\\ '),
          result: wu.after,
        };
      }
      return {
        general: general(),
        worked: [plainUpdateLine(w, wu, alpha, then), plainUpdateLine(b, bu, alpha, then)].join(' \\\\ '),
        result: wu.after,
      };
    }
  }
}
