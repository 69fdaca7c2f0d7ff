// The training worker's logic, without the worker: it takes ToWorker messages, trains in
// time slices, and posts FromWorker messages. training.worker.ts wires it to `self`; tests
// drive it in Node. Runs start through prepareTraining, the CLI's code path, and end with
// summarizeTraining, so the numbers match `npm run cli -- experiments`.
//
// Between slices the session yields (host.later), which is when messages arrive: a pause,
// stop or snapshot therefore always lands on a batch boundary. Between slices too, every few
// seconds and at each pause, it writes the run's checkpoint to the host's store (the worker's
// IndexedDB: the weights never cross to the page, whose main thread a copy of millions of
// them would block) and tells the page where the run is kept across a reload.

import { samplesAfter, summarizeTraining } from '../experiments/experiment-results';
import type { Training } from '../engine/training';
import type { MnistData } from '../data/mnist';
import { prepareTraining } from '../data/prepare-training';
import { checkpointRecord, type CheckpointStore, type RunHeading } from './run-checkpoint';
import { snapshotBuffers, type FromWorker, type RunProgress, type ToWorker } from './trainer-protocol';

export interface SessionHost {
  post(message: FromWorker, transfer?: Transferable[]): void;
  /** Run `task` after pending messages have been handled. */
  later(task: () => void): void;
  now(): number;
  /** Where runs started with a heading (`keep`) are checkpointed; without it, nowhere. */
  readonly checkpoints?: Pick<CheckpointStore, 'put' | 'delete'>;
}

export interface SessionOptions {
  /** Milliseconds of training between yields (default 40). */
  readonly sliceMs?: number;
  /** Least milliseconds between two progress messages (default 250: the page redraws at most 4 times a second between checks). */
  readonly progressEveryMs?: number;
  /** Steps per call into the loop; small enough that a slice ends close to sliceMs (default 8). */
  readonly stepsPerCall?: number;
  /** Least milliseconds of running between two checkpoints (default 3000); a pause always posts one. */
  readonly checkpointEveryMs?: number;
}

interface ActiveRun {
  readonly id: string;
  readonly training: Training;
  running: boolean;
  finished: boolean;
  /** Active milliseconds before the current stretch of running. */
  activeBefore: number;
  resumedAt: number;
  /** Step time and samples measured over loop calls without a check (for the live rate). */
  stepMs: number;
  stepSamples: number;
  lastProgressAt: number;
  lastCheckpointAt: number;
  /** What its checkpoints are stored under (null: not kept). */
  readonly keep: RunHeading | null;
}

export class TrainerSession {
  private run: ActiveRun | null = null;
  private scheduled = false;
  private readonly sliceMs: number;
  private readonly progressEveryMs: number;
  private readonly stepsPerCall: number;
  private readonly checkpointEveryMs: number;

  constructor(
    private readonly host: SessionHost,
    private readonly mnist: MnistData,
    options: SessionOptions = {},
  ) {
    this.sliceMs = options.sliceMs ?? 40;
    this.progressEveryMs = options.progressEveryMs ?? 250;
    this.stepsPerCall = options.stepsPerCall ?? 8;
    this.checkpointEveryMs = options.checkpointEveryMs ?? 3000;
  }

  handle(message: ToWorker): void {
    try {
      switch (message.type) {
        case 'start':
          return this.start(message);
        case 'pause':
          return this.pause();
        case 'resume':
          return this.resume();
        case 'stop':
          return this.stop();
        case 'snapshot':
          return this.snapshot(message.which);
        case 'prepare':
          return; // one run per worker: nothing to get ready
      }
    } catch (error) {
      this.fail(error);
    }
  }

  private start(message: Extract<ToWorker, { type: 'start' }>): void {
    const from = message.resume?.checkpoint ?? message.from;
    const loop = message.resume?.checkpoint.loop;
    const training = prepareTraining(
      message.config,
      this.mnist,
      from ? { net: from.net, start: { velocity: from.velocity, position: from.position, ...(loop ? { loop } : {}) } } : {},
    );
    const now = this.host.now();
    this.run = {
      id: message.runId,
      training,
      running: true,
      finished: false,
      activeBefore: message.resume?.activeMs ?? 0,
      resumedAt: now,
      stepMs: 0,
      stepSamples: 0,
      lastProgressAt: now,
      lastCheckpointAt: now,
      keep: message.keep ?? null,
    };
    this.host.post({
      type: 'started',
      runId: message.runId,
      batchesPerEpoch: training.batchesPerEpoch,
      trainCount: training.sets.train.count,
      position: training.position(),
    });
    this.schedule();
  }

  private pause(): void {
    const run = this.run;
    if (!run || run.finished || !run.running) return;
    run.activeBefore += this.host.now() - run.resumedAt;
    run.running = false;
    this.host.post({ type: 'paused', runId: run.id, progress: this.progress(run) });
    this.checkpoint(run);
  }

  private resume(): void {
    const run = this.run;
    if (!run || run.finished || run.running) return;
    run.running = true;
    run.resumedAt = this.host.now();
    this.schedule();
  }

  private stop(): void {
    const run = this.run;
    if (!run || run.finished) return;
    this.finish(run, true);
  }

  private snapshot(which: 'current' | 'last-good'): void {
    const run = this.run;
    if (!run) throw new Error('there is no run to take a snapshot of');
    if (which === 'last-good' && !run.training.divergence) throw new Error('the run did not diverge: there is no last good batch');
    if (which === 'current') this.pause();
    const snapshot = which === 'current' ? run.training.snapshot() : run.training.lastGoodSnapshot();
    this.host.post({ type: 'snapshot', runId: run.id, which, snapshot }, snapshotBuffers(snapshot));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.host.later(() => {
      this.scheduled = false;
      try {
        this.slice();
      } catch (error) {
        this.fail(error);
      }
    });
  }

  /** Trains for about sliceMs, posting every check; then yields, or finishes the run. */
  private slice(): void {
    const run = this.run;
    if (!run || !run.running || run.finished) return;
    const { training } = run;
    const { train } = training.sets;
    const batchSize = training.config.batchSize;
    const sliceStart = this.host.now();
    let now = sliceStart;
    while (!training.finished && now - sliceStart < this.sliceMs) {
      const before = training.position().step;
      const t0 = now;
      const outcome = training.run(this.stepsPerCall);
      now = this.host.now();
      if (outcome.check) {
        this.host.post({ type: 'check', runId: run.id, check: outcome.check, progress: this.progress(run) });
        run.lastProgressAt = now;
      } else if (!training.finished) {
        run.stepMs += now - t0;
        run.stepSamples += samplesAfter(training.position().step, train.count, batchSize) - samplesAfter(before, train.count, batchSize);
      }
    }
    if (training.finished) return this.finish(run, false);
    if (now - run.lastProgressAt >= this.progressEveryMs) {
      this.host.post({ type: 'progress', runId: run.id, progress: this.progress(run) });
      run.lastProgressAt = now;
    }
    if (now - run.lastCheckpointAt >= this.checkpointEveryMs) this.checkpoint(run);
    this.schedule();
  }

  /**
   * Writes the run's checkpoint to the store (its arrays are fresh copies, the store's to keep)
   * and, once stored, tells the page where it stands. The store's writes land in the order they
   * are asked for (IndexedDB runs a connection's write transactions in order). A write that
   * fails is not retried: the page keeps showing the last checkpoint stored, and the next one
   * tries again.
   */
  private checkpoint(run: ActiveRun): void {
    run.lastCheckpointAt = this.host.now();
    const store = this.host.checkpoints;
    if (!store || !run.keep) return;
    const { training } = run;
    const activeMs = run.activeBefore + (run.running ? this.host.now() - run.resumedAt : 0);
    const record = checkpointRecord(
      { ...run.keep, id: run.id, config: training.config, batchesPerEpoch: training.batchesPerEpoch, trainCount: training.sets.train.count },
      training.checkpoint(),
      activeMs,
      Date.now(),
    );
    const stored: FromWorker = { type: 'checkpoint', runId: run.id, position: record.position, savedAt: record.savedAt };
    void store.put(record).then(
      () => this.host.post(stored),
      () => undefined,
    );
  }

  /**
   * A finished run is kept as a finished run by the page: its checkpoint goes, after any write
   * still under way (the page deletes it too, but its delete could land before that write).
   */
  private forget(run: ActiveRun): void {
    const store = this.host.checkpoints;
    if (store && run.keep) store.delete(run.id).catch(() => undefined);
  }

  private finish(run: ActiveRun, stopped: boolean): void {
    if (run.running) run.activeBefore += this.host.now() - run.resumedAt;
    run.running = false;
    run.finished = true;
    const result = summarizeTraining(run.training, stopped);
    this.host.post({ type: 'finished', runId: run.id, result, activeMs: run.activeBefore });
    this.forget(run);
  }

  private progress(run: ActiveRun): RunProgress {
    const position = run.training.position();
    const activeMs = run.activeBefore + (run.running ? this.host.now() - run.resumedAt : 0);
    return {
      position,
      samples: samplesAfter(position.step, run.training.sets.train.count, run.training.config.batchSize),
      samplesPerSecond: run.stepMs > 0 ? (run.stepSamples * 1000) / run.stepMs : 0,
      trainingMs: run.stepMs,
      activeMs,
    };
  }

  private fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (this.run && !this.run.finished) this.run.running = false;
    this.host.post({ type: 'failed', runId: this.run?.id ?? null, message });
  }
}
