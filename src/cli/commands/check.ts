// check: a learner's numbers for one training step (trace JSON or numpy .npz) against
// deltascope's own trace of the same step — the first difference and its diagnosis.

import { checkReportToJson, checkReportToText, checkStep, DEFAULT_STEP_SETTINGS, DEFAULT_TOLERANCE, readLearnerTrace, stepSettings } from '../../check';
import { formatJson, readModel, readStepFiles, readVelocity, traceStep } from '../../engine/io';
import { enableFastKernels } from '../../engine/kernels/wasm/index';
import { describeSizes } from '../../engine/network';
import { SETTING_RULES } from '../../engine/training-config';
import { CLI, EXIT_FAILED, EXIT_OK, parseFlags, UsageError, type Command } from '../args';
import { readBinaryFile, readTextFile } from '../files';
import { flagByRule } from '../config-flags';
import { UPDATE_RULE_TEXT } from '../../notation';
import { formatValue } from '../../format';

const help = `usage: ${CLI} check --model FILE --batch FILE --trace MINE [--lr α] [--momentum μ --velocity FILE] [--float32] [--tolerance REL] [--json]

Compares YOUR numbers for one training step with deltascope's own trace of the same step
(the model and batch given), quantity by quantity in the order the step computes them:
z, a, f'(z) layer by layer, the loss, the output, δ from the output down, the gradients
and the update from the output layer down. Prints the first number that differs — layer,
example, unit, input (counted from 1, output units by class; the JSON indices in brackets
are 0-based), both values and the report's equation — and the classic mistake whose
pattern it matches.

MINE is either
  a trace JSON (docs/formats.md, "trace"), in which every quantity is optional, or
  an .npz written by np.savez with the names loss, output, z{l}, a{l}, fprime{l}, delta{l},
  gradW{l}, gradb{l}, W{l}_after, b{l}_after (l = 1 … L; docs/formats.md, "npz").
A weight-shaped matrix given as [in][out], a batch quantity as [unit][example] and δ
already divided by N are recognised and noted, not counted as differences.

options:
  --model FILE       the network before the step, in the model format
  --batch FILE       the examples, in the batch format
  --trace MINE       your numbers (.json or .npz)
  --lr α             learning rate (default: the trace's learningRate, else ${DEFAULT_STEP_SETTINGS.learningRate})
  --momentum μ       momentum (default: the trace's, else ${DEFAULT_STEP_SETTINGS.momentum}): ${UPDATE_RULE_TEXT.momentum}
  --velocity FILE    v before the step (needs --momentum; default zero)
  --float32          deltascope computes in float32, as the browser does (default float64)
  --tolerance REL    relative to each quantity's largest magnitude
                     (default ${formatValue(DEFAULT_TOLERANCE.float64)}, ${formatValue(DEFAULT_TOLERANCE.float32)} with --float32)
  --json             print the report as one JSON object
  -h, --help         this text

exit codes: 0 everything given agrees, 1 something differs, 2 bad input

example (docs/check-your-numpy.md walks through it):
  ${CLI} init-model --layers 784-16-10 --init normal --out model.json
  ${CLI} export-batch --size 4 --out batch.json
  python3 my_backprop.py          # writes mine.npz with np.savez
  ${CLI} check --model model.json --batch batch.json --trace mine.npz --lr 0.1`;

export const check: Command = {
  name: 'check',
  summary: "compare your numbers for one step with deltascope's: first difference and diagnosis",
  help,
  async run(argv, io) {
    const flags = parseFlags(argv, {
      model: { type: 'string' },
      batch: { type: 'string' },
      trace: { type: 'string' },
      lr: { type: 'string' },
      momentum: { type: 'string' },
      velocity: { type: 'string' },
      float32: { type: 'boolean' },
      tolerance: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (flags.help) {
      io.out(help + '\n');
      return EXIT_OK;
    }
    const modelPath = flags.require('model');
    const batchPath = flags.require('batch');
    const tracePath = flags.require('trace');
    const tolerance = flags.number('tolerance', { min: 0, exclusiveMin: true });
    const modelText = readTextFile(modelPath);
    const shape = readModel(modelText, { source: modelPath });
    const learner = readLearnerTrace(readBinaryFile(tracePath), shape, tracePath);

    const { learningRate, momentum, precision } = stepSettings(
      { learningRate: flagByRule(flags, 'lr', SETTING_RULES.learningRate), momentum: flagByRule(flags, 'momentum', SETTING_RULES.momentum), precision: flags.boolean('float32') ? 'float32' : undefined },
      learner,
      { learningRate: '--lr', momentum: '--momentum', precision: '--float32' },
    );
    const velocityPath = flags.string('velocity');
    if (velocityPath !== undefined && momentum === 0) throw new UsageError('--velocity needs --momentum > 0 (plain SGD keeps no velocity)');
    // float32 sums round per kernel; use the page's kernels so the browser's traces match.
    if (precision === 'float32') await enableFastKernels();

    const { net, batch } = readStepFiles({ text: modelText, source: modelPath }, { text: readTextFile(batchPath), source: batchPath }, { precision, momentum: momentum > 0 });
    const velocity = velocityPath === undefined ? null : readVelocity(readTextFile(velocityPath), net, { source: velocityPath, precision });
    const reference = traceStep(net, batch, { learningRate, momentum }, velocity);
    const report = checkStep(reference, learner, { tolerance });

    if (flags.boolean('json')) {
      io.out(formatJson(checkReportToJson(report)));
    } else {
      const hidden = net.activations.length > 1 ? ` ${net.activations[0]}` : ' (softmax regression)';
      const rule = momentum === 0 ? `α = ${learningRate}` : `α = ${learningRate}, μ = ${momentum}`;
      io.out(checkReportToText(report, `check of ${tracePath} against deltascope's step: ${describeSizes(net.sizes)}${hidden}, N = ${batch.size}, ${rule}, ${precision}`));
    }
    return report.agree ? EXIT_OK : EXIT_FAILED;
  },
};
