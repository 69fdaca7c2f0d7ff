// A link to an exact place in the debugger: the address carries what rebuilds the session by
// deterministic replay — the network's settings, the data's split and order, the batch and
// sub-step, the unit and example looked at, the open tab — never weights. Opening it makes a
// fresh network from the seed, runs the training order up to the batch (session/link-replay.ts)
// and steps to the sub-step, so every number is the one the sender saw, bit for bit.
//
// The fields are one declared, versioned table (LINK_FIELDS); a setting's rule is its rule in
// SETTING_RULES (engine/training-config.ts), never written again here. Positions people read
// count from 1, as the screens do: epoch, batch, example, hidden units and layers; an output
// unit is its class (from 0). A field the link gets wrong is named in a notice and replaced by
// its default: a link never blanks the page, and never silently shows something else.

import type { z } from 'zod';
import { SETTING_RULES, splitSchema } from '../engine/training-config';
import type { InitScheme } from '../engine/init';
import type { HiddenActivation } from '../engine/types';
import type { DebuggerContext } from './context';
import { batchesPerEpoch, type DebuggerData } from './data-source';
import { currentFrame } from './history';
import { planSteps } from './plan';
import { checkSettings, openingDebuggerConfig, settingsOf, type DebuggerSettings } from './settings';
import { indexOf, layerLabel, unitLabel, unitPosition } from '../notation/indices';

/** The link format's version: a change of meaning to any field makes a new one. */
export const LINK_VERSION = 1;

export const LINK_TABS = ['update', 'matrices', 'gradcheck', 'draw'] as const;
export type LinkTab = (typeof LINK_TABS)[number];

/** Everything a link holds, 0-based inside the program. */
export interface DebuggerLink {
  readonly settings: DebuggerSettings;
  /** The MNIST split, and the seed and shuffling of the training order. */
  readonly data: { readonly split: { readonly pool: number; readonly validation: number }; readonly orderSeed: number; readonly shuffle: boolean };
  /** Epoch and batch of the training order (from 0); `step`: sub-steps of that batch done (0: none yet). */
  readonly place: { readonly epoch: number; readonly batch: number; readonly step: number };
  /** The unit in the inspector (layer index from 0: W_{layer+1}'s outputs), the example of the batch (from 0), the tab below. */
  readonly view: { readonly layer: number; readonly neuron: number; readonly example: number; readonly tab: LinkTab };
}

type Problem = string;
type Read<T> = (text: string) => { value: T } | Problem;
type Draft = { -readonly [K in keyof DebuggerLink]: { -readonly [F in keyof DebuggerLink[K]]: DebuggerLink[K][F] } } & {
  /** The unit as written (layer from 0, the number people read); fitLink settles it against the net. */
  unit?: { layer: number; written: number };
};

interface LinkField {
  readonly key: string;
  /** What the field means and how it is written, for the table in the README. */
  readonly doc: string;
  write(link: DebuggerLink): string;
  /** Reads the text into the draft, or says what is wrong with it. */
  read(text: string, draft: Draft): Problem | null;
}

const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A number as written in a link: decimal (no hex, no blanks); one that comes back 0 or ±∞ from a non-zero text is refused. */
function readNumber(text: string): number | Problem {
  if (!NUMBER.test(text)) return `“${text}” is not a decimal number`;
  const value = Number(text);
  if (!Number.isFinite(value) || (value === 0 && /[1-9]/.test(text.replace(/e.*$/i, '')))) return `“${text}” is out of range`;
  return value;
}

/** A field checked by its rule in SETTING_RULES. */
function settingField<K extends keyof typeof SETTING_RULES & keyof DebuggerSettings>(
  key: string,
  setting: K,
  doc: string,
  parse: (text: string) => unknown,
  format: (value: DebuggerSettings[K]) => string = String,
): LinkField {
  return {
    key,
    doc,
    write: (link) => format(link.settings[setting]),
    read(text, draft) {
      const parsed = parse(text);
      if (typeof parsed === 'string' && parsed.startsWith('“')) return parsed;
      const result = (SETTING_RULES[setting] as z.ZodType).safeParse(parsed);
      if (!result.success) return `“${text}”: ${result.error.issues[0]?.message ?? 'not valid'}`;
      (draft.settings as Record<string, unknown>)[setting] = result.data;
      return null;
    },
  };
}

/** A whole number from `min` on, written as people count it (from 1 where `min` is 1). */
function countField(key: string, doc: string, min: number, put: (draft: Draft, value: number) => void, get: (link: DebuggerLink) => number): LinkField {
  return {
    key,
    doc,
    write: (link) => String(get(link) + min),
    read(text, draft) {
      const value = readNumber(text);
      if (typeof value === 'string') return value;
      if (!Number.isInteger(value) || value < min || value > 0xffffffff) return `“${text}” is not a whole number ≥ ${min}`;
      put(draft, value - min);
      return null;
    },
  };
}

/** layer.unit as people read it (notation/indices): layers from 1, hidden units from 1, an output unit by its class. */
function unitText(layer: number, neuron: number, sizes: readonly number[]): string {
  return `${layerLabel(layer)}.${unitLabel(neuron, layer, sizes.length - 1)}`;
}

function writeInit(init: InitScheme): string {
  return init.kind === 'uniform' ? `uniform:${init.range}` : init.kind;
}

function readInit(text: string): unknown {
  const [kind, range] = text.split(':');
  if (kind !== 'uniform') return range === undefined ? { kind } : `“${text}”: only uniform takes a range`;
  if (range === undefined) return { kind };
  const value = readNumber(range);
  return typeof value === 'string' ? value : { kind, range: value };
}

/** The declared table of a link's fields, in the order links write them. */
export const LINK_FIELDS: readonly LinkField[] = [
  {
    key: 'v',
    doc: `the link format's version (${LINK_VERSION})`,
    write: () => String(LINK_VERSION),
    read: (text) => (text === String(LINK_VERSION) ? null : `“${text}”: this app reads version ${LINK_VERSION}`),
  },
  settingField('net', 'sizes', 'layer sizes n₀-n₁-…-n_L, e.g. 784-64-10', (t) => t.split('-').map((n) => (NUMBER.test(n) ? Number(n) : NaN)), (s) => s.join('-')),
  settingField('act', 'hiddenActivation', 'hidden activation: sigmoid, improved-sigmoid, tanh or relu', (t) => t),
  settingField('c', 'improvedSigmoidC', "the improved sigmoid's c in 1.7159·tanh(2z/3) + c·z", readNumber),
  settingField('init', 'init', 'initialisation: normal-fan-in, he-normal or uniform:r (U(−r, r))', readInit, writeInit),
  settingField('bias', 'biasInit', 'biases start at zero or like-weights', (t) => t),
  settingField('seed', 'seed', "the weights' seed", readNumber),
  settingField('lr', 'learningRate', 'α, the learning rate', readNumber),
  settingField('mu', 'momentum', 'μ, the momentum (0 ≤ μ < 1)', readNumber),
  settingField('bs', 'batchSize', 'examples per batch of the training order', readNumber),
  settingField('prec', 'precision', 'float32 or float64', (t) => t),
  {
    key: 'split',
    doc: 'pool-validation: the first `pool` training images, the last `validation` of them held out',
    write: (link) => `${link.data.split.pool}-${link.data.split.validation}`,
    read(text, draft) {
      const [pool, validation, ...rest] = text.split('-').map(readNumber);
      const result = rest.length ? null : splitSchema.safeParse({ pool, validation });
      if (!result?.success) return `“${text}”: ${result?.error.issues[0]?.message ?? 'not pool-validation'}`;
      draft.data.split = result.data;
      return null;
    },
  },
  {
    key: 'order',
    doc: "the training order's seed (the trainer's run seed; the debugger opens with 1)",
    write: (link) => String(link.data.orderSeed),
    read(text, draft) {
      const result = SETTING_RULES.seed.safeParse(readNumber(text));
      if (!result.success) return `“${text}”: ${result.error.issues[0]?.message ?? 'not a seed'}`;
      draft.data.orderSeed = result.data;
      return null;
    },
  },
  {
    key: 'shuffle',
    doc: 'reshuffle the training order every epoch: 1 or 0',
    write: (link) => (link.data.shuffle ? '1' : '0'),
    read(text, draft) {
      if (text !== '1' && text !== '0') return `“${text}” is neither 1 nor 0`;
      draft.data.shuffle = text === '1';
      return null;
    },
  },
  countField('epoch', 'epoch of the batch, from 1', 1, (d, v) => (d.place.epoch = v), (l) => l.place.epoch),
  countField('batch', 'batch of that epoch, from 1', 1, (d, v) => (d.place.batch = v), (l) => l.place.batch),
  countField('step', "sub-steps of the batch done, 0 (batch loaded) … the plan's length (updated)", 0, (d, v) => (d.place.step = v), (l) => l.place.step),
  {
    key: 'unit',
    doc: 'layer.unit in the inspector: layer from 1 (the output layer is L), a hidden unit from 1, an output unit by its class (from 0)',
    write: (link) => unitText(link.view.layer, link.view.neuron, link.settings.sizes),
    read(text, draft) {
      const match = /^(\d+)\.(\d+)$/.exec(text);
      if (!match || Number(match[1]) < 1) return `“${text}” is not layer.unit`;
      // Whether the unit counts from 0 (an output class) depends on the net: fitLink settles it.
      draft.unit = { layer: Number(match[1]) - 1, written: Number(match[2]) };
      return null;
    },
  },
  countField('example', 'example of the batch, from 1', 1, (d, v) => (d.view.example = v), (l) => l.view.example),
  {
    key: 'tab',
    doc: `the tab below the equations: ${LINK_TABS.join(', ')}`,
    write: (link) => link.view.tab,
    read(text, draft) {
      if (!(LINK_TABS as readonly string[]).includes(text)) return `“${text}” is not one of ${LINK_TABS.join(', ')}`;
      draft.view.tab = text as LinkTab;
      return null;
    },
  },
];

/** Where the debugger opens: its opening settings and the first sub-step of the first batch. */
export function defaultLink(): DebuggerLink {
  const config = openingDebuggerConfig();
  return {
    settings: settingsOf(config),
    data: { split: { ...config.split }, orderSeed: config.seed, shuffle: config.shuffle },
    place: { epoch: 0, batch: 0, step: 0 },
    view: { layer: 0, neuron: 0, example: 0, tab: 'update' },
  };
}

function draftOf(link: DebuggerLink): Draft {
  return { settings: { ...link.settings }, data: { ...link.data }, place: { ...link.place }, view: { ...link.view } } as Draft;
}

/** The query part of a link (`v=1&net=784-64-10&…`), every field written. */
export function formatLink(link: DebuggerLink): string {
  return LINK_FIELDS.map((field) => `${field.key}=${encodeURIComponent(field.write(link))}`).join('&');
}

export interface ReadLink {
  readonly link: DebuggerLink;
  /** One sentence per field left out (unknown, malformed or out of range), naming it and the default used. */
  readonly problems: readonly string[];
}

/** Reads a link's query; each missing field takes its default, each bad one too, with a problem naming it. */
export function parseLink(query: string): ReadLink {
  const defaults = defaultLink();
  const draft = draftOf(defaults);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const pair of query.replace(/^\?/, '').split('&').filter(Boolean)) {
    const at = pair.indexOf('=');
    const [rawKey, rawValue] = at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    const key = safeDecode(rawKey);
    const text = safeDecode(rawValue);
    const field = LINK_FIELDS.find((f) => f.key === key);
    if (!field || key === null) {
      problems.push(`The link's field “${key ?? rawKey}” is unknown; it was left out.`);
      continue;
    }
    if (seen.has(key)) {
      problems.push(`The link gives “${key}” twice; the first was used.`);
      continue;
    }
    seen.add(key);
    const problem = text === null ? `“${rawValue}” has a malformed %-escape` : field.read(text, draft);
    if (problem) problems.push(`The link's ${key} ${problem}; the default ${field.write(defaults)} was used.`);
  }
  if (draft.unit) {
    // An output unit is its class (from 0), a hidden one counts from 1: the net says which.
    const { layer, written } = draft.unit;
    const layers = draft.settings.sizes.length - 1;
    const neuron = indexOf(unitPosition(layer, layers), written);
    if (neuron < 0 || layer >= layers) problems.push(`The link's unit ${layerLabel(layer)}.${written} is not a unit of ${draft.settings.sizes.join('-')}; the default 1.1 was used.`);
    else Object.assign(draft.view, { layer, neuron });
    delete draft.unit;
  }
  return { link: draft as DebuggerLink, problems };
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/**
 * The link made to fit its data and network: settings MNIST cannot take, a batch beyond the
 * epoch, a sub-step beyond the plan, a unit or example that does not exist — each replaced by
 * its default, with a problem naming it. `data` is the link's own (its split and order).
 */
export function fitLink(read: ReadLink, data: DebuggerData): ReadLink {
  const defaults = defaultLink();
  const draft = draftOf(read.link);
  const problems = [...read.problems];
  const named = (key: string) => LINK_FIELDS.find((f) => f.key === key)!;
  const replace = (key: string, why: string, reset: () => void) => {
    reset();
    problems.push(`The link's ${key} ${why}; the default ${named(key).write(defaults)} was used.`);
  };
  for (const key of ['bs', 'net'] as const) {
    const problem = checkSettings(draft.settings, data);
    if (problem && (key === 'net' || problem.includes('batch'))) {
      replace(key, `does not fit (${problem})`, () => {
        if (key === 'bs') draft.settings.batchSize = Math.min(defaults.settings.batchSize, data.kind === 'mnist' ? data.train.count : Infinity);
        else draft.settings.sizes = defaults.settings.sizes;
      });
    }
  }
  const B = batchesPerEpoch(data, draft.settings.batchSize);
  if (draft.place.epoch >= SETTING_RULES.maxEpochs.maxValue!) replace('epoch', `is beyond ${SETTING_RULES.maxEpochs.maxValue} epochs`, () => (draft.place.epoch = 0));
  if (draft.place.batch >= B) replace('batch', `is beyond the ${B} batches of an epoch`, () => (draft.place.batch = 0));
  const sizes = draft.settings.sizes;
  const L = sizes.length - 1;
  const activations = [...Array<HiddenActivation>(L - 1).fill(draft.settings.hiddenActivation), 'softmax' as const];
  const plan = planSteps({ sizes, activations });
  if (draft.place.step > plan.length) replace('step', `is beyond the ${plan.length} sub-steps of a batch`, () => (draft.place.step = 0));
  const { layer, neuron } = draft.view;
  if (layer >= L || neuron >= sizes[layer + 1]) replace('unit', `${unitText(layer, neuron, sizes)} is not a unit of ${sizes.join('-')}`, () => Object.assign(draft.view, { layer: 0, neuron: 0 }));
  const size = Math.min(draft.settings.batchSize, data.kind === 'mnist' ? data.train.count - draft.place.batch * draft.settings.batchSize : Infinity);
  if (draft.view.example >= size) replace('example', `is beyond the ${size} examples of the batch`, () => (draft.view.example = 0));
  return { link: draft as DebuggerLink, problems };
}

/** What the screen adds to a session's state: the unit in the inspector and the open tab. */
export interface LinkView {
  readonly layer: number;
  readonly neuron: number;
  readonly tab: LinkTab;
}

export interface SessionLink {
  readonly link: DebuggerLink;
  /** Why replaying the link does not rebuild this session's weights exactly, or null when it does. */
  readonly inexact: string | null;
}

/** The link to where a session stands; null on custom data (a link replays MNIST only). */
export function linkOfSession(ctx: DebuggerContext, view: LinkView): SessionLink | null {
  const { data } = ctx;
  if (data.kind !== 'mnist' || !data.validation) return null;
  const frame = currentFrame(ctx.history);
  const { start } = frame;
  const settings: DebuggerSettings = { ...ctx.settings, batchSize: ctx.batchSize, sizes: start.net.sizes, precision: start.net.precision };
  const link: DebuggerLink = {
    settings,
    data: { split: { pool: data.train.count + data.validation.count, validation: data.validation.count }, orderSeed: data.seed, shuffle: data.shuffle },
    place: { epoch: start.order.epoch, batch: start.order.batch, step: frame.stepIndex + 1 },
    view: { layer: view.layer, neuron: view.neuron, example: ctx.sample, tab: view.tab },
  };
  const B = batchesPerEpoch(data, ctx.batchSize);
  const inexact =
    ctx.faulty !== null
      ? 'this session steps a planted mistake'
      : start.source.kind !== 'order'
        ? 'this batch is not one of the training order'
        : start.stepsBefore !== start.order.epoch * B + start.order.batch
          ? 'the batches were not stepped in order from the start'
          : start.rule.learningRate !== settings.learningRate || start.rule.momentum !== settings.momentum
            ? 'α or μ changed during the session'
            : null;
  return { link, inexact };
}
