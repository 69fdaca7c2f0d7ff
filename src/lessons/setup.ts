// A step's `setup` and `do` as debugger-machine events. A setup becomes one `load` (the
// net, the data, the settings, and where in the training order to start), then a
// `batch.choose` and a `sample.select`; an action becomes step.next / step.prev /
// step.goto / step.batch / settings.change / batch.choose. Every event is checked with
// the machine's own rules (snapshot.can and the checks behind its guards) before it is
// sent, so a lesson that asks for something the machine refuses fails with the reason.

import type { MnistData } from '../data/mnist';
import { splitTraining } from '../data/mnist';
import { cloneNet, shapeOf, zeroVelocity } from '../engine/network';
import { TrainingWorkspace, usesMomentum } from '../engine/step';
import { allocFloat, type FloatArray, type HiddenActivation, type Net, type Velocity } from '../engine/types';
import { checkLoad, type LoadRequest } from '../session/context';
import { batchesPerEpoch, checkChoice, materialise, setOf, type BatchChoice, type DebuggerData } from '../session/data-source';
import type { DebuggerSnapshot } from '../machine/debugger-machine';
import type { DebuggerEvent } from '../machine/events';
import { currentFrame } from '../session/history';
import { nextInOrder } from '../session/order';
import type { PlannedStep } from '../session/plan';
import { defaultSettings, netFor, ruleOf, settingsOf, type DebuggerSettings } from '../session/settings';
import { lessonPreset } from './presets';
import { presetConfig } from '../experiments/presets';
import type { ActionSpec, BatchSpec, SetupSpec } from './schema';
import type { MistakeId } from '../check';
import { stepLabel } from '../viewmodel/step-label';
import { plantedFaulty } from './bug-hunt';
import { indexProblem, layerLabel } from '../notation/indices';
import { grouped, plural } from '../format';

/** What a lesson's machine is driven through: a started actor, or a test's stand-in. */
export interface MachinePort {
  getSnapshot(): DebuggerSnapshot;
  send(event: DebuggerEvent): void;
}

/** What the page (or a test) provides: MNIST, once loaded. */
export interface LessonEnv {
  readonly mnist: MnistData | null;
}

export class SetupError extends Error {
  override name = 'SetupError';
}

/** MNIST as lessons step through it: the report's 45,000 / 5,000 split, one object per order. */
const mnistData = new WeakMap<MnistData, Map<string, DebuggerData>>();

function mnistFor(mnist: MnistData, seed: number, shuffle: boolean): DebuggerData {
  let byOrder = mnistData.get(mnist);
  if (!byOrder) mnistData.set(mnist, (byOrder = new Map()));
  const key = `${seed}:${shuffle}`;
  let data = byOrder.get(key);
  if (!data) {
    const split = splitTraining(mnist, 'report');
    data = { kind: 'mnist', train: split.train, validation: split.validation, test: mnist.test, seed, shuffle };
    byOrder.set(key, data);
  }
  return data;
}

/** The data, settings and starting net a setup describes. */
export function resolveSetup(setup: SetupSpec, env: LessonEnv): { data: DebuggerData; settings: DebuggerSettings; net: Net } {
  const preset = setup.preset === undefined ? undefined : lessonPreset(setup.preset);
  if (setup.preset !== undefined && !preset) throw new SetupError(`setup.preset: unknown experiment "${setup.preset}"`);
  const net = setup.net ?? {};
  const p = preset ? presetConfig(preset, net.seed ?? 1) : undefined;
  const training = setup.training ?? {};

  let data: DebuggerData;
  if (setup.data === 'mnist') {
    if (!env.mnist) throw new SetupError('this step needs MNIST, which is not loaded');
    data = mnistFor(env.mnist, training.dataSeed ?? net.seed ?? 1, training.shuffle ?? p?.shuffle ?? true);
  } else {
    const first = setup.data.batches[0];
    if (first.inputs.length % first.labels.length !== 0) throw new SetupError(`setup.data.batches.0: ${plural(first.inputs.length, 'input')} do not split evenly into ${plural(first.labels.length, 'example')}`);
    data = { kind: 'custom', inputSize: first.inputs.length / first.labels.length, classes: setup.data.classes, batches: setup.data.batches };
  }

  const base = defaultSettings(data);
  const settings: DebuggerSettings = {
    ...base,
    ...(p && settingsOf(p)),
    ...(net.sizes && { sizes: net.sizes }),
    ...(net.activation && { hiddenActivation: net.activation as HiddenActivation }),
    ...(net.twist !== undefined && { improvedSigmoidC: net.twist }),
    ...(net.init && { init: net.init }),
    ...(net.seed !== undefined && { seed: net.seed }),
    ...(net.precision && { precision: net.precision }),
    ...(training.learningRate !== undefined && { learningRate: training.learningRate }),
    ...(training.momentum !== undefined && { momentum: training.momentum }),
    ...(training.batchSize !== undefined && { batchSize: training.batchSize }),
  };
  return { data, settings, net: net.weights ? handPickedNet(setup, settings) : netFor(settings) };
}

/** A net with the lesson's own weights and biases, checked against the sizes. */
function handPickedNet(setup: SetupSpec, settings: DebuggerSettings): Net {
  const sizes = settings.sizes;
  const weights = setup.net!.weights!;
  const biases = setup.net!.biases;
  const L = sizes.length - 1;
  if (weights.length !== L) throw new SetupError(`setup.net.weights: ${plural(L, 'weight layer')} need ${plural(L, 'matrix', 'matrices')}, got ${weights.length}`);
  if (biases && biases.length !== L) throw new SetupError(`setup.net.biases: ${plural(L, 'weight layer')} need ${plural(L, 'bias list')}, got ${biases.length}`);
  const shape = shapeOf({ sizes, hiddenActivation: settings.hiddenActivation, improvedSigmoidC: settings.improvedSigmoidC });
  const W: FloatArray[] = [];
  const B: FloatArray[] = [];
  for (let l = 0; l < L; l++) {
    const rows = weights[l];
    if (rows.length !== sizes[l + 1] || rows.some((r) => r.length !== sizes[l])) {
      throw new SetupError(`setup.net.weights.${l}: layer ${layerLabel(l)} is ${plural(sizes[l + 1], 'row')} of ${plural(sizes[l], 'entry', 'entries')} (one row per unit, one entry per input)`);
    }
    const w = allocFloat(settings.precision, sizes[l + 1] * sizes[l]);
    rows.forEach((row, j) => row.forEach((value, i) => (w[j * sizes[l] + i] = value)));
    const b = allocFloat(settings.precision, sizes[l + 1]);
    if (biases) {
      if (biases[l].length !== sizes[l + 1]) throw new SetupError(`setup.net.biases.${l}: layer ${layerLabel(l)} has ${plural(sizes[l + 1], 'unit')}, got ${plural(biases[l].length, 'bias', 'biases')}`);
      biases[l].forEach((value, j) => (b[j] = value));
    }
    W.push(w);
    B.push(b);
  }
  return { ...shape, precision: settings.precision, params: { weights: W, biases: B } };
}

/** A lesson's batch as the machine's choice: the lesson counts images, epochs and batches from 1, the machine from 0. */
export function batchChoice(batch: BatchSpec): BatchChoice {
  if ('examples' in batch) return { kind: 'examples', set: batch.set, indices: batch.examples.map((n) => n - 1) };
  if ('order' in batch) return { kind: 'order', epoch: batch.order[0] - 1, batch: batch.order[1] - 1 };
  return { kind: 'custom', label: batch.label ?? 'hand-picked examples', inputs: batch.inputs, labels: batch.labels };
}

/** Why the machine cannot take this batch, counted as every screen counts (src/notation/indices.ts), or null. */
function batchProblem(data: DebuggerData, batchSize: number, batch: BatchSpec): string | null {
  if ('order' in batch) {
    const B = batchesPerEpoch(data, batchSize);
    return indexProblem('batch', batch.order[1] - 1, B, 'the epoch', grouped);
  }
  if ('examples' in batch) {
    const set = setOf(data, batch.set);
    const bad = set && batch.examples.find((n) => n > set.count);
    if (bad) return indexProblem('image', bad - 1, set.count, `the ${batch.set} set`, grouped);
  }
  return checkChoice(data, batchChoice(batch), batchSize);
}

/**
 * The `load` a setup makes: its net after `train` batches of the training order (run by
 * the engine's TrainingWorkspace, whose kernels the machine's sub-steps share), with the
 * velocity and order position a trainer would hand over.
 */
export function setupLoad(setup: SetupSpec, env: LessonEnv): LoadRequest {
  const { data, settings, net: initial } = resolveSetup(setup, env);
  const steps = setup.train ?? 0;
  if (steps === 0) return { net: initial, velocity: null, position: { epoch: 0, batch: 0, step: 0 }, settings, data };
  // The trainer's fast path on a copy: the same kernels as the machine's sub-steps, in place.
  const net = cloneNet(initial);
  const rule = ruleOf(settings);
  const velocity: Velocity | null = usesMomentum(rule) ? zeroVelocity(net) : null;
  const workspace = new TrainingWorkspace(net, settings.batchSize);
  const perEpoch = batchesPerEpoch(data, settings.batchSize);
  let order = { epoch: 0, batch: 0 };
  for (let t = 0; t < steps; t++) {
    const { batch } = materialise(data, { kind: 'order', ...order }, settings.batchSize, net.precision);
    workspace.step(net, velocity, batch, rule);
    order = nextInOrder(order, perEpoch);
  }
  return { net, velocity, position: { ...order, step: steps }, settings, data };
}

function refuse(event: DebuggerEvent, reason: string): never {
  throw new SetupError(`the machine refuses ${event.type}: ${reason}`);
}

/** Sends an event the machine must accept; throws with the reason when it would not. */
function sendChecked(port: MachinePort, event: DebuggerEvent, reason: () => string): void {
  const snapshot = port.getSnapshot();
  if (snapshot.hasTag('running')) refuse(event, 'it is running');
  if (!snapshot.can(event)) refuse(event, reason());
  port.send(event);
}

/** Puts the machine in the state a setup describes. */
export function applySetup(port: MachinePort, setup: SetupSpec, env: LessonEnv, planted?: MistakeId): void {
  // A bug hunt's debugger steps the planted mistake; any other lesson's, the engine's own step.
  const load: LoadRequest = { ...setupLoad(setup, env), faulty: planted ? plantedFaulty(planted) : null };
  const context = port.getSnapshot().context;
  sendChecked(port, { type: 'load', ...load }, () => checkLoad(load, context.data, context.settings) ?? 'its guard failed');
  if (setup.batch) applyAction(port, { choose: setup.batch });
  if (setup.sample !== undefined) applyAction(port, { select: setup.sample });
}

/** Plan index a `goto` names: −1 for the batch start, the last step for `end`. */
export function gotoIndex(plan: readonly PlannedStep[], target: Extract<ActionSpec, { goto: unknown }>['goto']): number {
  if (target === 'start') return -1;
  if (target === 'end') return plan.length - 1;
  const phase = typeof target === 'string' ? target : target.phase;
  const layer = typeof target === 'string' ? undefined : target.layer;
  const part = typeof target === 'string' ? undefined : target.part;
  let candidates = plan.filter((s) => s.phase === phase);
  if (layer !== undefined) {
    candidates = candidates.filter((s) => s.layer === layer - 1);
    if (!candidates.length) {
      const layers = [...new Set(plan.filter((s) => s.phase === phase).map((s) => s.layer + 1))];
      throw new SetupError(`goto: the ${phase} phase has no layer ${layer} in this net (it has ${layers.join(', ') || 'none'})`);
    }
  }
  if (phase === 'forward') candidates = candidates.filter((s) => s.kind === (part === 'z' ? 'preActivation' : 'activation'));
  else if (part !== undefined) throw new SetupError('goto: `part` (z or a) belongs to the forward phase');
  if (candidates.length === 0) throw new SetupError(`goto: this net has no ${phase} step`);
  if (candidates.length > 1) throw new SetupError(`goto: the ${phase} phase runs for layers ${candidates.map((s) => s.layer + 1).join(', ')}: say which with { phase: ${phase}, layer: … }`);
  return candidates[0].index;
}

/** Carries out one `do` action (or a setup's batch and sample) on the machine. */
export function applyAction(port: MachinePort, action: ActionSpec): void {
  const snapshot = () => port.getSnapshot();
  if ('goto' in action) {
    const s = snapshot();
    const target = gotoIndex(s.context.plan, action.goto);
    const frame = currentFrame(s.context.history);
    if (target > frame.stepIndex) {
      for (let i = frame.stepIndex; i < target; i++) sendChecked(port, { type: 'step.next' }, () => 'step.next');
    } else if (target < frame.stepIndex) {
      const index = frame.index - (frame.stepIndex - target);
      sendChecked(port, { type: 'step.goto', index }, () => `frame ${index} of this batch is no longer in the history`);
    }
    return;
  }
  if ('next' in action) {
    for (let i = 0; i < action.next; i++) sendChecked(port, { type: 'step.next' }, () => 'step.next');
    return;
  }
  if ('prev' in action) {
    for (let i = 0; i < action.prev; i++) sendChecked(port, { type: 'step.prev' }, () => 'there is no earlier frame in the history');
    return;
  }
  if ('batches' in action) {
    for (let i = 0; i < action.batches; i++) sendChecked(port, { type: 'step.batch' }, () => 'step.batch');
    sendChecked(port, { type: 'step.next' }, () => 'step.next');
    return;
  }
  if ('select' in action) {
    // Lessons count examples from 1, as the views show them.
    const size = currentFrame(snapshot().context.history).start.batch.size;
    sendChecked(port, { type: 'sample.select', index: action.select - 1 }, () => indexProblem('example', action.select - 1, size, 'the batch', grouped) ?? `example ${action.select}`);
    return;
  }
  if ('check' in action) {
    checkPlanted(port, action.check);
    return;
  }
  if ('settings' in action) {
    const event: DebuggerEvent = { type: 'settings.change', settings: action.settings };
    sendChecked(port, event, () => 'the settings are out of range');
    return;
  }
  const context = snapshot().context;
  sendChecked(port, { type: 'batch.choose', choice: batchChoice(action.choose) }, () => batchProblem(context.data, context.batchSize, action.choose) ?? 'its guard failed');
}

/**
 * Check my numbers on the planted step (a `check` move): the machine goes to the first number
 * that differs, which must be computed by the sub-step the move names — so a lesson that says
 * where the mistake shows fails its test when that stops being true.
 */
function checkPlanted(port: MachinePort, target: Extract<ActionSpec, { check: unknown }>['check']): void {
  sendChecked(port, { type: 'check.step' }, () => 'the lesson plants no mistake to check (add `planted: <id>` to its lesson block)');
  const context = port.getSnapshot().context;
  const check = context.check;
  if (check?.status !== 'done') throw new SetupError(`check: ${check?.error ?? 'the check did not finish'}`);
  if (check.firstStep === null) throw new SetupError("check: the planted step agrees with deltascope's on this batch: there is nothing to find");
  const named = gotoIndex(context.plan, target);
  if (check.firstStep !== named) {
    const at = (index: number) => (index < 0 ? 'the batch start' : stepLabel(context.plan[index]));
    throw new SetupError(`check: the first number that differs is computed by ${at(check.firstStep)}, not by ${at(named)} as the move says`);
  }
}
