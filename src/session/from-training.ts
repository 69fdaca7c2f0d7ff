// Entering the debugger from the trainer: the same sets, example order, settings and
// weights, so "train to epoch 3, then step through the next batch" steps exactly the
// batch the trainer would have run next.

import { trainingSets } from '../data/prepare-training';
import type { MnistData } from '../data/mnist';
import type { TrainingSnapshot } from '../engine/training';
import type { TrainingConfig } from '../engine/training-config';
import type { DebuggerInput, LoadRequest } from './context';
import type { DebuggerData } from './data-source';
import { settingsOf } from './settings';

/** The trainer's sets (its split of MNIST) and its per-epoch order (seed, shuffle). */
export function debuggerDataFor(config: TrainingConfig, mnist: MnistData): DebuggerData {
  const sets = trainingSets(config, mnist);
  return { kind: 'mnist', train: sets.train, validation: sets.validation, test: sets.test, seed: config.seed, shuffle: config.shuffle };
}

/**
 * A `load` of a trainer snapshot: its weights, velocity and position, with the run's
 * settings and (given MNIST) its sets and example order, which the debugger then adopts.
 */
export function loadFromSnapshot(config: TrainingConfig, snapshot: TrainingSnapshot, mnist?: MnistData): LoadRequest {
  return {
    net: snapshot.net,
    velocity: snapshot.velocity,
    position: snapshot.position,
    settings: settingsOf(config),
    data: mnist ? debuggerDataFor(config, mnist) : undefined,
  };
}

/** A debugger over the trainer's data, at the snapshot (or at the run's start without one). */
export function debuggerInputFor(config: TrainingConfig, mnist: MnistData, snapshot?: TrainingSnapshot): DebuggerInput {
  return {
    data: debuggerDataFor(config, mnist),
    settings: settingsOf(config),
    load: snapshot ? loadFromSnapshot(config, snapshot) : undefined,
  };
}
