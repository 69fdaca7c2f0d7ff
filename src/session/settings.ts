// What the learner can change. The learning rate and momentum apply from the next
// batch; the topology, activation, initialisation, seed, batch size and precision
// apply on reset (they change the network or the training order).

import type { z } from 'zod';
import type { InitScheme } from '../engine/init';
import { createNet } from '../engine/network';
import { debuggerSettingsSchema, firstProblem, parseTrainingConfig, REPORT_SPLIT, type TrainingConfig, type TrainingConfigInput } from '../engine/training-config';
import type { Net, UpdateRule } from '../engine/types';
import { classCountOf, inputSizeOf, type DebuggerData } from './data-source';

/**
 * [n_0, …, n_L], the hidden activation, the improved sigmoid's c, the initialisation, the
 * seed of the weights (the data's own seed orders the batches), the precision, the batch
 * size of the training order (custom batches come as given), α and μ — each with the rule
 * and default of src/engine/training-config.ts.
 */
export type DebuggerSettings = Readonly<Omit<z.output<typeof debuggerSettingsSchema>, 'sizes' | 'init'>> & {
  readonly sizes: readonly number[];
  readonly init: InitScheme;
};

/** The settings that take effect from the next batch; the rest wait for a reset. */
export const NEXT_BATCH_SETTINGS = ['learningRate', 'momentum'] as const satisfies readonly (keyof DebuggerSettings)[];

/** The training config's defaults, with a softmax regression for custom data. */
export function defaultSettings(data: DebuggerData): DebuggerSettings {
  const defaults = debuggerSettingsSchema.parse({});
  return data.kind === 'mnist' ? defaults : { ...defaults, sizes: [inputSizeOf(data), classCountOf(data)] };
}

/**
 * What the Debugger screen opens with: the training config's defaults but for the
 * initialisation — the report's fan-in normal (eq. 18), because with U(−1, 1) most sigmoid
 * units start saturated (f'(z) ≈ 0) and the δ's a class wants to look at are all but zero —
 * and the split: the report's 45,000 / 5,000 of the first 50,000 images, as every preset of
 * the Training screen, so a batch stepped here is one the report's runs could have drawn.
 */
export const DEBUGGER_OPENING: TrainingConfigInput = { init: { kind: 'normal-fan-in' }, split: { ...REPORT_SPLIT } };

export function openingDebuggerConfig(): TrainingConfig {
  return parseTrainingConfig(DEBUGGER_OPENING);
}

/** The debugger's settings of a training config (its run's network, batch size and rule). */
export function settingsOf(config: TrainingConfig): DebuggerSettings {
  const keys = Object.keys(debuggerSettingsSchema.shape) as (keyof DebuggerSettings)[];
  return Object.fromEntries(keys.map((key) => [key, config[key]])) as unknown as DebuggerSettings;
}

/** Why these settings cannot be used with this data ("learningRate: …"), or null. */
export function checkSettings(settings: DebuggerSettings, data: DebuggerData): string | null {
  const problem = firstProblem(debuggerSettingsSchema, settings);
  if (problem !== null) return problem;
  const { sizes } = settings;
  if (sizes[0] !== inputSizeOf(data)) return `the data has ${inputSizeOf(data)} inputs, the topology ${sizes[0]}`;
  if (sizes[sizes.length - 1] !== classCountOf(data)) return `the data has ${classCountOf(data)} classes, the topology ${sizes[sizes.length - 1]} outputs`;
  if (data.kind === 'mnist' && settings.batchSize > data.train.count) return `a batch of ${settings.batchSize} is larger than the ${data.train.count} training images`;
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
