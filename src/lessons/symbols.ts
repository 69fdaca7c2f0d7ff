// A symbol in lesson text, taken from the notation instead of typed: `{{ delta(1, 6) | symbol }}`
// is written δ_{j=6} in a net with one hidden layer and δ⁽¹⁾_{j=6} in a deeper one — the
// symbol src/notation gives every screen. The call names the quantity exactly as a live
// value does (the same functions, arguments and counting); a unit left out is the layer's
// letter (`delta(1)` → δ_j, `w(2, from = 6)` → w_{k,j=6}). A few calls exist for symbols
// only: the batch matrices X(), Z(l), A(l), Delta(l), Yhat(), Y(), and W(l), V(l), bias(l).
// A symbol depends on the net's shape alone, so it is known when the lesson loads.

import { notationFor, subscript, type EquationScope, type ExampleIndex, type NetNotation, type NotationSymbol, type SymbolObserver, type UnitQuantity } from '../notation';
import { readLabel, type Position } from '../notation/indices';
import { bindArguments, ExpressionError, parseExpression, type Expr } from './expression';

type Args = Readonly<Record<string, number | undefined>>;

interface SymbolSpec {
  /** Parameters in order; a `?` marks one that may be left out. */
  readonly params: readonly string[];
  readonly build: (net: NetNotation, a: Args) => NotationSymbol;
}

const EXAMPLE = 'sample?';

/** The scope an equation of `layer` is written in (the input's x is read from layer 1's). */
const scopeOf = (net: NetNotation, layer: number): EquationScope => net.scope(Math.max(1, layer));

function layerOf(net: NetNotation, layer: number | undefined): number {
  if (layer === undefined || !Number.isInteger(layer) || layer < 0 || layer > net.layers) {
    throw new ExpressionError(`layer ${layer} is not a layer of this net (0 … ${net.layers})`);
  }
  return layer;
}

/** A label as people count it (unit from 1, class from 0) to the notation's 0-based index; null leaves the letter. */
function indexFor(what: Position, label: number | undefined): number | null {
  if (label === undefined) return null;
  const read = readLabel(what, label);
  if ('problem' in read) throw new ExpressionError(read.problem);
  return read.index;
}

const positionOf = (net: NetNotation, layer: number): Position => (layer === 0 ? 'input' : layer === net.layers ? 'class' : 'unit');
const exampleFor = (sample: number | undefined): ExampleIndex => (sample === undefined ? null : indexFor('example', sample));

const unitSymbol = (quantity: UnitQuantity) => (net: NetNotation, a: Args) => {
  const layer = layerOf(net, a.layer);
  return scopeOf(net, layer).unit(quantity, layer, { index: indexFor(positionOf(net, layer), a.unit) }, exampleFor(a.sample));
};
const outputSymbol = (quantity: UnitQuantity) => (net: NetNotation, a: Args) =>
  net.scope(net.layers).unit(quantity, net.layers, { index: indexFor('class', a.unit) }, exampleFor(a.sample));
const weightSymbol = (net: NetNotation, a: Args) => {
  const layer = layerOf(net, a.layer);
  if (layer === 0) throw new ExpressionError('the input layer has no weights');
  return net.scope(layer).weight(layer, { index: indexFor(positionOf(net, layer), a.to) }, { index: indexFor(layer === 1 ? 'input' : 'unit', a.from) });
};
const derivative = (of: (net: NetNotation, a: Args) => NotationSymbol) => (net: NetNotation, a: Args) => {
  const s = of(net, a);
  return { tex: `\\frac{\\partial C}{\\partial ${s.tex}}`, text: `∂C/∂${s.text}` };
};
const batchSymbol = (quantity: UnitQuantity, fixed?: 'input' | 'output') => (net: NetNotation, a: Args) => {
  const layer = fixed === 'input' ? 0 : fixed === 'output' ? net.layers : layerOf(net, a.layer);
  return scopeOf(net, layer).batch(quantity, layer);
};
const matrixOf = (which: 'weights' | 'velocity' | 'biases') => (net: NetNotation, a: Args) => {
  const layer = layerOf(net, a.layer);
  if (layer === 0) throw new ExpressionError('the input layer has no weights');
  return net.scope(layer)[which](layer);
};

const SYMBOLS: Readonly<Record<string, SymbolSpec>> = {
  x: { params: ['input?', EXAMPLE], build: (net, a) => scopeOf(net, 0).unit('a', 0, { index: indexFor('input', a.input) }, exampleFor(a.sample)) },
  z: { params: ['layer', 'unit?', EXAMPLE], build: unitSymbol('z') },
  a: { params: ['layer', 'unit?', EXAMPLE], build: unitSymbol('a') },
  delta: { params: ['layer', 'unit?', EXAMPLE], build: unitSymbol('delta') },
  fprime: {
    params: ['layer', 'unit?', EXAMPLE],
    build: (net, a) => {
      const z = unitSymbol('z')(net, a);
      return { tex: `f'(${z.tex})`, text: `f′(${z.text})` };
    },
  },
  b: { params: ['layer', 'unit?'], build: unitSymbol('b') },
  yhat: { params: ['unit?', EXAMPLE], build: outputSymbol('a') },
  y: { params: ['unit?', EXAMPLE], build: outputSymbol('y') },
  label: { params: [EXAMPLE], build: (net, a) => net.scope(net.layers).label(exampleFor(a.sample) ?? 'n') },
  loss: { params: [], build: (net) => net.scope(net.layers).loss() },
  loss_n: { params: [EXAMPLE], build: (net, a) => net.scope(net.layers).loss(exampleFor(a.sample) ?? 'n') },
  w: { params: ['layer', 'to?', 'from?'], build: weightSymbol },
  grad_w: { params: ['layer', 'to?', 'from?'], build: derivative(weightSymbol) },
  grad_b: { params: ['layer', 'unit?'], build: derivative(unitSymbol('b')) },
  backsum: {
    params: ['layer', 'unit?', EXAMPLE],
    build: (net, a) => {
      const layer = layerOf(net, a.layer);
      if (layer < 1 || layer >= net.layers) throw new ExpressionError(`backsum() is the sum of eq. (8) for a hidden layer (1 … ${net.layers - 1})`);
      const scope = net.scope(layer);
      const example = exampleFor(a.sample);
      const w = scope.weight(layer + 1, { index: null }, { index: indexFor('unit', a.unit) });
      const delta = scope.unit('delta', layer + 1, { index: null }, example);
      const k = scope.letter(layer + 1);
      return { tex: `\\sum_{${k}} ${w.tex}\\, ${delta.tex}`, text: `Σ${subscript(k)} ${w.text} ${delta.text}` };
    },
  },
  X: { params: [], build: batchSymbol('a', 'input') },
  Z: { params: ['layer'], build: batchSymbol('z') },
  A: { params: ['layer'], build: batchSymbol('a') },
  Delta: { params: ['layer'], build: batchSymbol('delta') },
  Yhat: { params: [], build: batchSymbol('a', 'output') },
  Y: { params: [], build: batchSymbol('y', 'output') },
  W: { params: ['layer'], build: matrixOf('weights') },
  V: { params: ['layer'], build: matrixOf('velocity') },
  bias: { params: ['layer'], build: matrixOf('biases') },
};

/** The names a `| symbol` placeholder may call. */
export const SYMBOL_FUNCTIONS: readonly string[] = Object.keys(SYMBOLS);

/** A symbol's argument: a whole number written out, never read from the machine (a symbol is the same for every batch). */
function written(name: string) {
  return (v: Expr): number => {
    const value = v.kind === 'number' ? v.value : v.kind === 'unary' && v.op === '-' && v.operand.kind === 'number' ? -v.operand.value : null;
    if (value === null || !Number.isInteger(value)) throw new ExpressionError(`${name}() | symbol: its arguments are whole numbers written out (a symbol is the same for every batch)`);
    return value;
  };
}

/**
 * The symbol a `{{ … | symbol }}` names, for a net of `layers` weight layers (through `observe`,
 * tests hear what it means). Throws an ExpressionError that says what is wrong.
 */
export function lessonSymbol(source: string, layers: number, observe?: SymbolObserver): NotationSymbol {
  const tree = parseExpression(source);
  if (tree.kind !== 'call' || !(tree.name in SYMBOLS)) {
    throw new ExpressionError(`a symbol is one call of ${SYMBOL_FUNCTIONS.map((n) => `${n}()`).join(', ')}`);
  }
  const spec = SYMBOLS[tree.name];
  const net = notationFor(Array.from({ length: layers + 1 }, () => 1), observe);
  try {
    return spec.build(net, bindArguments(tree.name, spec.params, tree.args, written(tree.name)));
  } catch (error) {
    if (error instanceof RangeError) throw new ExpressionError(error.message);
    throw error;
  }
}
