// A quantity of the check in the report's notation, as the debugger and a bug-hunt lesson name
// it: "δⱼ", "ŷ", "∂C/∂Wₖⱼ", "Wⱼᵢ after" (δ⁽¹⁾ … with two hidden layers). The trace format's
// names ("layers[0].delta") are the files'; these are the notation's (src/notation).

import { layerNotation, layerQuantityText, type LayerQuantity } from '../notation';
import type { QuantitySpec } from './quantities';

/** The notation's symbol for a quantity of the check on a net of `layers` weight layers. */
export function quantitySymbol(q: Pick<QuantitySpec, 'kind' | 'layer'>, layers: number): string {
  const net = layerNotation(layers);
  const r = q.layer === null ? null : q.layer + 1;
  const of = (k: LayerQuantity) => (r === null ? k : layerQuantityText(net, k, r));
  const W = r === null ? 'W' : net.scope(r).weights(r).text;
  const b = r === null ? 'b' : net.scope(r).biases(r).text;
  switch (q.kind) {
    case 'z':
    case 'a':
    case 'fprime':
    case 'delta':
    case 'gradW':
    case 'gradB':
      return of(q.kind);
    case 'lossPerExample':
      return 'Cₙ';
    case 'loss':
      return 'C';
    case 'correct':
      return 'correct';
    case 'output':
      return 'ŷ';
    case 'velocityWeights':
      return `v(${W}) after`;
    case 'weightsAfter':
      return `${W} after`;
    case 'velocityBiases':
      return `v(${b}) after`;
    case 'biasesAfter':
      return `${b} after`;
  }
}
