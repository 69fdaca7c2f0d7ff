// `npm run bench:numpy` (optional; needs python3 with numpy): deltascope's training epoch
// against numpy + OpenBLAS on one core, doing the same work, in the same sitting.
//
// Both sides: 60,000 MNIST training images, a fresh shuffle every epoch, batches of 128
// gathered from the bytes in the shuffle order and scaled to float32, sigmoid MLP, softmax +
// cross-entropy, backward, SGD (α = 0.1, U(−1, 1) init). numpy's side is bench/numpy_epoch.py,
// started once with OPENBLAS_NUM_THREADS=1 (and OMP/MKL/…=1) and fed one command at a time, so
// its epochs and ours alternate: each round runs one epoch of ours, then one of numpy's, and
// the pair shares whatever the machine was doing at that moment. One untimed epoch on each
// side first (numpy's first epoch is slow while many sigmoids saturate and exp overflows).
//
// The ratio printed is median(ours) / median(numpy's) of samples/s of wall-clock time (the
// target's measure), and beside it the same per second of each process's own CPU time, which
// other work on the machine disturbs much less (a busy machine stretches wall time, not CPU
// time); the medians of the per-round ratios follow. Options: --rounds N (default 7),
// --sizes 784-64-10,…

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mnistPackageDataDir, loadMnistFromPackage } from '../src/data/node';
import { describeSizes } from '../src/engine/network';
import { newEpochRunner, type EpochRunner } from './training-epoch';
import { formatRate, loadAverage, median, verdict } from './stats';

export const TARGET_NUMPY_RATIO = 0.9;
const DEFAULT_NETS = ['784-64-10', '784-128-64-10'];

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? '') : undefined;
}

interface NumpyProcess {
  ask(command: string): Promise<Record<string, unknown>>;
  close(): void;
}

function startNumpy(): NumpyProcess {
  const script = new URL('./numpy_epoch.py', import.meta.url).pathname;
  const child = spawn('python3', [script, mnistPackageDataDir()], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  });
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  let failure: Error | null = null;
  lines.on('line', (line) => waiting.shift()?.(line));
  const fail = (error: Error) => {
    failure = error;
    for (const w of waiting.splice(0)) w(JSON.stringify({ error: error.message }));
  };
  child.on('error', fail);
  child.on('exit', (code) => fail(new Error(`python3 exited with code ${code}`)));
  return {
    ask(command) {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        waiting.push((line) => {
          const reply = JSON.parse(line) as Record<string, unknown>;
          if (typeof reply.error === 'string') reject(new Error(`numpy: ${reply.error}`));
          else resolve(reply);
        });
        child.stdin.write(command + '\n');
      });
    },
    close() {
      child.stdin.end('quit\n');
    },
  };
}

const loadNow = async () => (await loadAverage()).toFixed(2);

/** "ours theirs ratio×" in fixed columns. */
const row = (ours: number, theirs: number) => `${formatRate(ours).padStart(10)} ${formatRate(theirs).padStart(9)} ${(ours / theirs).toFixed(2).padStart(6)}×`;

async function main(): Promise<void> {
  const rounds = Number(flag('rounds') ?? 7);
  const nets = (flag('sizes') ?? DEFAULT_NETS.join(',')).split(',');
  const log = (line: string) => console.log(line);
  const numpy = startNumpy();
  let info: Record<string, unknown>;
  try {
    info = await numpy.ask('info');
  } catch (error) {
    log(`bench:numpy skipped — python3 with numpy is needed (${(error as Error).message})`);
    numpy.close();
    return;
  }
  const threads = info.threads as Record<string, string>;
  log(`deltascope vs numpy — Node ${process.versions.node}; numpy ${info.numpy} on ${info.blas}, python ${info.python}, ` +
    `OPENBLAS_NUM_THREADS=${threads.OPENBLAS_NUM_THREADS}, OMP_NUM_THREADS=${threads.OMP_NUM_THREADS}`);
  log(`One epoch = 60,000 images, batch 128, float32, sigmoid, fresh shuffle + byte→float gather, forward, softmax/CE, backward, SGD.`);
  log(`${rounds} rounds per net, each one epoch of ours then one of numpy's, after one untimed epoch each; load average now ${await loadNow()}.`);
  const { train } = loadMnistFromPackage();
  let pass = true;
  for (const name of nets) {
    const sizes = name.split('-').map(Number);
    const runner: EpochRunner = await newEpochRunner(sizes, train);
    runner.epoch();
    await numpy.ask(`epoch ${name}`);
    const ours = { wall: [] as number[], cpu: [] as number[] };
    const theirs = { wall: [] as number[], cpu: [] as number[] };
    const loads: number[] = [];
    log('');
    log(`${describeSizes(sizes)} (${runner.kernels}), samples/s     ── wall clock ──────────────    ── per CPU second ───────────    load`);
    log(`                               deltascope     numpy   ratio   deltascope     numpy   ratio`);
    for (let r = 0; r < rounds; r++) {
      const mine = runner.epoch();
      const other = (await numpy.ask(`epoch ${name}`)) as { samplesPerSecond: number; cpuSamplesPerSecond: number };
      const load = await loadAverage();
      ours.wall.push(mine.samplesPerSecond);
      ours.cpu.push(mine.cpuSamplesPerSecond);
      theirs.wall.push(other.samplesPerSecond);
      theirs.cpu.push(other.cpuSamplesPerSecond);
      loads.push(load);
      log(`  round ${String(r + 1).padEnd(20)} ${row(mine.samplesPerSecond, other.samplesPerSecond)}   ${row(mine.cpuSamplesPerSecond, other.cpuSamplesPerSecond)} ${load.toFixed(2).padStart(6)}`);
    }
    const ratio = median(ours.wall) / median(theirs.wall);
    const cpuRatio = median(ours.cpu) / median(theirs.cpu);
    log(`  median${' '.repeat(21)} ${row(median(ours.wall), median(theirs.wall))}   ${row(median(ours.cpu), median(theirs.cpu))}  (load ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)})`);
    log(`  (medians of the rounds' own ratios: ${median(ours.wall.map((o, i) => o / theirs.wall[i])).toFixed(2)}× wall, ${median(ours.cpu.map((o, i) => o / theirs.cpu[i])).toFixed(2)}× CPU)`);
    const ok = ratio >= TARGET_NUMPY_RATIO;
    pass &&= ok;
    log(`  ${verdict(ok)}: ${describeSizes(sizes)} at ${ratio.toFixed(2)}× numpy+OpenBLAS single-threaded, wall clock (target ≥ ${TARGET_NUMPY_RATIO}×; per CPU second ${cpuRatio.toFixed(2)}×)`);
    runner.backend.dispose();
  }
  numpy.close();
  log('');
  log(`load average at the end ${await loadNow()} (2 cores: above ~1 the two sides compete with other work; rerun on a quiet machine)`);
  if (!pass) process.exitCode = 1;
}

await main();
