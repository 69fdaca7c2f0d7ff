// The configuration of a training run, validated with zod so that a bad JSON config
// (CLI) or preset (browser) fails with the field's name and the problem.

import { z } from 'zod';
import { DEFAULT_IMPROVED_SIGMOID_C } from './activations';
import { netBudgetProblem } from './budgets';
import { describeIssue, formatPath } from './io/errors';
import { HIDDEN_ACTIVATIONS } from './types';

/**
 * Every setting's rule, written once. The training run's config (below), the debugger's
 * settings (src/session/settings.ts), the Open-files loader, the CLI's flags, lesson setups
 * and presets all parse through these — through the schemas here, derived with pick/extend/
 * partial — so a learning rate means the same thing on every screen and every command.
 * α > 0 everywhere: a step with α = 0 computes gradients and changes nothing, which the
 * gradient check and the trace show without a step.
 */
export const SETTING_RULES = {
  /** [n_0, …, n_L]: at least an input and an output layer; 4,096 units at most per layer, and within the parameter budget (budgets.ts). */
  sizes: z
    .array(z.number().int().min(1).max(4096))
    .min(2)
    .superRefine((sizes, ctx) => {
      const problem = sizes.every(Number.isInteger) ? netBudgetProblem(sizes) : null;
      if (problem) ctx.addIssue({ code: 'custom', message: problem, input: sizes });
    }),
  hiddenActivation: z.enum(HIDDEN_ACTIVATIONS),
  /** The improved sigmoid's linear twist c in 1.7159·tanh(2z/3) + c·z (eq. 16). */
  improvedSigmoidC: z.number().finite(),
  init: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('uniform'), range: z.number().positive().finite().default(1) }),
    z.strictObject({ kind: z.literal('normal-fan-in') }),
    z.strictObject({ kind: z.literal('he-normal') }),
  ]),
  biasInit: z.enum(['zero', 'like-weights']),
  /** α: w := w − α ∂C/∂w (eq. 1, 9). */
  learningRate: z.number().positive().finite(),
  /** μ: v := α ∂C/∂w + μ v (eq. 19); 0 is plain SGD, 1 would never forget a gradient. */
  momentum: z.number().min(0).lt(1),
  /** Examples per mini-batch (at most the 60,000 training images). */
  batchSize: z.number().int().min(1).max(60000),
  shuffle: z.boolean(),
  /** Seeds the weights (and, in training, the order of the examples). */
  seed: z.number().int().min(0).max(0xffffffff),
  precision: z.enum(['float32', 'float64']),
  maxEpochs: z.number().int().min(1).max(1000),
  checksPerEpoch: z.number().int().min(1).max(1000),
} as const;

export const splitSchema = z
  .strictObject({
    /** How many of the 60,000 training images to use (the first `pool`). */
    pool: z.number().int().min(2).max(60000),
    /** How many of those (the last ones) to hold out for validation. */
    validation: z.number().int().min(1),
  })
  .refine((s) => s.validation < s.pool, { message: 'validation must be smaller than pool', path: ['validation'] });

/** The split of the report's experiments: 45,000 training and 5,000 validation images of the first 50,000. */
export const REPORT_SPLIT = { pool: 50000, validation: 5000 } as const;

/** Every field with its one default; the MNIST shape is checked by trainingConfigSchema. */
const trainingFields = z.strictObject({
  sizes: SETTING_RULES.sizes.default([784, 64, 10]),
  hiddenActivation: SETTING_RULES.hiddenActivation.default('sigmoid'),
  improvedSigmoidC: SETTING_RULES.improvedSigmoidC.default(DEFAULT_IMPROVED_SIGMOID_C),
  init: SETTING_RULES.init.default({ kind: 'uniform', range: 1 }),
  biasInit: SETTING_RULES.biasInit.default('zero'),
  learningRate: SETTING_RULES.learningRate.default(0.5),
  momentum: SETTING_RULES.momentum.default(0),
  batchSize: SETTING_RULES.batchSize.default(128),
  shuffle: SETTING_RULES.shuffle.default(true),
  maxEpochs: SETTING_RULES.maxEpochs.default(20),
  earlyStopping: z
    .strictObject({ patience: z.number().int().min(1), restoreBest: z.boolean().default(true) })
    .nullable()
    .default({ patience: 3, restoreBest: true }),
  checksPerEpoch: SETTING_RULES.checksPerEpoch.default(4),
  seed: SETTING_RULES.seed.default(1),
  split: splitSchema.default({ pool: 60000, validation: 6000 }),
  precision: SETTING_RULES.precision.default('float32'),
  /** Training-set examples evaluated at each check (the first ones); 0 = running mean of batch losses. */
  trainEvalSize: z.number().int().min(0).default(10000),
  /** Evaluate the test set at every check too (always at the end). */
  evaluateTest: z.boolean().default(true),
  /** A batch loss above this counts as divergence (NaN/±∞ always does). */
  divergenceLoss: z.number().positive().default(1000),
});

export const trainingConfigSchema = trainingFields.refine((c) => c.sizes[0] === 784 && c.sizes[c.sizes.length - 1] === 10, {
  message: 'MNIST nets have 784 inputs and 10 outputs',
  path: ['sizes'],
});

/** A fresh network: topology, activation, initialisation, seed and precision (any data's shape). */
export const netSettingsSchema = trainingFields.pick({
  sizes: true,
  hiddenActivation: true,
  improvedSigmoidC: true,
  init: true,
  biasInit: true,
  seed: true,
  precision: true,
});

/** The update rule of one step: α and μ. */
export const updateRuleSchema = trainingFields.pick({ learningRate: true, momentum: true });

/** What the debugger's learner can set: a network, its batch size and its update rule. */
export const debuggerSettingsSchema = netSettingsSchema.extend(trainingFields.pick({ batchSize: true, learningRate: true, momentum: true }).shape);

export type TrainingConfig = z.output<typeof trainingConfigSchema>;
export type TrainingConfigInput = z.input<typeof trainingConfigSchema>;

/** Fill defaults and validate; throws a one-line error naming the field. */
export function parseTrainingConfig(input: unknown): TrainingConfig {
  const problem = firstProblem(trainingConfigSchema, input ?? {});
  if (problem !== null) throw new ConfigError(problem);
  return trainingConfigSchema.parse(input ?? {});
}

/** The first problem of `input` against `schema` as "field: problem", or null when it parses. */
export function firstProblem(schema: z.ZodType, input: unknown): string | null {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return null;
  const { path, problem } = describeIssue(result.error.issues[0]);
  return `${path.length ? formatPath(path) : '(config)'}: ${problem}`;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}
