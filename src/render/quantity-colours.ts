// Which colour scale each quantity of a network is drawn on — the one home of "what a colour
// means". Every drawing (network view, inspector tiles, before/after, matrices, first-layer
// tiles, the lessons' tiny net) asks here, so a negative weight, gradient or δ is the same blue
// everywhere and a sigmoid's a the same viridis. Domains come from src/render/domains.ts,
// keyed by quantity and layer, so two drawings of W₁ on one screen share one domain.
//
//   weights W, gradients ∂C/∂W, updates ΔW, z   diverging, [−m, m] from the values
//   δ                                           diverging; the output's δ = ŷ − y lies in [−1, 1]
//   a                                           sigmoid, softmax: sequential [0, 1]; ReLU: sequential [0, m];
//                                               tanh: diverging [−1, 1]; improved sigmoid (unbounded): diverging [−m, m]
//   yours − ours ("Check my numbers")            diverging, [−m, m] with m at least the check's tolerance, so
//                                               differences within it stay white

import type { LayerActivation } from '../engine/types';
import { DIVERGING, SEQUENTIAL, symmetricDomain, type ColourLut, type Domain } from './colour';
import type { DomainRequest } from './domains';

/** A colour-coded quantity of layer index l (W_{l+1}, a_{l+1}, …). */
export type ColourQuantity = 'weights' | 'gradient' | 'update' | 'z' | 'activation' | 'delta' | 'difference';

export interface ScaleChoice {
  readonly lut: ColourLut;
  /** What the domain memory needs to fix this quantity's domain. */
  readonly request: DomainRequest;
}

export interface QuantityContext {
  /** The layer's activation (colours a). */
  readonly activation?: LayerActivation;
  /** Is this the output layer (its δ has a natural range)? */
  readonly output?: boolean;
}

/** The domain key of a quantity: one per quantity and layer, whichever drawing shows it. */
export function quantityKey(quantity: ColourQuantity, layer: number): string {
  return `${quantity}:${layer}`;
}

const ZERO_ONE: Domain = [0, 1];
const PLUS_MINUS_ONE: Domain = [-1, 1];

/** The scale (LUT) and natural domain of a quantity, before any data. */
export function quantityScale(quantity: ColourQuantity, context: QuantityContext = {}): { lut: ColourLut; naturalDomain: Domain | null } {
  switch (quantity) {
    case 'weights':
    case 'gradient':
    case 'update':
    case 'z':
    case 'difference':
      return { lut: DIVERGING, naturalDomain: null };
    case 'delta':
      return { lut: DIVERGING, naturalDomain: context.output ? PLUS_MINUS_ONE : null };
    case 'activation':
      switch (context.activation) {
        case 'sigmoid':
        case 'softmax':
          return { lut: SEQUENTIAL, naturalDomain: ZERO_ONE };
        case 'relu':
          return { lut: SEQUENTIAL, naturalDomain: null };
        case 'tanh':
          return { lut: DIVERGING, naturalDomain: PLUS_MINUS_ONE };
        case 'improved-sigmoid':
        case undefined:
          return { lut: DIVERGING, naturalDomain: null };
      }
  }
}

/** The scale and domain request of `quantity` of layer index `layer` with these values (null: not computed yet). */
export function colourScale(quantity: ColourQuantity, layer: number, values: ArrayLike<number> | null, context: QuantityContext = {}): ScaleChoice {
  const { lut, naturalDomain } = quantityScale(quantity, context);
  return { lut, request: { key: quantityKey(quantity, layer), values, scale: lut.kind === 'sequential' ? 'sequential' : 'diverging', naturalDomain } };
}

/**
 * The scale of "yours − ours" (Check my numbers): diverging on [−m, m], m the largest finite
 * difference rounded up, but never below the check's limit — differences within it do not
 * count, so they stay near white instead of filling the picture with rounding noise.
 */
export function differenceColours(largest: number, limit: number): { lut: ColourLut; domain: Domain } {
  const { lut } = quantityScale('difference');
  const m = Number.isFinite(largest) ? Math.max(largest, limit) : limit;
  return { lut, domain: symmetricDomain([m], { fallback: 1 }) };
}
