// The real process: exit codes, and nothing on stdout when the input is bad. Few and
// concurrent, since each start of tsx costs about a second.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BATCH_222, cliProcess, MODEL_222, tempDir } from './helpers';

const dir = tempDir();
const batch = join(dir, 'batch.json');
writeFileSync(batch, JSON.stringify(BATCH_222));

describe.concurrent('npx tsx src/cli/main.ts', () => {
  it('exits 2 with one line on stderr and an empty stdout for a bad model', async () => {
    const model = join(dir, 'bad-model.json');
    const bad = structuredClone(MODEL_222);
    bad.layers[0].weights[1].push(0.5);
    writeFileSync(model, JSON.stringify(bad));
    const result = await cliProcess('trace', '--model', model, '--batch', batch);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `${model}: layers[0].weights[1]: expected 2 numbers, got 3\n` });
  });

  it('exits 1 when gradcheck fails and 0 when a trace succeeds', async () => {
    const model = join(dir, 'model.json');
    writeFileSync(model, JSON.stringify(MODEL_222));
    const [failed, traced] = await Promise.all([
      cliProcess('gradcheck', '--model', model, '--batch', batch, '--threshold', '1e-30'),
      cliProcess('trace', '--model', model, '--batch', batch),
    ]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/FAILED: \d of 4 arrays above the threshold 1 × 10⁻³⁰/);
    expect(traced.code).toBe(0);
    expect(traced.stderr).toBe('');
    expect(JSON.parse(traced.stdout).loss).toBeCloseTo(0.358066243288235645, 14);
  });
});
