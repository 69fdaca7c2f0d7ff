// Bad input: one line on stderr naming the file (or flag) and field, exit code 2, nothing on stdout.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BATCH_222, cli, MODEL_222, tempDir } from './helpers';

const dir = tempDir();
const write = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const model = write('model.json', MODEL_222);
const batch = write('batch.json', BATCH_222);
const mutated = (mutate: (m: typeof MODEL_222) => void) => {
  const m = structuredClone(MODEL_222);
  mutate(m);
  return m;
};

async function expectInputError(argv: string[], line: string) {
  const result = await cli(...argv);
  expect(result).toEqual({ code: 2, stdout: '', stderr: line + '\n' });
}

describe('bad files', () => {
  it.each([
    ['a short weight row', 'short.json', mutated((m) => m.layers[1].weights[1].pop()), 'layers[1].weights[1]: expected 2 numbers, got 1'],
    ['a non-softmax last layer', 'last.json', mutated((m) => (m.layers[1].activation = 'tanh')), 'layers[1].activation: the last layer must be "softmax", got "tanh"'],
    [
      'an unknown activation',
      'act.json',
      mutated((m) => (m.layers[0].activation = 'gelu')),
      'layers[0].activation: expected one of "sigmoid", "improved-sigmoid", "tanh", "relu", "softmax", got "gelu"',
    ],
    ['NaN', 'nan.json', JSON.stringify(MODEL_222).replace('0.05', 'NaN'), 'layers[0].biases[0]: expected a finite number, got NaN'],
    ['1e999', 'big.json', JSON.stringify(MODEL_222).replace('0.7', '1e999'), 'layers[1].weights[1][0]: expected a finite number, got Infinity'],
    ['malformed JSON', 'broken.json', '{"format": "deltascope-model/1", "layers": [}', "not valid JSON: invalid character '}' at line 1, column 45"],
  ])('model with %s', async (_, name, content, problem) => {
    const path = write(name, content);
    await expectInputError(['trace', '--model', path, '--batch', batch], `${path}: ${problem}`);
  });

  it('batch with a label out of range, or rows of the wrong width', async () => {
    const labels = write('labels.json', { inputs: [[1, 0.5], [0, 0]], labels: [1, 2] });
    await expectInputError(['trace', '--model', model, '--batch', labels], `${labels}: labels[1]: expected an integer in [0, 2), got 2`);
    const width = write('width.json', { inputs: [[1, 0.5, 0]], labels: [1] });
    await expectInputError(['trace', '--model', model, '--batch', width], `${width}: inputs[0]: expected 2 numbers (the model's inputs), got 3`);
  });

  it('velocity not shaped like the model', async () => {
    const v = write('v.json', { weights: [[[0, 0], [0, 0]], [[0, 0], [0]]], biases: [[0, 0], [0, 0]] });
    await expectInputError(['trace', '--model', model, '--batch', batch, '--momentum', '0.9', '--velocity', v], `${v}: weights[1][1]: expected 2 numbers, got 1`);
  });

  it('a missing file', async () => {
    const missing = join(dir, 'missing.json');
    await expectInputError(['trace', '--model', missing, '--batch', batch], `${missing}: cannot read: no such file`);
  });

  it('gradcheck with a model that does not fit MNIST and no batch file', async () => {
    await expectInputError(['gradcheck', '--model', model], 'the network has 2 inputs, MNIST images 784: give a --batch file');
  });
});

describe('bad flags', () => {
  it('a bad flag value names the flag', async () => {
    await expectInputError(['trace', '--model', model, '--batch', batch, '--lr', 'fast'], '--lr: expected a number, got "fast"');
    await expectInputError(['init-model', '--layers', '784'], '--layers: expected layer sizes like 784-64-10, got "784"');
    await expectInputError(['init-model', '--init', 'xavier'], '--init: expected one of uniform, normal, normal-fan-in, he, he-normal, got "xavier"');
  });

  it('an unknown option prints the usage', async () => {
    const result = await cli('trace', '--modle', model);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^trace: unknown option --modle\n\nusage: npm run cli -- trace --model FILE --batch FILE/);
  });

  it('a missing required flag, a value-less flag and --velocity without momentum are usage errors', async () => {
    for (const argv of [
      ['trace', '--model', model],
      ['trace', '--model'],
      ['trace', '--model', model, '--batch', batch, '--velocity', model],
      ['export-batch', 'extra'],
    ]) {
      const result = await cli(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/usage: npm run cli -- /);
    }
    expect((await cli('trace', '--model', model)).stderr).toMatch(/^trace: --batch is required\n/);
    expect((await cli('trace', '--model')).stderr).toMatch(/^trace: --model needs a value\n/);
  });

  it('an unknown command or none prints the command list; --help prints it on stdout', async () => {
    const unknown = await cli('trian');
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/^unknown command "trian"\n\nusage: .*\n\ncommands:\n  train /);
    expect((await cli()).code).toBe(2);
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('export-batch');
  });

  it('every command has --help', async () => {
    for (const name of ['train', 'gradcheck', 'trace', 'export-batch', 'init-model']) {
      const result = await cli(name, '--help');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^usage: npm run cli -- ${name} `));
      expect(result.stdout).toMatch(/example/);
    }
  });
});
