// Building, copying and converting networks.

import { DEFAULT_IMPROVED_SIGMOID_C } from './activations';
import { initParams, type BiasInit, type InitScheme } from './init';
import { deriveSeed } from './random';
import {
  allocFloat,
  type FloatArray,
  type HiddenActivation,
  type LayerActivation,
  type Net,
  type NetShape,
  type Params,
  type Precision,
  type Velocity,
  precisionOf,
} from './types';

export interface NetConfig {
  /** [n_0, …, n_L], e.g. [784, 64, 10]. */
  readonly sizes: readonly number[];
  /** Activation of every hidden layer (the output layer is always softmax). */
  readonly hiddenActivation: HiddenActivation;
  readonly improvedSigmoidC?: number;
  readonly init: InitScheme;
  readonly biasInit?: BiasInit;
  readonly seed: number;
  readonly precision?: Precision;
}

export function shapeOf(config: Pick<NetConfig, 'sizes' | 'hiddenActivation' | 'improvedSigmoidC'>): NetShape {
  if (config.sizes.length < 2) throw new RangeError('a network needs at least an input and an output layer');
  for (const size of config.sizes) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`layer sizes must be positive integers, got ${size}`);
  }
  const activations: LayerActivation[] = [];
  for (let l = 1; l < config.sizes.length; l++) {
    activations.push(l === config.sizes.length - 1 ? 'softmax' : config.hiddenActivation);
  }
  return {
    sizes: [...config.sizes],
    activations,
    improvedSigmoidC: config.improvedSigmoidC ?? DEFAULT_IMPROVED_SIGMOID_C,
  };
}

/** A freshly initialised network; the weights depend only on (sizes, init, seed). */
export function createNet(config: NetConfig): Net {
  const precision = config.precision ?? 'float32';
  const shape = shapeOf(config);
  const params = initParams(shape.sizes, config.init, deriveSeed(config.seed, 'init'), precision, config.biasInit);
  return { ...shape, precision, params };
}

function copyArray(source: FloatArray, precision: Precision): FloatArray {
  const out = allocFloat(precision, source.length);
  out.set(source);
  return out;
}

export function cloneParams(params: Params, precision?: Precision): Params {
  const p = precision ?? precisionOf(params.weights[0]);
  return { weights: params.weights.map((w) => copyArray(w, p)), biases: params.biases.map((b) => copyArray(b, p)) };
}

/** The same network with fresh copies of its parameters, optionally in another precision. */
export function cloneNet(net: Net, precision: Precision = net.precision): Net {
  return { ...net, precision, params: cloneParams(net.params, precision) };
}

export function withParams(net: Net, params: Params): Net {
  return { ...net, params };
}

/** Zero arrays shaped like the network's parameters (gradients, velocities). */
export function zeroParams(net: Pick<Net, 'sizes' | 'precision'>): Params {
  const weights: FloatArray[] = [];
  const biases: FloatArray[] = [];
  for (let l = 1; l < net.sizes.length; l++) {
    weights.push(allocFloat(net.precision, net.sizes[l] * net.sizes[l - 1]));
    biases.push(allocFloat(net.precision, net.sizes[l]));
  }
  return { weights, biases };
}

/** Zero velocities: momentum starts at rest. */
export function zeroVelocity(net: Pick<Net, 'sizes' | 'precision'>): Velocity {
  return zeroParams(net);
}

/** "784-64-10" */
export function describeSizes(sizes: readonly number[]): string {
  return sizes.join('-');
}
