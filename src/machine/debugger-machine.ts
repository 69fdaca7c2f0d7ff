// The step-through debugger: backpropagation over one mini-batch at a time as discrete
// sub-steps a learner drives, with history and breakpoints. The machine owns the state
// (context.ts) and calls the engine's per-layer primitives through frame.ts and the run
// loop; it never does arithmetic itself.
//
// States: paused.{ready | forward | loss | outputDelta | hiddenDelta | gradients | update}
// (the phase of the current frame's sub-step; ready = a batch loaded, nothing computed),
// running (the run loop is going) and checking ("Check my numbers" under way; it ends at
// the sub-step of the first difference). Phase states carry tags ("phase:hiddenDelta",
// "eq:8", …) and meta ({ phase, equations }) naming the report's equations.

import { assign, createActor, sendTo, setup, type Actor, type SnapshotFrom } from 'xstate';
import { checkBreakpoint, type Breakpoint } from '../session/breakpoints';
import { checkerCouldNotStart, type CheckRunner } from '../session/check-run';
import { checkFinished, checkRequest, checkStarted } from '../session/check-flow';
import { PLANTED_STEP_NAME } from '../session/check-state';
import { checkActor, checkInProcess, type CheckActorInput } from './check-actor';
import { sessionContext, checkLoad, initialContext, type DebuggerContext, type DebuggerInput, type LoadRequest } from '../session/context';
import { checkChoice, hasValidation, materialise } from '../session/data-source';
import { equationTag, PHASE_EQUATIONS, PHASES, type Phase } from '../notation';
import type { BreakpointInput, DebuggerEvent } from './events';
import { currentFrame, withBudget } from '../session/history';
import { runLoop, type RunLoopInput } from './run-actor';
import { checkSettings, NEXT_BATCH_SETTINGS, ruleOf } from '../session/settings';
import { applyToNextBatch, canGoto, canStepBack, goto, landAfterRun, landAtProgress, stepBatch, stepNext, stepOver, stepPrev } from '../session/stepping';

export type DebuggerTag = 'running' | 'checking' | 'phase:ready' | `phase:${Phase}` | `eq:${number}`;

export interface PhaseMeta {
  readonly phase: Phase | null;
  readonly equations: readonly number[];
}

type Ctx = DebuggerContext;

function breakpointProblem(ctx: Ctx, input: BreakpointInput): string | null {
  return checkBreakpoint(input, currentFrame(ctx.history).start.net, hasValidation(ctx.data));
}

function withIds(ctx: Ctx, inputs: readonly BreakpointInput[]): Pick<Ctx, 'breakpoints' | 'nextBreakpointId'> {
  let next = ctx.nextBreakpointId;
  const breakpoints = inputs.map((input): Breakpoint => ({ ...input, id: input.id ?? `bp${next++}`, enabled: input.enabled ?? true }));
  return { breakpoints, nextBreakpointId: next };
}

/** A new session (reset or load) keeping the data, settings, breakpoints that still apply, and the budget. */
function newSession(ctx: Ctx, load: LoadRequest | null): Ctx {
  const next = sessionContext(
    { data: ctx.data, settings: ctx.settings, breakpoints: [], nextBreakpointId: ctx.nextBreakpointId, sliceMs: ctx.sliceMs, budget: ctx.history.budget, faulty: ctx.faulty },
    load,
  );
  const net = currentFrame(next.history).start.net;
  return { ...next, breakpoints: ctx.breakpoints.filter((bp) => checkBreakpoint(bp, net, hasValidation(next.data)) === null) };
}

function runInput(ctx: Ctx): RunLoopInput {
  const frame = currentFrame(ctx.history);
  const lastCheck = ctx.validationChecks[ctx.validationChecks.length - 1];
  return {
    sliceMs: ctx.sliceMs,
    request: {
      data: ctx.data,
      plan: ctx.plan,
      breakpoints: ctx.breakpoints,
      from: { start: frame.start, quantities: frame.quantities, stepIndex: frame.stepIndex },
      batchSize: ctx.batchSize,
      rule: ruleOf(ctx.settings),
      following: ctx.pendingChoice ? materialise(ctx.data, ctx.pendingChoice, ctx.batchSize, frame.start.net.precision) : null,
      until: ctx.run?.until ?? null,
      lastValidationLoss: lastCheck ? lastCheck.loss : null,
    },
  };
}

function phaseState(phase: Phase) {
  return {
    tags: [`phase:${phase}` as const, ...PHASE_EQUATIONS[phase].map(equationTag)],
    meta: { phase, equations: PHASE_EQUATIONS[phase] } satisfies PhaseMeta,
  };
}

export const debuggerMachine = setup({
  types: {
    context: {} as DebuggerContext,
    events: {} as DebuggerEvent,
    input: {} as DebuggerInput,
    tags: {} as DebuggerTag,
  },
  actors: { runLoop, checkRun: checkInProcess },
  guards: {
    atBatchStart: ({ context }) => currentFrame(context.history).stepIndex === -1,
    inPhase: ({ context }, params: { phase: Phase }) => {
      const frame = currentFrame(context.history);
      return frame.stepIndex >= 0 && context.plan[frame.stepIndex].phase === params.phase;
    },
    canStepBack: ({ context }) => canStepBack(context),
    canGoto: ({ context, event }) => event.type === 'step.goto' && canGoto(context, event.index),
    validSample: ({ context, event }) =>
      event.type === 'sample.select' && Number.isInteger(event.index) && event.index >= 0 && event.index < currentFrame(context.history).start.batch.size,
    validChoice: ({ context, event }) => event.type === 'batch.choose' && checkChoice(context.data, event.choice, context.batchSize) === null,
    validSettings: ({ context, event }) => event.type === 'settings.change' && checkSettings({ ...context.settings, ...event.settings }, context.data) === null,
    validBreakpoints: ({ context, event }) => {
      if (event.type !== 'breakpoints.set') return false;
      const ids = event.breakpoints.flatMap((bp) => (bp.id === undefined ? [] : [bp.id]));
      return new Set(ids).size === ids.length && event.breakpoints.every((bp) => breakpointProblem(context, bp) === null);
    },
    validBreakpoint: ({ context, event }) =>
      event.type === 'breakpoints.add' &&
      breakpointProblem(context, event.breakpoint) === null &&
      (event.breakpoint.id === undefined || !context.breakpoints.some((bp) => bp.id === event.breakpoint.id)),
    knownBreakpoint: ({ context, event }) =>
      (event.type === 'breakpoints.remove' || event.type === 'breakpoints.toggle') && context.breakpoints.some((bp) => bp.id === event.id),
    validBudget: ({ event }) => event.type === 'memory.budget' && Number.isFinite(event.bytes) && event.bytes > 0,
    validLoad: ({ context, event }) => event.type === 'load' && checkLoad(event, context.data, context.settings) === null,
    validReset: ({ context }) => checkSettings(context.settings, context.data) === null,
    // The run loop computes the engine's own step: a session with a planted mistake is stepped, never run.
    engineSteps: ({ context }) => context.faulty === null,
    validCheckFile: ({ event }) => event.type === 'check.file' && ArrayBuffer.isView(event.bytes) && typeof event.name === 'string' && event.name.length > 0,
    hasPlantedStep: ({ context }) => context.faulty !== null,
    hasCheck: ({ context }) => context.check !== null,
  },
  actions: {
    stepNext: assign(({ context }) => stepNext(context)),
    stepOver: assign(({ context }) => stepOver(context)),
    stepBatch: assign(({ context }) => stepBatch(context)),
    stepPrev: assign(({ context }) => stepPrev(context)),
    goto: assign(({ context, event }) => (event.type === 'step.goto' ? goto(context, event.index) : context)),
    startRun: assign(({ context, event }) => ({
      run: { until: event.type === 'step.epoch' ? ('epoch-end' as const) : null, progress: null, checksBefore: context.validationChecks },
      hit: null,
      failure: null,
    })),
    recordProgress: assign(({ context, event }) => {
      if (event.type !== 'run.progress' || !context.run) return {};
      return { run: { ...context.run, progress: event.progress }, validationChecks: [...context.run.checksBefore, ...event.progress.validationChecks] };
    }),
    landAfterRun: assign(({ context, event }) => (event.type === 'run.stopped' ? landAfterRun(context, event.stop) : context)),
    landAtProgress: assign(({ context }) => landAtProgress(context, context.run?.progress ?? null)),
    recordFailure: assign(({ context, event }) => ({
      ...landAtProgress(context, context.run?.progress ?? null),
      failure: event.type === 'run.failed' ? event.message : null,
    })),
    sendRuleToLoop: sendTo('runLoop', ({ context }) => ({ type: 'run.rule' as const, rule: ruleOf(context.settings) })),
    selectSample: assign(({ event }) => (event.type === 'sample.select' ? { sample: event.index } : {})),
    chooseBatch: assign(({ context, event }) => (event.type === 'batch.choose' ? applyToNextBatch(context, event.choice) : context)),
    storeSettings: assign(({ context, event }) => (event.type === 'settings.change' ? { settings: { ...context.settings, ...event.settings } } : {})),
    changeSettings: assign(({ context, event }) => {
      if (event.type !== 'settings.change') return context;
      const settings = { ...context.settings, ...event.settings };
      const ruleChanged = NEXT_BATCH_SETTINGS.some((key) => settings[key] !== context.settings[key]);
      return ruleChanged ? applyToNextBatch({ ...context, settings }, null) : { ...context, settings };
    }),
    setBreakpoints: assign(({ context, event }) => (event.type === 'breakpoints.set' ? withIds(context, event.breakpoints) : {})),
    addBreakpoint: assign(({ context, event }) => {
      if (event.type !== 'breakpoints.add') return {};
      const added = withIds(context, [event.breakpoint]);
      return { breakpoints: [...context.breakpoints, ...added.breakpoints], nextBreakpointId: added.nextBreakpointId };
    }),
    removeBreakpoint: assign(({ context, event }) => (event.type === 'breakpoints.remove' ? { breakpoints: context.breakpoints.filter((bp) => bp.id !== event.id) } : {})),
    toggleBreakpoint: assign(({ context, event }) =>
      event.type === 'breakpoints.toggle' ? { breakpoints: context.breakpoints.map((bp) => (bp.id === event.id ? { ...bp, enabled: !bp.enabled } : bp)) } : {},
    ),
    setBudget: assign(({ context, event }) => (event.type === 'memory.budget' ? { history: withBudget(context.history, event.bytes) } : {})),
    reset: assign(({ context }) => newSession(context, null)),
    load: assign(({ context, event }) => {
      if (event.type !== 'load') return context;
      const { type: _type, ...request } = event;
      return newSession(context, request);
    }),
    startCheck: assign(({ context, event }) => checkStarted(context, event.type === 'check.file' ? event.name : PLANTED_STEP_NAME)),
    finishCheck: assign(({ context, event }) => (event.type === 'check.done' ? checkFinished(context, event.outcome) : context)),
    // The check actor could not be made (its request threw): a failed check, never a stopped debugger.
    checkerFailed: assign(({ context, event }) => checkFinished(context, checkerCouldNotStart(context.check?.source ?? null, 'error' in event ? event.error : event.type))),
    clearCheck: assign({ check: null }),
  },
}).createMachine({
  id: 'debugger',
  context: ({ input }) => initialContext(input),
  initial: 'paused',
  states: {
    paused: {
      initial: 'route',
      states: {
        // Transient: enter the state of the current frame's phase.
        route: {
          always: [
            { guard: 'atBatchStart', target: 'ready' },
            ...PHASES.map((phase) => ({ guard: { type: 'inPhase' as const, params: { phase } }, target: phase })),
          ],
        },
        ready: { tags: ['phase:ready'], meta: { phase: null, equations: [] } satisfies PhaseMeta },
        forward: phaseState('forward'),
        loss: phaseState('loss'),
        outputDelta: phaseState('outputDelta'),
        hiddenDelta: phaseState('hiddenDelta'),
        gradients: phaseState('gradients'),
        update: phaseState('update'),
      },
      on: {
        'step.next': { actions: 'stepNext', target: '.route' },
        'step.over': { actions: 'stepOver', target: '.route' },
        'step.batch': { actions: 'stepBatch', target: '.route' },
        'step.prev': { guard: 'canStepBack', actions: 'stepPrev', target: '.route' },
        'step.goto': { guard: 'canGoto', actions: 'goto', target: '.route' },
        'step.epoch': { guard: 'engineSteps', actions: 'startRun', target: 'running' },
        'run.continue': { guard: 'engineSteps', actions: 'startRun', target: 'running' },
        'sample.select': { guard: 'validSample', actions: 'selectSample' },
        'batch.choose': { guard: 'validChoice', actions: 'chooseBatch', target: '.route' },
        'settings.change': { guard: 'validSettings', actions: 'changeSettings', target: '.route' },
        'breakpoints.set': { guard: 'validBreakpoints', actions: 'setBreakpoints' },
        'breakpoints.add': { guard: 'validBreakpoint', actions: 'addBreakpoint' },
        'breakpoints.remove': { guard: 'knownBreakpoint', actions: 'removeBreakpoint' },
        'breakpoints.toggle': { guard: 'knownBreakpoint', actions: 'toggleBreakpoint' },
        'memory.budget': { guard: 'validBudget', actions: 'setBudget' },
        reset: { guard: 'validReset', actions: 'reset', target: '.route' },
        load: { guard: 'validLoad', actions: 'load', target: '.route' },
        'check.file': { guard: 'validCheckFile', actions: 'startCheck', target: 'checking' },
        'check.step': { guard: 'hasPlantedStep', actions: 'startCheck', target: 'checking' },
        'check.clear': { guard: 'hasCheck', actions: 'clearCheck' },
      },
    },
    checking: {
      tags: ['checking'],
      invoke: {
        id: 'checkRun',
        src: 'checkRun',
        input: ({ context, event }): CheckActorInput => ({
          request: checkRequest(context, event.type === 'check.file' ? { kind: 'file', name: event.name, bytes: event.bytes } : { kind: 'step' }),
        }),
        onError: { actions: 'checkerFailed', target: 'paused' },
      },
      on: {
        'check.done': { actions: 'finishCheck', target: 'paused' },
        'check.cancel': { actions: 'clearCheck', target: 'paused' },
        'sample.select': { guard: 'validSample', actions: 'selectSample' },
      },
    },
    running: {
      tags: ['running'],
      invoke: { id: 'runLoop', src: 'runLoop', input: ({ context }) => runInput(context) },
      on: {
        'run.progress': { actions: 'recordProgress' },
        'run.stopped': { actions: 'landAfterRun', target: 'paused' },
        'run.failed': { actions: 'recordFailure', target: 'paused' },
        'run.pause': { actions: 'landAtProgress', target: 'paused' },
        'sample.select': { guard: 'validSample', actions: 'selectSample' },
        'settings.change': { guard: 'validSettings', actions: ['storeSettings', 'sendRuleToLoop'] },
      },
    },
  },
});

export type DebuggerSnapshot = SnapshotFrom<typeof debuggerMachine>;
export type DebuggerActor = Actor<typeof debuggerMachine>;

export interface DebuggerServices {
  /** Runs "Check my numbers" (the page: a worker); default: in process, at once. */
  readonly checkRunner?: CheckRunner;
}

/** A debugger actor, not yet started: one for the Debugger screen, one for each lesson played. */
export function createDebuggerActor(input: DebuggerInput, services: DebuggerServices = {}): DebuggerActor {
  const machine = services.checkRunner ? debuggerMachine.provide({ actors: { checkRun: checkActor(services.checkRunner) } }) : debuggerMachine;
  return createActor(machine, { input });
}
