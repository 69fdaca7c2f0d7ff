// gradcheck: backprop's gradients against central differences (the report's task 2b),
// always in float64, on real MNIST examples or a batch file. Exit 1 above the threshold.

import { GRADCHECK_DEFAULTS, gradientCheck, type ArrayCheck } from '../../engine/gradcheck';
import { describeInit } from '../../engine/init';
import { checkStepBudget } from '../../engine/budgets';
import { readBatch, readModel } from '../../engine/io';
import { createNet, describeSizes } from '../../engine/network';
import { gatherBatch } from '../../engine/dataset';
import type { Batch, Net } from '../../engine/types';
import { loadMnistFromPackage } from '../../data/node';
import { CLI, EXIT_FAILED, EXIT_OK, InputError, parseFlags, UsageError, type Command } from '../args';
import { readTextFile } from '../files';
import { netSettingsSchema, SETTING_RULES } from '../../engine/training-config';
import { configFromFlags, NET_FLAGS, NET_FLAGS_HELP } from '../config-flags';
import { labelOf, layerLabel, sourceLabel, unitLabel } from '../../notation/indices';
import { imagesPastTheEnd } from '../image-range';
import { CHECK_MEASURES, CHECK_MEASURE_LETTERS, layerNotation } from '../../notation';
import { formatNumber, formatValue, grouped, literalNumber } from '../../format';

/** The CLI's check compares whole arrays: ‖a − n‖ / (‖a‖ + ‖n‖), not the panel's per-entry relative error. */
const ARRAY = CHECK_MEASURES.array;

const help = `usage: ${CLI} gradcheck [net flags | --model FILE] [--batch-size 8 | --batch FILE] [--threshold ${literalNumber(GRADCHECK_DEFAULTS.threshold)}]

Compares backprop's ∂C/∂W and ∂C/∂b with central differences (C(w+ε) − C(w−ε)) / 2ε in
float64, for every layer's weights and biases, and prints the ${ARRAY.name} of each
array over the entries checked: ${ARRAY.formula},
where ${CHECK_MEASURE_LETTERS}.
Exits 1 when any array's ${ARRAY.name} exceeds the threshold.

the network (a fresh one from the net flags, or a model file):
${NET_FLAGS_HELP}
  --model FILE              check this model instead
the data:
  --batch-size N            N training images from --start (default 8)
  --start N                 first training image, counted from 1 as the screens count
                            (default 1, the file's first; 0 is refused)
  --batch FILE              a batch file instead of MNIST images
the check:
  --threshold T             largest acceptable ${ARRAY.name} (default ${formatValue(GRADCHECK_DEFAULTS.threshold)})
  --epsilon ε               the finite-difference step (default ${formatValue(GRADCHECK_DEFAULTS.epsilon)})
  --max-per-array N         check N entries per array, sampled with --seed; 0 = all
                            (default 200)
  --json                    print the results as JSON
  -h, --help                this text

example:
  ${CLI} gradcheck --layers 784-32-10 --activation tanh --init normal --batch-size 8`;

const DEFAULT_MAX_PER_ARRAY = 200;

function mnistBatch(start: number, size: number): Batch {
  const set = loadMnistFromPackage().train;
  if (start + size > set.count) {
    throw new InputError(imagesPastTheEnd({ start, size, sizeFlag: '--batch-size' }, { name: 'training', count: set.count }));
  }
  const inputs = new Float64Array(size * set.inputSize);
  const labels = new Uint8Array(size);
  gatherBatch(set, null, start, size, inputs, labels);
  return { inputs, labels, size };
}

const exp = (x: number) => formatNumber(x, { kind: 'sci', digits: 3 }).text;

export const gradcheck: Command = {
  name: 'gradcheck',
  summary: 'check backprop against numerical gradients (exit 1 above the threshold)',
  help,
  async run(argv, io) {
    const flags = parseFlags(argv, {
      ...NET_FLAGS,
      model: { type: 'string' },
      'batch-size': { type: 'string' },
      start: { type: 'string' },
      batch: { type: 'string' },
      threshold: { type: 'string' },
      epsilon: { type: 'string' },
      'max-per-array': { type: 'string' },
      json: { type: 'boolean' },
    });
    if (flags.help) {
      io.out(help + '\n');
      return EXIT_OK;
    }
    const modelPath = flags.string('model');
    const batchPath = flags.string('batch');
    if (modelPath !== undefined) {
      const clash = flags.given().filter((f) => f in { '--layers': 1, '--activation': 1, '--init': 1, '--init-range': 1, '--bias-init': 1, '--improved-sigmoid-c': 1 });
      if (clash.length) throw new UsageError(`${clash[0]} describes a fresh network: leave it out with --model`);
    }
    if (batchPath !== undefined && (flags.has('batch-size') || flags.has('start'))) {
      throw new UsageError('--batch-size and --start choose MNIST images: leave them out with --batch');
    }
    const threshold = flags.number('threshold', { min: 0 }) ?? GRADCHECK_DEFAULTS.threshold;
    const epsilon = flags.number('epsilon', { min: 0, exclusiveMin: true }) ?? GRADCHECK_DEFAULTS.epsilon;
    const maxPerArray = flags.number('max-per-array', { integer: true, min: 0 }) ?? DEFAULT_MAX_PER_ARRAY;
    // A fresh network by the config's rules; 8 examples by default, as each parameter checked costs two passes over the batch.
    const { batchSize, ...config } = configFromFlags(flags, netSettingsSchema.extend({ batchSize: SETTING_RULES.batchSize.default(8) }), { precision: 'float64' });
    const start = flags.position('start', 'image') ?? 0; // 0-based from here on

    let net: Net;
    let netLabel: string;
    if (modelPath !== undefined) {
      net = readModel(readTextFile(modelPath), { source: modelPath });
      netLabel = `${describeSizes(net.sizes)} from ${modelPath}`;
    } else {
      net = createNet(config);
      netLabel = `${describeSizes(net.sizes)} ${config.hiddenActivation}, ${describeInit(config.init)}, seed ${config.seed}`;
    }
    let batch: Batch;
    let dataLabel: string;
    if (batchPath !== undefined) {
      batch = readBatch(readTextFile(batchPath), net, { source: batchPath });
      checkStepBudget(net.sizes, batch.size, false, batchPath);
      dataLabel = `${batch.size} examples from ${batchPath}`;
    } else {
      if (net.sizes[0] !== 784) throw new InputError(`the network has ${net.sizes[0]} inputs, MNIST images 784: give a --batch file`);
      if (net.sizes[net.sizes.length - 1] < 10) throw new InputError(`the network has ${net.sizes[net.sizes.length - 1]} outputs, MNIST 10 classes: give a --batch file`);
      checkStepBudget(net.sizes, batchSize, false, '--batch-size'); // before the images are gathered
      batch = mnistBatch(start, batchSize);
      dataLabel = `training images ${grouped(labelOf('image', start))} … ${grouped(labelOf('image', start + batchSize - 1))}`;
    }

    const checks = gradientCheck(net, batch, {
      epsilon,
      maxPerArray: maxPerArray === 0 ? undefined : maxPerArray,
      seed: config.seed,
    });
    const worst = checks.reduce((w, c) => (!(c.relativeError <= w.relativeError) ? c : w), checks[0]);
    const failed = checks.filter((c) => !(c.relativeError <= threshold));
    const ok = failed.length === 0;

    if (flags.boolean('json')) {
      io.out(
        JSON.stringify(
          {
            net: netLabel,
            data: dataLabel,
            epsilon,
            threshold,
            ok,
            arrays: checks.map((c) => ({
              layer: layerLabel(c.layer),
              param: c.kind === 'weights' ? 'W' : 'b',
              checked: c.checked,
              total: c.total,
              relativeError: c.relativeError,
              maxAbsError: c.maxAbsError,
              worst: worstEntry(net, c),
            })),
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      // Each array by the notation's name of it: Wⱼᵢ, bₖ; W⁽²⁾ once there are two hidden layers.
      const notation = layerNotation(net.sizes.length - 1);
      const arrayName = (c: ArrayCheck) => (c.kind === 'weights' ? notation.scope(c.layer + 1).weights(c.layer + 1) : notation.scope(c.layer + 1).biases(c.layer + 1)).text;
      const lines = [
        `gradient check of ${netLabel}`,
        `on ${dataLabel}, ε = ${formatValue(epsilon)}, float64`,
        '',
        `${ARRAY.name} = ${ARRAY.formula}`,
        '',
        `layer  param  checked          ${ARRAY.name.padEnd(23)}max |backprop − numerical|`,
        ...checks.map((c: ArrayCheck) =>
          [
            String(layerLabel(c.layer)).padEnd(7),
            arrayName(c).padEnd(7),
            `${grouped(c.checked)} of ${grouped(c.total)}`.padEnd(17),
            exp(c.relativeError).padEnd(23),
            exp(c.maxAbsError),
            c.relativeError <= threshold ? '' : '  ← above the threshold',
          ].join(''),
        ),
        '',
        ok
          ? `OK: the largest ${ARRAY.name}, ${exp(worst.relativeError)}, is within the threshold ${formatValue(threshold)}`
          : `FAILED: ${failed.length} of ${checks.length} arrays above the threshold ${formatValue(threshold)} (largest ${exp(worst.relativeError)})`,
      ];
      io.out(lines.join('\n') + '\n');
    }
    return ok ? EXIT_OK : EXIT_FAILED;
  },
};

/**
 * The worst entry of a check for --json: its flat 0-based index into the array (row-major
 * [unit][input] for W, as the model file stores it) and the same entry as every screen names
 * it — the unit (from 1; an output unit by its class) and, for W, the input it reads (a pixel
 * or a unit of the layer below, from 1).
 */
function worstEntry(net: Net, c: ArrayCheck): ArrayCheck['worst'] & { unit: number; input?: number } {
  const layers = net.sizes.length - 1;
  if (c.kind !== 'weights') return { ...c.worst, unit: unitLabel(c.worst.index, c.layer, layers) };
  const width = net.sizes[c.layer];
  return { ...c.worst, unit: unitLabel(Math.floor(c.worst.index / width), c.layer, layers), input: sourceLabel(c.worst.index % width, c.layer) };
}
