// A neuron's equation as TeX: the report's equation (with its number), then the same
// equation for this unit with its live numbers substituted, each sum written term by
// term (largest first, the rest summed), ending in the value the engine computed.
// Symbols are the notation's (src/notation): letters i, j, k tell layers apart, or layer
// superscripts once the net has two hidden layers; inputs, hidden units and examples are
// numbered from 1, output units by their class.

import type { HiddenActivation } from '../engine/types';
import { layerNotation, perNeuronTex, probabilityOfLabel, type NetNotation } from '../notation';
import type { NeuronEquation, SumTerm, TermExpansion } from './equation-terms';
import { plural, texFactor, texNumber } from '../format';

export interface EquationTex {
  /** The report's equation, symbols only, with \tag{…}. */
  readonly general: string;
  /** The equation for this unit with its numbers (an aligned block). */
  readonly worked: string;
  /** The engine's result that `worked` ends with. */
  readonly result: number | null;
}

function restTex(terms: TermExpansion): string {
  if (!terms.rest) return '';
  const zeros = terms.rest.zeros ? ` (${terms.rest.zeros} of them 0)` : '';
  const label = `${plural(terms.rest.count, 'more term')}${zeros}:`;
  // Written inline (KaTeX's under-labels do not reserve their width).
  return ` + \\bigl[\\,\\text{${label}}\\; ${texNumber(terms.rest.sum)}\\,\\bigr]`;
}

/** The symbolic terms: w_{3,5}\delta_{3} + … (+ …). */
function symbolTerms(terms: TermExpansion, symbol: (t: SumTerm) => string): string {
  const shown = terms.shown.map(symbol).join(' + ');
  return terms.rest ? `${shown} + \\cdots` : shown;
}

/**
 * The numeric terms, 0.412 · (−0.881) + … + [rest], as aligned lines of at most `perLine`
 * terms: the first line follows `opening`, the others are indented continuations.
 */
function numberLines(terms: TermExpansion, opening: string, closing: string, perLine = 2): string[] {
  const chunks = terms.shown.map((t) => t.factors.map((f) => texFactor(f)).join(' \\cdot '));
  const groups: string[] = [];
  for (let i = 0; i < chunks.length; i += perLine) groups.push(chunks.slice(i, i + perLine).join(' + '));
  const rest = restTex(terms);
  if (rest) groups.push(rest.replace(/^ \+ /, ''));
  return groups.map((g, i) => (i === 0 ? `&= ${opening}${g}` : `&\\qquad + ${g}`) + (i === groups.length - 1 ? closing : ''));
}

/** The worked a_j = f(z_j) and f′(z_j) of one unit, with its numbers. */
function activationWorked(kind: HiddenActivation, a: string, zj: string, z: number, av: number, fprime: number, c: number): string {
  const Z = texFactor(z);
  switch (kind) {
    case 'sigmoid':
      return `${a} &= \\frac{1}{1 + e^{-${Z}}} = ${texNumber(av)} \\\\ f'(${zj}) &= ${texFactor(av)}\\,\\bigl(1 - ${texFactor(av)}\\bigr) = ${texNumber(fprime)}`;
    case 'improved-sigmoid':
      return `${a} &= 1.7159 \\tanh\\!\\bigl(\\tfrac{2}{3}\\cdot ${Z}\\bigr) + ${texNumber(c)}\\cdot ${Z} = ${texNumber(av)} \\\\ f'(${zj}) &= \\frac{1.7159 \\cdot \\tfrac{2}{3}}{\\cosh^2(\\tfrac{2}{3}\\cdot ${Z})} + ${texNumber(c)} = ${texNumber(fprime)}`;
    case 'tanh':
      return `${a} &= \\tanh ${Z} = ${texNumber(av)} \\\\ f'(${zj}) &= 1 - ${texFactor(av)}^2 = ${texNumber(fprime)}`;
    case 'relu':
      return `${a} &= \\max\\bigl(0, ${texNumber(z)}\\bigr) = ${texNumber(av)} \\\\ f'(${zj}) &= [${texNumber(z)} > 0] = ${texNumber(fprime)}`;
  }
}

/**
 * The equation of `e` in TeX, or null while nothing is computed for its layer. Every symbol
 * comes from the notation of the step's net (`net`, by default the report's for its depth).
 */
export function neuronEquationTex(e: NeuronEquation, net?: NetNotation): EquationTex | null {
  if (e.kind === 'pending') return null;
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
      return {
        general: general(),
        worked: [
          `${z} &= ${symbolTerms(e.terms, (t) => `${s.weight(r, me, at(t.index)).tex}\\, ${s.unit('a', r - 1, at(t.index)).tex}`)} + ${b}`,
          ...numberLines(e.terms, '', ` + ${texFactor(e.bias)}`),
          `&= ${texNumber(e.value)}`,
        ].join(' \\\\ '),
        result: e.value,
      };
    }
    case 'activation':
      return {
        general: general(),
        worked: activationWorked(e.activation, s.unit('a', r, me).tex, s.unit('z', r, me).tex, e.z, e.a, e.fprime, e.twist),
        result: e.a,
      };
    case 'softmax': {
      const m = texNumber(e.maxLogit);
      return {
        general: general(),
        worked: [
          `${s.unit('a', r, me).tex} &= \\frac{e^{${texFactor(e.z)} - ${texFactor(e.maxLogit)}}}{${texNumber(e.expSum)}}`,
          `&= ${texNumber(e.value)} \\qquad (m = ${m})`,
        ].join(' \\\\ '),
        result: e.value,
      };
    }
    case 'loss':
      return {
        general: general(),
        worked: [
          `${s.loss(e.sample).tex} &= -\\log ${probabilityOfLabel(s, e.sample, e.label)} = -\\log ${texFactor(e.probability)} = ${texNumber(e.sampleLoss)}`,
          `${s.loss().tex} &= \\tfrac{1}{${e.batchSize}} \\textstyle\\sum_n ${s.loss('n').tex} = ${texNumber(e.batchLoss)}`,
        ].join(' \\\\ '),
        result: e.sampleLoss,
      };
    case 'outputDelta':
      return {
        general: general(),
        worked: `${s.unit('delta', r, me).tex} &= ${s.unit('a', r, me).tex} - ${s.unit('y', r, me).tex} = ${texNumber(e.yhat)} - ${e.target} = ${texNumber(e.value)}`,
        result: e.value,
      };
    case 'hiddenDelta':
      return {
        general: general(),
        worked: [
          `${s.unit('delta', r, me).tex} &= f'(${s.unit('z', r, me).tex}) \\Bigl[ ${symbolTerms(e.terms, (t) => `${s.weight(r + 1, at(t.index), me).tex}\\, ${s.unit('delta', r + 1, at(t.index)).tex}`)} \\Bigr]`,
          ...numberLines(e.terms, `${texFactor(e.fprime)} \\times \\Bigl[ `, ' \\Bigr]'),
          `&= ${texFactor(e.fprime)} \\times ${texFactor(e.terms.sum)}`,
          `&= ${texNumber(e.value)}`,
        ].join(' \\\\ '),
        result: e.value,
      };
    case 'gradients': {
      const from = at(e.input);
      const N = e.batchSize;
      const C = s.loss().tex;
      const delta = s.unit('delta', r, me, 'n').tex;
      return {
        general: general(),
        worked: [
          `\\frac{\\partial ${C}}{\\partial ${s.weight(r, me, from).tex}} &= \\tfrac{1}{${N}} \\textstyle\\sum_n ${delta}\\, ${s.unit('a', r - 1, from, 'n').tex}`,
          ...numberLines(e.weightTerms, `\\tfrac{1}{${N}} \\Bigl[ `, ' \\Bigr]'),
          `&= ${texNumber(e.weightGradient)}`,
          `\\frac{\\partial ${C}}{\\partial ${s.unit('b', r, me).tex}} &= \\tfrac{1}{${N}} \\textstyle\\sum_n ${delta}`,
          ...numberLines(e.biasTerms, `\\tfrac{1}{${N}} \\Bigl[ `, ' \\Bigr]'),
          `&= ${texNumber(e.biasGradient)}`,
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
            `\\Delta ${w} &= ${texNumber(alpha)} \\times ${texFactor(wu.gradient)} + ${texNumber(mu)} \\times ${texFactor(wu.velocityBefore ?? 0)} = ${texNumber(wu.velocityAfter)}`,
            `${w} &:= ${texNumber(wu.before)} - ${texFactor(wu.velocityAfter)} = ${texNumber(wu.after)}`,
            `\\Delta ${b} &= ${texNumber(alpha)} \\times ${texFactor(bu.gradient)} + ${texNumber(mu)} \\times ${texFactor(bu.velocityBefore ?? 0)} = ${texNumber(bu.velocityAfter)}`,
            `${b} &:= ${texNumber(bu.before)} - ${texFactor(bu.velocityAfter)} = ${texNumber(bu.after)}`,
          ].join(' \\\\ '),
          result: wu.after,
        };
      }
      return {
        general: general(),
        worked: [
          `${w} &:= ${texNumber(wu.before)} - ${texNumber(alpha)} \\times ${texFactor(wu.gradient)} = ${texNumber(wu.after)}`,
          `${b} &:= ${texNumber(bu.before)} - ${texNumber(alpha)} \\times ${texFactor(bu.gradient)} = ${texNumber(bu.after)}`,
        ].join(' \\\\ '),
        result: wu.after,
      };
    }
  }
}
