// train: a full training run on MNIST from a JSON config and/or flags (flags win), through
// the same Training loop and prepareTraining wiring as the browser's worker.

import { performance } from 'node:perf_hooks';
import { enableFastKernels } from '../../engine/kernels/wasm/index';
import { float32KernelName, kernelsFor } from '../../engine/kernels/registry';
import { describeInit } from '../../engine/init';
import { describeIssue, formatJson, formatPath, modelToJson, parseJsonText } from '../../engine/io';
import { describeSizes } from '../../engine/network';
import { Evaluator, type SetMetrics } from '../../engine/evaluate';
import type { Net } from '../../engine/types';
import type { CheckResult, Training } from '../../engine/training';
import { trainingConfigSchema } from '../../engine/training-config';
import { loadMnistFromPackage } from '../../data/node';
import { prepareTraining } from '../../data/prepare-training';
import {
  CLI,
  EXIT_FAILED,
  EXIT_OK,
  InputError,
  parseFlags,
  parseNumber,
  type Command,
  type Flags,
} from '../args';
import { checkWritable, readTextFile, writeTextFile } from '../files';
import { CONFIG_DEFAULTS as d, CONFIG_FLAGS, checkConfig, mergeConfigFlags, type RawConfig } from '../config-flags';
import { checkRate, samplesAfter as examplesAfter } from '../../experiments/experiment-results';
import { fixed, formatValue, grouped, percent, plural } from '../../format';
import { UPDATE_RULE_TEXT } from '../../notation';

const help = `usage: ${CLI} train [--config FILE] [options] [--json] [--save-model FILE]

Trains a network on MNIST and prints one line per validation check, then a summary of
the loss and accuracy on the training, validation and test sets. Settings come from
--config FILE (a JSON training config, docs/cli.md) and the flags below; a flag
overrides the config file, and anything unset takes the default shown.

the network:
  --layers SIZES             784-…-10 (default ${d.sizes.join('-')})
  --activation NAME          sigmoid, improved-sigmoid, tanh, relu (default ${d.hiddenActivation})
  --improved-sigmoid-c C     the improved sigmoid's linear twist (default ${d.improvedSigmoidC})
  --init NAME                uniform, normal (${UPDATE_RULE_TEXT.fanInInit}), he (default uniform)
  --init-range R             r of the uniform init U(−r, r) (default ${d.init.kind === 'uniform' ? d.init.range : 1})
  --bias-init NAME           zero or like-weights (default ${d.biasInit})
  --precision NAME           float32 (WebAssembly SIMD) or float64 (default ${d.precision})
the optimiser:
  --lr α                     learning rate, > 0 (default ${d.learningRate})
  --momentum μ               momentum in [0, 1) (default ${d.momentum}): ${UPDATE_RULE_TEXT.momentum}
  --batch-size N             mini-batch size (default ${d.batchSize})
  --shuffle, --no-shuffle    reshuffle the training set every epoch (default on)
  --epochs N                 at most N epochs (default ${d.maxEpochs})
  --patience N               stop after the validation loss rose N checks in a row;
                             0 = never stop early (default ${d.earlyStopping?.patience ?? 0})
  --restore-best, --no-restore-best
                             on an early stop, go back to the weights of the lowest
                             validation loss (default on)
  --checks-per-epoch N       validation checks per epoch (default ${d.checksPerEpoch})
  --seed N                   seed of the weights and the shuffling (default ${d.seed})
  --divergence-loss L        a batch loss above L counts as divergence (default ${d.divergenceLoss})
the data:
  --split SPLIT              report (45,000 train / 5,000 validation of the first 50,000),
                             default (54,000 / 6,000), or POOL/VALIDATION, e.g. 3000/500
  --train-eval-size N        training images evaluated at each check (default ${d.trainEvalSize};
                             0 = the running mean of the batch losses)
  --evaluate-test, --no-evaluate-test
                             evaluate the test set at every check too (default on)
output:
  --json                     print only the summary, as JSON (progress goes to stderr)
  --save-model FILE          write the trained model in the model format (after a
                             divergence: the model before the last good batch)
  -h, --help                 this text

Exit code 0, or 1 when the training diverged.

examples:
  ${CLI} train --split report --lr 1 --init uniform --patience 3 --epochs 20
  ${CLI} train --config experiments/momentum.json --seed 2 --json > result.json`;

const FLAGS = {
  config: { type: 'string' },
  ...CONFIG_FLAGS,
  json: { type: 'boolean' },
  'save-model': { type: 'string' },
} as const;

const formatLoss = (loss: number) => (Math.abs(loss) < 1000 ? fixed(loss, 4) : formatValue(loss));
const metric = (label: string, m: SetMetrics | null) => (m ? `${label} ${formatLoss(m.loss)} ${percent(m.accuracy).padStart(7)}` : '');

/** Loss and accuracy of `net` on the training run's three sets. */
function metricsOf(net: Net, training: Training): { train: SetMetrics; validation: SetMetrics; test: SetMetrics | null } {
  const evaluator = new Evaluator(net);
  const { train, validation, test } = training.sets;
  return { train: evaluator.evaluate(net, train), validation: evaluator.evaluate(net, validation), test: test ? evaluator.evaluate(net, test) : null };
}

/** Examples trained on after `steps` steps (the last batch of an epoch may be partial). */
const samplesAfter = (steps: number, training: Training) => examplesAfter(steps, training.sets.train.count, training.config.batchSize);

interface CheckRate {
  readonly check: CheckResult;
  readonly samplesPerSecond: number;
}

function progressLine({ check, samplesPerSecond }: CheckRate): string {
  return [
    `epoch ${fixed(check.epoch, 2).padStart(6)}`,
    `step ${grouped(check.step).padStart(7)}`,
    metric('train', check.train),
    metric('val', check.validation),
    metric('test', check.test),
    `${grouped(samplesPerSecond).padStart(9)} samples/s`,
  ]
    .filter(Boolean)
    .join('  ');
}

const STOP_TEXT = {
  'max-epochs': 'reached the maximum number of epochs',
  'early-stopping': 'early stopping',
  diverged: 'diverged',
} as const;

const metricsJson = (m: SetMetrics | null) => (m ? { loss: m.loss, accuracy: m.accuracy, correct: m.correct, count: m.count } : null);

export const train: Command = {
  name: 'train',
  summary: 'train on MNIST from a config file and/or flags',
  help,
  async run(argv, io) {
    const flags = parseFlags(argv, FLAGS);
    if (flags.help) {
      io.out(help + '\n');
      return EXIT_OK;
    }
    // Everything that can be wrong with the input is checked before any output.
    const configPath = flags.string('config');
    let file: RawConfig = {};
    if (configPath !== undefined) {
      const parsed = parseJsonText(readTextFile(configPath), configPath);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InputError(`${configPath}: expected a JSON object of training settings`);
      file = parsed as RawConfig;
    }
    const { raw, flagOf } = mergeConfigFlags(flags, file);
    const config = checkConfig(trainingConfigSchema, raw, flagOf, configPath);
    const savePath = flags.string('save-model');
    if (savePath !== undefined) checkWritable(savePath, '--save-model');
    const json = flags.boolean('json') ?? false;
    const progress = json ? io.err.bind(io) : io.out.bind(io);

    const wallStart = performance.now();
    if (config.precision === 'float32') await enableFastKernels();
    const kernels = config.precision === 'float32' ? float32KernelName() : kernelsFor('float64').name;
    const mnist = loadMnistFromPackage();
    const training = prepareTraining(config, mnist);
    const loadSeconds = (performance.now() - wallStart) / 1000;

    const sets = training.sets;
    progress(
      `training ${describeSizes(config.sizes)} ${config.hiddenActivation}, ${describeInit(config.init)}, lr ${config.learningRate}` +
        `${config.momentum ? `, momentum ${config.momentum}` : ''}, batch ${config.batchSize}, ${config.precision} (${kernels})\n` +
        `on ${grouped(sets.train.count)} training / ${grouped(sets.validation.count)} validation images` +
        `${config.shuffle ? ', reshuffled every epoch' : ''}, seed ${config.seed}; ` +
        `at most ${plural(config.maxEpochs, 'epoch')}` +
        `${config.earlyStopping ? `, early stopping after ${plural(config.earlyStopping.patience, 'rise')} of the validation loss` : ''}\n`,
    );

    const rates: CheckRate[] = [];
    let previous: CheckResult | null = null;
    const trainStart = performance.now();
    training.runToEnd((check) => {
      const rate = { check, samplesPerSecond: checkRate(check, previous, training.sets.train.count, training.config.batchSize) };
      previous = check;
      rates.push(rate);
      progress(progressLine(rate) + '\n');
    });
    const loopSeconds = (performance.now() - trainStart) / 1000;

    const position = training.position();
    // After a divergence the weights are garbage: report (and save) the last good ones.
    const finalNet = training.divergence ? training.lastGoodSnapshot().net : training.net;
    const final = training.divergence ? metricsOf(finalNet, training) : training.finalMetrics();
    const stopReason = training.stopReason ?? 'max-epochs';
    const best = training.bestCheck >= 0 ? training.checks[training.bestCheck] : null;
    const restored = stopReason === 'early-stopping' && (config.earlyStopping?.restoreBest ?? false) && best !== null;
    const last = training.checks[training.checks.length - 1];
    // Training time is measured up to the last check; without one, the whole loop counts.
    const trainingSeconds = last ? last.trainingMs / 1000 : loopSeconds;
    const samplesPerSecond = trainingSeconds > 0 ? samplesAfter(last ? last.step : position.step, training) / trainingSeconds : 0;
    if (savePath !== undefined) writeTextFile(savePath, formatJson(modelToJson(finalNet)));
    const wallSeconds = (performance.now() - wallStart) / 1000;

    const summary = {
      config,
      kernels,
      stopReason,
      divergence: training.divergence
        ? { message: training.divergence.message, step: training.divergence.step, epoch: training.divergence.epoch, batch: training.divergence.batch }
        : null,
      epochs: position.step / training.batchesPerEpoch,
      steps: position.step,
      best: best ? { step: best.step, epoch: best.epoch, validationLoss: best.validation.loss, validationAccuracy: best.validation.accuracy } : null,
      restoredBest: restored,
      final: { train: metricsJson(final.train), validation: metricsJson(final.validation), test: metricsJson(final.test) },
      wallSeconds,
      loadSeconds,
      loopSeconds,
      trainingSeconds,
      samplesPerSecond,
      checks: rates.map(({ check, samplesPerSecond: rate }) => ({
        step: check.step,
        epoch: check.epoch,
        train: metricsJson(check.train),
        validation: metricsJson(check.validation),
        test: metricsJson(check.test),
        samplesPerSecond: rate,
      })),
      savedModel: savePath ?? null,
    };

    if (json) {
      io.out(JSON.stringify(summary, null, 2) + '\n');
    } else {
      const lines = [
        '',
        `stopped: ${STOP_TEXT[stopReason]}` +
          (stopReason === 'early-stopping' && config.earlyStopping ? ` (the validation loss rose ${plural(config.earlyStopping.patience, 'check')} in a row)` : '') +
          (restored && best ? `; restored the best weights, from epoch ${fixed(best.epoch, 2)} (step ${grouped(best.step)})` : ''),
        ...(training.divergence ? [training.divergence.message, 'The final numbers below are of the weights before that step.'] : []),
        `${fixed(summary.epochs, 2)} epochs, ${plural(position.step, 'step')}; wall time ${fixed(wallSeconds, 1)} s ` +
          `(training ${fixed(trainingSeconds, 1)} s at ${grouped(samplesPerSecond)} samples/s, ` +
          `checks ${fixed(loopSeconds - trainingSeconds, 1)} s, loading ${fixed(loadSeconds, 1)} s)`,
        '',
        '             loss  accuracy',
        ...(
          [
            ['train', final.train],
            ['validation', final.validation],
            ['test', final.test],
          ] as const
        )
          .filter(([, m]) => m !== null)
          .map(([label, m]) => `${label.padEnd(10)} ${formatLoss(m!.loss).padStart(7)}  ${percent(m!.accuracy).padStart(8)}   (${grouped(m!.correct)} of ${grouped(m!.count)})`),
        ...(savePath !== undefined ? ['', `model written to ${savePath}${training.divergence ? ' (the weights before the last good batch)' : ''}`] : []),
      ];
      io.out(lines.join('\n') + '\n');
    }
    return stopReason === 'diverged' ? EXIT_FAILED : EXIT_OK;
  },
};
