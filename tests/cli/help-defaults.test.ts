// The --help texts write each default from its one home, as every number is written
// (src/format: 1 × 10⁻⁶, 50,000 / 5,000), never a retyped literal such as 0.000001 or 50000/5000.
import { describe, expect, it } from 'vitest';
import { DEFAULT_TOLERANCE } from '../../src/check';
import { GRADCHECK_DEFAULTS } from '../../src/engine/gradcheck';
import { REPORT_SPLIT } from '../../src/engine/training-config';
import { cli } from './helpers';

const help = async (command: string) => {
  const result = await cli(command, '--help');
  expect(result.code).toBe(0);
  return result.stdout;
};

describe('defaults in --help', () => {
  it('check: the tolerances of float64 and float32 as powers of ten', async () => {
    expect([DEFAULT_TOLERANCE.float64, DEFAULT_TOLERANCE.float32]).toEqual([1e-6, 1e-4]);
    expect(await help('check')).toContain('(default 1 × 10⁻⁶, 1 × 10⁻⁴ with --float32)');
  });

  it('gradcheck: threshold and ε written as the report table writes them; the usage line keeps a value to type', async () => {
    expect(GRADCHECK_DEFAULTS).toEqual({ epsilon: 1e-6, threshold: 1e-7 });
    const text = await help('gradcheck');
    expect(text).toContain('largest acceptable normalised difference (default 1 × 10⁻⁷)');
    expect(text).toContain('the finite-difference step (default 1 × 10⁻⁶)');
    expect(text.split('\n')[0]).toContain('[--threshold 1e-7]');
    expect(text.split('\n').slice(1).join('\n')).not.toMatch(/\de-\d/);
  });

  it("experiments: the report's split, grouped", async () => {
    expect(REPORT_SPLIT).toEqual({ pool: 50_000, validation: 5_000 });
    const text = await help('experiments');
    expect(text).toContain("instead of the report's 50,000 / 5,000");
    expect(text).not.toContain('50000');
  });
});
