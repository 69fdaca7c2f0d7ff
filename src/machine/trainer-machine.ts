// The trainer: owns the training workers and every run's state. The draft config (a preset,
// possibly changed), a queue of runs (one per seed), the runs in progress — as many at once as
// the workers allow (`capacity`, from the worker port's `ready`): the one the run panel follows
// (`live`) and those training beside it (`alongside`) — with their curves and progress, and the
// finished runs, kept in memory and in a RunStore. Views read its snapshot and
// send events; "pause and debug" and "debug the last good batch" come out as an emitted
// `debug.handoff` event for the app shell to pass to the debugger.
//
//   loading ──worker.ready──▶ idle ──run.start──▶ training ─┬─ running ⇄ paused
//                              ▲                            ├─ snapshotting (pause and debug)
//                              └──── last run finished ─────┴─ stopping

import { assign, createActor, emit, enqueueActions, fromCallback, fromPromise, sendTo, setup, type Actor, type SnapshotFrom } from 'xstate';
import { setupKey, type RunResult } from '../experiments/experiment-results';
import { describeChanges, PRESETS, presetById, presetConfig, type PresetId } from '../experiments/presets';
import { ConfigError, parseTrainingConfig, type TrainingConfig, type TrainingConfigInput } from '../engine/training-config';
import type { CheckResult, TrainingPosition, TrainingSnapshot } from '../engine/training';
import type { LoadProgress } from '../data/browser';
import type { FromWorker, RunProgress, ToWorker, WorkerPort } from '../session/trainer-protocol';
import type { RunRecord, RunStore, StoredRuns } from '../session/run-store';
import { MAX_SEEDS, workerEvent, type LiveRun, type QueuedRun, type TrainerContext, type TrainerEmitted, type TrainerEvent, type TrainerHandoff, type TrainerInput, type WorkerEvent } from './trainer-events';
import { batchLabel, epochLabel } from '../notation/indices';

/**
 * Writes to the run store in a task of their own (IndexedDB's structured clone of a run costs
 * milliseconds the page should not add to the task that redraws); a failed write only loses
 * persistence, never the run in memory.
 */
function later(write: () => Promise<void>): void {
  setTimeout(() => void write().catch(() => undefined), 0);
}

const workerLink = fromCallback<ToWorker, { connect: () => WorkerPort }>(({ input, sendBack, receive }) => {
  const port = input.connect();
  port.listen((message) => sendBack(workerEvent(message)));
  receive((message) => port.post(message));
  return () => port.terminate();
});

const loadRuns = fromPromise<StoredRuns, { store: RunStore }>(({ input }) => input.store.list());

/** "3c + fan-in normal init", or for a changed preset "3c + fan-in normal init (max 3 epochs)". */
export function setupName(config: TrainingConfig, basePresetId: string | null): string {
  const preset = basePresetId ? presetById(basePresetId) : undefined;
  if (!preset) return 'custom';
  const changes = describeChanges(preset, config);
  return `${preset.id} ${preset.title}${changes ? ` (${changes})` : ''}`;
}

/** Is the draft still the preset's config (any seed)? */
function matchesPreset(config: TrainingConfig, presetId: PresetId | null): boolean {
  const preset = presetId ? presetById(presetId) : undefined;
  return !!preset && setupKey(presetConfig(preset, config.seed)) === setupKey(config);
}

function queueFor(context: TrainerContext): QueuedRun[] {
  const label = setupName(context.draft, context.basePresetId);
  return Array.from({ length: context.seeds }, (_, i) => {
    const config = { ...context.draft, seed: context.draft.seed + i };
    return { label: `${label}, seed ${config.seed}`, presetId: context.presetId, config, from: null };
  });
}

function runRecord(live: LiveRun, result: RunResult, activeMs: number, finishedAt: number): RunRecord {
  return {
    id: live.id,
    label: live.label,
    presetId: live.presetId,
    config: live.config,
    setup: setupKey(live.config),
    batchesPerEpoch: live.batchesPerEpoch ?? 0,
    trainCount: live.trainCount ?? 0,
    checks: live.checks,
    result,
    wallSeconds: activeMs / 1000,
    finishedAt,
    continuedFrom: live.continuedFrom,
  };
}

/** Every run in progress: the followed one first. */
export function runsInProgress(context: Pick<TrainerContext, 'live' | 'alongside'>): LiveRun[] {
  return context.live ? [context.live, ...context.alongside] : [...context.alongside];
}

/** The run in progress with this id, changed by `change` (live and alongside as the context keeps them). */
function withRun(context: TrainerContext, runId: string, change: (run: LiveRun) => LiveRun): Partial<TrainerContext> {
  if (context.live?.id === runId) return { live: change(context.live) };
  if (!context.alongside.some((r) => r.id === runId)) return {};
  return { alongside: context.alongside.map((r) => (r.id === runId ? change(r) : r)) };
}

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const grouped = (n: number) => GROUPED.format(n);
/** "step 1,204; next: epoch 4, batch 148" (steps done, then the batch that comes next). */
const describePosition = (p: TrainingPosition) => `step ${grouped(p.step)}; next: epoch ${epochLabel(p.epoch)}, batch ${batchLabel(p.batch)}`;

export const trainerMachine = setup({
  types: {
    context: {} as TrainerContext,
    events: {} as TrainerEvent,
    input: {} as TrainerInput,
    emitted: {} as TrainerEmitted,
  },
  actors: { workerLink, loadRuns },
  guards: {
    canStart: ({ context }) => context.configError === null,
    forLiveRun: ({ context, event }) => 'runId' in event && runsInProgress(context).some((r) => r.id === event.runId),
    moreQueued: ({ context }) => context.queue.length > 0,
    /** After this run finishes, others are still in progress. */
    othersInProgress: ({ context, event }) => 'runId' in event && runsInProgress(context).some((r) => r.id !== event.runId),
    lastRunDiverged: ({ context }) => {
      const last = context.runs.find((r) => r.id === context.lastFinished);
      return !!last && last.result.divergence !== null;
    },
  },
  actions: {
    selectPreset: assign(({ context, event }) => {
      if (event.type !== 'preset.select') return {};
      const preset = presetById(event.presetId);
      if (!preset) return { configError: `unknown preset ${event.presetId}` };
      return { draft: presetConfig(preset, context.draft.seed), presetId: preset.id, basePresetId: preset.id, configError: null };
    }),
    changeConfig: assign(({ context, event }) => {
      if (event.type !== 'config.change') return {};
      try {
        const draft = parseTrainingConfig({ ...context.draft, ...event.changes });
        return { draft, configError: null, presetId: matchesPreset(draft, context.basePresetId) ? context.basePresetId : null };
      } catch (error) {
        return { configError: error instanceof ConfigError ? error.message : String(error) };
      }
    }),
    /** More seeds than one: the workers for them start loading now, before Train. */
    prepareWorkers: sendTo('worker', ({ context }) => ({ type: 'prepare', runs: Math.min(context.seeds, context.capacity) }) satisfies ToWorker),
    setSeeds: assign(({ event }) => (event.type === 'seeds.set' ? { seeds: Math.max(1, Math.min(MAX_SEEDS, Math.round(event.count) || 1)) } : {})),
    queueDraft: assign(({ context }) => ({ queue: queueFor(context), error: null })),
    queueContinuation: assign(({ context, event }) => {
      if (event.type !== 'run.continueFrom') return {};
      const { snapshot, config } = event.handoff;
      const label = `${setupName(config, context.basePresetId)}, seed ${config.seed}, continued from step ${grouped(snapshot.position.step)}`;
      return { queue: [{ label, presetId: null, config, from: snapshot }], error: null };
    }),
    /** Starts queued runs while fewer than `capacity` are in progress. */
    startNext: enqueueActions(({ context, enqueue }) => {
      let { queue, live, alongside, nextId } = context;
      while (queue.length > 0 && (live ? 1 : 0) + alongside.length < context.capacity) {
        const [next, ...rest] = queue;
        queue = rest;
        const id = `run-${context.now().toString(36)}-${nextId}`;
        nextId++;
        const run: LiveRun = {
          id,
          label: next.label,
          presetId: next.presetId,
          config: next.config,
          continuedFrom: next.from ? { step: next.from.position.step } : null,
          batchesPerEpoch: null,
          trainCount: null,
          startStep: next.from?.position.step ?? 0,
          checks: [],
          progress: null,
        };
        if (live) alongside = [...alongside, run];
        else live = run;
        enqueue.sendTo('worker', { type: 'start', runId: id, config: next.config, ...(next.from ? { from: next.from } : {}) } satisfies ToWorker);
      }
      enqueue.assign({ queue, live, alongside, nextId });
    }),
    recordStarted: assign(({ context, event }) =>
      event.type === 'worker.started'
        ? withRun(context, event.runId, (run) => ({ ...run, batchesPerEpoch: event.batchesPerEpoch, trainCount: event.trainCount, startStep: event.position.step }))
        : {},
    ),
    recordProgress: assign(({ context, event }) =>
      event.type === 'worker.progress' || event.type === 'worker.paused' ? withRun(context, event.runId, (run) => ({ ...run, progress: event.progress })) : {},
    ),
    recordCheck: assign(({ context, event }) =>
      event.type === 'worker.check' ? withRun(context, event.runId, (run) => ({ ...run, checks: [...run.checks, event.check], progress: event.progress })) : {},
    ),
    /** Keeps the finished run; the panel then follows the next run in progress, if any. */
    recordFinished: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'worker.finished') return;
      const finished = runsInProgress(context).find((r) => r.id === event.runId);
      if (!finished) return;
      const run = runRecord(finished, event.result, event.activeMs, context.now());
      const [live = null, ...alongside] = runsInProgress(context).filter((r) => r.id !== event.runId);
      enqueue.assign({ runs: [...context.runs, run], selected: [...context.selected, run.id], live, alongside, lastFinished: run.id });
      later(() => context.store.put(run)); // kept in memory either way
    }),
    recordFailure: assign(({ event }) => (event.type === 'worker.failed' || event.type === 'worker.loadFailed' ? { error: event.message } : {})),
    clearQueue: assign({ queue: [] }),
    dropLive: assign({ live: null, alongside: [] }),
    postPause: sendTo('worker', { type: 'pause' } satisfies ToWorker),
    postResume: sendTo('worker', { type: 'resume' } satisfies ToWorker),
    postStop: sendTo('worker', { type: 'stop' } satisfies ToWorker),
    postSnapshotCurrent: sendTo('worker', ({ context }) => ({ type: 'snapshot', which: 'current', runId: context.live?.id }) satisfies ToWorker),
    postSnapshotLastGood: sendTo('worker', ({ context }) => ({ type: 'snapshot', which: 'last-good', runId: context.lastFinished ?? undefined }) satisfies ToWorker),
    emitHandoff: emit(({ context, event }) => {
      if (event.type !== 'worker.snapshot') throw new Error('emitHandoff expects worker.snapshot');
      const run = runsInProgress(context).find((r) => r.id === event.runId) ?? context.runs.find((r) => r.id === event.runId);
      const config = run?.config ?? context.draft;
      const label = run?.label ?? 'the run';
      const p = event.snapshot.position;
      const reason =
        event.which === 'current'
          ? `Paused ${label} after ${describePosition(p)}`
          : lastGoodReason(label, p, run && 'result' in run ? run.result?.divergence ?? null : null);
      return { type: 'debug.handoff' as const, handoff: { snapshot: event.snapshot, config, reason } };
    }),
    recordLoadProgress: assign(({ event }) => (event.type === 'worker.loadProgress' ? { loadProgress: event.progress } : {})),
    recordReady: assign(({ event }) =>
      event.type === 'worker.ready' ? { kernels: event.kernels, loadMs: event.loadMs, capacity: Math.max(1, Math.floor(event.workers ?? 1)) } : {},
    ),
    toggleRun: assign(({ context, event }) => {
      if (event.type !== 'runs.toggle' || !context.runs.some((r) => r.id === event.runId)) return {};
      const on = context.selected.includes(event.runId);
      return { selected: on ? context.selected.filter((id) => id !== event.runId) : [...context.selected, event.runId] };
    }),
    selectOnly: assign(({ context, event }) =>
      event.type === 'runs.selectOnly' ? { selected: event.runIds.filter((id) => context.runs.some((r) => r.id === id)) } : {},
    ),
    deleteRun: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'runs.delete') return;
      enqueue.assign({
        runs: context.runs.filter((r) => r.id !== event.runId),
        selected: context.selected.filter((id) => id !== event.runId),
        lastFinished: context.lastFinished === event.runId ? null : context.lastFinished,
      });
      later(() => context.store.delete(event.runId));
    }),
    deleteSetAside: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'runs.deleteSetAside') return;
      enqueue.assign({ setAside: context.setAside.filter((bad) => bad.key !== event.key) });
      later(() => context.store.delete(event.key));
    }),
    clearRuns: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ runs: [], selected: [], lastFinished: null, setAside: [] });
      later(() => context.store.clear());
    }),
  },
}).createMachine({
  id: 'trainer',
  context: ({ input }) => {
    const presetId = input.presetId ?? '2';
    return {
      connect: input.connect,
      store: input.store,
      now: input.now ?? Date.now,
      loadProgress: null,
      kernels: null,
      loadMs: null,
      draft: presetConfig(presetById(presetId) ?? PRESETS[0], 1),
      presetId,
      basePresetId: presetId,
      configError: null,
      seeds: 1,
      queue: [],
      capacity: 1,
      live: null,
      alongside: [],
      runs: [],
      setAside: [],
      selected: [],
      lastFinished: null,
      error: null,
      nextId: 1,
    };
  },
  invoke: [
    { id: 'worker', src: 'workerLink', input: ({ context }) => ({ connect: context.connect }) },
    {
      src: 'loadRuns',
      input: ({ context }) => ({ store: context.store }),
      onDone: {
        actions: assign(({ context, event }) => ({
          runs: [...event.output.runs.filter((r) => !context.runs.some((c) => c.id === r.id)), ...context.runs],
          setAside: event.output.setAside,
        })),
      },
    },
  ],
  on: {
    'preset.select': { actions: 'selectPreset' },
    'config.change': { actions: 'changeConfig' },
    'seeds.set': { actions: ['setSeeds', 'prepareWorkers'] },
    'runs.clear': { actions: 'clearRuns' },
    'runs.toggle': { actions: 'toggleRun' },
    'runs.selectOnly': { actions: 'selectOnly' },
    'runs.delete': { actions: 'deleteRun' },
    'runs.deleteSetAside': { actions: 'deleteSetAside' },
    // A snapshot that arrives after its run ended (the run finished as the request crossed it).
    'worker.snapshot': { actions: 'emitHandoff' },
    'worker.failed': { actions: 'recordFailure' },
  },
  initial: 'loading',
  states: {
    loading: {
      on: {
        'worker.loadProgress': { actions: 'recordLoadProgress' },
        'worker.ready': { target: 'idle', actions: ['recordReady', 'prepareWorkers'] },
        'worker.loadFailed': { target: 'failed', actions: 'recordFailure' },
        'worker.failed': { target: 'failed', actions: 'recordFailure' },
      },
    },
    failed: {},
    idle: {
      on: {
        'run.start': { guard: 'canStart', target: 'training', actions: ['queueDraft', 'startNext'] },
        'run.continueFrom': { target: 'training', actions: ['queueContinuation', 'startNext'] },
        'run.debugLastGood': { guard: 'lastRunDiverged', target: 'fetchingLastGood', actions: 'postSnapshotLastGood' },
      },
    },
    fetchingLastGood: {
      on: {
        'worker.snapshot': { target: 'idle', actions: 'emitHandoff' },
        'worker.failed': { target: 'idle', actions: 'recordFailure' },
      },
    },
    training: {
      initial: 'running',
      on: {
        'worker.started': { guard: 'forLiveRun', actions: 'recordStarted' },
        'worker.progress': { guard: 'forLiveRun', actions: 'recordProgress' },
        'worker.check': { guard: 'forLiveRun', actions: 'recordCheck' },
        'worker.finished': [
          // A queued run takes the free worker (and any paused run resumes with it: one state for all).
          { guard: 'moreQueued', target: '.running', reenter: true, actions: ['recordFinished', 'startNext', 'postResume'] },
          { guard: 'othersInProgress', actions: 'recordFinished' },
          { target: '#trainer.idle', actions: 'recordFinished' },
        ],
        'worker.failed': { target: 'idle', actions: ['recordFailure', 'clearQueue', 'dropLive', 'postStop'] },
        'run.stop': { target: '.stopping', actions: ['clearQueue', 'postStop'] },
      },
      states: {
        running: {
          on: {
            'run.pause': { target: 'paused', actions: 'postPause' },
            // The runs alongside pause too; the followed one pauses for its snapshot.
            'run.debug': { target: 'snapshotting', actions: ['postPause', 'postSnapshotCurrent'] },
          },
        },
        paused: {
          on: {
            'worker.paused': { guard: 'forLiveRun', actions: 'recordProgress' },
            'run.resume': { target: 'running', actions: 'postResume' },
            'run.debug': { target: 'snapshotting', actions: 'postSnapshotCurrent' },
          },
        },
        snapshotting: {
          on: {
            'worker.paused': { guard: 'forLiveRun', actions: 'recordProgress' },
            'worker.snapshot': { target: 'paused', actions: 'emitHandoff' },
          },
        },
        stopping: {},
      },
    },
  },
});

export type TrainerSnapshot = SnapshotFrom<typeof trainerMachine>;
export type TrainerActor = Actor<typeof trainerMachine>;

/** The training screen's trainer actor, not yet started. */
export function createTrainerActor(input: TrainerInput): TrainerActor {
  return createActor(trainerMachine, { input });
}

/** Why the debugger opens where it does after a divergence. */
function lastGoodReason(label: string, p: TrainingPosition, d: { step: number; epoch: number; batch: number } | null): string {
  const at = (step: number, epoch: number, batch: number) => `step ${grouped(step)} (epoch ${epochLabel(epoch)}, batch ${batchLabel(batch)})`;
  if (!d || d.step === p.step + 1) return `${label} diverged at ${at(p.step + 1, p.epoch, p.batch)}; this is the state just before it`;
  return `${label} diverged at ${at(d.step, d.epoch, d.batch)}; this is the last good batch, ${at(p.step + 1, p.epoch, p.batch)} — its update is the one that wrecked the weights`;
}
