// The debugger screen's quantities on the one colour convention (src/render/quantity-colours.ts):
// the network's fill, the weights and their change, keyed as the matrix views key them so
// that every drawing of a quantity on the screen shares its fixed domain.

import type { LayerActivation } from '../../engine/types';
import { colourScale, type ScaleChoice } from '../../render/quantity-colours';
import type { FillQuantity } from '../../viewmodel/network-view';

const FILL = { z: 'z', a: 'activation', δ: 'delta' } as const;

/** The scale of a layer's fill (z, a or δ of the batch). */
export function fillScale(layer: number, quantity: FillQuantity, activation: LayerActivation, batchValues: ArrayLike<number>, output: boolean): ScaleChoice {
  return colourScale(FILL[quantity], layer, batchValues, { activation, output });
}

/** The scale of a layer's weights. */
export function weightScale(layer: number, weights: ArrayLike<number>): ScaleChoice {
  return colourScale('weights', layer, weights);
}

/** The scale of a layer's gradients ∂C/∂W or of its update ΔW (and the update's parts). */
export function changeScale(kind: 'grad' | 'change', layer: number, values: ArrayLike<number>): ScaleChoice {
  return colourScale(kind === 'grad' ? 'gradient' : 'update', layer, values);
}
