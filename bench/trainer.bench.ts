// Training mode (issue 5): the browser's training worker against the CLI on the same preset,
// and the page's main thread while it trains.
//   throughput — samples/s of gradient steps (checks excluded, as both report it), median of
//     the repeats after one unmeasured warm-up run on each side; target: the browser ≥ 80 % of the CLI;
//   main thread — the longest task (PerformanceObserver 'longtask', > 50 ms) and the longest
//     gap between animation frames while the page trains; target: no task over 50 ms;
//   for the record — what handing MNIST to the worker by postMessage would cost the page
//     (a structured clone of the 55 MB), which is why the worker loads it itself.
// Needs a built app (npx vite build) and Debian's Chromium. Run it with `npm run bench:training` or
//   npx tsx bench/trainer.bench.ts [--preset 2] [--epochs 3] [--repeats 3]

import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Page } from '@playwright/test';
import { loadMnistFromPackage } from '../src/data/node';
import { prepareTraining } from '../src/data/prepare-training';
import { summarizeTraining } from '../src/experiments/experiment-results';
import { enableFastKernels } from '../src/engine/kernels/wasm/index';
import { presetById, presetConfig } from '../src/experiments/presets';
import { formatRate, loadAverage, median, verdict } from './stats';

export const TARGET_BROWSER_RATIO = 0.8;
export const TARGET_LONGEST_TASK_MS = 50;

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const ROOT = new URL('../', import.meta.url).pathname;
const PORT = 4191;

async function startPreview(): Promise<ChildProcess> {
  const server = spawn(`${ROOT}node_modules/.bin/vite`, ['preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], { cwd: ROOT, stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/`)).ok) return server;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill();
  throw new Error('vite preview did not start (is the app built? npx vite build)');
}

/** A long animation frame (> 50 ms): what ran in it. */
interface LongFrame {
  readonly duration: number;
  readonly scripts: string;
  readonly styleAndLayout: number;
}

interface BrowserRun {
  /** The worker's own MNIST load (IndexedDB) and kernel set-up, from its 'ready' message. */
  readonly workerLoadMs: number;
  readonly samplesPerSecond: number;
  readonly wallSeconds: number;
  readonly longestTaskMs: number;
  readonly longestFrameGapMs: number;
  readonly longestFrame: LongFrame | null;
}

/** Opens the training screen with the preset, its epochs shortened, and arms the main-thread observers. */
async function openPreset(page: Page, presetId: string, epochs: number): Promise<number> {
  await page.goto(`http://127.0.0.1:${PORT}/#/train`);
  await page.waitForFunction(() => document.querySelector('[data-testid="run-status"]')?.getAttribute('data-status') === 'idle', null, { polling: 250, timeout: 120_000 });
  await page.getByRole('button', { name: new RegExp(`^${presetId} `) }).click();
  const field = page.getByLabel('max epochs', { exact: true });
  await field.fill(String(epochs));
  await field.press('Enter');
  // A string, not a function: tsx would wrap named functions in a helper the page lacks.
  await page.evaluate(`(() => {
    window.__tasks = [];
    window.__gaps = [];
    window.__frames = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => window.__tasks.push(e.duration))).observe({ type: 'longtask' });
    new PerformanceObserver((list) => list.getEntries().forEach((e) => window.__frames.push({
      duration: e.duration,
      scripts: e.scripts.map((x) => x.invoker + ' ' + Math.round(x.duration) + ' ms').join(', '),
      styleAndLayout: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0,
    }))).observe({ type: 'long-animation-frame' });
    let last = performance.now();
    const frame = (t) => { window.__gaps.push(t - last); last = t; requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
  })()`);
  return Number(await page.getByTestId('run-status').getAttribute('data-load-ms'));
}

/** One run of the set-up config in the page's worker (the worker stays between runs, as for a learner). */
async function browserRun(page: Page, workerLoadMs: number): Promise<BrowserRun> {
  await page.evaluate('window.__tasks = []; window.__gaps = []; window.__frames = [];');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="run-status"]')?.getAttribute('data-status') !== 'idle', null, { polling: 50, timeout: 60_000 });
  await page.waitForFunction(
    () => document.querySelector('[data-testid="run-status"]')?.getAttribute('data-status') === 'idle' && !!document.querySelector('[data-testid="run-outcome"]'),
    null,
    { polling: 500, timeout: 600_000 },
  );
  const outcome = page.getByTestId('run-outcome');
  const result = (await page.evaluate('({ tasks: window.__tasks, gaps: window.__gaps.slice(1), frames: window.__frames })')) as {
    tasks: number[];
    gaps: number[];
    frames: LongFrame[];
  };
  return {
    workerLoadMs,
    samplesPerSecond: Number(await outcome.getAttribute('data-samples-per-second')),
    wallSeconds: Number(await outcome.getAttribute('data-wall-seconds')),
    longestTaskMs: Math.max(0, ...result.tasks),
    longestFrameGapMs: Math.max(0, ...result.gaps),
    longestFrame: result.frames.reduce<LongFrame | null>((a, b) => (a && a.duration >= b.duration ? a : b), null),
  };
}

/** Main-thread milliseconds of posting MNIST's bytes to a worker by copy (what the worker avoids). */
async function cloneCost(page: Page): Promise<number> {
  return page.evaluate(`(() => {
    const bytes = new Uint8Array(60000 * 784 + 10000 * 784 + 70000);
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = i & 255;
    const worker = new Worker(URL.createObjectURL(new Blob(['onmessage = () => {}'], { type: 'text/javascript' })));
    const t0 = performance.now();
    worker.postMessage(bytes);
    const ms = performance.now() - t0;
    worker.terminate();
    return ms;
  })()`) as Promise<number>;
}

export async function runTrainerBench(log: (line: string) => void): Promise<boolean> {
  const presetId = flag('preset', '2');
  const epochs = Number(flag('epochs', '3'));
  const repeats = Number(flag('repeats', '3'));
  const preset = presetById(presetId);
  if (!preset) throw new Error(`unknown preset ${presetId}`);
  log(`training mode — preset ${preset.id} (${preset.title}), ${epochs} epochs, float32, median of ${repeats}; load average ${(await loadAverage()).toFixed(2)}`);

  await enableFastKernels();
  const mnist = loadMnistFromPackage();
  // Each side runs once unmeasured first, so both are timed warm (a learner's worker stays up between runs).
  const cli: number[] = [];
  for (let i = 0; i <= repeats; i++) {
    const training = prepareTraining(presetConfig(preset, 1, { maxEpochs: epochs }), mnist);
    training.runToEnd();
    if (i > 0) cli.push(summarizeTraining(training).samplesPerSecond);
  }

  const server = await startPreview();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const loadMs = await openPreset(page, presetId, epochs);
    await browserRun(page, loadMs);
    const runs: BrowserRun[] = [];
    for (let i = 0; i < repeats; i++) runs.push(await browserRun(page, loadMs));
    const clone = await cloneCost(page);
    const cliRate = median(cli);
    const browserRate = median(runs.map((r) => r.samplesPerSecond));
    const ratio = browserRate / cliRate;
    const longest = Math.max(...runs.map((r) => r.longestTaskMs));
    const gap = Math.max(...runs.map((r) => r.longestFrameGapMs));
    const throughputOk = ratio >= TARGET_BROWSER_RATIO;
    const tasksOk = longest <= TARGET_LONGEST_TASK_MS;
    log(`  CLI (Node ${process.versions.node})     ${formatRate(cliRate).padStart(9)} samples/s   [${cli.map(formatRate).join(', ')}]`);
    log(`  browser worker (Chromium)  ${formatRate(browserRate).padStart(9)} samples/s   [${runs.map((r) => formatRate(r.samplesPerSecond)).join(', ')}]; wall ${runs.map((r) => r.wallSeconds.toFixed(1)).join(', ')} s`);
    log(`  browser / CLI              ${(100 * ratio).toFixed(0).padStart(8)} %   target ≥ ${100 * TARGET_BROWSER_RATIO} %   ${verdict(throughputOk)}`);
    log(`  longest main-thread task   ${(longest === 0 ? 'none over 50 ms' : `${longest.toFixed(0)} ms`).padStart(9)}   target ≤ ${TARGET_LONGEST_TASK_MS} ms   ${verdict(tasksOk)}   (longest gap between frames ${gap.toFixed(0)} ms)`);
    const frame = runs.map((r) => r.longestFrame).reduce<LongFrame | null>((a, b) => (!b || (a && a.duration >= b.duration) ? a : b), null);
    if (frame) log(`    longest animation frame ${frame.duration.toFixed(0)} ms: scripts [${frame.scripts || 'none'}], style and layout ${frame.styleAndLayout.toFixed(0)} ms`);
    log(`  MNIST in the worker: loaded by the worker itself in ${(loadMs / 1000).toFixed(2)} s (off the main thread);`);
    log(`    posting it from the page instead would block the page's main thread for ${clone.toFixed(0)} ms (structured clone of 55 MB)`);
    log(`  load average at the end ${(await loadAverage()).toFixed(2)}`);
    return throughputOk && tasksOk;
  } finally {
    await browser.close();
    server.kill();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const pass = await runTrainerBench((line) => console.log(line));
  if (!pass) process.exitCode = 1;
}
