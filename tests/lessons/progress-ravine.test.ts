// Progress kept in storage (and what happens to stored junk), and the momentum lesson's ravine.
import { describe, expect, it } from 'vitest';
import { loadProgress, PROGRESS_KEY, recordAnswer, saveProgress, standing, visit, type KeyValueStore } from '../../src/platform/lesson-progress';
import { descend, ravineLoss, stepsToReach } from '../../src/lessons/ravine';

const memoryStore = (): KeyValueStore & { data: Map<string, string> } => {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
};

describe('progress', () => {
  it('remembers the step, the furthest step and the answers, across a reload', () => {
    const store = memoryStore();
    let p = loadProgress(store).progress;
    expect(p).toEqual({});
    p = visit(p, 'tiny-net', 3);
    p = recordAnswer(p, 'tiny-net', 2, { correct: true, given: '0.4' });
    p = visit(p, 'tiny-net', 2);
    saveProgress(store, p);
    const reloaded = loadProgress(store).progress;
    expect(reloaded['tiny-net']).toEqual({ step: 2, furthest: 3, answers: { '2': { correct: true, given: '0.4' } } });
    expect(standing(reloaded, 'tiny-net', 9, [2, 4])).toEqual({ step: 2, furthest: 3, answered: 1, right: 1, complete: false });
    let done = reloaded;
    for (let s = 1; s <= 9; s++) done = visit(done, 'tiny-net', s);
    done = recordAnswer(done, 'tiny-net', 4, { correct: false, given: '1' });
    expect(standing(done, 'tiny-net', 9, [2, 4])).toEqual({ step: 9, furthest: 9, answered: 2, right: 1, complete: true });
  });

  it('does not trust stored data it does not recognise (tests/platform/lesson-progress.test.ts: what is set aside)', () => {
    const store = memoryStore();
    store.data.set(PROGRESS_KEY, '{"tiny-net": {"step": "three"}}');
    expect(loadProgress(store).progress).toEqual({});
    store.data.set(PROGRESS_KEY, 'not json');
    expect(loadProgress(store).progress).toEqual({});
    expect(loadProgress(null).progress).toEqual({});
  });
});

describe('the ravine', () => {
  const spec = { steep: 100, gentle: 1, start: [1, 1] as [number, number] };
  it('plain gradient descent multiplies each coordinate by 1 − α·curvature per step', () => {
    const run = descend(spec, 10, 0.019, 0);
    expect(run.path[10][0]).toBeCloseTo((1 - 0.019 * 100) ** 10, 12);
    expect(run.path[10][1]).toBeCloseTo((1 - 0.019) ** 10, 12);
    expect(run.losses[10]).toBeCloseTo(ravineLoss(spec, run.path[10] as [number, number]), 14);
  });
  it('momentum follows v := αg + μv, θ := θ − v', () => {
    const run = descend(spec, 3, 0.019, 0.9);
    let theta = [1, 1];
    let v = [0, 0];
    for (let t = 0; t < 3; t++) {
      const g = [100 * theta[0], 1 * theta[1]];
      v = v.map((vi, i) => 0.019 * g[i] + 0.9 * vi);
      theta = theta.map((ti, i) => ti - v[i]);
    }
    expect(run.path[3][0]).toBeCloseTo(theta[0], 12);
    expect(run.path[3][1]).toBeCloseTo(theta[1], 12);
  });
  it('diverges beyond α = 2/steep, and momentum gets down the ravine sooner', () => {
    expect(descend(spec, 100, 0.021, 0).losses[100]).toBeGreaterThan(1e6);
    expect(stepsToReach(spec, 1e-4, 0.019, 0.9)).toBeLessThan(stepsToReach(spec, 1e-4, 0.019, 0));
    expect(() => descend(spec, 5, 0.1, 1)).toThrow('the momentum must be in [0, 1)');
  });
});
