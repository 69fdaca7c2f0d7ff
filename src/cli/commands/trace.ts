// trace: every number of one training step, as JSON, for comparison with another
// implementation number by number.

import { readStepFiles, readVelocity, traceStep, traceToJson } from '../../engine/io';
import { enableFastKernels } from '../../engine/kernels/wasm/index';
import { updateRuleSchema } from '../../engine/training-config';
import { CLI, EXIT_OK, parseFlags, UsageError, type Command } from '../args';
import { readTextFile } from '../files';
import { CONFIG_DEFAULTS as d, configFlags, configFromFlags } from '../config-flags';
import { UPDATE_RULE_TEXT } from '../../notation';

const help = `usage: ${CLI} trace --model FILE --batch FILE [--lr ${d.learningRate}] [--momentum ${d.momentum}] [--velocity FILE] [--float32]

Runs ONE training step of the model on the batch with the engine's own code and prints
every intermediate number as JSON (docs/formats.md, "trace"): per layer z, a, f'(z),
δ (per example), ∂C/∂W and ∂C/∂b (of the batch mean), the softmax output, the loss,
the model after the update and, with momentum, the velocity after it.

options:
  --model FILE       the network, in the model format
  --batch FILE       the examples, in the batch format
  --lr α             learning rate, > 0 (default ${d.learningRate})
  --momentum μ       momentum in [0, 1) (default ${d.momentum}): ${UPDATE_RULE_TEXT.momentum}
  --velocity FILE    v before the step (needs --momentum; default zero)
  --float32          compute in float32 (default float64), on the WebAssembly SIMD kernels
                     the browser uses, so a trace exported there is reproduced bit for bit
  -h, --help         this text

example:
  ${CLI} init-model --layers 784-16-10 --init normal --out model.json
  ${CLI} export-batch --size 2 --out batch.json
  ${CLI} trace --model model.json --batch batch.json --lr 0.1 > trace.json`;

export const trace: Command = {
  name: 'trace',
  summary: 'print every number of one training step as JSON',
  help,
  async run(argv, io) {
    const flags = parseFlags(argv, {
      model: { type: 'string' },
      batch: { type: 'string' },
      ...configFlags('lr', 'momentum'),
      velocity: { type: 'string' },
      float32: { type: 'boolean' },
    });
    if (flags.help) {
      io.out(help + '\n');
      return EXIT_OK;
    }
    const modelPath = flags.require('model');
    const batchPath = flags.require('batch');
    const { learningRate, momentum } = configFromFlags(flags, updateRuleSchema);
    const velocityPath = flags.string('velocity');
    if (velocityPath !== undefined && momentum === 0) throw new UsageError('--velocity needs --momentum > 0 (plain SGD keeps no velocity)');
    const precision = flags.boolean('float32') ? 'float32' : 'float64';
    // float32 sums round per kernel; use the page's kernels so its exported traces match.
    if (precision === 'float32') await enableFastKernels();

    // The step's size is checked against the budget before the numbers are validated (step-files.ts).
    const { net, batch } = readStepFiles({ text: readTextFile(modelPath), source: modelPath }, { text: readTextFile(batchPath), source: batchPath }, { precision, momentum: momentum > 0 });
    const velocity = velocityPath === undefined ? null : readVelocity(readTextFile(velocityPath), net, { source: velocityPath, precision });
    io.out(traceToJson(traceStep(net, batch, { learningRate, momentum }, velocity)));
    return EXIT_OK;
  },
};
