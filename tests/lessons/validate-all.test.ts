// Every lesson in lessons/ — the bundled ones and any a teacher adds — loads with no problem
// and plays on a real debugger machine over real MNIST: every setup reaches a paused state,
// where the file says the machine stands; every highlight names something that exists at its
// step; every live value, answer, worked solution and figure can be computed. All problems of
// a lesson are listed at once. (The bundle's own size rules are in bundle.test.ts.)
import { describe, expect, it } from 'vitest';
import { currentFrame } from '../../src/session/history';
import { figureOf } from '../../src/lessons/figures';
import { diskCatalog, play, playProblems } from './helpers';

const catalog = diskCatalog();

describe('the lessons in lessons/', () => {
  const ids = [...catalog.lessons.map((l) => l.id), ...catalog.broken.map((b) => b.id)].sort();

  it('are there', () => {
    expect(ids.length).toBeGreaterThan(0);
  });

  // One test per file, named by its id: `npx vitest run tests/lessons -t <id>` checks one lesson.
  for (const id of ids) {
    it(`${id}: loads with no problem, every step plays on the machine, and everything it shows and asks can be computed`, () => {
      expect(catalog.broken.find((b) => b.id === id)?.error.message ?? null).toBeNull();
      expect(playProblems(catalog.lessons.find((l) => l.id === id)!)).toEqual([]);
    });
  }

  it('figures draw from the live machine: a histogram counts the whole batch, curves and errors are finite', () => {
    let figures = 0;
    for (const lesson of catalog.lessons) {
      const { run, stop } = play(lesson);
      try {
        lesson.steps.forEach((step, i) => {
          if (!step.spec.figure) return;
          run.enter(i);
          const figure = figureOf(run)!;
          const frame = currentFrame(run.live().context.history);
          const where = `${lesson.id} step ${step.number}`;
          if (figure.kind === 'histogram') expect(figure.bins.reduce((n, b) => n + b.count, 0), where).toBe(frame.start.batch.size * frame.start.net.sizes[figure.layer]);
          if (figure.kind === 'gradcheck') expect(figure.points.every((p) => Number.isFinite(p.error)), where).toBe(true);
          if (figure.kind === 'ravine') expect(figure.runs.every((r) => r.run.losses.every((c) => c >= 0)), where).toBe(true);
          if (figure.kind === 'activation') expect(figure.curves.every((c) => c.f.every(Number.isFinite)), where).toBe(true);
          figures++;
        });
      } finally {
        stop();
      }
    }
    expect(figures).toBeGreaterThan(0);
  });
});
