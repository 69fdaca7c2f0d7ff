// The flags that set a training config's fields, for every command: one table from flag to
// field, read into a raw config and checked by the training config's own schema
// (src/engine/training-config.ts) — so `--lr` has the rule and the default of `learningRate`
// in train, trace, the debugger and the lessons alike, and a problem names the flag:
// "--lr: expected > 0, got 0". A command picks the flags it takes and the schema that
// checks them (the whole config for train; α and μ for trace; a network for init-model
// and gradcheck; …). Rules about how a number is written (hex, underflow) belong in
// parseNumber (args.ts); rules about what a value may be belong in the schema.

import type { z } from 'zod';
import { describeIssue, formatPath } from '../engine/io';
import { REPORT_SPLIT, trainingConfigSchema } from '../engine/training-config';
import { HIDDEN_ACTIVATIONS } from '../engine/types';
import { InputError, parseNumber, type FlagSpec, type Flags } from './args';
import { UPDATE_RULE_TEXT } from '../notation';

/** The training config's defaults, as the help texts print them. */
export const CONFIG_DEFAULTS = trainingConfigSchema.parse({});

export type RawConfig = Record<string, unknown>;

/** Flags whose text is a number, the field each sets. */
const NUMBER_FLAGS = {
  'improved-sigmoid-c': 'improvedSigmoidC',
  lr: 'learningRate',
  momentum: 'momentum',
  'batch-size': 'batchSize',
  epochs: 'maxEpochs',
  'checks-per-epoch': 'checksPerEpoch',
  seed: 'seed',
  'divergence-loss': 'divergenceLoss',
  'train-eval-size': 'trainEvalSize',
} as const;
const STRING_FLAGS = { activation: 'hiddenActivation', 'bias-init': 'biasInit', precision: 'precision' } as const;
const BOOLEAN_FLAGS = { shuffle: 'shuffle', 'evaluate-test': 'evaluateTest' } as const;

/** Every config flag, for parseFlags. */
export const CONFIG_FLAGS = {
  layers: { type: 'string' },
  activation: { type: 'string' },
  'improved-sigmoid-c': { type: 'string' },
  init: { type: 'string' },
  'init-range': { type: 'string' },
  'bias-init': { type: 'string' },
  precision: { type: 'string' },
  lr: { type: 'string' },
  momentum: { type: 'string' },
  'batch-size': { type: 'string' },
  shuffle: { type: 'boolean' },
  epochs: { type: 'string' },
  patience: { type: 'string' },
  'restore-best': { type: 'boolean' },
  'checks-per-epoch': { type: 'string' },
  seed: { type: 'string' },
  'divergence-loss': { type: 'string' },
  split: { type: 'string' },
  'train-eval-size': { type: 'string' },
  'evaluate-test': { type: 'boolean' },
} as const satisfies FlagSpec;

export type ConfigFlag = keyof typeof CONFIG_FLAGS;

/** Some of the config flags, for a command's parseFlags. */
export function configFlags<K extends ConfigFlag>(...names: K[]): { [P in K]: (typeof CONFIG_FLAGS)[P] } {
  return Object.fromEntries(names.map((n) => [n, CONFIG_FLAGS[n]])) as { [P in K]: (typeof CONFIG_FLAGS)[P] };
}

/** The flags that describe a fresh network (init-model, gradcheck; train takes them too). */
export const NET_FLAGS = configFlags('layers', 'activation', 'init', 'init-range', 'bias-init', 'improved-sigmoid-c', 'seed');

const d = CONFIG_DEFAULTS;
const initName = d.init.kind === 'uniform' ? 'uniform' : d.init.kind;
export const NET_FLAGS_HELP = `  --layers SIZES            layer sizes, input first (default ${d.sizes.join('-')})
  --activation NAME         hidden layers: ${HIDDEN_ACTIVATIONS.join(', ')} (default ${d.hiddenActivation})
  --init NAME               uniform (U(−r, r)), normal (${UPDATE_RULE_TEXT.fanInInit}), he (N(0, 2/fan_in));
                            default ${initName}
  --init-range R            r of the uniform init (default ${d.init.kind === 'uniform' ? d.init.range : 1})
  --bias-init NAME          zero or like-weights (default ${d.biasInit})
  --improved-sigmoid-c C    the improved sigmoid's linear twist (default ${d.improvedSigmoidC})
  --seed N                  seed of the weights (default ${d.seed})`;

export const INIT_NAMES = ['uniform', 'normal', 'normal-fan-in', 'he', 'he-normal'] as const;

function initOf(name: (typeof INIT_NAMES)[number], range: number | undefined): RawConfig {
  if (name === 'uniform') return range === undefined ? { kind: 'uniform' } : { kind: 'uniform', range };
  return name === 'normal' || name === 'normal-fan-in' ? { kind: 'normal-fan-in' } : { kind: 'he-normal' };
}

function parseSplit(text: string): { pool: number; validation: number } {
  if (text === 'report') return { ...REPORT_SPLIT };
  if (text === 'default') return { ...CONFIG_DEFAULTS.split };
  const match = /^\s*(\d+)\s*[/:]\s*(\d+)\s*$/.exec(text);
  if (!match) throw new InputError(`--split: expected report, default or POOL/VALIDATION like 3000/500, got ${JSON.stringify(text)}`);
  return { pool: Number(match[1]), validation: Number(match[2]) };
}

/** A raw config (from a file, or {}) with the config flags given set over it; which flag set each field, for messages. */
export function mergeConfigFlags(flags: Flags, file: RawConfig = {}): { raw: RawConfig; flagOf: Map<string, string> } {
  const raw: RawConfig = { ...file };
  const flagOf = new Map<string, string>();
  const set = (field: string, flag: string, value: unknown) => {
    raw[field] = value;
    flagOf.set(field, flag);
  };
  const given = (flag: ConfigFlag) => flags.declares(flag) && flags.has(flag);
  for (const [flag, field] of Object.entries(NUMBER_FLAGS)) {
    if (given(flag as ConfigFlag)) set(field, `--${flag}`, parseNumber(`--${flag}`, flags.string(flag)!));
  }
  for (const [flag, field] of Object.entries(STRING_FLAGS)) {
    if (given(flag as ConfigFlag)) set(field, `--${flag}`, flags.string(flag));
  }
  for (const [flag, field] of Object.entries(BOOLEAN_FLAGS)) {
    if (given(flag as ConfigFlag)) set(field, `--${flag}`, flags.boolean(flag));
  }
  if (given('layers')) set('sizes', '--layers', flags.sizes('layers'));
  if (given('split')) set('split', '--split', parseSplit(flags.string('split')!));

  // --init / --init-range: --init-range alone changes the range of a uniform init.
  const range = given('init-range') ? parseNumber('--init-range', flags.string('init-range')!) : undefined;
  if (given('init')) {
    const name = flags.choice('init', INIT_NAMES)!;
    if (range !== undefined && name !== 'uniform') throw new InputError(`--init-range: only applies to --init uniform, not ${name}`);
    set('init', '--init', initOf(name, range));
    if (range !== undefined) flagOf.set('init.range', '--init-range');
  } else if (range !== undefined) {
    const current = (raw.init ?? CONFIG_DEFAULTS.init) as { kind?: unknown };
    if (current.kind !== 'uniform') throw new InputError(`--init-range: only applies to a uniform init, the config's init is ${JSON.stringify(current.kind)}`);
    set('init', '--init-range', { ...current, range });
    flagOf.set('init.range', '--init-range');
  }

  // --patience 0 turns early stopping off; --restore-best tunes it.
  const patience = given('patience') ? flags.string('patience') : undefined;
  const restoreBest = given('restore-best') ? flags.boolean('restore-best') : undefined;
  if (patience !== undefined || restoreBest !== undefined) {
    const current = raw.earlyStopping === undefined ? CONFIG_DEFAULTS.earlyStopping : (raw.earlyStopping as RawConfig | null);
    const p = patience === undefined ? undefined : parseNumber('--patience', patience, { integer: true, min: 0 });
    if (p === 0) {
      set('earlyStopping', '--patience', null);
    } else if (current === null && p === undefined) {
      throw new InputError('--restore-best: early stopping is off (give --patience N)');
    } else {
      set('earlyStopping', patience !== undefined ? '--patience' : '--restore-best', {
        ...(current ?? {}),
        ...(p !== undefined ? { patience: p } : {}),
        ...(restoreBest !== undefined ? { restoreBest } : {}),
      });
      if (restoreBest !== undefined) flagOf.set('earlyStopping.restoreBest', '--restore-best');
    }
  }
  return { raw, flagOf };
}

/**
 * The merged config checked by `schema`, its defaults filled; a problem names the flag that
 * set the field, or else the config file (`source`) and the field.
 */
export function checkConfig<S extends z.ZodType>(schema: S, raw: RawConfig, flagOf: Map<string, string>, source = 'config'): z.output<S> {
  const result = schema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  const { path, problem } = describeIssue(result.error.issues[0]);
  const field = formatPath(path);
  const flag = flagOf.get(field) ?? flagOf.get(String(path[0]));
  if (flag) throw new InputError(`${flag}: ${problem}`);
  throw new InputError(`${source}: ${field ? field + ': ' : ''}${problem}`);
}

/** The command's config flags checked by `schema` (with its defaults): the one way a command reads them. */
export function configFromFlags<S extends z.ZodType>(flags: Flags, schema: S, fixed: RawConfig = {}): z.output<S> {
  const { raw, flagOf } = mergeConfigFlags(flags);
  return checkConfig(schema, { ...raw, ...fixed }, flagOf);
}

/** One flag's number checked by one field's rule (check's --lr is a learning rate, export-batch's --size a batch size); undefined when not given. */
export function flagByRule(flags: Flags, flag: string, rule: z.ZodType<number>): number | undefined {
  const text = flags.string(flag);
  if (text === undefined) return undefined;
  const result = rule.safeParse(parseNumber(`--${flag}`, text), { reportInput: true });
  if (result.success) return result.data;
  throw new InputError(`--${flag}: ${describeIssue(result.error.issues[0]).problem}`);
}
