// experiments: the report's experiments (src/experiments/presets.ts) run headless over one or
// more seeds, printed as the same comparison table as the browser's training screen (markdown,
// or JSON with every run's checks). Runs go through prepareTraining and summarizeTraining, as
// the browser's worker does, so a preset and a seed give the same numbers here and in the page.
// The runs are independent: with --jobs N they run N at a time on worker threads
// (../experiments/pool.ts), each with the same numbers as when run one after the other.

import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { comparisonMarkdown, NUMERIC_COLUMNS, STOP_LABELS, columnSpread, type ComparedRun } from '../../experiments/comparison-table';
import { float32KernelName, kernelsFor } from '../../engine/kernels/registry';
import { enableFastKernels } from '../../engine/kernels/wasm/index';
import { PRESET_IDS, PRESETS, presetArchitecture, presetById, presetConfig, presetParameterCount, type Preset } from '../../experiments/presets';
import { REPORT_SPLIT, trainingConfigSchema, type TrainingConfig, type TrainingConfigInput } from '../../engine/training-config';
import { checkConfig, configFlags, mergeConfigFlags } from '../config-flags';
import { loadMnistFromPackage } from '../../data/node';
import { CLI, EXIT_FAILED, EXIT_OK, InputError, parseFlags, type Command } from '../args';
import { runInWorkers } from '../experiments/pool';
import { runExperiment, type ExperimentRunJson } from '../experiments/run';
import { fixed, grouped, percent, plural } from '../../format';

export type { ExperimentRunJson };

const help = `usage: ${CLI} experiments [--preset NAME|all] [--seeds N] [--first-seed S] [--json]

Runs the report's experiments as presets and prints a comparison table: final train,
validation and test accuracy and loss, epochs and steps to the stop, wall time and
parameter count. With --seeds N each preset runs with seeds S … S+N−1 and the table shows
mean ± sample standard deviation. Progress goes to stderr.

presets:
${PRESETS.map((p) => `  ${p.id.padEnd(3)} ${p.title.padEnd(26)} ${presetArchitecture(p)}`).join('\n')}

options:
  --preset NAME        one of ${PRESET_IDS.join(', ')}, or all (default all); may be a
                       comma-separated list, e.g. 2,3c,5
  --seeds N            seeds per preset (default 1)
  --first-seed S       the first seed (default 1)
  --epochs N           at most N epochs instead of the preset's 20 (a short run)
  --split POOL/VAL     train on the first POOL training images, the last VAL of them held
                       out for validation, instead of the report's ${grouped(REPORT_SPLIT.pool)} / ${grouped(REPORT_SPLIT.validation)}
  --precision NAME     float32 (WebAssembly SIMD, the browser's) or float64 (default float32)
  --jobs N             runs at a time, each on its own thread (default: this machine's
                       cores, ${availableParallelism()}); every run's numbers are the same for any N
  --json               print every run (config, result, checks) and the summaries as JSON
  -h, --help           this text

Exit code 0, or 1 when a run diverged.

examples:
  ${CLI} experiments --preset all
  ${CLI} experiments --preset all --seeds 3 --jobs 1
  ${CLI} experiments --preset 3c --seeds 3 --precision float64
  ${CLI} experiments --preset 2 --epochs 1 --json > short.json`;

const FLAGS = {
  preset: { type: 'string' },
  seeds: { type: 'string' },
  'first-seed': { type: 'string' },
  ...configFlags('epochs', 'split', 'precision'),
  jobs: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export interface ExperimentPresetJson {
  readonly id: string;
  readonly title: string;
  readonly source: string;
  readonly architecture: string;
  readonly parameters: number;
  readonly runs: readonly ExperimentRunJson[];
  /** Per numeric column of the table: n, mean, sd, min, max over the seeds. */
  readonly summary: Record<string, { n: number; mean: number; sd: number; min: number; max: number }>;
}

function parsePresets(text: string | undefined): Preset[] {
  if (text === undefined || text === 'all') return [...PRESETS];
  return text.split(',').map((name) => {
    const preset = presetById(name.trim());
    if (!preset) throw new InputError(`--preset: expected all or one of ${PRESET_IDS.join(', ')}, got ${JSON.stringify(name.trim())}`);
    return preset;
  });
}


export const experiments: Command = {
  name: 'experiments',
  summary: "run the report's experiments (presets) and print a comparison table",
  help,
  async run(argv, io) {
    const flags = parseFlags(argv, FLAGS);
    if (flags.help) {
      io.out(help + '\n');
      return EXIT_OK;
    }
    const presets = parsePresets(flags.string('preset'));
    const seeds = flags.number('seeds', { integer: true, min: 1, max: 100 }) ?? 1;
    const firstSeed = flags.number('first-seed', { integer: true, min: 0, max: 0xffffffff - 100 }) ?? 1;
    // --epochs, --split and --precision change every preset; they keep the training config's rules.
    const { raw, flagOf } = mergeConfigFlags(flags);
    checkConfig(trainingConfigSchema, raw, flagOf);
    const changes = raw as Partial<TrainingConfigInput>;
    const precision = changes.precision;
    // Validate every config before any work.
    for (const preset of presets) presetConfig(preset, firstSeed, changes);
    const json = flags.boolean('json') ?? false;
    const jobs = flags.number('jobs', { integer: true, min: 1, max: 256 }) ?? availableParallelism();

    const wallStart = performance.now();
    const fast = (precision ?? 'float32') === 'float32';
    if (fast) await enableFastKernels();
    const kernels = fast ? float32KernelName() : kernelsFor('float64').name;
    const grid: { preset: Preset; config: TrainingConfig }[] = [];
    for (const preset of presets) {
      for (let seed = firstSeed; seed < firstSeed + seeds; seed++) grid.push({ preset, config: presetConfig(preset, seed, changes) });
    }
    const threads = Math.min(jobs, grid.length);
    io.err(
      `experiments: ${plural(presets.length, 'preset')} × ${plural(seeds, 'seed')}, ${precision ?? 'float32'} (${kernels}), ` +
        (threads > 1 ? `${threads} runs at a time on worker threads\n` : 'one run at a time\n'),
    );

    let diverged = false;
    const report = (run: ExperimentRunJson, index: number) => {
      const { result, wallSeconds } = run;
      diverged ||= result.stopReason === 'diverged';
      io.err(
        `  ${grid[index].preset.id.padEnd(3)} seed ${run.seed}: ${STOP_LABELS[result.stopReason]} after ${fixed(result.epochs, 2)} epochs (${plural(result.steps, 'step')}), ` +
          `val ${percent(result.final.validation.accuracy)}, test ${result.final.test ? percent(result.final.test.accuracy) : '—'}, ` +
          `${fixed(wallSeconds, 1)} s, ${grouped(result.samplesPerSecond)} samples/s\n` +
          (result.divergence ? `      ${result.divergence.message}\n` : ''),
      );
    };
    let runs: ExperimentRunJson[];
    if (threads > 1) {
      runs = await runInWorkers(
        grid.map((g) => g.config),
        threads,
        report,
      );
    } else {
      const mnist = loadMnistFromPackage();
      runs = grid.map((g, index) => {
        const run = runExperiment(g.config, mnist);
        report(run, index);
        return run;
      });
    }

    const results: ExperimentPresetJson[] = presets.map((preset, p) => {
      const presetRuns = runs.slice(p * seeds, (p + 1) * seeds);
      const compared: ComparedRun[] = presetRuns.map((r) => ({ seed: r.seed, result: r.result, wallSeconds: r.wallSeconds }));
      return {
        id: preset.id,
        title: preset.title,
        source: preset.source,
        architecture: presetArchitecture(preset),
        parameters: presetParameterCount(preset),
        runs: presetRuns,
        summary: Object.fromEntries(NUMERIC_COLUMNS.map((c) => [c.key, columnSpread(c, compared)])),
      };
    });
    const wallSeconds = (performance.now() - wallStart) / 1000;

    if (json) {
      io.out(JSON.stringify({ kernels, seeds, firstSeed, jobs: threads, wallSeconds, presets: results }, null, 2) + '\n');
    } else {
      const rows = results.map((r) => ({
        label: `${r.id} ${r.title}`,
        architecture: r.architecture,
        runs: r.runs.map((run) => ({ seed: run.seed, result: run.result, wallSeconds: run.wallSeconds })),
      }));
      io.out(comparisonMarkdown(rows) + `\nall runs: ${fixed(wallSeconds, 1)} s wall time (${kernels}, ${threads > 1 ? `${threads} runs at a time` : 'one at a time'})\n`);
    }
    return diverged ? EXIT_FAILED : EXIT_OK;
  },
};
