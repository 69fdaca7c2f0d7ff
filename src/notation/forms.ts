// Each sub-step's equation in the report's notation, from the symbols of symbols.ts: the
// general per-neuron TeX the inspector shows above the live numbers (with its \tag), the
// plain-text label of the status line, the phase ribbon and the breakpoints, and the short
// symbol of a ribbon item. One place, so every screen writes an equation the same way.

import { stepEquations, texTag, type StepKind } from './equation-numbers';
import type { EquationScope, NetNotation } from './symbols';

/** What the forms need of a planned sub-step. */
export interface FormStep {
  readonly kind: StepKind;
  /** The code's 0-based weight layer (report layer `layer + 1`). */
  readonly layer: number;
  /** 'softmax' on the output layer; otherwise the hidden activation. */
  readonly activation: string;
}

const ANY = { index: null } as const;

/** The equation scope of a sub-step: centred on the layer it computes. */
export function stepScope(net: NetNotation, step: Pick<FormStep, 'layer'>): EquationScope {
  return net.scope(step.layer + 1);
}

/** a_j = f(z_j) and f′(z_j) for one activation, general form (no tag). */
export function activationTex(s: EquationScope, activation: string): string {
  const r = s.own;
  const z = s.unit('z', r, ANY).tex;
  const a = s.unit('a', r, ANY).tex;
  switch (activation) {
    case 'sigmoid':
      return `${a} = \\sigma(${z}) = \\frac{1}{1 + e^{-${z}}},\\qquad f'(${z}) = \\sigma(${z})\\,\\bigl(1 - \\sigma(${z})\\bigr)`;
    case 'improved-sigmoid':
      return `${a} = 1.7159 \\tanh\\!\\bigl(\\tfrac{2}{3} ${z}\\bigr) + c\\,${z},\\qquad f'(${z}) = \\frac{1.7159 \\cdot \\frac{2}{3}}{\\cosh^2(\\frac{2}{3} ${z})} + c`;
    case 'tanh':
      return `${a} = \\tanh ${z},\\qquad f'(${z}) = 1 - \\tanh^2 ${z}`;
    case 'relu':
      return `${a} = \\max(0, ${z}),\\qquad f'(${z}) = [${z} > 0]`;
    default:
      throw new RangeError(`no equation for the activation ${activation}`);
  }
}

/** The general (symbols only) per-neuron equation of a sub-step, with its report numbers as \tag. */
export function perNeuronTex(net: NetNotation, step: FormStep, momentum = false): string {
  const s = stepScope(net, step);
  const r = s.own;
  const L = net.layers;
  const numbers = stepEquations({ kind: step.kind, isOutput: r === L, activation: step.activation, momentum }).perNeuron;
  const tag = texTag(numbers);
  const z = s.unit('z', r, ANY).tex;
  const b = s.unit('b', r, ANY).tex;
  switch (step.kind) {
    case 'preActivation': {
      const w = s.weight(r, ANY, ANY).tex;
      return `${z} = \\sum_{${s.letter(r - 1)}} ${w}\\, ${s.unit('a', r - 1, ANY).tex} + ${b} ${tag}`;
    }
    case 'activation': {
      if (step.activation !== 'softmax') return `${activationTex(s, step.activation)} ${tag}`;
      const zp = s.unit('z', r, { index: null, prime: true }).tex;
      const k = s.letter(r);
      return `${s.unit('a', r, ANY).tex} = \\frac{e^{${z}}}{\\sum_{${k}'} e^{${zp}}} = \\frac{e^{${z} - m}}{\\sum_{${k}'} e^{${zp} - m}},\\quad m = \\max_{${k}'} ${zp}`;
    }
    case 'loss':
      return `${s.loss('n').tex} = -\\log ${probabilityOfLabel(s, 'n')},\\qquad ${s.loss().tex} = \\frac{1}{N} \\sum_n ${s.loss('n').tex}`;
    case 'outputDelta':
      return `${s.unit('delta', r, ANY).tex} = \\frac{\\partial ${s.loss().tex}}{\\partial ${z}} = ${s.unit('a', r, ANY).tex} - ${s.unit('y', r, ANY).tex} ${tag}`;
    case 'hiddenDelta': {
      const k = s.letter(r + 1);
      return `${s.unit('delta', r, ANY).tex} = f'(${z}) \\sum_${k} ${s.weight(r + 1, ANY, ANY).tex}\\, ${s.unit('delta', r + 1, ANY).tex} ${tag}`;
    }
    case 'gradients': {
      const w = s.weight(r, ANY, ANY).tex;
      const C = s.loss().tex;
      return `\\frac{\\partial ${C}}{\\partial ${w}} = \\frac{1}{N} \\sum_n ${s.unit('delta', r, ANY, 'n').tex}\\, ${s.unit('a', r - 1, ANY, 'n').tex} ${tag}`;
    }
    case 'update': {
      const w = s.weight(r, ANY, ANY).tex;
      const C = s.loss().tex;
      // The velocity is v (the report's Δw of eq. 19): Δ means the change a step makes on every screen.
      const v = s.parameterVelocity(r, ANY, ANY).tex;
      if (momentum) return `${v}[t+1] = \\alpha \\frac{\\partial ${C}}{\\partial ${w}} + \\mu\\, ${v}[t],\\quad ${w} := ${w} - ${v}[t+1] ${tag}`;
      return `${w} := ${w} - \\alpha \\frac{\\partial ${C}}{\\partial ${w}} ${tag}`;
    }
  }
}

/** ŷ at an example's label: \\hat y_{n,\\,y_n} (the probability the loss reads). */
export function probabilityOfLabel(s: EquationScope, example: number | 'n', label?: number): string {
  return s.labelProbability(example, label).tex;
}

/** The plain-text label of a sub-step: "zⱼ = Wⱼᵢ xᵢ + bⱼ", "δ⁽¹⁾ = f′(z⁽¹⁾) ∘ (δ⁽²⁾ W⁽²⁾)". */
export function stepText(net: NetNotation, step: FormStep): string {
  const s = stepScope(net, step);
  const r = s.own;
  const v = (q: 'z' | 'a' | 'delta' | 'b', layer: number) => s.vector(q, layer).text;
  switch (step.kind) {
    case 'preActivation':
      return `${v('z', r)} = ${s.weights(r).text} ${v('a', r - 1)} + ${s.biases(r).text}`;
    case 'activation':
      return step.activation === 'softmax' ? `${v('a', r)} = softmax(${v('z', r)})` : `${v('a', r)} = f(${v('z', r)}), f′(${v('z', r)})`;
    case 'loss':
      return `${s.loss().text} = −(1/N) Σₙ log ŷ(n, ${s.label('n').text})`;
    case 'outputDelta':
      return `${v('delta', r)} = ${v('a', r)} − ${s.vector('y', r).text}`;
    case 'hiddenDelta':
      return `${v('delta', r)} = f′(${v('z', r)}) ∘ (${v('delta', r + 1)} ${s.weights(r + 1).text})`;
    case 'gradients':
      return `∂C/∂${s.weights(r).text} = ${v('delta', r)}ᵀ ${v('a', r - 1)} / N, ∂C/∂${s.biases(r).text}`;
    case 'update':
      return `${s.weights(r).text} := ${s.weights(r).text} − α ∂C/∂${s.weights(r).text}`;
  }
}

/** The short symbol of a sub-step (the phase ribbon's items): zⱼ, ŷ, C, δₖ, ∂C/∂Wₖⱼ, W⁽²⁾. */
export function stepSymbolText(net: NetNotation, step: FormStep): string {
  const s = stepScope(net, step);
  const r = s.own;
  switch (step.kind) {
    case 'preActivation':
      return s.vector('z', r).text;
    case 'activation':
      return s.vector('a', r).text;
    case 'loss':
      return s.loss().text;
    case 'outputDelta':
    case 'hiddenDelta':
      return s.vector('delta', r).text;
    case 'gradients':
      return `∂C/∂${s.weights(r).text}`;
    case 'update':
      return s.weights(r).text;
  }
}

/** A quantity of a whole layer that a step computes, as lessons' messages name it. */
export type LayerQuantity = 'z' | 'a' | 'fprime' | 'delta' | 'gradW' | 'gradB' | 'newW' | 'newB' | 'newV';

/** A layer's quantity in words and symbols: "zⱼ", "f′(z⁽¹⁾)", "∂C/∂Wₖⱼ", "the updated bₖ" (layer: report numbering, 1 … L). */
export function layerQuantityText(net: NetNotation, quantity: LayerQuantity, layer: number): string {
  const s = net.scope(layer);
  switch (quantity) {
    case 'z':
    case 'a':
    case 'delta':
      return s.vector(quantity, layer).text;
    case 'fprime':
      return `f′(${s.vector('z', layer).text})`;
    case 'gradW':
      return `∂C/∂${s.weights(layer).text}`;
    case 'gradB':
      return `∂C/∂${s.biases(layer).text}`;
    case 'newW':
      return `the updated ${s.weights(layer).text}`;
    case 'newB':
      return `the updated ${s.biases(layer).text}`;
    case 'newV':
      return `the new velocity ${s.velocity(layer).text}`;
  }
}
