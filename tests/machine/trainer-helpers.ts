// The trainer machine's tests run a real TrainerSession in-process behind a WorkerPort that
// clones every message (as postMessage would) and delivers it asynchronously, on real MNIST
// subsets small enough for a unit test.
import { createActor, waitFor, type Actor, type SnapshotFrom } from 'xstate';
import { loadMnistFromPackage } from '../../src/data/node';
import type { MnistData } from '../../src/data/mnist';
import type { TrainingConfigInput } from '../../src/engine/training-config';
import { trainerMachine } from '../../src/machine/trainer-machine';
import type { TrainerHandoff } from '../../src/machine/trainer-events';
import type { WorkerPort } from '../../src/session/trainer-protocol';
import type { FromWorker } from '../../src/session/trainer-protocol';
import { memoryRunStore, type RunStore } from '../../src/session/run-store';
import type { CheckpointStore } from '../../src/session/run-checkpoint';
import { TrainerSession, type SessionOptions } from '../../src/session/trainer-session';

let mnist: MnistData | null = null;
export function realMnist(): MnistData {
  mnist ??= loadMnistFromPackage();
  return mnist;
}

/** A small, quick setup: 2,500 training / 500 validation images, no test set at the checks. */
export const SMALL: Partial<TrainingConfigInput> = {
  sizes: [784, 24, 10],
  hiddenActivation: 'improved-sigmoid',
  init: { kind: 'normal-fan-in' },
  learningRate: 0.3,
  momentum: 0,
  batchSize: 50,
  shuffle: true,
  maxEpochs: 2,
  earlyStopping: null,
  checksPerEpoch: 2,
  split: { pool: 3000, validation: 500 },
  trainEvalSize: 500,
  evaluateTest: false,
};

export interface SessionPort extends WorkerPort {
  /** Messages the session posted, in order. */
  readonly sent: FromWorker[];
}

/** A WorkerPort over an in-process TrainerSession, which checkpoints to `checkpoints` as a worker does; `ready` is posted first, as the worker does. */
export function sessionPort(options: SessionOptions = { sliceMs: 5, progressEveryMs: 0 }, checkpoints?: CheckpointStore): SessionPort {
  let listener: ((m: FromWorker) => void) | null = null;
  let alive = true;
  const sent: FromWorker[] = [];
  const session = new TrainerSession(
    {
      post: (message) => {
        const copy = structuredClone(message);
        sent.push(copy);
        setImmediate(() => alive && listener?.(copy));
      },
      later: (task) => setImmediate(() => alive && task()),
      now: () => performance.now(),
      ...(checkpoints ? { checkpoints } : {}),
    },
    realMnist(),
    options,
  );
  return {
    sent,
    post: (message) => setImmediate(() => alive && session.handle(structuredClone(message))),
    listen(handler) {
      listener = handler;
      setImmediate(() => alive && handler({ type: 'ready', kernels: 'test', loadMs: 0 }));
    },
    terminate: () => void (alive = false),
  };
}

export type TrainerActor = Actor<typeof trainerMachine>;
export type TrainerSnapshot = SnapshotFrom<typeof trainerMachine>;

export interface Harness {
  readonly actor: TrainerActor;
  readonly port: SessionPort;
  readonly store: RunStore;
  readonly handoffs: TrainerHandoff[];
}

/** A trainer over an in-process session; the session writes checkpoints to `checkpoints`, the page reads and deletes them through `pageCheckpoints` (by default the same store). */
export async function startTrainer(store: RunStore = memoryRunStore(), options?: SessionOptions, checkpoints?: CheckpointStore, pageCheckpoints = checkpoints): Promise<Harness> {
  const port = sessionPort(options, checkpoints);
  const handoffs: TrainerHandoff[] = [];
  let clock = 1_700_000_000_000;
  const actor = createActor(trainerMachine, { input: { connect: () => port, store, now: () => clock++, ...(pageCheckpoints ? { checkpoints: pageCheckpoints } : {}) } });
  actor.on('debug.handoff', (e) => handoffs.push(e.handoff));
  actor.start();
  await waitFor(actor, (s) => s.matches('idle'), { timeout: 5000 });
  return { actor, port, store, handoffs };
}

export function idle(actor: TrainerActor, timeout = 30_000): Promise<TrainerSnapshot> {
  return waitFor(actor, (s) => s.matches('idle'), { timeout });
}
