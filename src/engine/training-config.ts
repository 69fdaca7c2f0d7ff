// The configuration of a training run, validated with zod so that a bad JSON config
// (CLI) or preset (browser) fails with the field's name and the problem.

import { z } from 'zod';
import { DEFAULT_IMPROVED_SIGMOID_C } from './activations';
import { HIDDEN_ACTIVATIONS, parameterCount } from './types';

const initSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('uniform'), range: z.number().positive().finite().default(1) }),
  z.strictObject({ kind: z.literal('normal-fan-in') }),
  z.strictObject({ kind: z.literal('he-normal') }),
]);

const splitSchema = z
  .strictObject({
    /** How many of the 60,000 training images to use (the first `pool`). */
    pool: z.number().int().min(2).max(60000),
    /** How many of those (the last ones) to hold out for validation. */
    validation: z.number().int().min(1),
  })
  .refine((s) => s.validation < s.pool, { message: 'validation must be smaller than pool', path: ['validation'] });

export const trainingConfigSchema = z
  .strictObject({
    sizes: z.array(z.number().int().min(1).max(4096)).min(2).default([784, 64, 10]),
    hiddenActivation: z.enum(HIDDEN_ACTIVATIONS as [string, ...string[]]).default('sigmoid'),
    improvedSigmoidC: z.number().finite().default(DEFAULT_IMPROVED_SIGMOID_C),
    init: initSchema.default({ kind: 'uniform', range: 1 }),
    biasInit: z.enum(['zero', 'like-weights']).default('zero'),
    learningRate: z.number().positive().finite().default(0.5),
    momentum: z.number().min(0).lt(1).default(0),
    batchSize: z.number().int().min(1).max(60000).default(128),
    shuffle: z.boolean().default(true),
    maxEpochs: z.number().int().min(1).max(1000).default(20),
    earlyStopping: z
      .strictObject({ patience: z.number().int().min(1), restoreBest: z.boolean().default(true) })
      .nullable()
      .default({ patience: 3, restoreBest: true }),
    checksPerEpoch: z.number().int().min(1).max(1000).default(4),
    seed: z.number().int().min(0).max(0xffffffff).default(1),
    split: splitSchema.default({ pool: 60000, validation: 6000 }),
    precision: z.enum(['float32', 'float64']).default('float32'),
    /** Training-set examples evaluated at each check (the first ones); 0 = running mean of batch losses. */
    trainEvalSize: z.number().int().min(0).default(10000),
    /** Evaluate the test set at every check too (always at the end). */
    evaluateTest: z.boolean().default(true),
    /** A batch loss above this counts as divergence (NaN/±∞ always does). */
    divergenceLoss: z.number().positive().default(1000),
  })
  .refine((c) => c.sizes[0] === 784 && c.sizes[c.sizes.length - 1] === 10, {
    message: 'MNIST nets have 784 inputs and 10 outputs',
    path: ['sizes'],
  });

export type TrainingConfig = z.output<typeof trainingConfigSchema> & {
  hiddenActivation: (typeof HIDDEN_ACTIVATIONS)[number];
};
export type TrainingConfigInput = z.input<typeof trainingConfigSchema>;

export const REPORT_SPLIT = { pool: 50000, validation: 5000 } as const;
export const DEFAULT_SPLIT = { pool: 60000, validation: 6000 } as const;

/** Fill defaults and validate; throws a one-line error naming the field. */
export function parseTrainingConfig(input: unknown): TrainingConfig {
  const result = trainingConfigSchema.safeParse(input ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue.path.length ? issue.path.join('.') : '(config)';
    throw new ConfigError(`${field}: ${issue.message}`);
  }
  return result.data as TrainingConfig;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function configParameterCount(config: Pick<TrainingConfig, 'sizes'>): number {
  return parameterCount(config.sizes);
}
