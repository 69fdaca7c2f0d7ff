// Config + MNIST → a ready Training: the one place that wires a training config to the data
// (split, test set, per-epoch order) and to a fresh network. The CLI's `train` and the
// browser's training worker both start runs through prepareTraining, so they agree on
// every example order and every initial weight for a given config.

import { createNet } from '../engine/network';
import { Training, type TrainingSets, type TrainingStart } from '../engine/training';
import type { TrainingConfig } from '../engine/training-config';
import type { Net } from '../engine/types';
import { epochOrder } from './batches';
import { splitTraining, type MnistData } from './mnist';

export interface PrepareOptions {
  /** Start from these weights instead of a fresh net (its shape must match config.sizes; the Training owns it). */
  readonly net?: Net;
  /** Resume at a batch boundary: a TrainingSnapshot's velocity and position, and a checkpoint's loop state. */
  readonly start?: TrainingStart;
}

/** The train/validation/test sets of a config: the split of the training images, and the test images. */
export function trainingSets(config: Pick<TrainingConfig, 'split'>, mnist: MnistData): TrainingSets {
  const split = splitTraining(mnist, config.split);
  return { train: split.train, validation: split.validation, test: mnist.test };
}

/** The network a config starts from: its sizes, activation, init and seed, in its precision. */
export function initialNet(config: TrainingConfig): Net {
  return createNet({
    sizes: config.sizes,
    hiddenActivation: config.hiddenActivation,
    improvedSigmoidC: config.improvedSigmoidC,
    init: config.init,
    biasInit: config.biasInit,
    seed: config.seed,
    precision: config.precision,
  });
}

/** A Training for `config` on MNIST, at its first batch (or at options.start). */
export function prepareTraining(config: TrainingConfig, mnist: MnistData, options: PrepareOptions = {}): Training {
  const sets = trainingSets(config, mnist);
  const net = options.net ?? initialNet(config);
  if (net.sizes.join('-') !== config.sizes.join('-')) {
    throw new RangeError(`the net is ${net.sizes.join('-')}, the config says ${config.sizes.join('-')}`);
  }
  if (net.precision !== config.precision) throw new RangeError(`the net is ${net.precision}, the config says ${config.precision}`);
  const trainCount = sets.train.count;
  return new Training(config, net, sets, (epoch) => epochOrder(trainCount, config.seed, epoch, config.shuffle), options.start);
}
