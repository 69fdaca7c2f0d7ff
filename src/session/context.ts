// The debugger machine's context: the data it steps through, the settings, the plan of
// a batch, the history of frames, breakpoints and what the run loop reports. Views read
// it through the selectors (selectors.ts); only the machine's actions write it.

import type { TrainingPosition } from '../engine/training';
import type { HiddenActivation, Net, Velocity } from '../engine/types';
import type { Breakpoint, BreakpointHit, BreakpointSpec } from './breakpoints';
import type { CheckState } from './check-state';
import type { FaultyStep } from './faulty-step';
import { checkChoice, checkData, classCountOf, hasValidation, inputSizeOf, materialise, type BatchChoice, type DebuggerData } from './data-source';
import { batchStartFrame, velocityFor } from './frame';
import { createHistory, DEFAULT_MEMORY_BUDGET, type History } from './history';
import { planSteps, type PlannedStep } from './plan';
import type { RunProgress, ValidationCheck } from './run-loop';
import { checkSettings, defaultSettings, netFor, ruleOf, type DebuggerSettings } from './settings';
import { checkBreakpoint } from './breakpoints';

/** Weights to start from: a trainer snapshot ({net, velocity, position}) or a parsed model file. */
export interface LoadRequest {
  readonly net: Net;
  readonly velocity?: Velocity | null;
  /** The next batch of the training order and the steps taken so far (the trainer's TrainingPosition). */
  readonly position?: TrainingPosition;
  /** Settings that came with the weights (the trainer's learning rate, momentum, batch size …). */
  readonly settings?: Partial<DebuggerSettings>;
  /** The data to step through from now on (the trainer's split and order seed); default: keep the current. */
  readonly data?: DebuggerData;
  /** A bug-hunt lesson's planted mistake: the step this session runs instead of the engine's (default: none). */
  readonly faulty?: FaultyStep | null;
}

export interface DebuggerInput {
  readonly data: DebuggerData;
  readonly settings?: Partial<DebuggerSettings>;
  /** Start from these weights instead of a fresh initialisation. */
  readonly load?: LoadRequest;
  /** History bound in bytes (default 512 MiB). */
  readonly memoryBudget?: number;
  readonly breakpoints?: readonly BreakpointSpec[];
  /** Milliseconds the run loop computes between yields to the page (default 12). */
  readonly sliceMs?: number;
}

export interface RunStatus {
  /** 'epoch-end' for step.epoch; null for run.continue. */
  readonly until: 'epoch-end' | null;
  /** The latest report from the loop (null before its first slice ends). */
  readonly progress: RunProgress | null;
  /** Validation checks made before this run. */
  readonly checksBefore: readonly ValidationCheck[];
}

export interface DebuggerContext {
  readonly data: DebuggerData;
  /** What reset builds; the learning rate and momentum also apply from the next batch. */
  readonly settings: DebuggerSettings;
  /** Batch size of the training order in use (settings.batchSize takes effect on reset). */
  readonly batchSize: number;
  /** The sub-steps of one batch for the current network. */
  readonly plan: readonly PlannedStep[];
  readonly history: History;
  readonly breakpoints: readonly Breakpoint[];
  readonly nextBreakpointId: number;
  /** Why the machine last stopped, or null after a plain step. */
  readonly hit: BreakpointHit | null;
  /** The example of the batch the per-example views focus on. */
  readonly sample: number;
  /** A batch chosen mid-batch, loaded when the current batch is done. */
  readonly pendingChoice: BatchChoice | null;
  readonly run: RunStatus | null;
  /** Validation losses measured by the run loop (for the validation breakpoint), oldest first. */
  readonly validationChecks: readonly ValidationCheck[];
  /** The last run's failure, if it failed. */
  readonly failure: string | null;
  readonly sliceMs: number;
  /** A planted mistake the session steps instead of the engine's step (bug-hunt lessons); null: the engine's. */
  readonly faulty: FaultyStep | null;
  /** The latest "Check my numbers" (it applies to the batch it was made on: check-flow.ts). */
  readonly check: CheckState | null;
}

/** Why `request` cannot be loaded to step through `data`, or null. */
export function checkLoad(request: LoadRequest, currentData: DebuggerData, settings: DebuggerSettings): string | null {
  const { net } = request;
  const data = request.data ?? currentData;
  try {
    checkData(data);
  } catch (error) {
    return (error as Error).message;
  }
  const L = net.sizes.length - 1;
  if (net.sizes[0] !== inputSizeOf(data)) return `the model has ${net.sizes[0]} inputs, the data ${inputSizeOf(data)}`;
  if (net.sizes[L] !== classCountOf(data)) return `the model has ${net.sizes[L]} outputs, the data ${classCountOf(data)} classes`;
  if (net.activations[L - 1] !== 'softmax' || net.activations.slice(0, L - 1).some((a) => a === 'softmax')) return 'only the output layer may be softmax';
  for (let l = 0; l < L; l++) {
    if (net.params.weights[l]?.length !== net.sizes[l + 1] * net.sizes[l] || net.params.biases[l]?.length !== net.sizes[l + 1]) {
      return `the parameters of layer ${l + 1} are not shaped ${net.sizes[l + 1]}×${net.sizes[l]}`;
    }
    const v = request.velocity;
    if (v && (v.weights[l]?.length !== net.params.weights[l].length || v.biases[l]?.length !== net.params.biases[l].length)) {
      return `the velocity of layer ${l + 1} is not shaped like its parameters`;
    }
  }
  const merged = mergeLoaded(settings, request);
  const problem = checkSettings(merged, data);
  if (problem) return problem;
  const p = request.position;
  if (p && !(Number.isInteger(p.epoch) && p.epoch >= 0 && Number.isInteger(p.batch) && p.batch >= 0 && Number.isInteger(p.step) && p.step >= 0)) {
    return 'the position needs whole numbers ≥ 0';
  }
  return p ? checkChoice(data, { kind: 'order', epoch: p.epoch, batch: p.batch }, merged.batchSize) : null;
}

/** The settings after loading: the model's topology and precision, and whatever came with it. */
export function mergeLoaded(settings: DebuggerSettings, request: LoadRequest): DebuggerSettings {
  const hidden = request.net.activations.find((a): a is HiddenActivation => a !== 'softmax');
  return {
    ...settings,
    ...request.settings,
    sizes: [...request.net.sizes],
    precision: request.net.precision,
    improvedSigmoidC: request.net.improvedSigmoidC,
    hiddenActivation: hidden ?? settings.hiddenActivation,
  };
}

/**
 * The context of a fresh session, or of one that loaded weights: the first frame is
 * the batch at `position` (batch 0 of epoch 0 by default) with nothing computed.
 */
export function sessionContext(
  base: Pick<DebuggerContext, 'data' | 'settings' | 'breakpoints' | 'nextBreakpointId' | 'sliceMs' | 'faulty'> & { readonly budget: number },
  load: LoadRequest | null,
): DebuggerContext {
  const settings = load ? mergeLoaded(base.settings, load) : base.settings;
  const problem = load ? checkLoad(load, base.data, base.settings) : checkSettings(settings, base.data);
  if (problem) throw new RangeError(problem);
  const data = load?.data ?? base.data;
  const net = load ? load.net : netFor(settings);
  const position = load?.position ?? { epoch: 0, batch: 0, step: 0 };
  const rule = ruleOf(settings);
  const { batch, source } = materialise(data, { kind: 'order', epoch: position.epoch, batch: position.batch }, settings.batchSize, net.precision);
  const first = batchStartFrame(
    0,
    {
      net,
      velocity: velocityFor(net, rule.momentum, load?.velocity ?? null),
      rule,
      batch,
      source,
      order: { epoch: position.epoch, batch: position.batch },
      stepsBefore: position.step,
      previousLoss: null,
    },
    null,
  );
  return {
    data,
    settings,
    batchSize: settings.batchSize,
    plan: planSteps(net),
    history: createHistory(first, base.budget),
    breakpoints: base.breakpoints,
    nextBreakpointId: base.nextBreakpointId,
    hit: null,
    sample: 0,
    pendingChoice: null,
    run: null,
    validationChecks: [],
    failure: null,
    sliceMs: base.sliceMs,
    // A load says whether its session is planted (a lesson's always does); a reset keeps the mistake.
    faulty: load ? (load.faulty ?? null) : base.faulty,
    check: null,
  };
}

export function initialContext(input: DebuggerInput): DebuggerContext {
  checkData(input.data);
  const settings = { ...defaultSettings(input.data), ...input.settings };
  const specs = input.breakpoints ?? [];
  const net = input.load?.net ?? { sizes: settings.sizes };
  specs.forEach((spec) => {
    const problem = checkBreakpoint(spec, net, hasValidation(input.data));
    if (problem) throw new RangeError(`breakpoint ${spec.kind}: ${problem}`);
  });
  const breakpoints = specs.map((spec, i) => ({ ...spec, id: `bp${i + 1}`, enabled: true }));
  return sessionContext(
    {
      data: input.data,
      settings,
      breakpoints,
      nextBreakpointId: breakpoints.length + 1,
      sliceMs: input.sliceMs ?? 12,
      budget: input.memoryBudget ?? DEFAULT_MEMORY_BUDGET,
      faulty: null,
    },
    input.load ?? null,
  );
}
