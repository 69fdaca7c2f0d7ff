// The shape of a lesson's structured parts — the ```lesson block and each step's ```step
// block — checked with zod so that a malformed lesson fails with the field's path and
// what is wrong with it (zod-messages.ts words it, at the field's line). The prose around
// the blocks is Markdown (format.ts).
//
// A new field is one line here (with a doc comment). lessons/README.md then describes it —
// tests/lessons/readme.test.ts fails until every field is documented — and a rule the loader
// adds for it (compile.ts) gets a broken lesson in tests/lessons/rule-cases.ts and its message
// quoted under the README's "Rules" (readme.test.ts holds the two lists equal).

import { z } from 'zod';
import { MISTAKE_IDS } from '../check';
import { SETTING_RULES } from '../engine/training-config';
import { HIDDEN_ACTIVATIONS } from '../engine/types';
import { PHASES } from '../notation';

const whole = z.number().int();
const count = whole.min(0);
const positive = whole.min(1);
/** An answer-language expression (expression.ts), or a plain number where a setting is meant. */
const expression = z.union([z.string().min(1), z.number()]);
const name = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'names are lower-case letters, digits and _, starting with a letter');

export const lessonMetaSchema = z.strictObject({
  /** One sentence for the lesson list. */
  summary: z.string().min(1),
  /** Where in the report, e.g. "§1.1, eq. (1)–(8)". */
  report: z.string().min(1),
  /** Position in the lesson list. */
  order: whole,
  /** A bug hunt: the catalogue id (src/check/catalogue.ts) of the mistake planted in the lesson's step. */
  planted: z.enum(MISTAKE_IDS).optional(),
});

// A setup's settings keep the rules of src/engine/training-config.ts (SETTING_RULES); a
// lesson names some of them its own way (activation, twist, dataSeed).
const netSchema = z.strictObject({
  sizes: SETTING_RULES.sizes.optional(),
  activation: SETTING_RULES.hiddenActivation.optional(),
  /** The improved sigmoid's linear twist c. */
  twist: SETTING_RULES.improvedSigmoidC.optional(),
  init: SETTING_RULES.init.optional(),
  seed: SETTING_RULES.seed.optional(),
  precision: SETTING_RULES.precision.optional(),
  /** Hand-picked weights: per dense layer, rows [to][from]. */
  weights: z.array(z.array(z.array(z.number()))).optional(),
  /** Hand-picked biases: per dense layer. */
  biases: z.array(z.array(z.number())).optional(),
});

const trainingSchema = z.strictObject({
  learningRate: SETTING_RULES.learningRate.optional(),
  momentum: SETTING_RULES.momentum.optional(),
  batchSize: SETTING_RULES.batchSize.optional(),
  /** Reshuffle the MNIST training order every epoch. */
  shuffle: SETTING_RULES.shuffle.optional(),
  /** Seed of that order. */
  dataSeed: SETTING_RULES.seed.optional(),
});

const examplesSchema = z.strictObject({ inputs: z.array(z.number()).min(1), labels: z.array(count).min(1) });

const batchSchema = z.union([
  /** MNIST images by their number in the set, counted from 1 (image n is the set's array index n − 1). */
  z.strictObject({ examples: z.array(positive).min(1), set: z.enum(['train', 'validation', 'test']).default('train') }),
  /** Epoch and batch of the training order, counted from 1 as the debugger's status line shows them. */
  z.strictObject({ order: z.tuple([positive, positive]) }),
  z.strictObject({ inputs: z.array(z.number()).min(1), labels: z.array(count).min(1), label: z.string().optional() }),
]);

export const setupSchema = z.strictObject({
  /** One of the report's experiments (src/engine/presets.ts): its net and training settings. */
  preset: z.string().optional(),
  net: netSchema.optional(),
  training: trainingSchema.optional(),
  /** MNIST (the report's 45,000 / 5,000 split), or hand-written batches for a tiny net. */
  data: z.union([z.literal('mnist'), z.strictObject({ classes: positive, batches: z.array(examplesSchema).min(1) })]),
  /** Complete this many batches of the training order first. */
  train: count.max(2000).optional(),
  /** The batch to step through (default: the next of the training order). */
  batch: batchSchema.optional(),
  /** The example the per-example views show, counted from 1. */
  sample: positive.optional(),
});

const gotoTarget = z.union([
  z.enum(['start', 'end', ...PHASES] as [string, ...string[]]),
  z.strictObject({ phase: z.enum(PHASES as unknown as [string, ...string[]]), layer: positive.optional(), part: z.enum(['z', 'a']).optional() }),
]);

export const actionSchema = z.union([
  /** Move within the current batch to the end of a sub-step (or its start / end). */
  z.strictObject({ goto: gotoTarget }),
  z.strictObject({ next: positive.max(10_000) }),
  z.strictObject({ prev: positive.max(10_000) }),
  /** Complete the current batch, then this many more. */
  z.strictObject({ batches: positive.max(2000) }),
  /** Select an example of the batch, counted from 1. */
  z.strictObject({ select: positive }),
  z.strictObject({ settings: trainingSchema.pick({ learningRate: true, momentum: true }) }),
  z.strictObject({ choose: batchSchema }),
  /** Check my numbers on a bug hunt's planted step: the machine goes to the first difference, which must be this sub-step. */
  z.strictObject({ check: gotoTarget }),
]);

const matrixName = z.enum(['W', 'b', 'z', 'a', 'fprime', 'delta', 'gradW', 'gradB', 'newW', 'newB']);

export const highlightSchema = z.union([
  z.strictObject({ neuron: z.strictObject({ layer: count, unit: count }) }),
  z.strictObject({ weight: z.strictObject({ layer: positive, to: count, from: count }) }),
  z.strictObject({ row: z.strictObject({ matrix: matrixName, layer: positive, index: count }) }),
  z.strictObject({ column: z.strictObject({ matrix: matrixName, layer: positive, index: count }) }),
  z.strictObject({ term: z.string().regex(/^[A-Za-z]+$/) }),
  z.strictObject({ sample: positive }),
]);

const equationSchema = z.union([whole.min(1).max(19), z.strictObject({ tex: z.string().min(1), label: z.string().optional() })]);

/** Wrong answers a learner may correct before the worked solution is shown. */
export const DEFAULT_RETRIES = 1;
const retries = count.max(5);

const numberQuestion = z.strictObject({
  kind: z.literal('number'),
  prompt: z.string().min(1),
  answer: expression,
  /** Accept |answer − truth| ≤ tolerance … */
  tolerance: z.number().positive().optional(),
  /** … or ≤ relative · |truth|. */
  relative: z.number().positive().optional(),
  /** Moves the machine makes when the learner commits, before the answer is read (e.g. compute the next sub-step). */
  reveal: z.array(actionSchema).optional(),
  /** The worked substitution, shown after the answer (Markdown with live values). */
  worked: z.string().min(1),
  retries: retries.optional(),
});

const choiceQuestion = z.strictObject({
  kind: z.literal('choice'),
  prompt: z.string().min(1),
  choices: z.array(z.strictObject({ text: z.string().min(1), correct: z.boolean().optional() })).min(2).max(6),
  /** The right choice's position (from 0) as an expression of the live machine; or mark one choice `correct`. */
  answer: expression.optional(),
  reveal: z.array(actionSchema).optional(),
  worked: z.string().min(1),
  retries: retries.optional(),
});

const questionSchema = z.discriminatedUnion('kind', [numberQuestion, choiceQuestion]);

const figureSchema = z.union([
  z.strictObject({
    activation: z.strictObject({
      kinds: z.array(z.enum(HIDDEN_ACTIVATIONS)).min(1),
      from: z.number(),
      to: z.number(),
      /** Mark this z on the curves (an expression, e.g. z(1, 3)). */
      mark: expression.optional(),
    }),
  }),
  z.strictObject({
    histogram: z.strictObject({ of: z.enum(['z', 'a', 'fprime', 'delta']), layer: positive, bins: positive.max(200).default(40) }),
  }),
  z.strictObject({
    ravine: z.strictObject({
      steep: expression,
      gentle: expression,
      lr: expression,
      steps: expression,
      /** One path per momentum value (0 = plain SGD). */
      momentum: z.array(expression).min(1).max(3),
      x0: expression.optional(),
      y0: expression.optional(),
    }),
  }),
  z.strictObject({
    gradcheck: z.strictObject({ layer: positive, to: count, from: count, eps: z.array(z.number().positive()).min(2).max(24) }),
  }),
]);

export const stepSchema = z.strictObject({
  /** Replace the machine's state: net, data, batch. Step 1 must have one. */
  setup: setupSchema.optional(),
  /** Machine moves, in order, after the setup. */
  do: z.array(actionSchema).optional(),
  /** Values to remember from this step, usable by name in later expressions. */
  let: z.record(name, expression).optional(),
  equations: z.array(equationSchema).optional(),
  highlight: z.array(highlightSchema).optional(),
  figure: figureSchema.optional(),
  question: questionSchema.optional(),
});

export type LessonMeta = z.output<typeof lessonMetaSchema>;
export type StepSpec = z.output<typeof stepSchema>;
export type SetupSpec = z.output<typeof setupSchema>;
export type ActionSpec = z.output<typeof actionSchema>;
export type HighlightSpec = z.output<typeof highlightSchema>;
export type EquationSpec = z.output<typeof equationSchema>;
export type FigureSpec = z.output<typeof figureSchema>;
export type BatchSpec = z.output<typeof batchSchema>;
