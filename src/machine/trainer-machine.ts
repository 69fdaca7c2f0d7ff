// The trainer: owns the training workers and every run's state. The draft config (a preset,
// possibly changed), a queue of runs (one per seed), the runs in progress — as many at once as
// the workers allow (`capacity`, from the worker port's `ready`): the one the run panel follows
// (`live`) and those training beside it (`alongside`) — with their curves and progress, and the
// finished runs, kept in memory and in a RunStore; runs in progress are checkpointed to a
// CheckpointStore every few seconds, and those a reload interrupted come back paused
// (`interrupted`) until continued. Views read its snapshot and
// send events; "pause and debug" and "debug the last good batch" come out as an emitted
// `debug.handoff` event for the app shell to pass to the debugger.
//
//   loading ──worker.ready──▶ idle ──run.start──▶ training ─┬─ running ⇄ paused
//                              ▲                            ├─ snapshotting (pause and debug)
//                              └──── last run finished ─────┴─ stopping

import { assign, createActor, emit, enqueueActions, fromCallback, fromPromise, sendTo, setup, type Actor, type SnapshotFrom } from 'xstate';
import { PRESETS, presetById, presetConfig } from '../experiments/presets';
import { ConfigError, parseTrainingConfig } from '../engine/training-config';
import type { ToWorker, WorkerPort } from '../session/trainer-protocol';
import type { RunStore, StoredRuns } from '../session/run-store';
import { headingOf, memoryCheckpointStore, resumeState, type CheckpointStore, type StoredCheckpoints } from '../session/run-checkpoint';
import { resumedRun, resumeQueue } from './trainer-checkpoints';
import { grouped } from '../format';
import { describePosition, lastGoodReason, matchesPreset, queueFor, runRecord, runsInProgress, setupName, withRun } from './trainer-runs';
import { MAX_SEEDS, workerEvent, type LiveRun, type TrainerContext, type TrainerEmitted, type TrainerEvent, type TrainerInput } from './trainer-events';

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
const loadCheckpoints = fromPromise<StoredCheckpoints, { store: CheckpointStore }>(({ input }) => input.store.list());

export { runsInProgress, setupName };

export const trainerMachine = setup({
  types: {
    context: {} as TrainerContext,
    events: {} as TrainerEvent,
    input: {} as TrainerInput,
    emitted: {} as TrainerEmitted,
  },
  actors: { workerLink, loadRuns, loadCheckpoints },
  guards: {
    canStart: ({ context }) => context.configError === null,
    forLiveRun: ({ context, event }) => 'runId' in event && runsInProgress(context).some((r) => r.id === event.runId),
    moreQueued: ({ context }) => context.queue.length > 0,
    interruptedToContinue: ({ context, event }) =>
      event.type === 'run.continueInterrupted' && context.interrupted.some((c) => event.runId === undefined || c.id === event.runId),
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
        if (next.resume) {
          const run = resumedRun(next.resume);
          if (live) alongside = [...alongside, run];
          else live = run;
          enqueue.sendTo('worker', { type: 'start', runId: run.id, config: run.config, resume: resumeState(next.resume), keep: headingOf(next.resume) } satisfies ToWorker);
          continue;
        }
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
          saved: null,
        };
        if (live) alongside = [...alongside, run];
        else live = run;
        enqueue.sendTo('worker', { type: 'start', runId: id, config: next.config, ...(next.from ? { from: next.from } : {}), keep: headingOf(run) } satisfies ToWorker);
      }
      enqueue.assign({ queue, live, alongside, nextId });
    }),
    recordStarted: assign(({ context, event }) =>
      event.type === 'worker.started'
        ? withRun(context, event.runId, (run) => ({ ...run, batchesPerEpoch: event.batchesPerEpoch, trainCount: event.trainCount }))
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
      later(() => context.checkpoints.delete(run.id)); // saved as a finished run: nothing to resume
    }),
    /** A worker has stored a run's checkpoint (it writes them itself): the run panel says where. */
    recordSaved: assign(({ context, event }) => (event.type === 'worker.checkpoint' ? withRun(context, event.runId, (run) => ({ ...run, saved: event.position })) : {})),
    queueInterrupted: assign(({ context, event }) => {
      if (event.type !== 'run.continueInterrupted') return {};
      const queue = resumeQueue(context.interrupted, event.runId);
      return { queue, interrupted: context.interrupted.filter((c) => !queue.some((q) => q.resume === c)), error: null };
    }),
    discardInterrupted: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'interrupted.discard') return;
      enqueue.assign({ interrupted: context.interrupted.filter((c) => c.id !== event.runId) });
      later(() => context.checkpoints.delete(event.runId));
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
      const bad = context.setAside.filter((b) => b.key === event.key);
      enqueue.assign({ setAside: context.setAside.filter((b) => b.key !== event.key) });
      if (bad.some((b) => b.kind === 'checkpoint')) later(() => context.checkpoints.delete(event.key));
      if (bad.some((b) => b.kind !== 'checkpoint')) later(() => context.store.delete(event.key));
    }),
    clearRuns: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ runs: [], selected: [], lastFinished: null, setAside: context.setAside.filter((b) => b.kind === 'checkpoint') });
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
      checkpoints: input.checkpoints ?? memoryCheckpointStore(),
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
      interrupted: [],
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
          setAside: [...context.setAside, ...event.output.setAside],
        })),
      },
    },
    {
      src: 'loadCheckpoints',
      input: ({ context }) => ({ store: context.checkpoints }),
      onDone: {
        actions: assign(({ context, event }) => ({
          interrupted: event.output.checkpoints.filter((c) => !runsInProgress(context).some((r) => r.id === c.id)),
          setAside: [...context.setAside, ...event.output.setAside],
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
    'interrupted.discard': { actions: 'discardInterrupted' },
    // Also after the run's pause or end: a write the worker had under way still lands.
    'worker.checkpoint': { actions: 'recordSaved' },
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
        'run.continueInterrupted': { guard: 'interruptedToContinue', target: 'training', actions: ['queueInterrupted', 'startNext'] },
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
