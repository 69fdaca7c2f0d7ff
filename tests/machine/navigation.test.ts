// Time travel and granularity: step back and forward, goto, step.over / step.batch /
// step.epoch, and what snapshot.can says the views may offer.
import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { debuggerMachine } from '../../src/machine/debugger-machine';
import { nextFrame } from '../../src/session/frame';
import { frameAt } from '../../src/session/history';
import { frameOf, frameValues, randomImages, repeat, send, start, TINY_DATA } from './helpers';

const mnistLike = () => ({ kind: 'mnist' as const, train: randomImages(100, 30, 10, 2), validation: randomImages(20, 30, 10, 3), test: randomImages(10, 30, 10, 4), seed: 7, shuffle: true });
const settings = { sizes: [30, 12, 10], batchSize: 32, precision: 'float64' as const, learningRate: 0.5, momentum: 0.9 };

describe('time travel', () => {
  it('step back N then forward N gives identical frames, and recomputing a frame reproduces it bit for bit', () => {
    let s = start({ data: mnistLike(), settings });
    const seen: unknown[] = [frameValues(frameOf(s))];
    for (let i = 0; i < 30; i++) {
      s = send(s, { type: 'step.next' });
      seen.push(frameValues(frameOf(s)));
    }
    expect(frameOf(s).index).toBe(30);
    const back = repeat(s, { type: 'step.prev' }, 30);
    expect(frameOf(back).index).toBe(0);
    expect(frameValues(frameOf(back))).toEqual(seen[0]);
    let forward = back;
    for (let i = 1; i <= 30; i++) {
      forward = send(forward, { type: 'step.next' });
      expect(frameValues(frameOf(forward))).toEqual(seen[i]);
    }
    // recompute every sub-step frame from its predecessor: the same bits
    const h = s.context.history;
    for (let i = 1; i <= 30; i++) {
      const previous = frameAt(h, i - 1)!;
      if (previous.stepIndex === s.context.plan.length - 1) continue; // a batch load, not a sub-step
      expect(frameValues(nextFrame(previous, s.context.plan, i))).toEqual(seen[i]);
    }
  });

  it('goto restores any retained frame; moving the cursor does not change the history', () => {
    let s = repeat(start({ data: mnistLike(), settings }), { type: 'step.next' }, 15);
    const h = s.context.history;
    const at7 = frameValues(frameAt(h, 7)!);
    s = send(s, { type: 'step.goto', index: 7 });
    expect(frameValues(frameOf(s))).toEqual(at7);
    expect(s.context.history.end - s.context.history.start).toBe(16);
    expect(s.value).toEqual({ paused: 'hiddenDelta' }); // frame 7 completed step 6: δ₁
    s = send(s, { type: 'step.goto', index: 15 });
    expect(frameOf(s).index).toBe(15);
    expect(s.can({ type: 'step.goto', index: 16 })).toBe(false);
    expect(s.can({ type: 'step.goto', index: -1 })).toBe(false);
    expect(s.can({ type: 'step.goto', index: 2.5 })).toBe(false);
  });

  it('a change while back in time drops the frames after the cursor', () => {
    let s = repeat(start({ data: mnistLike(), settings }), { type: 'step.next' }, 20);
    s = send(s, { type: 'step.goto', index: 5 }, { type: 'settings.change', settings: { learningRate: 0.1 } });
    expect(s.context.history.end - s.context.history.start).toBe(6);
    expect(s.can({ type: 'step.goto', index: 6 })).toBe(false);
    // the batch in progress keeps its rule; the next batch takes the new one
    s = send(s, { type: 'step.batch' }, { type: 'step.next' });
    expect(frameOf(s).start.rule.learningRate).toBe(0.1);
    expect(frameAt(s.context.history, 0)!.start.rule.learningRate).toBe(0.5);
  });
});

describe('granularity', () => {
  it('step.over runs to the end of the phase of the next sub-step', () => {
    // 30-12-10: z₁ a₁ z₂ a₂ | C | δ₂ | δ₁ | ∂₂ ∂₁ | u₂ u₁
    let s = start({ data: mnistLike(), settings });
    const landings: [number, unknown][] = [];
    for (let i = 0; i < 7; i++) {
      s = send(s, { type: 'step.over' });
      landings.push([frameOf(s).stepIndex, s.value]);
    }
    expect(landings).toEqual([
      [3, { paused: 'forward' }],
      [4, { paused: 'loss' }],
      [5, { paused: 'outputDelta' }],
      [6, { paused: 'hiddenDelta' }],
      [8, { paused: 'gradients' }],
      [10, { paused: 'update' }],
      [-1, { paused: 'ready' }], // the batch is done: load the next
    ]);
    // from mid-phase: z₁ done, step.over finishes the forward pass
    s = send(s, { type: 'step.next' }, { type: 'step.over' });
    expect(frameOf(s).stepIndex).toBe(3);
  });

  it('step.batch finishes the batch; from a finished batch it runs the whole next one', () => {
    let s = send(start({ data: mnistLike(), settings }), { type: 'step.next' }, { type: 'step.next' }, { type: 'step.batch' });
    expect(frameOf(s).stepIndex).toBe(10);
    expect(frameOf(s).start.source).toEqual({ kind: 'order', epoch: 0, batch: 0 });
    expect(s.value).toEqual({ paused: 'update' });
    s = send(s, { type: 'step.batch' });
    expect(frameOf(s).stepIndex).toBe(10);
    expect(frameOf(s).start.source).toEqual({ kind: 'order', epoch: 0, batch: 1 });
    expect(frameOf(s).index).toBe(11 + 12);
  });

  it('step.epoch runs (in the run loop) to the last update of the epoch', async () => {
    const actor = createActor(debuggerMachine, { input: { data: mnistLike(), settings } }).start();
    actor.send({ type: 'step.next' });
    actor.send({ type: 'step.epoch' });
    expect(actor.getSnapshot().hasTag('running')).toBe(true);
    const s = await waitFor(actor, (x) => x.matches('paused'));
    // 100 examples in batches of 32: 4 batches, the last of 4
    expect(frameOf(s).start.source).toEqual({ kind: 'order', epoch: 0, batch: 3 });
    expect(frameOf(s).start.batch.size).toBe(4);
    expect(frameOf(s).stepIndex).toBe(10);
    expect(s.value).toEqual({ paused: 'update' });
    expect(s.context.hit).toBeNull();
    // again: the whole next epoch
    actor.send({ type: 'step.epoch' });
    const t = await waitFor(actor, (x) => x.matches('paused'));
    expect(frameOf(t).start.source).toEqual({ kind: 'order', epoch: 1, batch: 3 });
    expect(frameOf(t).start.stepsBefore).toBe(7);
    actor.stop();
  });
});

describe('snapshot.can guards', () => {
  it('paused at the first frame', () => {
    const s = start({ data: TINY_DATA, settings: { sizes: [2, 2, 2] } });
    expect(s.can({ type: 'step.next' })).toBe(true);
    expect(s.can({ type: 'step.prev' })).toBe(false); // nothing before the first frame
    expect(s.can({ type: 'run.continue' })).toBe(true);
    expect(s.can({ type: 'run.pause' })).toBe(false); // not running
    expect(s.can({ type: 'sample.select', index: 2 })).toBe(true); // batch 0 has 3 examples
    expect(s.can({ type: 'sample.select', index: 3 })).toBe(false);
    expect(s.can({ type: 'batch.choose', choice: { kind: 'order', epoch: 0, batch: 1 } })).toBe(true);
    expect(s.can({ type: 'batch.choose', choice: { kind: 'order', epoch: 0, batch: 2 } })).toBe(false); // two batches per epoch
    expect(s.can({ type: 'batch.choose', choice: { kind: 'examples', set: 'test', indices: [0] } })).toBe(false); // custom data has no test set
    expect(s.can({ type: 'batch.choose', choice: { kind: 'custom', inputs: [1, 2], labels: [1] } })).toBe(true);
    expect(s.can({ type: 'batch.choose', choice: { kind: 'custom', inputs: [1, 2], labels: [2] } })).toBe(false); // class 2 of 2
    expect(s.can({ type: 'batch.choose', choice: { kind: 'custom', inputs: [1], labels: [0] } })).toBe(false); // one input short
    expect(s.can({ type: 'settings.change', settings: { learningRate: 0.1 } })).toBe(true);
    expect(s.can({ type: 'settings.change', settings: { learningRate: -1 } })).toBe(false);
    expect(s.can({ type: 'settings.change', settings: { momentum: 1 } })).toBe(false);
    expect(s.can({ type: 'settings.change', settings: { sizes: [3, 2] } })).toBe(false); // the data has 2 inputs
    expect(s.can({ type: 'breakpoints.add', breakpoint: { kind: 'delta-above', layer: 0, neuron: 1, threshold: 1 } })).toBe(true);
    expect(s.can({ type: 'breakpoints.add', breakpoint: { kind: 'delta-above', layer: 0, neuron: 2, threshold: 1 } })).toBe(false);
    expect(s.can({ type: 'breakpoints.add', breakpoint: { kind: 'saturation', layer: 1, threshold: 0.01 } })).toBe(false); // layer 1 is the output
    expect(s.can({ type: 'breakpoints.add', breakpoint: { kind: 'validation-rise', checksPerEpoch: 1 } })).toBe(true);
    expect(s.can({ type: 'breakpoints.remove', id: 'bp1' })).toBe(false);
    expect(s.can({ type: 'memory.budget', bytes: 1e6 })).toBe(true);
    expect(s.can({ type: 'memory.budget', bytes: 0 })).toBe(false);
    expect(s.can({ type: 'reset' })).toBe(true);
  });

  it('while running, only pause, sample selection and settings', async () => {
    const actor = createActor(debuggerMachine, { input: { data: TINY_DATA, settings: { sizes: [2, 2, 2] }, sliceMs: 1 } }).start();
    actor.send({ type: 'breakpoints.add', breakpoint: { kind: 'epoch-end' } });
    actor.send({ type: 'run.continue' });
    const s = actor.getSnapshot();
    expect(s.value).toBe('running');
    expect(s.can({ type: 'run.pause' })).toBe(true);
    expect(s.can({ type: 'sample.select', index: 0 })).toBe(true);
    expect(s.can({ type: 'settings.change', settings: { learningRate: 2 } })).toBe(true);
    for (const event of [
      { type: 'step.next' },
      { type: 'step.prev' },
      { type: 'step.epoch' },
      { type: 'run.continue' },
      { type: 'reset' },
      { type: 'breakpoints.toggle', id: 'bp1' },
      { type: 'breakpoints.remove', id: 'bp1' },
      { type: 'batch.choose', choice: { kind: 'order', epoch: 0, batch: 1 } },
    ] as const) {
      expect(s.can(event)).toBe(false);
    }
    const paused = await waitFor(actor, (x) => x.matches('paused'));
    expect(paused.can({ type: 'step.prev' })).toBe(true);
    expect(paused.can({ type: 'breakpoints.toggle', id: 'bp1' })).toBe(true);
    actor.stop();
  });
});
