// experiments --jobs: independent runs on worker threads give each run the numbers it has when
// the runs go one after the other — bit for bit: configs, every check's losses and accuracies,
// the final metrics, steps and stop reasons. (Times differ; they are left out of the comparison.)
import { describe, expect, it } from 'vitest';
import { cliProcess } from './helpers';

const GRID = ['experiments', '--preset', '2,3d,4c,5', '--seeds', '2', '--epochs', '1', '--split', '3000/500', '--json'];

interface RunJson {
  seed: number;
  config: unknown;
  result: Record<string, unknown>;
  checks: { trainingMs: number }[];
}

/** Everything of the runs but their times. */
function numbers(stdout: string) {
  const out = JSON.parse(stdout) as { jobs: number; presets: { id: string; runs: RunJson[] }[] };
  return {
    jobs: out.jobs,
    runs: out.presets.flatMap((p) =>
      p.runs.map(({ seed, config, result, checks }) => {
        const { wallSeconds: _w, trainingMs: _t, samplesPerSecond: _s, ...rest } = result as Record<string, unknown>;
        return { preset: p.id, seed, config, result: rest, checks: checks.map(({ trainingMs: _m, ...check }) => check) };
      }),
    ),
  };
}

describe('experiments --jobs', () => {
  it('gives every run the same numbers on 2 worker threads as one after the other', async () => {
    const [serial, parallel] = await Promise.all([cliProcess(...GRID, '--jobs', '1'), cliProcess(...GRID, '--jobs', '2')]);
    expect(serial.code, serial.stderr).toBe(0);
    expect(parallel.code, parallel.stderr).toBe(0);
    expect(serial.stderr).toContain('one run at a time');
    expect(parallel.stderr).toContain('2 runs at a time on worker threads');
    const one = numbers(serial.stdout);
    const two = numbers(parallel.stdout);
    expect([one.jobs, two.jobs]).toEqual([1, 2]);
    expect(one.runs).toHaveLength(8);
    expect(one.runs.map((r) => `${r.preset}/${r.seed}`)).toEqual(['2/1', '2/2', '3d/1', '3d/2', '4c/1', '4c/2', '5/1', '5/2']);
    // Each run's checks really are numbers (so the comparison below compares something).
    expect(one.runs.every((r) => r.checks.length === 4 && typeof (r.checks[0] as { validation: { loss: number } }).validation.loss === 'number')).toBe(true);
    expect(two.runs).toEqual(one.runs);
    // One progress line per run, whichever thread ran it.
    expect(parallel.stderr.split('\n').filter((l) => /seed \d: max epochs/.test(l))).toHaveLength(8);
  });
});
