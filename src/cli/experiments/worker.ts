// A worker thread of `experiments --jobs N` (./pool.ts): loads MNIST and the WebAssembly
// kernels once, then runs the configs it is sent, one at a time, with runExperiment — the
// serial loop's function — and posts each run back.

import { parentPort } from 'node:worker_threads';
import { loadMnistFromPackage } from '../../data/node';
import { float32KernelName } from '../../engine/kernels/registry';
import { enableFastKernels } from '../../engine/kernels/wasm/index';
import { runExperiment } from './run';
import type { FromExperimentWorker, ToExperimentWorker } from './pool';

const port = parentPort;
if (!port) throw new Error('experiments/worker.ts runs as a worker thread');
const post = (message: FromExperimentWorker) => port.postMessage(message);

await enableFastKernels();
const mnist = loadMnistFromPackage();
port.on('message', (message: ToExperimentWorker) => {
  try {
    post({ type: 'done', index: message.index, run: runExperiment(message.config, mnist) });
  } catch (error) {
    post({ type: 'failed', index: message.index, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
post({ type: 'ready', kernels: float32KernelName() });
