// The report's symbols for one network, in TeX and in plain text: a unit's z, a, δ, b;
// a weight w; a layer's vector, its batch matrix (one row per example) and its W, b, V.
//
// How layers are told apart (one rule, for every screen):
// - with at most one hidden layer, by the report's letters: i the inputs, j the hidden
//   units, k the outputs (z_j, δ_k, w_kj, W_kj); a unit's number follows its letter, so
//   hidden unit 1 is δ_{j=1} and output 1 is δ_{k=1}, never both "δ₁";
// - with more hidden layers, by a layer superscript in parentheses, the input being layer
//   0: z⁽²⁾, W⁽³⁾, δ⁽¹⁾_{j=5}; the letters then name an equation's own layer (j), the layer
//   below it (i) and the one above it (k).
// An example is the first subscript, n (δ_{n,j}, C_n): never a superscript, so it never
// reads as a layer. Units are numbered as the screens count them: inputs and hidden units
// from 1, output units by their class (from 0).
//
// Layers here use the report's numbering: 0 is the input x, L (= the number of weight
// layers) the output; the code's 0-based weight layer l is report layer l + 1.

import { labelOf } from './indices';
import { subscript, superscript } from './text';

/** A symbol written in TeX and in plain text. */
export interface NotationSymbol {
  readonly tex: string;
  readonly text: string;
}

/** What a symbol stands for: the test that no symbol means two things compares these. */
export interface Meaning {
  readonly quantity: string;
  /** The report's layer (0 = input); -1 for quantities of no layer (C, a label). */
  readonly layer: number;
  /** 0-based unit (and, for a weight, source unit); null for "any unit" (a letter). */
  readonly unit: number | null;
  readonly from: number | null;
  /** 0-based example, 'n' for "any example", null for none. */
  readonly example: number | 'n' | null;
  /** One example's vector, the batch's matrix, or a single value. */
  readonly shape: 'value' | 'vector' | 'matrix';
}

/** Hears every symbol the notation writes, with its meaning (tests only). */
export type SymbolObserver = (symbol: NotationSymbol, meaning: Meaning) => void;

export type Letter = 'i' | 'j' | 'k';

/** Quantities that belong to one unit. `a` of layer 0 is written x, of the output layer ŷ. */
export type UnitQuantity = 'z' | 'a' | 'delta' | 'b' | 'y';

/** A unit: its 0-based index, or null for the generic letter; `prime` writes k′ (a second index over the same units). */
export interface UnitIndex {
  readonly index: number | null;
  readonly prime?: boolean;
}

/** An example: its 0-based index, 'n' for the generic one, or absent. */
export type ExampleIndex = number | 'n' | null;

const TEX_BASE: Record<UnitQuantity | 'x' | 'yhat', string> = { x: 'x', z: 'z', a: 'a', yhat: '\\hat y', y: 'y', delta: '\\delta', b: 'b' };
const TEXT_BASE: Record<UnitQuantity | 'x' | 'yhat', string> = { x: 'x', z: 'z', a: 'a', yhat: 'ŷ', y: 'y', delta: 'δ', b: 'b' };
const TEX_VECTOR: Record<UnitQuantity | 'x' | 'yhat', string> = {
  x: '\\mathbf{x}',
  z: '\\mathbf{z}',
  a: '\\mathbf{a}',
  yhat: '\\hat{\\mathbf{y}}',
  y: '\\mathbf{y}',
  delta: '\\boldsymbol{\\delta}',
  b: '\\mathbf{b}',
};
const TEX_BATCH: Record<UnitQuantity | 'x' | 'yhat', string> = {
  x: '\\mathbf{X}',
  z: '\\mathbf{Z}',
  a: '\\mathbf{A}',
  yhat: '\\hat{\\mathbf{Y}}',
  y: '\\mathbf{Y}',
  delta: '\\boldsymbol{\\Delta}',
  b: '\\mathbf{b}',
};
const TEXT_BATCH: Record<UnitQuantity | 'x' | 'yhat', string> = { x: 'X', z: 'Z', a: 'A', yhat: 'Ŷ', y: 'Y', delta: 'Δ', b: 'b' };

/** The notation of one equation, centred on one layer (its own units are j). */
export interface EquationScope {
  readonly net: NetNotation;
  /** The equation's own layer (report numbering). */
  readonly own: number;
  /** The letter of `layer`'s units in this equation. */
  letter(layer: number): Letter;
  /** The number a person reads for 0-based unit `index` of `layer`: its class on the output layer, else from 1. */
  unitNumber(layer: number, index: number): number;
  /** One unit's quantity: z_j, δ_{k=1}, δ_{n,j}, x_{i=407}, ŷ_{k=3}. */
  unit(quantity: UnitQuantity, layer: number, unit: UnitIndex, example?: ExampleIndex): NotationSymbol;
  /** A weight of layer `layer` (feeding it from layer − 1): w_kj, w_{k=1,j=1}. */
  weight(layer: number, to: UnitIndex, from: UnitIndex): NotationSymbol;
  /**
   * The momentum velocity of one weight (`from` given) or one bias: v_{w_{kj}}, v_{b_{j=6}}.
   * The report's eq. (19) writes it Δw; here Δ keeps one meaning, the change a step makes
   * (w after − w before = −v), and the velocity is v, as its matrix is V.
   */
  parameterVelocity(layer: number, to: UnitIndex, from?: UnitIndex): NotationSymbol;
  /** A layer's vector for one example: z_j (bold), δ⁽²⁾. */
  vector(quantity: UnitQuantity, layer: number): NotationSymbol;
  /** A layer's batch matrix, one row per example: Z_j, Δ⁽²⁾, X, Ŷ. */
  batch(quantity: UnitQuantity, layer: number): NotationSymbol;
  /** Layer `layer`'s weight matrix (n_layer × n_{layer−1}), bias vector and momentum velocity. */
  weights(layer: number): NotationSymbol;
  biases(layer: number): NotationSymbol;
  velocity(layer: number): NotationSymbol;
  /** The loss: C, or one example's C_n, C_{n=3}. */
  loss(example?: ExampleIndex): NotationSymbol;
  /** The label (the class) of an example: y_n, y_{n=3}. */
  label(example: ExampleIndex): NotationSymbol;
  /** ŷ at an example's label, the probability the loss reads: ŷ_{n,y_n}, or ŷ_{n=3,k=7} for label 7. */
  labelProbability(example: number | 'n', label?: number): NotationSymbol;
}

/** The notation of a network with `layers` weight layers. */
export interface NetNotation {
  /** L, the number of weight layers; the output is report layer L. */
  readonly layers: number;
  /** True once the net has more than one hidden layer: layers are told apart by superscripts. */
  readonly superscripts: boolean;
  scope(own: number): EquationScope;
}

/** The notation for a net of `sizes` (input first), e.g. [784, 64, 10]. */
export function notationFor(sizes: readonly number[], observe?: SymbolObserver): NetNotation {
  return layerNotation(sizes.length - 1, observe);
}

/** The notation for a net of `layers` weight layers. */
export function layerNotation(layers: number, observe?: SymbolObserver): NetNotation {
  if (!Number.isInteger(layers) || layers < 1) throw new RangeError(`a network has at least one weight layer, not ${layers}`);
  const net: NetNotation = { layers, superscripts: layers > 2, scope: (own) => makeScope(net, own, observe) };
  return net;
}

function makeScope(net: NetNotation, own: number, observe?: SymbolObserver): EquationScope {
  const L = net.layers;
  const check = (layer: number) => {
    if (!Number.isInteger(layer) || layer < 0 || layer > L) throw new RangeError(`layer ${layer} is not a layer of a net of ${L} weight layers`);
  };
  check(own);
  const emit = (symbol: NotationSymbol, meaning: Meaning): NotationSymbol => {
    observe?.(symbol, meaning);
    return symbol;
  };
  const texMark = (layer: number) => (net.superscripts ? `^{(${layer})}` : '');
  const textMark = (layer: number) => (net.superscripts ? `⁽${superscript(layer)}⁾` : '');

  const letter = (layer: number): Letter => {
    check(layer);
    if (!net.superscripts) return layer === 0 ? 'i' : layer === L ? 'k' : 'j';
    if (layer === own) return 'j';
    if (layer === own - 1) return 'i';
    if (layer === own + 1) return 'k';
    throw new RangeError(`an equation of layer ${own} names no unit of layer ${layer}`);
  };
  // How people count (indices.ts): inputs and hidden units from 1, output units by class.
  const unitNumber = (layer: number, index: number) => labelOf(layer === 0 ? 'input' : layer === L ? 'class' : 'unit', index);

  /** "j", "k'", "j=5"; the text form "j = 5". */
  const index = (layer: number, u: UnitIndex) => {
    const l = letter(layer) + (u.prime ? "'" : '');
    if (u.index === null) return { tex: u.prime ? `${letter(layer)}'` : l, text: l, concrete: false };
    const n = unitNumber(layer, u.index);
    return { tex: `${l}=${n}`, text: `${l} = ${n}`, concrete: true };
  };
  const example = (e: ExampleIndex) => (e === null || e === undefined ? null : e === 'n' ? { tex: 'n', text: 'n' } : { tex: `n=${labelOf('example', e)}`, text: `n = ${labelOf('example', e)}` });

  /** Joins subscripts: TeX "n,\,j=5"; text "ₙⱼ" when all are letters, else "(n = 3, j = 5)". */
  const subscripts = (parts: { tex: string; text: string; concrete: boolean }[]) => {
    const tex = parts.map((p) => p.tex).join(parts.some((p) => p.concrete) ? ',\\,' : '');
    const text = parts.every((p) => !p.concrete && /^[ijkn]$/.test(p.text))
      ? subscript(parts.map((p) => p.text).join(''))
      : `(${parts.map((p) => p.text).join(', ')})`;
    return { tex, text };
  };

  const baseOf = (quantity: UnitQuantity, layer: number): UnitQuantity | 'x' | 'yhat' => {
    if (quantity === 'a' && layer === 0) return 'x';
    if (quantity === 'a' && layer === L) return 'yhat';
    return quantity;
  };
  /** x, ŷ and y exist on one layer only: they need no layer mark. */
  const marked = (base: string) => base !== 'x' && base !== 'yhat' && base !== 'y';

  const scope: EquationScope = {
    net,
    own,
    letter,
    unitNumber,
    unit(quantity, layer, u, e = null) {
      const base = baseOf(quantity, layer);
      const parts = [example(e), index(layer, u)].filter((p) => p !== null).map((p) => ({ concrete: false, ...p }));
      const s = subscripts(parts);
      const mark = marked(base);
      return emit(
        { tex: `${TEX_BASE[base]}${mark ? texMark(layer) : ''}_{${s.tex}}`, text: `${TEXT_BASE[base]}${mark ? textMark(layer) : ''}${s.text}` },
        { quantity: base === 'x' ? 'a' : base === 'yhat' ? 'a' : base, layer, unit: u.index, from: null, example: e ?? null, shape: 'value' },
      );
    },
    weight(layer, to, from) {
      check(layer);
      if (layer === 0) throw new RangeError('the input layer has no weights');
      const s = subscripts([index(layer, to), index(layer - 1, from)]);
      return emit({ tex: `w${texMark(layer)}_{${s.tex}}`, text: `w${textMark(layer)}${s.text}` }, { quantity: 'w', layer, unit: to.index, from: from.index, example: null, shape: 'value' });
    },
    parameterVelocity(layer, to, from) {
      const p = from ? scope.weight(layer, to, from) : scope.unit('b', layer, to);
      return emit(
        { tex: `v_{${p.tex}}`, text: `v(${p.text})` },
        { quantity: from ? 'velocity' : 'bias velocity', layer, unit: to.index, from: from ? from.index : null, example: null, shape: 'value' },
      );
    },
    vector(quantity, layer) {
      const base = baseOf(quantity, layer);
      const mark = marked(base);
      const sub = net.superscripts || !mark ? '' : letter(layer);
      return emit(
        { tex: `${TEX_VECTOR[base]}${mark ? texMark(layer) : ''}${sub ? `_{${sub}}` : ''}`, text: `${TEXT_BASE[base]}${mark ? textMark(layer) : ''}${subscript(sub)}` },
        { quantity: base === 'x' || base === 'yhat' ? 'a' : base, layer, unit: null, from: null, example: null, shape: 'vector' },
      );
    },
    batch(quantity, layer) {
      const base = baseOf(quantity, layer);
      const mark = marked(base);
      const sub = net.superscripts || !mark ? '' : letter(layer);
      return emit(
        { tex: `${TEX_BATCH[base]}${mark ? texMark(layer) : ''}${sub ? `_{${sub}}` : ''}`, text: `${TEXT_BATCH[base]}${mark ? textMark(layer) : ''}${subscript(sub)}` },
        { quantity: base === 'x' || base === 'yhat' ? 'a' : base, layer, unit: null, from: null, example: 'n', shape: 'matrix' },
      );
    },
    weights: (layer) => matrix('W', 'w', layer),
    biases(layer) {
      check(layer);
      const sub = net.superscripts ? '' : letter(layer);
      return emit(
        { tex: `\\mathbf{b}${texMark(layer)}${sub ? `_{${sub}}` : ''}`, text: `b${textMark(layer)}${subscript(sub)}` },
        { quantity: 'b', layer, unit: null, from: null, example: null, shape: 'vector' },
      );
    },
    velocity: (layer) => matrix('V', 'velocity', layer),
    loss(e = null) {
      const x = example(e);
      return emit(
        { tex: x ? `C_{${x.tex}}` : 'C', text: x ? (e === 'n' ? 'Cₙ' : `C(${x.text})`) : 'C' },
        { quantity: 'C', layer: -1, unit: null, from: null, example: e ?? null, shape: 'value' },
      );
    },
    label(e) {
      const x = example(e);
      return emit(
        { tex: x ? `y_{${x.tex}}` : 'y', text: x ? (e === 'n' ? 'yₙ' : `y(${x.text})`) : 'y' },
        { quantity: 'label', layer: -1, unit: null, from: null, example: e ?? null, shape: 'value' },
      );
    },
    labelProbability(e, label) {
      const x = example(e)!;
      const y = label === undefined ? scope.label(e) : { tex: `${letter(L)}=${label}`, text: `${letter(L)} = ${label}` };
      return emit(
        { tex: `\\hat y_{${x.tex},\\,${y.tex}}`, text: `ŷ(${x.text}, ${y.text})` },
        { quantity: 'a', layer: L, unit: label ?? null, from: null, example: e, shape: 'value' },
      );
    },
  };

  function matrix(letterOf: 'W' | 'V', quantity: string, layer: number): NotationSymbol {
    check(layer);
    if (layer === 0) throw new RangeError('the input layer has no weights');
    const sub = net.superscripts ? '' : `${letter(layer)}${letter(layer - 1)}`;
    return emit(
      { tex: `\\mathbf{${letterOf}}${texMark(layer)}${sub ? `_{${sub}}` : ''}`, text: `${letterOf}${textMark(layer)}${subscript(sub)}` },
      { quantity, layer, unit: null, from: null, example: null, shape: 'matrix' },
    );
  }
  return scope;
}
