// Running the CLI in-process (fast) or as a subprocess (to see real exit codes and streams).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function cli(...argv: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { out: (t) => void (stdout += t), err: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

const ROOT = new URL('../../', import.meta.url).pathname;

/** `npx tsx src/cli/main.ts …` in the repository root. */
export function cliProcess(...argv: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'src/cli/main.ts'), ...argv], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'deltascope-cli-'));
}

/** The 2-2-2 network of tests/engine/hand-worked.test.ts and docs/formats.md. */
export const MODEL_222 = {
  format: 'deltascope-model/1',
  layers: [
    { activation: 'sigmoid', weights: [[0.1, 0.2], [-0.3, 0.4]], biases: [0.05, -0.1] },
    { activation: 'softmax', weights: [[0.5, -0.6], [0.7, 0.8]], biases: [0, 0.1] },
  ],
};
export const BATCH_222 = { inputs: [[1, 0.5]], labels: [1] };
