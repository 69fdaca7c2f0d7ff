// What the learner can change. The learning rate and momentum apply from the next
// batch; the topology, activation, initialisation, seed, batch size and precision
// apply on reset (they change the network or the training order).

import { createNet } from '../engine/network';
import type { BiasInit, InitScheme } from '../engine/init';
import { parseTrainingConfig } from '../engine/training-config';
import { HIDDEN_ACTIVATIONS, type HiddenActivation, type Net, type Precision, type UpdateRule } from '../engine/types';
import { classCountOf, inputSizeOf, type DebuggerData } from './data-source';

export interface DebuggerSettings {
  /** [n_0, …, n_L]. */
  readonly sizes: readonly number[];
  readonly hiddenActivation: HiddenActivation;
  readonly improvedSigmoidC: number;
  readonly init: InitScheme;
  readonly biasInit: BiasInit;
  /** Seeds the initial weights (the data's own seed orders the batches). */
  readonly seed: number;
  readonly precision: Precision;
  /** Examples per batch of the training order (MNIST; custom batches come as given). */
  readonly batchSize: number;
  /** α */
  readonly learningRate: number;
  /** μ; 0 is plain SGD. */
  readonly momentum: number;
}

/** The settings that take effect from the next batch; the rest wait for a reset. */
export const NEXT_BATCH_SETTINGS = ['learningRate', 'momentum'] as const satisfies readonly (keyof DebuggerSettings)[];

/** The trainer's defaults (src/engine/training-config.ts), with a softmax regression for custom data. */
export function defaultSettings(data: DebuggerData): DebuggerSettings {
  const trainer = parseTrainingConfig({});
  const sizes = data.kind === 'mnist' ? trainer.sizes : [inputSizeOf(data), classCountOf(data)];
  return {
    sizes,
    hiddenActivation: trainer.hiddenActivation,
    improvedSigmoidC: trainer.improvedSigmoidC,
    init: trainer.init,
    biasInit: trainer.biasInit,
    seed: trainer.seed,
    precision: trainer.precision,
    batchSize: trainer.batchSize,
    learningRate: trainer.learningRate,
    momentum: trainer.momentum,
  };
}

/** Why these settings cannot be used with this data, or null. */
export function checkSettings(settings: DebuggerSettings, data: DebuggerData): string | null {
  const { sizes } = settings;
  if (sizes.length < 2) return 'a network needs at least an input and an output layer';
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) return `layer sizes must be positive whole numbers, got ${sizes.join('-')}`;
  if (sizes[0] !== inputSizeOf(data)) return `the data has ${inputSizeOf(data)} inputs, the topology ${sizes[0]}`;
  if (sizes[sizes.length - 1] !== classCountOf(data)) return `the data has ${classCountOf(data)} classes, the topology ${sizes[sizes.length - 1]} outputs`;
  if (!HIDDEN_ACTIVATIONS.includes(settings.hiddenActivation)) return `unknown activation ${settings.hiddenActivation}`;
  if (!Number.isFinite(settings.improvedSigmoidC)) return 'the improved sigmoid twist c must be a finite number';
  if (settings.init.kind === 'uniform' && !(settings.init.range > 0 && Number.isFinite(settings.init.range))) return 'the uniform range must be positive';
  if (!Number.isInteger(settings.seed) || settings.seed < 0 || settings.seed > 0xffffffff) return `the seed must be a whole number in 0 … 2³²−1, got ${settings.seed}`;
  if (settings.precision !== 'float32' && settings.precision !== 'float64') return `unknown precision ${settings.precision}`;
  if (!Number.isInteger(settings.batchSize) || settings.batchSize < 1) return `the batch size must be a whole number ≥ 1, got ${settings.batchSize}`;
  if (data.kind === 'mnist' && settings.batchSize > data.train.count) return `a batch of ${settings.batchSize} is larger than the ${data.train.count} training images`;
  if (!(settings.learningRate > 0) || !Number.isFinite(settings.learningRate)) return `the learning rate must be a positive number, got ${settings.learningRate}`;
  if (!(settings.momentum >= 0 && settings.momentum < 1)) return `the momentum must be in [0, 1), got ${settings.momentum}`;
  return null;
}

export function ruleOf(settings: Pick<DebuggerSettings, 'learningRate' | 'momentum'>): UpdateRule {
  return { learningRate: settings.learningRate, momentum: settings.momentum };
}

/** A freshly initialised network for these settings. */
export function netFor(settings: DebuggerSettings): Net {
  return createNet({
    sizes: settings.sizes,
    hiddenActivation: settings.hiddenActivation,
    improvedSigmoidC: settings.improvedSigmoidC,
    init: settings.init,
    biasInit: settings.biasInit,
    seed: settings.seed,
    precision: settings.precision,
  });
}
