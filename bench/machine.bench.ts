// Speed of the debugger machine (issue 3), on 784-64-10 with batches of 128, float32:
//   step.next latency — one sub-step through a real actor, including the new frame (its
//     fresh arrays and byte count) and the history append; target ≤ 4 ms for every sub-step;
//   run.continue throughput — an epoch run by the machine's run loop (time slices, yields,
//     breakpoint checks) against the engine's plain TrainingWorkspace; target ≥ 50 %.
// Runs inside `npm run bench`, or alone: npx tsx bench/machine.bench.ts [--quick]

import { pathToFileURL } from 'node:url';
import { createActor, waitFor } from 'xstate';
import { loadMnistFromPackage } from '../src/data/node';
import { gatherBatch, type LabelledImages } from '../src/engine/dataset';
import { float32KernelName } from '../src/engine/kernels/registry';
import { enableFastKernels } from '../src/engine/kernels/wasm/index';
import { cloneNet } from '../src/engine/network';
import { TrainingWorkspace } from '../src/engine/step';
import { epochOrder } from '../src/data/batches';
import type { Batch } from '../src/engine/types';
import type { BreakpointSpec } from '../src/session/breakpoints';
import { debuggerMachine } from '../src/machine/debugger-machine';
import type { DebuggerInput } from '../src/session/context';
import { currentFrame } from '../src/session/history';
import { formatRate, median, verdict } from './stats';
import { stepLabel } from '../src/viewmodel/step-label';

export const TARGET_STEP_MS = 4;
export const TARGET_RUN_RATIO = 0.5;

const SETTINGS = { sizes: [784, 64, 10], hiddenActivation: 'sigmoid', batchSize: 128, precision: 'float32', learningRate: 0.5, momentum: 0 } as const;

/** The per-sub-step breakpoints a learner would typically leave on (none fire on a healthy run). */
const WATCHING: BreakpointSpec[] = [
  { kind: 'non-finite' },
  { kind: 'loss-rise', factor: 100 },
  { kind: 'delta-above', layer: 0, neuron: 5, threshold: 1e6 },
  { kind: 'saturation', layer: null, threshold: 1e-30 },
];

export interface MachineBenchOptions {
  readonly train: LabelledImages;
  /** Batches stepped sub-step by sub-step for the latency figure. */
  readonly stepBatches: number;
  /** Timed epochs of each loop; the median is reported. */
  readonly epochs: number;
  readonly log: (line: string) => void;
}

function inputFor(train: LabelledImages, breakpoints: BreakpointSpec[] = []): DebuggerInput {
  return { data: { kind: 'mnist', train, validation: null, test: null, seed: 1, shuffle: true }, settings: SETTINGS, breakpoints };
}

/** The engine's plain loop over one epoch in the machine's order: samples/s. */
function plainEpoch(train: LabelledImages, epoch: number): number {
  const net = cloneNet(currentFrame(createActor(debuggerMachine, { input: inputFor(train) }).getSnapshot().context.history).start.net);
  const workspace = new TrainingWorkspace(net, 128);
  const inputs = new Float32Array(128 * 784);
  const labels = new Uint8Array(128);
  const order = epochOrder(train.count, 1, epoch, true);
  const t0 = performance.now();
  for (let start = 0; start < train.count; start += 128) {
    const size = Math.min(128, train.count - start);
    gatherBatch(train, order, start, size, inputs, labels);
    const batch: Batch = { inputs, labels, size };
    workspace.step(net, null, batch, SETTINGS);
  }
  return train.count / ((performance.now() - t0) / 1000);
}

/** step.epoch from the first batch: the run loop over a whole epoch, then the replay of its last batch. */
async function machineEpoch(train: LabelledImages, breakpoints: BreakpointSpec[]): Promise<number> {
  const actor = createActor(debuggerMachine, { input: inputFor(train, breakpoints) }).start();
  try {
    const t0 = performance.now();
    actor.send({ type: 'step.epoch' });
    const s = await waitFor(actor, (x) => x.matches('paused'), { timeout: 600_000 });
    const ms = performance.now() - t0;
    if (s.context.hit) throw new Error(`a breakpoint fired in the benchmark: ${s.context.hit.message}`);
    return train.count / (ms / 1000);
  } finally {
    actor.stop();
  }
}

/**
 * Median ms to allocate and first write a fresh array of `bytes`: the price of a frame's
 * new arrays, set by the machine's page faults (a virtual machine can pay 30× a desktop).
 */
function freshMemoryMs(bytes: number): number {
  const keep: Float32Array[] = [];
  const times: number[] = [];
  for (let i = 0; i < 25; i++) {
    const t0 = performance.now();
    const array = new Float32Array(bytes / 4);
    array.fill(1);
    times.push(performance.now() - t0);
    keep.push(array);
  }
  return median(times);
}

export async function runMachineBench(options: MachineBenchOptions): Promise<{ pass: boolean }> {
  const { train, log } = options;
  const kernels = await enableFastKernels();
  let pass = true;

  log(`Debugger machine, 784-64-10, batch 128, float32 on ${kernels}`);
  const actor = createActor(debuggerMachine, { input: inputFor(train) }).start();
  const plan = actor.getSnapshot().context.plan;
  const times = plan.map(() => [] as number[]);
  const loads: number[] = [];
  for (let b = 0; b < options.stepBatches; b++) {
    for (let i = 0; i <= plan.length; i++) {
      const t0 = performance.now();
      actor.send({ type: 'step.next' });
      const ms = performance.now() - t0;
      const stepIndex = currentFrame(actor.getSnapshot().context.history).stepIndex;
      (stepIndex < 0 ? loads : times[stepIndex]).push(ms);
    }
  }
  const history = actor.getSnapshot().context.history;
  actor.stop();
  const medians = times.map(median);
  const all = times.flat();
  log(`  step.next, median of ${options.stepBatches} per sub-step (ms):`);
  plan.forEach((step, i) => log(`    ${stepLabel(step).padEnd(32)} ${medians[i].toFixed(3).padStart(7)}`));
  log(`    ${'load the next batch'.padEnd(32)} ${median(loads).toFixed(3).padStart(7)}`);
  const worst = Math.max(...medians, median(loads));
  const stepPass = worst <= TARGET_STEP_MS;
  pass &&= stepPass;
  log(`  ${verdict(stepPass)}: slowest sub-step ${worst.toFixed(3)} ms, all sub-steps median ${median(all).toFixed(3)} ms (target ≤ ${TARGET_STEP_MS} ms)`);
  const inputBytes = 128 * 784 * 4;
  log(`  (fresh memory here: ${freshMemoryMs(inputBytes).toFixed(3)} ms to allocate and first write the ${inputBytes / 1024} KiB of a batch's inputs; a reused buffer: ${(() => {
    const reused = new Float32Array(inputBytes / 4);
    const t0 = performance.now();
    for (let i = 0; i < 25; i++) reused.fill(i);
    return ((performance.now() - t0) / 25).toFixed(3);
  })()} ms)`);
  const frames = history.end - history.start;
  const perFrame = history.bytes / frames;
  log(`  history: ${frames} frames in ${(history.bytes / 2 ** 20).toFixed(1)} MiB, ${(perFrame / 1024).toFixed(0)} KiB a frame → ${Math.floor(history.budget / perFrame).toLocaleString('en-US')} frames in the ${history.budget / 2 ** 20} MiB budget`);

  log('');
  log(`  run.continue over one epoch of ${train.count.toLocaleString('en-US')} images (median of ${options.epochs}):`);
  const plain: number[] = [];
  const bare: number[] = [];
  const watched: number[] = [];
  for (let e = 0; e < options.epochs; e++) {
    plain.push(plainEpoch(train, 0));
    bare.push(await machineEpoch(train, []));
    watched.push(await machineEpoch(train, WATCHING));
  }
  const [p, m, w] = [median(plain), median(bare), median(watched)];
  log(`    TrainingWorkspace            ${formatRate(p).padStart(9)} samples/s`);
  log(`    run loop, no breakpoints     ${formatRate(m).padStart(9)} samples/s  ${((100 * m) / p).toFixed(0)} %`);
  log(`    run loop, 4 breakpoints      ${formatRate(w).padStart(9)} samples/s  ${((100 * w) / p).toFixed(0)} %`);
  const runPass = w / p >= TARGET_RUN_RATIO;
  pass &&= runPass;
  log(`  ${verdict(runPass)}: run.continue with breakpoints at ${((100 * w) / p).toFixed(0)} % of the plain loop (target ≥ ${100 * TARGET_RUN_RATIO} %)`);
  log(`  (float32 kernels: ${float32KernelName()})`);
  return { pass };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = process.argv.includes('--quick');
  const { train } = loadMnistFromPackage();
  const { pass } = await runMachineBench({ train, stepBatches: quick ? 10 : 40, epochs: quick ? 1 : 3, log: (line) => console.log(line) });
  console.log(pass ? 'machine bench: all targets met' : 'machine bench: FAIL — a target was missed');
  if (!pass) process.exitCode = 1;
}
