// Several runs at once: the trainer machine over a pool of in-process TrainerSessions
// (session/worker-pool.ts, as the page pools its Web Workers). The seeds of a setup train side
// by side, up to the pool's size; each run's numbers are the CLI path's, bit for bit; pause,
// stop and pause-and-debug reach every run in progress.
import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { summarizeTraining } from '../../src/experiments/experiment-results';
import { parseTrainingConfig, type TrainingConfig } from '../../src/engine/training-config';
import { prepareTraining } from '../../src/data/prepare-training';
import { runsInProgress, trainerMachine } from '../../src/machine/trainer-machine';
import type { TrainerHandoff } from '../../src/machine/trainer-events';
import { memoryRunStore } from '../../src/session/run-store';
import { workerPool } from '../../src/session/worker-pool';
import type { FromWorker } from '../../src/session/trainer-protocol';
import { idle, realMnist, sessionPort, SMALL, type SessionPort } from './trainer-helpers';

function direct(config: TrainingConfig) {
  const training = prepareTraining(config, realMnist());
  training.runToEnd();
  return { training, result: summarizeTraining(training) };
}

/** A trainer over a pool of `size` sessions; also counts the most runs ever in progress at once. */
async function startPooled(size: number) {
  const ports: SessionPort[] = [];
  const handoffs: TrainerHandoff[] = [];
  let clock = 1_700_000_000_000;
  const pool = workerPool(() => {
    const port = sessionPort();
    ports.push(port);
    return port;
  }, size);
  const actor = createActor(trainerMachine, { input: { connect: () => pool, store: memoryRunStore(), now: () => clock++ } });
  let most = 0;
  actor.subscribe((s) => (most = Math.max(most, runsInProgress(s.context).length)));
  actor.on('debug.handoff', (e) => handoffs.push(e.handoff));
  actor.start();
  await waitFor(actor, (s) => s.matches('idle'), { timeout: 5000 });
  return { actor, ports, handoffs, most: () => most };
}

const sent = (ports: SessionPort[], type: FromWorker['type']) => ports.flatMap((p) => p.sent.filter((m) => m.type === type));

describe('seeds side by side', () => {
  it('runs 3 seeds at once on a pool of 3, each with exactly the CLI path’s numbers', async () => {
    const { actor, ports, most } = await startPooled(3);
    expect(actor.getSnapshot().context.capacity).toBe(3);
    actor.send({ type: 'config.change', changes: { ...SMALL, seed: 5 } });
    actor.send({ type: 'seeds.set', count: 3 });
    actor.send({ type: 'run.start' });
    let s = actor.getSnapshot();
    expect(s.context.live?.config.seed).toBe(5);
    expect(s.context.alongside.map((r) => r.config.seed)).toEqual([6, 7]);
    expect(s.context.queue).toHaveLength(0);
    s = await idle(actor, 60_000);
    expect(most()).toBe(3);
    expect(ports).toHaveLength(3); // one worker per run
    expect(s.context.runs.map((r) => r.config.seed).sort()).toEqual([5, 6, 7]);
    for (const run of s.context.runs) {
      const expected = direct(run.config);
      expect(run.result.final).toEqual(expected.result.final);
      expect(run.checks.map(({ trainingMs: _, ...c }) => c)).toEqual(expected.training.checks.map(({ trainingMs: _, ...c }) => c));
    }
    actor.stop();
  });

  it('never runs more than the pool holds: 3 seeds on 2 workers, the third when one is free', async () => {
    const { actor, ports, most } = await startPooled(2);
    actor.send({ type: 'config.change', changes: { ...SMALL, maxEpochs: 1, seed: 1 } });
    actor.send({ type: 'seeds.set', count: 3 });
    actor.send({ type: 'run.start' });
    expect(actor.getSnapshot().context.queue).toHaveLength(1);
    const s = await idle(actor, 60_000);
    expect(most()).toBe(2);
    expect(ports).toHaveLength(2);
    expect(s.context.runs.map((r) => r.config.seed).sort()).toEqual([1, 2, 3]);
    expect(s.context.runs[2].result.final).toEqual(direct(s.context.runs[2].config).result.final);
    actor.stop();
  });

  it('pause stops every run at a batch boundary, resume trains them all on, stop ends them all', async () => {
    const { actor, ports } = await startPooled(2);
    actor.send({ type: 'config.change', changes: { ...SMALL, maxEpochs: 20, seed: 3 } });
    actor.send({ type: 'seeds.set', count: 2 });
    actor.send({ type: 'run.start' });
    await waitFor(actor, (s) => runsInProgress(s.context).every((r) => r.checks.length >= 1), { timeout: 30_000 });
    actor.send({ type: 'run.pause' });
    await waitFor(actor, () => sent(ports, 'paused').length === 2, { timeout: 10_000 });
    const steps = () => ports.map((p) => p.sent.filter((m) => m.type === 'progress' || m.type === 'check').length);
    const before = steps();
    await new Promise((r) => setTimeout(r, 150));
    expect(steps()).toEqual(before);
    actor.send({ type: 'run.resume' });
    await waitFor(actor, () => steps().every((n, i) => n > before[i]), { timeout: 10_000 });
    actor.send({ type: 'run.stop' });
    const s = await idle(actor, 30_000);
    expect(s.context.runs.map((r) => r.result.stopReason)).toEqual(['stopped', 'stopped']);
    expect(s.context.live).toBeNull();
    expect(s.context.alongside).toEqual([]);
    actor.stop();
  });

  it('pause and debug hands over the followed run and pauses the one beside it', async () => {
    const { actor, ports, handoffs } = await startPooled(2);
    const config = parseTrainingConfig({ ...SMALL, maxEpochs: 20, seed: 8 });
    actor.send({ type: 'config.change', changes: config });
    actor.send({ type: 'seeds.set', count: 2 });
    actor.send({ type: 'run.start' });
    await waitFor(actor, (s) => runsInProgress(s.context).every((r) => r.checks.length >= 1), { timeout: 30_000 });
    actor.send({ type: 'run.debug' });
    await waitFor(actor, (s) => s.matches({ training: 'paused' }) && handoffs.length === 1, { timeout: 10_000 });
    expect(handoffs[0].config.seed).toBe(8);
    await waitFor(actor, () => sent(ports, 'paused').length === 2, { timeout: 10_000 });
    // The hand-over is the state of a batch boundary of seed 8, as the CLI path reaches it.
    const k = handoffs[0].snapshot.position.step;
    const reference = prepareTraining(config, realMnist());
    let steps = 0;
    while (steps < k) steps += reference.run(k - steps).steps;
    expect(Array.from(handoffs[0].snapshot.net.params.weights[1])).toEqual(Array.from(reference.snapshot().net.params.weights[1]));
    actor.send({ type: 'run.stop' });
    await idle(actor, 30_000);
    actor.stop();
  });
});
