// One run of an experiment grid: a config through prepareTraining and summarizeTraining (the
// browser worker's path), timed. The serial loop and every worker thread call this same function,
// so a run's numbers do not depend on where it ran.

import { performance } from 'node:perf_hooks';
import type { MnistData } from '../../data/mnist';
import { prepareTraining } from '../../data/prepare-training';
import type { CheckResult } from '../../engine/training';
import type { TrainingConfig } from '../../engine/training-config';
import { summarizeTraining, type RunResult } from '../../experiments/experiment-results';

/** One run as --json prints it. */
export interface ExperimentRunJson {
  readonly seed: number;
  readonly config: TrainingConfig;
  readonly result: RunResult;
  readonly wallSeconds: number;
  readonly checks: readonly CheckResult[];
}

export function runExperiment(config: TrainingConfig, mnist: MnistData): ExperimentRunJson {
  const start = performance.now();
  const training = prepareTraining(config, mnist);
  try {
    training.runToEnd();
    const result = summarizeTraining(training);
    return { seed: config.seed, config, result, wallSeconds: (performance.now() - start) / 1000, checks: training.checks };
  } finally {
    training.dispose();
  }
}
