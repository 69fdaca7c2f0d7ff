// gradcheck: passes (exit 0) on correct backprop, fails (exit 1) above its threshold.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BATCH_222, cli, MODEL_222, tempDir } from './helpers';

interface GradcheckJson {
  ok: boolean;
  threshold: number;
  arrays: { layer: number; param: string; checked: number; total: number; relativeError: number }[];
}

describe('gradcheck', () => {
  it('passes on a fresh MNIST net: every array within 1e-7, sampled arrays capped', async () => {
    const result = await cli('gradcheck', '--layers', '784-16-10', '--activation', 'improved-sigmoid', '--init', 'normal', '--batch-size', '4', '--max-per-array', '50', '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as GradcheckJson;
    expect(report.ok).toBe(true);
    expect(report.arrays.map((a) => `${a.param}${a.layer} ${a.checked}/${a.total}`)).toEqual(['W1 50/12544', 'b1 16/16', 'W2 50/160', 'b2 10/10']);
    for (const a of report.arrays) {
      expect(a.relativeError).toBeLessThan(1e-7);
      expect(a.relativeError).toBeGreaterThan(0); // finite differences are never exact
    }
  });

  it('fails with exit 1 when the threshold is below the finite-difference error', async () => {
    const result = await cli('gradcheck', '--layers', '784-8-10', '--batch-size', '2', '--max-per-array', '10', '--threshold', '1e-30');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/\nFAILED: 4 of 4 arrays above the threshold 1e-30 \(largest \d\.\d\de-\d+\)\n$/);
    expect(result.stdout.match(/← above the threshold/g)).toHaveLength(4);
  });

  it('checks a model file on a batch file, every entry with --max-per-array 0', async () => {
    const dir = tempDir();
    const model = join(dir, 'model.json');
    const batch = join(dir, 'batch.json');
    writeFileSync(model, JSON.stringify(MODEL_222));
    writeFileSync(batch, JSON.stringify({ inputs: [...BATCH_222.inputs, [-1, 2]], labels: [1, 0] }));
    const result = await cli('gradcheck', '--model', model, '--batch', batch, '--max-per-array', '0');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^gradient check of 2-2-2 from .*model\.json\non 2 examples from .*batch\.json, ε = 1e-6, float64\n/);
    expect(result.stdout).toMatch(/\n1      W      4 of 4 /);
    expect(result.stdout).toMatch(/\nOK: the largest relative error, \d\.\d\de-\d+, is within the threshold 1e-7\n$/);
  });

  it('refuses net flags together with --model', async () => {
    const result = await cli('gradcheck', '--model', 'x.json', '--layers', '784-10');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^gradcheck: --layers describes a fresh network: leave it out with --model\n/);
  });
});
