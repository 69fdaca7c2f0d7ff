// The symbols the debugger's panels write for one layer — the inspector's rows, bias and
// inputs, the Matrices panel's names and tabs, the before/after tabs, the gradient check's
// labels — all taken from the notation (src/notation), so every panel names a layer's W,
// a unit's z or an input the same way: Wⱼᵢ, z(j = 6), x(i = 407); W⁽²⁾, z⁽¹⁾(j = 6) once
// the net has two hidden layers. One function, so a test can render them all through a
// notation that hears what each symbol means (tests/notation/one-symbol-one-quantity.test.ts).

import { layerNotation, type EquationScope, type Letter, type NetNotation, type NotationSymbol } from '../notation';

const ANY = { index: null } as const;

export interface LayerSymbols {
  /** The equation scope of the layer (its own units are j; k on the output with the letters). */
  readonly scope: EquationScope;
  /** The layer's W, ∂C/∂W, ΔW and velocity, in text: Wⱼᵢ, ∂C/∂Wⱼᵢ, ΔWⱼᵢ, Vⱼᵢ. */
  readonly W: string;
  readonly gradW: string;
  readonly changeW: string;
  readonly V: string;
  /** A generic weight and bias of the layer: wⱼᵢ, bⱼ. */
  readonly weight: string;
  readonly bias: string;
  /** The letters of W's rows (the layer's units) and columns (its inputs). */
  readonly row: Letter;
  readonly column: Letter;
  /** The layer's batch matrices, one row per example: Aⱼ (Ŷ on the output), Zⱼ, Δⱼ; and δ, z of any example: δₙⱼ, zₙⱼ. */
  readonly A: string;
  readonly Z: string;
  readonly Delta: string;
  readonly deltaOfExample: string;
  readonly zOfExample: string;
  /** One unit's quantity: z(j = 6), ŷ(k = 3), b(j = 6). */
  unit(quantity: 'z' | 'a' | 'delta' | 'b', index: number): NotationSymbol;
  /** The slope at a unit: f′(z(j = 6)). */
  slope(index: number): NotationSymbol;
  /** Input `index` of the layer's units: x(i = 407) for a pixel, a(j = 5) for a unit of the layer below. */
  input(index: number): NotationSymbol;
  /** One parameter: w(j = 5, i = 407) or b(k = 3). */
  parameter(kind: 'weights' | 'biases', row: number, col: number): string;
}

/** The symbols of code layer `layer` (0-based; the report's layer `layer + 1`) of a net of `layers` weight layers. */
export function layerSymbols(layers: number, layer: number, notation: NetNotation = layerNotation(layers)): LayerSymbols {
  const r = layer + 1;
  const s = notation.scope(r);
  const W = s.weights(r).text;
  const unit = (quantity: 'z' | 'a' | 'delta' | 'b', index: number) => s.unit(quantity, r, { index });
  return {
    scope: s,
    W,
    gradW: `∂C/∂${W}`,
    changeW: `Δ${W}`,
    V: s.velocity(r).text,
    weight: s.weight(r, ANY, ANY).text,
    bias: s.unit('b', r, ANY).text,
    row: s.letter(r),
    column: s.letter(r - 1),
    A: s.batch('a', r).text,
    Z: s.batch('z', r).text,
    Delta: s.batch('delta', r).text,
    deltaOfExample: s.unit('delta', r, ANY, 'n').text,
    zOfExample: s.unit('z', r, ANY, 'n').text,
    unit,
    slope(index) {
      const z = unit('z', index);
      return { tex: `f'(${z.tex})`, text: `f′(${z.text})` };
    },
    input: (index) => s.unit('a', r - 1, { index }),
    parameter: (kind, row, col) => (kind === 'weights' ? s.weight(r, { index: row }, { index: col }).text : unit('b', row).text),
  };
}
