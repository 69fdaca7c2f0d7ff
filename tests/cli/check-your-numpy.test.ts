// docs/check-your-numpy.md, run as a learner runs it: export a model and a batch, run the
// doc's numpy scripts with python3, check their npz files (written by numpy's own np.savez)
// and compare with the verdicts the doc shows. Needs python3 with numpy (Debian's
// python3-numpy; .ci/run installs it): without it this test fails, it never skips.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers';

const DOC = readFileSync(new URL('../../docs/check-your-numpy.md', import.meta.url), 'utf8');
const blocks = (language: string) => Array.from(DOC.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g')), (m) => m[1]);
const [oneStep, forgotFprime] = blocks('python');
const [agreeShown, differShown] = blocks('text');
const dir = tempDir();

function python(script: string): void {
  const run = spawnSync('python3', [script], { cwd: dir, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python3 ${script} failed (${run.status}): ${run.stderr}`);
}

async function check(): Promise<{ code: number; text: string }> {
  const result = await cli('check', '--model', join(dir, 'model.json'), '--batch', join(dir, 'batch.json'), '--trace', join(dir, 'mine.npz'), '--lr', '0.1');
  expect(result.stderr).toBe('');
  return { code: result.code, text: result.stdout.replaceAll(`${dir}/`, '') };
}

/** Every line the doc shows appears in the real output; table rows by name and status, numbers aside (they are numpy's last bits). */
function expectShown(shown: string, text: string): void {
  const rows = new Map(text.split('\n').filter((l) => /^ {2}\S+ +(ok|differs|missing) /.test(l)).map((l) => [l.trim().split(/ +/)[0], l.trim().split(/ +/)[1]]));
  for (const line of shown.split('\n')) {
    if (line.trim() === '' || line.trim() === '…' || line.startsWith('  yours')) continue;
    const row = /^ {2}(\S+) +(ok|differs|missing) /.exec(line);
    if (row && row[1] !== 'quantity') expect(rows.get(row[1]), line).toBe(row[2]);
    else expect(text.split('\n'), line).toContain(line);
  }
}

describe('docs/check-your-numpy.md', () => {
  beforeAll(async () => {
    const numpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
    if (numpy.status !== 0) {
      throw new Error(`this test needs python3 with numpy (Debian: apt-get install -y python3-numpy; .ci/run installs it): ${numpy.error?.message ?? numpy.stderr}`);
    }
    expect((await cli('init-model', '--layers', '784-16-10', '--init', 'normal', '--out', join(dir, 'model.json'))).code).toBe(0);
    expect((await cli('export-batch', '--size', '4', '--out', join(dir, 'batch.json'))).code).toBe(0);
    writeFileSync(join(dir, 'one_step.py'), oneStep);
    writeFileSync(join(dir, 'forgot_fprime.py'), forgotFprime);
  });

  it('shows two scripts and two verdicts', () => {
    expect(oneStep).toContain('np.savez("mine.npz"');
    expect(forgotFprime).toContain('import one_step as step');
    expect(DOC.indexOf('Save `one_step.py`')).toBeLessThan(DOC.indexOf(oneStep));
    expect(DOC.indexOf('Save `forgot_fprime.py`')).toBeLessThan(DOC.indexOf(forgotFprime));
  });

  it('the correct step agrees: exit 0 and the verdict shown', async () => {
    python('one_step.py');
    const { code, text } = await check();
    expect(code).toBe(0);
    expectShown(agreeShown, text);
  });

  it('the step without f′(z) differs at the hidden δ and is diagnosed: exit 1 and the verdict shown', async () => {
    python('forgot_fprime.py');
    const { code, text } = await check();
    expect(code).toBe(1);
    expectShown(differShown, text);
    expect(text).toContain('diagnosis missing-activation-derivative');
  });
});
