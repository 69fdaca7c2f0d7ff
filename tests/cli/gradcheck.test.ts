// gradcheck: passes (exit 0) on correct backprop, fails (exit 1) above its threshold.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BATCH_222, cli, MODEL_222, tempDir } from './helpers';

interface GradcheckJson {
  ok: boolean;
  threshold: number;
  arrays: { layer: number; param: string; checked: number; total: number; relativeError: number; worst: { index: number; unit: number; input?: number } }[];
}

describe('gradcheck', () => {
  it('passes on a fresh MNIST net: every array within 1e-7, sampled arrays capped', async () => {
    const result = await cli('gradcheck', '--layers', '784-16-10', '--activation', 'improved-sigmoid', '--init', 'normal', '--batch-size', '4', '--max-per-array', '50', '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as GradcheckJson;
    expect(report.ok).toBe(true);
    expect(report.arrays.map((a) => `${a.param}${a.layer} ${a.checked}/${a.total}`)).toEqual(['W1 50/12544', 'b1 16/16', 'W2 50/160', 'b2 10/10']);
    for (const a of report.arrays) {
      // worst.index is the flat 0-based index (row-major [unit][input] for W); unit and input
      // name the same entry as the screens do: hidden units and inputs from 1, outputs by class
      const width = a.param === 'W' ? (a.layer === 1 ? 784 : 16) : 1;
      const row = Math.floor(a.worst.index / width);
      expect(a.worst.unit).toBe(a.layer === 2 ? row : row + 1);
      if (a.param === 'W') expect(a.worst.input).toBe((a.worst.index % width) + 1);
      else expect(a.worst.input).toBeUndefined();
      expect(a.relativeError).toBeLessThan(1e-7);
      expect(a.relativeError).toBeGreaterThan(0); // finite differences are never exact
    }
  });

  it('fails with exit 1 when the threshold is below the finite-difference error', async () => {
    const result = await cli('gradcheck', '--layers', '784-8-10', '--batch-size', '2', '--max-per-array', '10', '--threshold', '1e-30');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/\nFAILED: 4 of 4 arrays above the threshold 1 × 10⁻³⁰ \(largest \d(\.\d{1,2})? × 10⁻[⁰¹²³⁴⁵⁶⁷⁸⁹]+\)\n$/);
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
    expect(result.stdout).toMatch(/^gradient check of 2-2-2 from .*model\.json\non 2 examples from .*batch\.json, ε = 1 × 10⁻⁶, float64\n/);
    expect(result.stdout).toMatch(/\n1      Wⱼᵢ    4 of 4 /);
    // The CLI's measure is named, with its formula, above the table it heads.
    expect(result.stdout).toContain('\nnormalised difference = ‖a − n‖ / (‖a‖ + ‖n‖)\n\nlayer  param  checked          normalised difference  max |backprop − numerical|\n');
    expect(result.stdout).not.toContain('relative error');
    expect(result.stdout).toMatch(/\n2      bₖ     2 of 2 /);
    expect(result.stdout).toMatch(/\nOK: the largest normalised difference, \d(\.\d{1,2})? × 10⁻[⁰¹²³⁴⁵⁶⁷⁸⁹]+, is within the threshold 1 × 10⁻⁷\n$/);
  });

  it('--start counts training images from 1, as the screens do: 1 is the default, the file\'s first', async () => {
    const args = ['gradcheck', '--layers', '784-4-10', '--batch-size', '2', '--max-per-array', '5'];
    const first = await cli(...args, '--start', '1');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/\non training images 1 … 2, ε = 1 × 10⁻⁶, float64\n/);
    expect((await cli(...args)).stdout).toBe(first.stdout);
    const later = await cli(...args, '--start', '2');
    expect(later.stdout).toMatch(/\non training images 2 … 3, ε/);
    expect(later.stdout).not.toBe(first.stdout.replace('images 1 … 2', 'images 2 … 3')); // other images, other errors
  });

  it('refuses --start 0 and a start past the last batch, in the count it takes', async () => {
    const zero = await cli('gradcheck', '--layers', '784-4-10', '--start', '0');
    expect([zero.code, zero.stderr]).toEqual([2, '--start: there is no image 0: images are counted from 1\n']);
    const past = await cli('gradcheck', '--layers', '784-4-10', '--start', '60000', '--batch-size', '2');
    expect(past.stderr).toBe('--start 60,000 --batch-size 2: the training set has 60,000 images (1 … 60,000); the last batch of 2 starts at 59,999\n');
    expect((await cli('gradcheck', '--help')).stdout).toContain('first training image, counted from 1 as the screens count');
  });

  it('refuses net flags together with --model', async () => {
    const result = await cli('gradcheck', '--model', 'x.json', '--layers', '784-10');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^gradcheck: --layers describes a fresh network: leave it out with --model\n/);
  });
});
