// A neuron's equation as TeX: the report's equation (with its number), then the same
// equation for this unit with its live numbers substituted, each sum written term by
// term (largest first, the rest summed), ending in the value the engine computed.
// Indices are shown as the rest of the screen shows them: inputs, hidden units and
// examples from 1; output units by their class, from 0.

import type { HiddenActivation } from '../engine/types';
import type { NeuronEquation, SumTerm, TermExpansion } from './equation-terms';
import { texFactor, texNumber } from '../format';

export interface EquationTex {
  /** The report's equation, symbols only, with \tag{…}. */
  readonly general: string;
  /** The equation for this unit with its numbers (an aligned block). */
  readonly worked: string;
  /** The engine's result that `worked` ends with. */
  readonly result: number | null;
}

const one = (i: number) => i + 1;
/** How a unit of a layer is written: its class on the output layer, else counted from 1. */
const unit = (i: number, isOutput: boolean) => (isOutput ? i : i + 1);

/** "\tag{8}" or "\tag{4, 6}". */
function tag(equations: readonly number[]): string {
  return equations.length ? `\\tag{${equations.join(', ')}}` : '';
}

function restTex(terms: TermExpansion): string {
  if (!terms.rest) return '';
  const zeros = terms.rest.zeros ? ` (${terms.rest.zeros} of them 0)` : '';
  const label = `${terms.rest.count} more term${terms.rest.count === 1 ? '' : 's'}${zeros}:`;
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

function activationTex(kind: HiddenActivation, z: number, a: number, fprime: number, c: number, j: number): { general: string; worked: string } {
  const Z = texFactor(z);
  const zj = `z_{${j}}`;
  switch (kind) {
    case 'sigmoid':
      return {
        general: "a_j = \\sigma(z_j) = \\frac{1}{1 + e^{-z_j}},\\qquad f'(z_j) = \\sigma(z_j)\\,\\bigl(1 - \\sigma(z_j)\\bigr)",
        worked: `a_{${j}} &= \\frac{1}{1 + e^{-${Z}}} = ${texNumber(a)} \\\\ f'(${zj}) &= ${texFactor(a)}\\,\\bigl(1 - ${texFactor(a)}\\bigr) = ${texNumber(fprime)}`,
      };
    case 'improved-sigmoid':
      return {
        general: "a_j = 1.7159 \\tanh\\!\\bigl(\\tfrac{2}{3} z_j\\bigr) + c\\,z_j,\\qquad f'(z_j) = \\frac{1.7159 \\cdot \\frac{2}{3}}{\\cosh^2(\\frac{2}{3} z_j)} + c",
        worked: `a_{${j}} &= 1.7159 \\tanh\\!\\bigl(\\tfrac{2}{3}\\cdot ${Z}\\bigr) + ${texNumber(c)}\\cdot ${Z} = ${texNumber(a)} \\\\ f'(${zj}) &= \\frac{1.7159 \\cdot \\tfrac{2}{3}}{\\cosh^2(\\tfrac{2}{3}\\cdot ${Z})} + ${texNumber(c)} = ${texNumber(fprime)}`,
      };
    case 'tanh':
      return {
        general: "a_j = \\tanh z_j,\\qquad f'(z_j) = 1 - \\tanh^2 z_j",
        worked: `a_{${j}} &= \\tanh ${Z} = ${texNumber(a)} \\\\ f'(${zj}) &= 1 - ${texFactor(a)}^2 = ${texNumber(fprime)}`,
      };
    case 'relu':
      return {
        general: "a_j = \\max(0, z_j),\\qquad f'(z_j) = [z_j > 0]",
        worked: `a_{${j}} &= \\max\\bigl(0, ${texNumber(z)}\\bigr) = ${texNumber(a)} \\\\ f'(${zj}) &= [${texNumber(z)} > 0] = ${texNumber(fprime)}`,
      };
  }
}

/** The equation of `e` in TeX, or null while nothing is computed for its layer. */
export function neuronEquationTex(e: NeuronEquation): EquationTex | null {
  if (e.kind === 'pending') return null;
  const j = unit(e.neuron, e.isOutput);
  switch (e.kind) {
    case 'preActivation': {
      const x = e.layer === 0 ? 'x' : 'a';
      return {
        general: `z_j = \\sum_i w_{ji}\\, ${x}_i + b_j ${tag([4, 6])}`,
        worked: [
          `z_{${j}} &= ${symbolTerms(e.terms, (t) => `w_{${j},${one(t.index)}}\\, ${x}_{${one(t.index)}}`)} + b_{${j}}`,
          ...numberLines(e.terms, '', ` + ${texFactor(e.bias)}`),
          `&= ${texNumber(e.value)}`,
        ].join(' \\\\ '),
        result: e.value,
      };
    }
    case 'activation': {
      const t = activationTex(e.activation, e.z, e.a, e.fprime, e.twist, j);
      return { general: `${t.general} ${tag(e.step.equations)}`, worked: t.worked, result: e.a };
    }
    case 'softmax': {
      const m = texNumber(e.maxLogit);
      return {
        general: "\\hat y_k = \\frac{e^{z_k}}{\\sum_{k'} e^{z_{k'}}} = \\frac{e^{z_k - m}}{\\sum_{k'} e^{z_{k'} - m}},\\quad m = \\max_{k'} z_{k'}",
        worked: [
          `\\hat y_{${j}} &= \\frac{e^{${texFactor(e.z)} - ${texFactor(e.maxLogit)}}}{${texNumber(e.expSum)}}`,
          `&= ${texNumber(e.value)} \\qquad (m = ${m})`,
        ].join(' \\\\ '),
        result: e.value,
      };
    }
    case 'loss':
      return {
        general: 'C_n = -\\log \\hat y_{n,\\,y_n},\\qquad C = \\frac{1}{N} \\sum_n C_n',
        worked: [
          `C_{${one(e.sample)}} &= -\\log \\hat y_{${one(e.sample)},\\,${e.label}} = -\\log ${texFactor(e.probability)} = ${texNumber(e.sampleLoss)}`,
          `C &= \\tfrac{1}{${e.batchSize}} \\textstyle\\sum_n C_n = ${texNumber(e.batchLoss)}`,
        ].join(' \\\\ '),
        result: e.sampleLoss,
      };
    case 'outputDelta':
      return {
        general: `\\delta_k = \\frac{\\partial C}{\\partial z_k} = \\hat y_k - y_k ${tag([3])}`,
        worked: `\\delta_{${j}} &= \\hat y_{${j}} - y_{${j}} = ${texNumber(e.yhat)} - ${e.target} = ${texNumber(e.value)}`,
        result: e.value,
      };
    case 'hiddenDelta':
      return {
        general: `\\delta_j = f'(z_j) \\sum_k w_{kj}\\, \\delta_k ${tag([8])}`,
        worked: [
          `\\delta_{${j}} &= f'(z_{${j}}) \\Bigl[ ${symbolTerms(e.terms, (t) => `w_{${unit(t.index, e.nextIsOutput)},${j}}\\, \\delta_{${unit(t.index, e.nextIsOutput)}}`)} \\Bigr]`,
          ...numberLines(e.terms, `${texFactor(e.fprime)} \\times \\Bigl[ `, ' \\Bigr]'),
          `&= ${texFactor(e.fprime)} \\times ${texFactor(e.terms.sum)}`,
          `&= ${texNumber(e.value)}`,
        ].join(' \\\\ '),
        result: e.value,
      };
    case 'gradients': {
      const i = one(e.input);
      const x = e.layer === 0 ? 'x' : 'a';
      const N = e.batchSize;
      return {
        general: `\\frac{\\partial C}{\\partial w_{ji}} = \\frac{1}{N} \\sum_n \\delta_j^{(n)}\\, ${x}_i^{(n)} ${tag([7])}`,
        worked: [
          `\\frac{\\partial C}{\\partial w_{${j},${i}}} &= \\tfrac{1}{${N}} \\textstyle\\sum_n \\delta_{${j}}^{(n)}\\, ${x}_{${i}}^{(n)}`,
          ...numberLines(e.weightTerms, `\\tfrac{1}{${N}} \\Bigl[ `, ' \\Bigr]'),
          `&= ${texNumber(e.weightGradient)}`,
          `\\frac{\\partial C}{\\partial b_{${j}}} &= \\tfrac{1}{${N}} \\textstyle\\sum_n \\delta_{${j}}^{(n)}`,
          ...numberLines(e.biasTerms, `\\tfrac{1}{${N}} \\Bigl[ `, ' \\Bigr]'),
          `&= ${texNumber(e.biasGradient)}`,
        ].join(' \\\\ '),
        result: e.weightGradient,
      };
    }
    case 'update': {
      const i = one(e.input);
      const { learningRate: alpha, momentum: mu } = e.rule;
      const w = e.weight;
      const b = e.bias;
      if (w.velocityAfter !== null && b.velocityAfter !== null) {
        return {
          general: `\\Delta w_{t+1} = \\alpha \\frac{\\partial C}{\\partial w} + \\mu\\, \\Delta w_t,\\quad w := w - \\Delta w_{t+1} ${tag([19])}`,
          worked: [
            `\\Delta w_{${j},${i}} &= ${texNumber(alpha)} \\times ${texFactor(w.gradient)} + ${texNumber(mu)} \\times ${texFactor(w.velocityBefore ?? 0)} = ${texNumber(w.velocityAfter)}`,
            `w_{${j},${i}} &:= ${texNumber(w.before)} - ${texFactor(w.velocityAfter)} = ${texNumber(w.after)}`,
            `\\Delta b_{${j}} &= ${texNumber(alpha)} \\times ${texFactor(b.gradient)} + ${texNumber(mu)} \\times ${texFactor(b.velocityBefore ?? 0)} = ${texNumber(b.velocityAfter)}`,
            `b_{${j}} &:= ${texNumber(b.before)} - ${texFactor(b.velocityAfter)} = ${texNumber(b.after)}`,
          ].join(' \\\\ '),
          result: w.after,
        };
      }
      return {
        general: `w_{ji} := w_{ji} - \\alpha \\frac{\\partial C}{\\partial w_{ji}} ${tag(e.isOutput ? [1, 9] : [1, 11])}`,
        worked: [
          `w_{${j},${i}} &:= ${texNumber(w.before)} - ${texNumber(alpha)} \\times ${texFactor(w.gradient)} = ${texNumber(w.after)}`,
          `b_{${j}} &:= ${texNumber(b.before)} - ${texNumber(alpha)} \\times ${texFactor(b.gradient)} = ${texNumber(b.after)}`,
        ].join(' \\\\ '),
        result: w.after,
      };
    }
  }
}
