// export-batch: real MNIST examples as a batch file (inputs = pixel / 255, as training sees them).

import { batchToJson, formatJson } from '../../engine/io';
import { gatherBatch } from '../../engine/dataset';
import { loadMnistFromPackage } from '../../data/node';
import { CLI, EXIT_OK, InputError, parseFlags, type Command } from '../args';
import { checkWritable, emit } from '../files';
import { SETTING_RULES } from '../../engine/training-config';
import { flagByRule } from '../config-flags';
import { imagesPastTheEnd } from '../image-range';

const help = `usage: ${CLI} export-batch [--set train|test] [--start 1] [--size 8] [--out FILE]

Writes MNIST images start … start+size−1 of the training (or test) set as a batch file
(docs/formats.md): 784 inputs per example, pixel/255 exactly as training sees them, and the
labels. Images are counted from 1, as the screens and lessons count them: image 1 is the
file's first (array index 0), and training image i is the one the lessons call image i.
Example 1 of the batch is image start.

options:
  --set NAME     train (60,000 images) or test (10,000); default train
  --start N      first image, counted from 1 (default 1; 0 is refused)
  --size N       number of examples (default 8)
  --out FILE     write here instead of stdout
  -h, --help     this text

example:
  ${CLI} export-batch --set test --start 101 --size 4 --out batch.json`;

export const exportBatch: Command = {
  name: 'export-batch',
  summary: 'write real MNIST examples as a batch file',
  help,
  async run(argv, io) {
    const flags = parseFlags(argv, {
      set: { type: 'string' },
      start: { type: 'string' },
      size: { type: 'string' },
      out: { type: 'string' },
    });
    if (flags.help) {
      io.out(help + '\n');
      return EXIT_OK;
    }
    const which = flags.choice('set', ['train', 'test'] as const) ?? 'train';
    const start = flags.position('start', 'image') ?? 0; // 0-based from here on
    // A batch file's size keeps the batch size's rule; 8 examples by default, a file to read by eye.
    const size = flagByRule(flags, 'size', SETTING_RULES.batchSize) ?? 8;
    const out = flags.string('out');
    if (out !== undefined) checkWritable(out, '--out');

    const set = loadMnistFromPackage()[which];
    if (start + size > set.count) {
      throw new InputError(imagesPastTheEnd({ start, size, sizeFlag: '--size' }, { name: which === 'train' ? 'training' : which, count: set.count }));
    }
    const inputs = new Float64Array(size * set.inputSize);
    const labels = new Uint8Array(size);
    gatherBatch(set, null, start, size, inputs, labels);
    emit(io, out, formatJson(batchToJson({ inputs, labels, size })));
    return EXIT_OK;
  },
};
