// `npm run bench`: runs the benchmarks and prints PASS/FAIL against the project's
// speed targets; exits non-zero when one fails. Timing lives here, never in unit tests.
//
// Options: --quick (fewer repeats, no TypeScript fallback), --epochs N. Take figures on a quiet
// machine: the load average is printed so a noisy run can be recognised. numpy's ratio is a
// separate, optional bench (it needs python3 with numpy): npm run bench:numpy.

import { loadMnistFromPackage } from '../src/data/node';
import { runEngineBench } from './engine.bench';
import { runMachineBench } from './machine.bench';
import { loadAverage } from './stats';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? '') : undefined;
}

async function main(): Promise<void> {
  const quick = flag('quick') !== undefined;
  const epochs = Number(flag('epochs') ?? (quick ? 1 : 5));
  const log = (line: string) => console.log(line);
  log(`deltascope bench — Node ${process.versions.node}, load average ${(await loadAverage()).toFixed(2)}`);
  const { train, test } = loadMnistFromPackage();
  const engine = await runEngineBench({
    train,
    test,
    epochs,
    fallbackEpochs: quick ? 0 : 1,
    latencyRepeats: quick ? 50 : 300,
    evaluationRepeats: quick ? 3 : 7,
    log,
  });
  log('');
  const machine = await runMachineBench({ train, stepBatches: quick ? 10 : 40, epochs: quick ? 1 : 3, log });
  const pass = engine.pass && machine.pass;
  log('');
  log(`load average at the end ${(await loadAverage()).toFixed(2)}`);
  log(pass ? 'bench: all targets met' : 'bench: FAIL — a target was missed');
  if (!pass) process.exitCode = 1;
}

await main();
