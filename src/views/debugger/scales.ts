// Which colour scale and domain each quantity of the debugger screen uses, on the shared
// LUTs (src/render/colour.ts) with domains that stay fixed while stepping
// (src/render/domains.ts): an activation's own range where it has one, else the batch's
// largest |value| at first sight, until the learner rescales.

import { DIVERGING, SEQUENTIAL } from '../../render/colour';
import type { ScaleChoice } from './colour-domains.svelte';
import type { LayerActivation } from '../../engine/types';
import type { FillQuantity } from '../../viewmodel/network-view';

/** The scale of a layer's fill: a on the sequential scale when it is non-negative, everything signed diverging. */
export function fillScale(layer: number, quantity: FillQuantity, activation: LayerActivation, batchValues: ArrayLike<number>): ScaleChoice {
  const key = `fill:${layer}:${quantity}`;
  if (quantity === 'a') {
    switch (activation) {
      case 'sigmoid':
      case 'softmax':
        return { lut: SEQUENTIAL, request: { key, values: batchValues, scale: 'sequential', naturalDomain: [0, 1] } };
      case 'relu':
        return { lut: SEQUENTIAL, request: { key, values: batchValues, scale: 'sequential' } };
      case 'tanh':
        return { lut: DIVERGING, request: { key, values: batchValues, scale: 'diverging', naturalDomain: [-1, 1] } };
      case 'improved-sigmoid':
        return { lut: DIVERGING, request: { key, values: batchValues, scale: 'diverging' } };
    }
  }
  return { lut: DIVERGING, request: { key, values: batchValues, scale: 'diverging' } };
}

/** The scale of a layer's weights: diverging, fixed from the weights first seen. */
export function weightScale(layer: number, weights: ArrayLike<number>): ScaleChoice {
  return { lut: DIVERGING, request: { key: `w:${layer}`, values: weights, scale: 'diverging' } };
}

/** The scale of a layer's gradients ∂C/∂W or of its update ΔW: diverging, fixed at first sight. */
export function changeScale(kind: 'grad' | 'change', layer: number, values: ArrayLike<number>): ScaleChoice {
  return { lut: DIVERGING, request: { key: `${kind}:${layer}`, values, scale: 'diverging' } };
}
