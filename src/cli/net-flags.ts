// The flags that describe a fresh network, shared by init-model, gradcheck and train:
// --layers 784-64-10 --activation sigmoid --init uniform --init-range 1 --bias-init zero
// --improved-sigmoid-c 0.001 --seed 1. Defaults are the training config's defaults, so
// `init-model` with no flags writes the float64 weights `train` starts from.

import type { BiasInit, InitScheme } from '../engine/init';
import type { NetConfig } from '../engine/network';
import { HIDDEN_ACTIVATIONS, type HiddenActivation } from '../engine/types';
import { InputError, type FlagSpec, type Flags } from './args';

export const NET_FLAGS = {
  layers: { type: 'string' },
  activation: { type: 'string' },
  init: { type: 'string' },
  'init-range': { type: 'string' },
  'bias-init': { type: 'string' },
  'improved-sigmoid-c': { type: 'string' },
  seed: { type: 'string' },
} as const satisfies FlagSpec;

export const NET_FLAGS_HELP = `  --layers SIZES            layer sizes, input first (default 784-64-10)
  --activation NAME         hidden layers: sigmoid, improved-sigmoid, tanh, relu (default sigmoid)
  --init NAME               uniform (U(−r, r)), normal (N(0, 1/fan_in), eq. 18), he (N(0, 2/fan_in));
                            default uniform
  --init-range R            r of the uniform init (default 1)
  --bias-init NAME          zero or like-weights (default zero)
  --improved-sigmoid-c C    the improved sigmoid's linear twist (default 0.001)
  --seed N                  seed of the weights (default 1)`;

export const INIT_NAMES = ['uniform', 'normal', 'normal-fan-in', 'he', 'he-normal'] as const;

/** --init and --init-range → an init scheme, or undefined when neither flag is given. */
export function initFromFlags(flags: Flags): InitScheme | undefined {
  const name = flags.choice('init', INIT_NAMES);
  const range = flags.number('init-range', { min: 0, exclusiveMin: true });
  if (name === undefined && range === undefined) return undefined;
  if (range !== undefined && name !== undefined && name !== 'uniform') throw new InputError(`--init-range: only applies to --init uniform, not ${name}`);
  if (name === undefined || name === 'uniform') return { kind: 'uniform', range: range ?? 1 };
  return name === 'normal' || name === 'normal-fan-in' ? { kind: 'normal-fan-in' } : { kind: 'he-normal' };
}

/** A NetConfig (float64) from the flags, with the training config's defaults. */
export function netConfigFromFlags(flags: Flags): NetConfig {
  return {
    sizes: flags.sizes('layers') ?? [784, 64, 10],
    hiddenActivation: flags.choice('activation', HIDDEN_ACTIVATIONS) ?? ('sigmoid' satisfies HiddenActivation),
    improvedSigmoidC: flags.number('improved-sigmoid-c'),
    init: initFromFlags(flags) ?? { kind: 'uniform', range: 1 },
    biasInit: flags.choice<BiasInit>('bias-init', ['zero', 'like-weights']),
    seed: flags.number('seed', { integer: true, min: 0, max: 0xffffffff }) ?? 1,
    precision: 'float64',
  };
}
