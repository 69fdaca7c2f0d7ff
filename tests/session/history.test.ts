// The history's memory accounting and eviction, its persistence (older values are never
// changed), and the promised capacity: 2,000 sub-steps of 784-64-10 with batches of 128.
import { describe, expect, it } from 'vitest';
import { arraysOf } from '../../src/session/batch-quantities';
import { FRAME_OBJECT_BYTES, type Frame } from '../../src/session/frame';
import { append, currentFrame, DEFAULT_MEMORY_BUDGET, frameAt, frameCount, moveTo, type History } from '../../src/session/history';
import { memoryUse } from '../../src/viewmodel/selectors';
import { frameOf, randomImages, repeat, send, start } from '../machine/helpers';

/** Bytes the retained frames really reach: every distinct array once, plus each frame's objects. */
function reachableBytes(h: History): number {
  const seen = new Set<ArrayBufferView>();
  let bytes = 0;
  for (let i = h.start; i < h.end; i++) {
    bytes += FRAME_OBJECT_BYTES;
    for (const array of arraysOf(h.log[i].start, h.log[i].quantities)) {
      if (seen.has(array)) continue;
      seen.add(array);
      bytes += array.byteLength;
    }
  }
  return bytes;
}

const data = () => ({ kind: 'mnist' as const, train: randomImages(64, 20, 10, 3), validation: null, test: null, seed: 1, shuffle: true });

describe('memory accounting', () => {
  it('counts every array the retained frames reach exactly once, with and without eviction', () => {
    let s = start({ data: data(), settings: { sizes: [20, 9, 10], batchSize: 16, momentum: 0.5, precision: 'float64' } });
    for (let i = 0; i < 40; i++) {
      s = send(s, { type: 'step.next' });
      expect(s.context.history.bytes).toBe(reachableBytes(s.context.history));
    }
    // a budget of ~3 batches: old frames go, the count stays exact
    const perBatch = s.context.history.bytes / 3.5;
    s = send(s, { type: 'memory.budget', bytes: Math.round(perBatch * 3) });
    for (let i = 0; i < 40; i++) {
      s = send(s, { type: 'step.next' });
      const h = s.context.history;
      expect(h.bytes).toBe(reachableBytes(h));
      expect(h.bytes).toBeLessThanOrEqual(h.budget);
    }
    const use = memoryUse(s.context);
    expect(use.evicted).toBeGreaterThan(0);
    expect(use.first).toBe(use.evicted);
    expect(use.frames).toBe(use.last - use.first + 1);
    expect(use.current).toBe(80);
    expect(s.can({ type: 'step.goto', index: use.first })).toBe(true);
    expect(s.can({ type: 'step.goto', index: use.first - 1 })).toBe(false);
    // stepping back stops at the oldest retained frame
    const back = repeat(s, { type: 'step.prev' }, use.frames - 1);
    expect(frameOf(back).index).toBe(use.first);
    expect(back.can({ type: 'step.prev' })).toBe(false);
  });

  it('a frame newly owns only the arrays its sub-step wrote', () => {
    let s = start({ data: data(), settings: { sizes: [20, 9, 10], batchSize: 16, precision: 'float32' } });
    const N = 16;
    const owned = (): number => frameOf(s).ownedBytes - FRAME_OBJECT_BYTES;
    s = send(s, { type: 'step.next' }); // z₁
    expect(owned()).toBe(N * 9 * 4);
    s = send(s, { type: 'step.next' }); // a₁ and f'(z₁)
    expect(owned()).toBe(2 * N * 9 * 4);
    s = send(s, { type: 'step.next' }, { type: 'step.next' }); // z₂, ŷ (no f' on softmax)
    expect(owned()).toBe(N * 10 * 4);
    s = send(s, { type: 'step.next' }); // C: the per-example losses, float64
    expect(owned()).toBe(N * 8);
    s = send(s, { type: 'step.batch' }, { type: 'step.next' }); // the next batch: new inputs and labels; the updated weights are shared
    expect(owned()).toBe(N * 20 * 4 + N);
  });
});

describe('persistence', () => {
  it('appending after stepping back leaves the older history value intact', () => {
    const s = repeat(start({ data: data(), settings: { sizes: [20, 9, 10], batchSize: 16 } }), { type: 'step.next' }, 6);
    const h = s.context.history;
    const back = moveTo(h, 2);
    const branch = append(back, { ...frameAt(h, 3)!, index: 3 });
    expect(frameCount(branch)).toBe(4);
    expect(frameCount(h)).toBe(7);
    expect(frameAt(h, 6)).toBe(currentFrame(h));
    // and two transitions from one snapshot do not see each other
    const a = send(s, { type: 'step.next' });
    const b = send(s, { type: 'step.next' });
    expect(frameOf(a)).not.toBe(frameOf(b));
    expect(frameCount(s.context.history)).toBe(7);
    expect(frameCount(a.context.history)).toBe(8);
    expect(frameAt(a.context.history, 6)).toBe(frameAt(h, 6));
  });

  it('refuses a frame with the wrong index', () => {
    const s = start({ data: data(), settings: { sizes: [20, 10], batchSize: 16 } });
    const frame: Frame = frameOf(s);
    expect(() => append(s.context.history, frame)).toThrow(/frame 0 appended where frame 1 belongs/);
  });
});

describe('capacity', () => {
  for (const [precision, momentum] of [
    ['float32', 0],
    ['float64', 0.9],
  ] as const) {
    it(`the default budget keeps the last 2,000 sub-steps of 784-64-10, batch 128 (${precision}, momentum ${momentum})`, () => {
      const train = randomImages(128 * 4, 784, 10, 9);
      let s = start({ data: { kind: 'mnist', train, validation: null, test: null, seed: 1, shuffle: true }, settings: { sizes: [784, 64, 10], batchSize: 128, precision, momentum } });
      expect(s.context.history.budget).toBe(DEFAULT_MEMORY_BUDGET);
      // three whole batches give the bytes per batch (12 frames: the load and 11 sub-steps)
      s = repeat(s, { type: 'step.batch' }, 3);
      // batches 2 and 3 (frames 12–35): what a batch adds when its weights come from the one before
      const h = s.context.history;
      let added = 0;
      for (let i = 12; i < 36; i++) added += frameAt(h, i)!.ownedBytes;
      const perBatch = added / 2;
      const framesPerBatch = 12;
      const fit = Math.floor((DEFAULT_MEMORY_BUDGET / perBatch) * framesPerBatch);
      expect(fit).toBeGreaterThan(2000);
      // the figure printed for the report
      console.log(`${precision} μ=${momentum}: ${(perBatch / 2 ** 20).toFixed(2)} MiB per batch of 12 frames, ${(perBatch / framesPerBatch / 1024).toFixed(0)} KiB per frame; ${fit} frames fit in 512 MiB`);
    });
  }
});
