// The CLI's contract at the edges (issue 14, item 4): every case found by probing the CLI
// is bad input — exit 2, one line on stderr naming the flag or file and the problem, nothing
// on stdout — and is refused before the work (or the allocation) it would have started.
import { existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILE_BYTE_BUDGET } from '../../src/engine/budgets';
import { npyRows, npz } from '../check/helpers';
import { BATCH_222, cli, MODEL_222, tempDir } from './helpers';

const dir = tempDir();
const write = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' || content instanceof Uint8Array ? content : JSON.stringify(content));
  return path;
};
const model = write('model.json', MODEL_222);
const batch = write('batch.json', BATCH_222);
const mine = write('mine.json', { format: 'deltascope-trace/1', loss: 0.358 });

async function expectBadInput(argv: string[], line: string) {
  const result = await cli(...argv);
  expect(result, argv.join(' ')).toEqual({ code: 2, stdout: '', stderr: line + '\n' });
}

describe('sizes are checked before anything is allocated', () => {
  it('init-model --layers 784-100000-10 and a net over the budget: one line, no weights allocated', async () => {
    // Before: 784-100000-10 exited 3 with a stack trace after 40 s and 3 GB.
    const before = process.memoryUsage().arrayBuffers;
    await expectBadInput(['init-model', '--layers', '784-100000-10'], '--layers: expected ≤ 4096, got 100000');
    // 53.6 M weights would be 429 MB of float64 (the first layer alone 26 MB).
    await expectBadInput(['init-model', '--layers', '784-4096-4096-4096-4096-10'], "--layers: 784-4096-4096-4096-4096-10 has 53,600,266 weights and biases, more than deltascope's budget of 20,000,000: use fewer or narrower layers");
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16e6);
  });

  it('a net over the parameter budget, in every command that builds one', async () => {
    // Before: init-model ran 72 s, grew to 2 GB and died with "RangeError: Invalid string length" (exit 3).
    const line = "--layers: 784-4096-4096-4096-4096-10 has 53,600,266 weights and biases, more than deltascope's budget of 20,000,000: use fewer or narrower layers";
    for (const command of ['init-model', 'gradcheck', 'train']) await expectBadInput([command, '--layers', '784-4096-4096-4096-4096-10'], line);
  });

  it('a step whose trace is over the output budget, in trace, check and gradcheck', async () => {
    // 2-4096-10 on 1,300 examples: 21.5 M numbers (≈ 450 MB of JSON); before, trace computed and printed all of it.
    const wide = write('wide.json', {
      format: 'deltascope-model/1',
      layers: [
        { activation: 'relu', weights: Array.from({ length: 4096 }, () => [0.01, -0.01]), biases: new Array(4096).fill(0) },
        { activation: 'softmax', weights: Array.from({ length: 10 }, () => new Array(4096).fill(0.001)), biases: new Array(10).fill(0) },
      ],
    });
    const many = write('many.json', { inputs: Array.from({ length: 1300 }, (_, n) => [n / 1300, 0.5]), labels: Array.from({ length: 1300 }, (_, n) => n % 10) });
    const line = `${many}: the step of 2-4096-10 on 1,300 examples has 21,460,318 numbers, more than deltascope's budget of 20,000,000: use a batch of at most 1,211 examples, or a smaller network`;
    await expectBadInput(['trace', '--model', wide, '--batch', many], line);
    await expectBadInput(['check', '--model', wide, '--batch', many, '--trace', mine], line);
    await expectBadInput(['gradcheck', '--model', wide, '--batch', many], line);
  });

  it('a 784-10000-10 trace of 10,000 examples is refused from the declared sizes, before a number is validated', async () => {
    // Before: the step ran for 9.5 minutes and died out of memory (exit 134). The last number of
    // each file is not a number: validation would name it, so the budget's line shows that the
    // refusal came first, right after parsing (valid files of these sizes get the same line).
    const zeros = (n: number) => `[${new Array(n).fill(0).join(',')}]`;
    const rows = (count: number, n: number) => `[${new Array(count).fill(zeros(n)).join(',')}]`;
    const wide = write(
      'wide-10000.json',
      `{"format":"deltascope-model/1","layers":[{"activation":"sigmoid","weights":${rows(10000, 784)},"biases":${zeros(10000)}},` +
        `{"activation":"softmax","weights":${rows(10, 10000)},"biases":${zeros(9).slice(0, -1)},"x"]}]}`,
    );
    const big = write('batch-10000.json', `{"inputs":${rows(10000, 784)},"labels":${zeros(9999).slice(0, -1)},"x"]}`);
    const line = `${big}: the step of 784-10000-10 on 10,000 examples has 416,320,022 numbers, more than deltascope's budget of 20,000,000: use a batch of at most 102 examples, or a smaller network`;
    await expectBadInput(['trace', '--model', wide, '--batch', big], line);
  });

  it('a file over the read budget is refused from its size, unread', async () => {
    const huge = write('huge.json', '');
    truncateSync(huge, FILE_BYTE_BUDGET + 1); // sparse: no disk used
    const line = `${huge}: the file is 537 MB, more than the 537 MB deltascope reads: use fewer examples or a smaller network`;
    await expectBadInput(['trace', '--model', huge, '--batch', batch], line);
    await expectBadInput(['check', '--model', model, '--batch', batch, '--trace', huge], line);
  });

  it("an npz whose arrays unpack over the read budget, from the zip's directory, uninflated", async () => {
    const bytes = npz({ loss: npyRows(0.358) });
    // Claim a 4 GB array in the central directory (uncompressed size at offset 24 of its header).
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const central = bytes.findIndex((_, i) => view.getUint32(i, true) === 0x02014b50);
    view.setUint32(central + 24, 0xfffffff0, true);
    const bomb = write('bomb.npz', bytes);
    await expectBadInput(['check', '--model', model, '--batch', batch, '--trace', bomb], `${bomb}: its arrays unpack to 4,295 MB, more than the 537 MB deltascope reads: use fewer examples or a smaller network`);
  });
});

describe('numbers are read as written, and their rules are the settings’ own', () => {
  it('--lr -1 names the real problem, a negative learning rate (before: "--lr takes no value")', async () => {
    await expectBadInput(['trace', '--model', model, '--batch', batch, '--lr', '-1'], '--lr: expected > 0, got -1');
    await expectBadInput(['train', '--lr', '-1'], '--lr: expected > 0, got -1');
    await expectBadInput(['check', '--model', model, '--batch', batch, '--trace', mine, '--lr', '-1'], '--lr: expected > 0, got -1');
    await expectBadInput(['trace', '--model', model, '--batch', batch, '--momentum', '-.5'], '--momentum: expected ≥ 0, got -0.5');
    await expectBadInput(['gradcheck', '--threshold', '-1e-7'], '--threshold: expected a number ≥ 0, got -1e-7');
  });

  it('a value that starts with "-" but is no number says how to write it', async () => {
    const result = await cli('trace', '--model', model, '--batch', batch, '--lr', '--momentum', '0.9');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^trace: --lr needs a value \(to give one that starts with "-", write --lr=-…\)\n/);
  });

  it.each([
    ['1e-400', '--lr: 1e-400 is too small for a double: it would be read as 0 (the smallest is about 5e-324)'],
    ['0x10', '--lr: expected a decimal number, got "0x10" (write 16 if that is what you mean)'],
    ['0b11', '--lr: expected a decimal number, got "0b11" (write 3 if that is what you mean)'],
    ['0o17', '--lr: expected a decimal number, got "0o17" (write 15 if that is what you mean)'],
    ['Infinity', '--lr: expected a finite number, got "Infinity"'],
    ['NaN', '--lr: expected a finite number, got "NaN"'],
    ['1e999', '--lr: 1e999 is too large for a double (the largest is about 1.8e308)'],
    ['', '--lr: expected a number, got ""'],
    ['0.5abc', '--lr: expected a number, got "0.5abc"'],
    ['1_000', '--lr: expected a number, got "1_000"'],
  ])('--lr %j is refused with a message (before: hex became 16, 1e-400 became 0)', async (text, line) => {
    await expectBadInput(['trace', '--model', model, '--batch', batch, '--lr', text], line);
  });

  it('integers: no hex seeds or layer sizes, and exact', async () => {
    await expectBadInput(['init-model', '--seed', '0x10'], '--seed: expected a decimal number, got "0x10" (write 16 if that is what you mean)');
    await expectBadInput(['init-model', '--layers', '784-0x40-10'], '--layers: expected layer sizes like 784-64-10, got "784-0x40-10"');
    await expectBadInput(['export-batch', '--start', '9007199254740993'], '--start: 9007199254740993 is too large to be an exact integer (at most 2^53 − 1)');
    await expectBadInput(['export-batch', '--start', '1.5'], '--start: expected an integer, got "1.5"');
  });

  it('decimal forms still read as before: 5e-1, .5, +0.5, 0.50, 1E-1', async () => {
    for (const lr of ['5e-1', '.5', '+0.5', '0.50', '1E-1']) {
      const result = await cli('trace', '--model', model, '--batch', batch, '--lr', lr);
      expect(result.code, lr).toBe(0);
      expect(JSON.parse(result.stdout).learningRate).toBe(Number(lr));
    }
  });
});

describe('μ < 1 in every command', () => {
  it.each(['1', '2'])('--momentum %s is refused by trace, train and check', async (mu) => {
    for (const argv of [
      ['trace', '--model', model, '--batch', batch],
      ['train'],
      ['check', '--model', model, '--batch', batch, '--trace', mine],
    ]) {
      await expectBadInput([...argv, '--momentum', mu], `--momentum: expected < 1, got ${mu}`);
    }
  });

  it("check refuses a trace file's μ ≥ 1 and α ≤ 0 by the same rules (before: the step ran with μ = 2)", async () => {
    const fast = write('fast.json', { format: 'deltascope-trace/1', momentum: 2, loss: 0.358 });
    await expectBadInput(['check', '--model', model, '--batch', batch, '--trace', fast], `${fast}: momentum: expected < 1, got 2`);
    const still = write('still.json', { format: 'deltascope-trace/1', learningRate: 0, loss: 0.358 });
    await expectBadInput(['check', '--model', model, '--batch', batch, '--trace', still], `${still}: learningRate: expected > 0, got 0`);
  });
});

describe('duplicate keys are an error naming the key and its path', () => {
  it('in a model, a batch, a velocity, a config and a learner trace', async () => {
    const text = JSON.stringify(MODEL_222);
    const twiceFormat = write('format.json', text.replace('{"format":"deltascope-model/1"', '{"format":"deltascope-trace/1","format":"deltascope-model/1"'));
    await expectBadInput(['trace', '--model', twiceFormat, '--batch', batch], `${twiceFormat}: format: duplicate key "format"`);
    const twiceWeights = write('weights.json', text.replace('"biases":[0.05,-0.1]', '"biases":[0.05,-0.1],"weights":[[0,0],[0,0]]'));
    await expectBadInput(['trace', '--model', twiceWeights, '--batch', batch], `${twiceWeights}: layers[0].weights: duplicate key "weights"`);
    const labels = write('labels.json', '{"inputs": [[1, 0.5]], "labels": [0], "labels": [1]}');
    await expectBadInput(['trace', '--model', model, '--batch', labels], `${labels}: labels: duplicate key "labels"`);
    const v = write('v.json', '{"weights": [[[0, 0], [0, 0]], [[0, 0], [0, 0]]], "biases": [[0, 0], [0, 0]], "biases": [[0, 0], [0, 0]]}');
    await expectBadInput(['trace', '--model', model, '--batch', batch, '--momentum', '0.5', '--velocity', v], `${v}: biases: duplicate key "biases"`);
    const config = write('config.json', '{"learningRate": 0.1, "batchSize": 64, "learningRate": 5}');
    await expectBadInput(['train', '--config', config], `${config}: learningRate: duplicate key "learningRate"`);
    const theirs = write('theirs.json', '{"layers": [{"delta": [[0, 0]]}, {"delta": [[1, 1]], "delta": [[0.3, -0.3]]}]}');
    await expectBadInput(['check', '--model', model, '--batch', batch, '--trace', theirs], `${theirs}: layers[1].delta: duplicate key "delta"`);
  });

  it('in an npz: two arrays of one name', async () => {
    const bytes = npz({ z1: npyRows([[0.25, -0.2]]), z2: npyRows([[0.011, 0.854]]) });
    const name = new TextEncoder().encode('z2.npy');
    for (let i = 0; i + name.length <= bytes.length; i++) if (name.every((b, k) => bytes[i + k] === b)) bytes[i + 1] = 0x31; // "z2.npy" → "z1.npy"
    const twice = write('twice.npz', bytes);
    await expectBadInput(['check', '--model', model, '--batch', batch, '--trace', twice], `${twice}: z1: the archive holds two entries named "z1.npy"`);
  });
});

describe('output paths are checked before the work starts', () => {
  const unwritable = join(dir, 'm'.repeat(300) + '.json'); // longer than any file system's name limit

  it('train --save-model: refused before training (before: after the whole run, with its progress printed)', async () => {
    await expectBadInput(
      ['train', '--layers', '784-4-10', '--split', '300/100', '--epochs', '1', '--train-eval-size', '0', '--no-evaluate-test', '--save-model', unwritable],
      `--save-model ${unwritable}: cannot write: the name is too long`,
    );
  });

  it('init-model --out and export-batch --out', async () => {
    await expectBadInput(['init-model', '--out', unwritable], `--out ${unwritable}: cannot write: the name is too long`);
    await expectBadInput(['export-batch', '--out', unwritable], `--out ${unwritable}: cannot write: the name is too long`);
  });

  it('the check leaves an existing file as it was and creates none', async () => {
    const kept = write('kept.json', 'old contents');
    await expectBadInput(['init-model', '--out', kept, '--layers', '784-0x40-10'], '--layers: expected layer sizes like 784-64-10, got "784-0x40-10"');
    expect(readFileSync(kept, 'utf8')).toBe('old contents');
    const fresh = join(dir, 'fresh.json');
    await expectBadInput(['export-batch', '--out', fresh, '--start', '60000', '--size', '2'], '--start 60,000 --size 2: the training set has 60,000 images (1 … 60,000); the last batch of 2 starts at 59,999');
    expect(existsSync(fresh)).toBe(false);
  });
});
