// One training epoch as the benches time it: the engine's training backend (the resident
// WebAssembly one for float32 when WebAssembly SIMD is there: the loop `train`, `experiments`
// and the browser's worker run) over all of a set's images in a fresh shuffle, batches of 128
// gathered from the bytes — the same work bench/numpy_epoch.py does in numpy.

import { epochOrder } from '../src/data/batches';
import type { LabelledImages } from '../src/engine/dataset';
import { enableFastKernels } from '../src/engine/kernels/wasm/index';
import { createNet } from '../src/engine/network';
import type { KeptSlot, TrainingBackend } from '../src/engine/training-backend';
import { trainingBackend } from '../src/engine/training';
import type { Net, UpdateRule } from '../src/engine/types';

export const BENCH_BATCH = 128;
export const BENCH_RULE: UpdateRule = { learningRate: 0.1, momentum: 0 };

export function benchNet(sizes: readonly number[]): Net {
  return createNet({ sizes, hiddenActivation: 'sigmoid', init: { kind: 'uniform', range: 1 }, seed: 7, precision: 'float32' });
}

export interface EpochRunner {
  readonly kernels: string;
  readonly backend: TrainingBackend;
  /** samples/s of wall time and of this process's CPU time (robust to other processes competing for the cores). */
  epoch(): { samplesPerSecond: number; cpuSamplesPerSecond: number; loss: number };
}

/** Epochs of a fresh benchNet on `train` with the backend the engine picks (after enableFastKernels). */
export async function newEpochRunner(sizes: readonly number[], train: LabelledImages): Promise<EpochRunner> {
  await enableFastKernels();
  return epochRunner(trainingBackend({ net: benchNet(sizes), velocity: null, rule: BENCH_RULE, batchSize: BENCH_BATCH, train, keepsBest: false }), train);
}

export function epochRunner(backend: TrainingBackend, train: LabelledImages): EpochRunner {
  let epochs = 0;
  let keep: KeptSlot = 0;
  return {
    kernels: backend.name,
    backend,
    epoch() {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const order = epochOrder(train.count, 11, epochs++, true);
      let lossSum = 0;
      for (let start = 0; start < train.count; start += BENCH_BATCH) {
        const size = Math.min(BENCH_BATCH, train.count - start);
        keep = keep === 0 ? 1 : 0;
        lossSum += backend.step(order, start, size, keep).loss * size;
      }
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      return { samplesPerSecond: train.count / seconds, cpuSamplesPerSecond: train.count / cpuSeconds, loss: lossSum / train.count };
    },
  };
}
