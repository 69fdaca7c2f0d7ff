// The trainer machine driving a real in-process TrainerSession on MNIST subsets: the draft
// config, runs over seeds, pause/resume/stop, pause-and-debug and divergence hand-overs, and
// that every path gives the numbers of the CLI's path (prepareTraining + summarizeTraining).
import { describe, expect, it, vi } from 'vitest';
import { waitFor } from 'xstate';
import { summarizeTraining } from '../../src/experiments/experiment-results';
import { PRESETS, presetConfig, presetById } from '../../src/experiments/presets';
import { parseTrainingConfig, type TrainingConfig, type TrainingConfigInput } from '../../src/engine/training-config';
import type { Params } from '../../src/engine/types';
import { prepareTraining } from '../../src/data/prepare-training';
import { setupName } from '../../src/machine/trainer-machine';
import { memoryRunStore } from '../../src/session/run-store';
import { expectSameBits } from './helpers';
import { idle, realMnist, SMALL, startTrainer } from './trainer-helpers';

/** The CLI's path for the same config: run to the end, summarise. */
function direct(config: TrainingConfig) {
  const training = prepareTraining(config, realMnist());
  training.runToEnd();
  return { training, result: summarizeTraining(training) };
}

function sameParams(a: Params, b: Params): boolean {
  return a.weights.every((w, l) => expectSameBits(w, b.weights[l]) && expectSameBits(a.biases[l], b.biases[l]));
}

const smallConfig = (changes: Partial<TrainingConfigInput> = {}) => parseTrainingConfig({ ...SMALL, seed: 5, ...changes });

describe('the draft config', () => {
  it('starts as the baseline preset and follows preset.select and config.change', async () => {
    const { actor } = await startTrainer();
    let s = actor.getSnapshot();
    expect(s.context.presetId).toBe('2');
    expect(s.context.draft).toEqual(presetConfig(PRESETS[0], 1));
    actor.send({ type: 'preset.select', presetId: '3c' });
    s = actor.getSnapshot();
    expect(s.context.draft.init).toEqual({ kind: 'normal-fan-in' });
    expect(s.context.draft.learningRate).toBe(0.5);
    // A change of seed keeps the preset; any other change makes the config custom.
    actor.send({ type: 'config.change', changes: { seed: 7 } });
    expect(actor.getSnapshot().context.presetId).toBe('3c');
    actor.send({ type: 'config.change', changes: { learningRate: 0.1, maxEpochs: 3 } });
    expect(actor.getSnapshot().context.presetId).toBeNull();
    expect(setupName(actor.getSnapshot().context.draft, actor.getSnapshot().context.basePresetId)).toBe('3c + fan-in normal init (α 0.1, max 3 epochs)');
    // Changing it back makes it the preset again.
    actor.send({ type: 'config.change', changes: { learningRate: 0.5, maxEpochs: 20 } });
    expect(actor.getSnapshot().context.presetId).toBe('3c');
    actor.send({ type: 'config.change', changes: { learningRate: 0.1 } });
    // A bad value is refused with the field's name, and the draft keeps its last good value.
    actor.send({ type: 'config.change', changes: { batchSize: 0 } });
    s = actor.getSnapshot();
    expect(s.context.configError).toMatch(/^batchSize: /);
    expect(s.context.draft.batchSize).toBe(128);
    expect(s.can({ type: 'run.start' })).toBe(false);
    actor.send({ type: 'preset.select', presetId: '5' });
    s = actor.getSnapshot();
    expect(s.context.configError).toBeNull();
    expect(s.context.draft.hiddenActivation).toBe('relu');
    expect(s.context.draft.seed).toBe(7);
    expect(s.can({ type: 'run.start' })).toBe(true);
    actor.stop();
  });
});

describe('training runs', () => {
  it('runs a config over 2 seeds with exactly the numbers of the CLI path, and stores both runs', async () => {
    const store = memoryRunStore();
    const { actor } = await startTrainer(store);
    actor.send({ type: 'config.change', changes: { ...SMALL, seed: 5 } });
    actor.send({ type: 'seeds.set', count: 2 });
    actor.send({ type: 'run.start' });
    expect(actor.getSnapshot().matches({ training: 'running' })).toBe(true);
    const s = await idle(actor);
    expect(s.context.runs.map((r) => r.config.seed)).toEqual([5, 6]);
    expect(s.context.runs[0].setup).toBe(s.context.runs[1].setup);
    expect(s.context.selected).toEqual(s.context.runs.map((r) => r.id));
    for (const run of s.context.runs) {
      const expected = direct(run.config);
      expect(run.result.final).toEqual(expected.result.final);
      expect(run.result.steps).toBe(2 * Math.ceil(2500 / 50));
      expect(run.result.stopReason).toBe('max-epochs');
      expect(run.checks.map((c) => c.validation)).toEqual(expected.training.checks.map((c) => c.validation));
      expect(run.checks).toHaveLength(4);
      expect(run.batchesPerEpoch).toBe(50);
      expect(run.wallSeconds).toBeGreaterThan(0);
    }
    // Different seeds, different runs.
    expect(s.context.runs[0].result.final.validation.loss).not.toBe(s.context.runs[1].result.final.validation.loss);
    // Written in a task of their own, just after.
    await vi.waitFor(async () => expect((await store.list()).runs.map((r) => r.id)).toEqual(s.context.runs.map((r) => r.id)));
    actor.stop();
  });

  it('loads stored runs at start; delete and clear reach the store', async () => {
    const store = memoryRunStore();
    const first = await startTrainer(store);
    first.actor.send({ type: 'config.change', changes: { ...SMALL, maxEpochs: 1 } });
    first.actor.send({ type: 'run.start' });
    await idle(first.actor);
    first.actor.send({ type: 'run.start' });
    await idle(first.actor);
    await vi.waitFor(async () => expect((await store.list()).runs).toHaveLength(2));
    first.actor.stop();
    const again = await startTrainer(store);
    await waitFor(again.actor, (s) => s.context.runs.length === 2);
    const [a] = again.actor.getSnapshot().context.runs;
    again.actor.send({ type: 'runs.delete', runId: a.id });
    expect(again.actor.getSnapshot().context.runs).toHaveLength(1);
    await vi.waitFor(async () => expect((await store.list()).runs).toHaveLength(1));
    again.actor.send({ type: 'runs.clear' });
    expect(again.actor.getSnapshot().context.runs).toHaveLength(0);
    await vi.waitFor(async () => expect((await store.list()).runs).toHaveLength(0));
    again.actor.stop();
  });

  it('pauses at a batch boundary, stays put while paused, and resumes to the uninterrupted result', async () => {
    const { actor, port } = await startTrainer();
    const config = smallConfig();
    actor.send({ type: 'config.change', changes: config });
    actor.send({ type: 'run.start' });
    await waitFor(actor, (s) => (s.context.live?.checks.length ?? 0) >= 1, { timeout: 20_000 });
    actor.send({ type: 'run.pause' });
    expect(actor.getSnapshot().matches({ training: 'paused' })).toBe(true);
    await waitFor(actor, () => port.sent.some((m) => m.type === 'paused'));
    const pausedAt = actor.getSnapshot().context.live!.progress!.position.step;
    await new Promise((r) => setTimeout(r, 150));
    const after = port.sent.filter((m) => m.type === 'progress' || m.type === 'check');
    const lastStep = after.length ? after[after.length - 1] : null;
    expect(lastStep && 'progress' in lastStep ? lastStep.progress.position.step : 0).toBeLessThanOrEqual(pausedAt);
    expect(actor.getSnapshot().can({ type: 'run.pause' })).toBe(false);
    actor.send({ type: 'run.resume' });
    const s = await idle(actor);
    expect(s.context.runs[0].result.final).toEqual(direct(config).result.final);
    actor.stop();
  });

  it('stop ends the run early as "stopped" and drops the queued seeds', async () => {
    const { actor } = await startTrainer();
    actor.send({ type: 'config.change', changes: { ...SMALL, maxEpochs: 20 } });
    actor.send({ type: 'seeds.set', count: 3 });
    actor.send({ type: 'run.start' });
    await waitFor(actor, (s) => (s.context.live?.checks.length ?? 0) >= 1, { timeout: 20_000 });
    actor.send({ type: 'run.stop' });
    const s = await idle(actor);
    expect(s.context.runs).toHaveLength(1);
    expect(s.context.runs[0].result.stopReason).toBe('stopped');
    expect(s.context.runs[0].result.steps).toBeLessThan(20 * 50);
    expect(s.context.queue).toHaveLength(0);
    actor.stop();
  });
});

describe('hand-overs to the debugger', () => {
  it('pause and debug hands over the exact weights, velocity and position of a batch boundary; continuing from it ends where an uninterrupted run ends', async () => {
    const { actor, handoffs } = await startTrainer();
    const config = smallConfig({ momentum: 0.9, learningRate: 0.05 });
    actor.send({ type: 'config.change', changes: config });
    actor.send({ type: 'run.start' });
    await waitFor(actor, (s) => (s.context.live?.checks.length ?? 0) >= 1, { timeout: 20_000 });
    actor.send({ type: 'run.debug' });
    expect(actor.getSnapshot().matches({ training: 'snapshotting' })).toBe(true);
    await waitFor(actor, (s) => s.matches({ training: 'paused' }));
    expect(handoffs).toHaveLength(1);
    const { snapshot, reason } = handoffs[0];
    const k = snapshot.position.step;
    expect(handoffs[0].config).toEqual(config);
    expect(reason).toBe(
      `Paused ${setupName(config, '2')}, seed 5 after step ${k}; next: epoch ${snapshot.position.epoch + 1}, batch ${snapshot.position.batch + 1}`,
    );
    expect(k).toBeGreaterThanOrEqual(25);
    expect(snapshot.position.epoch * 50 + snapshot.position.batch).toBe(k);

    // The same config trained directly for k steps has bit-identical weights and velocity.
    const reference = prepareTraining(config, realMnist());
    let steps = 0;
    while (steps < k) steps += reference.run(k - steps).steps;
    const expected = reference.snapshot();
    expect(sameParams(snapshot.net.params, expected.net.params)).toBe(true);
    expect(sameParams(snapshot.velocity!, expected.velocity!)).toBe(true);

    // Stop this run; train on from the handed-over state: the end equals an uninterrupted run.
    actor.send({ type: 'run.stop' });
    await idle(actor);
    actor.send({ type: 'run.continueFrom', handoff: handoffs[0] });
    const s = await idle(actor);
    const continued = s.context.runs[1];
    expect(continued.continuedFrom).toEqual({ step: k });
    expect(continued.label).toContain(`continued from step ${k}`);
    expect(continued.result.steps).toBe(100);
    const uninterrupted = direct(config);
    expect(continued.result.final).toEqual(uninterrupted.result.final);
    actor.stop();
  });

  it('a diverging run stops with a message naming the step and layer, and hands over the last good batch', async () => {
    const { actor, handoffs } = await startTrainer();
    actor.send({ type: 'config.change', changes: { ...SMALL, hiddenActivation: 'relu', init: { kind: 'he-normal' }, learningRate: 40, seed: 2 } });
    expect(actor.getSnapshot().can({ type: 'run.debugLastGood' })).toBe(false);
    actor.send({ type: 'run.start' });
    const s = await idle(actor);
    const run = s.context.runs[0];
    expect(run.result.stopReason).toBe('diverged');
    const divergence = run.result.divergence!;
    expect(divergence.message).toMatch(
      /^Diverged at step \d+ \(epoch \d+, batch \d+\): the loss (became NaN — first non-finite: .+ of (?:unit \d+ of layer \d|class \d)|exploded to [\d.,]+(?: × 10[⁰¹²³⁴⁵⁶⁷⁸⁹]+)? — nothing is non-finite yet; largest \|z\| per layer: layer 1 [\d.,]+(?: × 10[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?, layer 2 [\d.,]+(?: × 10[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?)\.$/,
    );
    expect(divergence.step).toBeGreaterThanOrEqual(1);
    expect(s.can({ type: 'run.debugLastGood' })).toBe(true);
    actor.send({ type: 'run.debugLastGood' });
    await waitFor(actor, (x) => x.matches('idle') && handoffs.length === 1);
    const { snapshot, reason } = handoffs[0];
    // The loss exploded, so the debugger opens on the batch before, whose update caused it.
    expect(snapshot.position.step + 1).toBe(divergence.lastGoodStep);
    expect(snapshot.position.step).toBe(divergence.step - 2);
    expect(reason).toBe(
      `${setupName(run.config, '2')}, seed 2 diverged at step ${divergence.step} (epoch ${divergence.epoch + 1}, batch ${divergence.batch + 1}); ` +
        `this is the last good batch, step ${divergence.step - 1} (epoch ${snapshot.position.epoch + 1}, batch ${snapshot.position.batch + 1}) — its update is the one that wrecked the weights`,
    );
    const finite = [...snapshot.net.params.weights, ...snapshot.net.params.biases].every((a) => a.every(Number.isFinite));
    expect(finite).toBe(true);
    actor.stop();
  });
});

describe('presets through the machine', () => {
  it('every preset loads into the draft unchanged', async () => {
    const { actor } = await startTrainer();
    for (const preset of PRESETS) {
      actor.send({ type: 'preset.select', presetId: preset.id });
      expect(actor.getSnapshot().context.draft).toEqual(presetConfig(presetById(preset.id)!, 1));
    }
    actor.stop();
  });
});
