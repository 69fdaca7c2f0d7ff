// The training worker: switches float32 to the WebAssembly SIMD kernels, loads MNIST itself
// (from the IndexedDB cache the page filled, so nothing is copied across from the page and
// the page's main thread does no work for it), then hands every message to a TrainerSession,
// which writes its run's checkpoints to IndexedDB from here, for the same reason.

/// <reference lib="webworker" />

import { loadMnistInBrowser } from '../data/browser';
import { enableFastKernels } from '../engine/kernels/wasm/index';
import type { FromWorker, ToWorker } from '../session/trainer-protocol';
import { browserCheckpointStore } from './trainer-runs';
import { TrainerSession } from '../session/trainer-session';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

/** Calls a task after the messages already queued (a message, not a clamped timer). */
function yielder(): (task: () => void) => void {
  const channel = new MessageChannel();
  const tasks: (() => void)[] = [];
  channel.port1.onmessage = () => tasks.shift()?.();
  return (task) => {
    tasks.push(task);
    channel.port2.postMessage(null);
  };
}

// Messages that arrive while the data loads wait here, in order.
const waiting: ToWorker[] = [];
let session: TrainerSession | null = null;
scope.onmessage = (event: MessageEvent<ToWorker>) => (session ? session.handle(event.data) : waiting.push(event.data));

async function boot(): Promise<void> {
  const t0 = performance.now();
  const [kernels, mnist] = await Promise.all([enableFastKernels(), loadMnistInBrowser((progress) => post({ type: 'load-progress', progress }))]);
  session = new TrainerSession({ post, later: yielder(), now: () => performance.now(), checkpoints: browserCheckpointStore() }, mnist);
  post({ type: 'ready', kernels, loadMs: performance.now() - t0 });
  for (const message of waiting.splice(0)) session.handle(message);
}

boot().catch((error: unknown) => post({ type: 'load-failed', message: error instanceof Error ? error.message : String(error) }));
