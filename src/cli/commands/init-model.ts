// init-model: a freshly initialised network in the model format.

import { createNet } from '../../engine/network';
import { formatJson, modelToJson } from '../../engine/io';
import { CLI, EXIT_OK, parseFlags, type Command } from '../args';
import { checkWritable, emit } from '../files';
import { netSettingsSchema } from '../../engine/training-config';
import { configFromFlags, NET_FLAGS, NET_FLAGS_HELP } from '../config-flags';

const help = `usage: ${CLI} init-model [--layers 784-64-10] [--activation sigmoid] [--init uniform] [--seed 1] [--out FILE]

Writes a freshly initialised network (float64) in the model format (docs/formats.md),
to FILE or stdout. With the same flags as \`train\`, it is the network \`train\` starts
from (train rounds it to float32 unless --precision float64).

options:
${NET_FLAGS_HELP}
  --out FILE                write here instead of stdout
  -h, --help                this text

example:
  ${CLI} init-model --layers 2-2-2 --init normal --seed 1 --out model.json`;

export const initModel: Command = {
  name: 'init-model',
  summary: 'write a freshly initialised model file',
  help,
  async run(argv, io) {
    const flags = parseFlags(argv, { ...NET_FLAGS, out: { type: 'string' } });
    if (flags.help) {
      io.out(help + '\n');
      return EXIT_OK;
    }
    const config = configFromFlags(flags, netSettingsSchema, { precision: 'float64' });
    const out = flags.string('out');
    if (out !== undefined) checkWritable(out, '--out');
    emit(io, out, formatJson(modelToJson(createNet(config))));
    return EXIT_OK;
  },
};
