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
// The ratio printed is median(ours) / median(numpy's) of samples/s; the median of the
// per-round ratios is printed beside it. Options: --rounds N (default 7), --sizes 784-64-10,…

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
    const ours: EpochRunner = await newEpochRunner(sizes, train);
    ours.epoch();
    await numpy.ask(`epoch ${name}`);
    const oursRates: number[] = [];
    const numpyRates: number[] = [];
    const loads: number[] = [];
    log('');
    log(`${describeSizes(sizes)} (${ours.kernels})       deltascope     numpy   ratio   load`);
    for (let r = 0; r < rounds; r++) {
      const mine = ours.epoch();
      const theirs = (await numpy.ask(`epoch ${name}`)) as { samplesPerSecond: number };
      const load = await loadAverage();
      oursRates.push(mine.samplesPerSecond);
      numpyRates.push(theirs.samplesPerSecond);
      loads.push(load);
      log(`  round ${String(r + 1).padEnd(14)} ${formatRate(mine.samplesPerSecond).padStart(10)} ${formatRate(theirs.samplesPerSecond).padStart(9)} ${(mine.samplesPerSecond / theirs.samplesPerSecond).toFixed(2).padStart(6)}× ${load.toFixed(2).padStart(6)}`);
    }
    const ratio = median(oursRates) / median(numpyRates);
    const pairRatio = median(oursRates.map((o, i) => o / numpyRates[i]));
    const ok = ratio >= TARGET_NUMPY_RATIO;
    pass &&= ok;
    log(`  median${' '.repeat(15)} ${formatRate(median(oursRates)).padStart(10)} ${formatRate(median(numpyRates)).padStart(9)} ${ratio.toFixed(2).padStart(6)}×  (median of the rounds' ratios ${pairRatio.toFixed(2)}×; load ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)})`);
    log(`  ${verdict(ok)}: ${describeSizes(sizes)} at ${ratio.toFixed(2)}× numpy+OpenBLAS single-threaded (target ≥ ${TARGET_NUMPY_RATIO}×)`);
  }
  numpy.close();
  log('');
  log(`load average at the end ${await loadNow()} (2 cores: above ~1 the two sides compete with other work; rerun on a quiet machine)`);
  if (!pass) process.exitCode = 1;
}

await main();
