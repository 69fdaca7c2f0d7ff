// Issue 6, item 2: every lesson in lessons/ parses, every setup reaches a real state of
// the machine, every highlight names something that exists at its step, every live value
// and every question's answer can be computed — on a real debugger actor over real MNIST.
import { describe, expect, it } from 'vitest';
import { currentFrame } from '../../src/session/history';
import { figureOf } from '../../src/lessons/figures';
import { actorOf, diskCatalog, play, renderProblems } from './helpers';

const catalog = diskCatalog();

describe('the lessons in lessons/', () => {
  it('all parse and compile', () => {
    expect(catalog.broken.map((b) => b.error.message)).toEqual([]);
  });

  it('are at least ten, each of 6–15 steps with at least two questions (issue 6, item 4)', () => {
    expect(catalog.lessons.length).toBeGreaterThanOrEqual(10);
    for (const lesson of catalog.lessons) {
      expect(lesson.steps.length, lesson.id).toBeGreaterThanOrEqual(6);
      expect(lesson.steps.length, lesson.id).toBeLessThanOrEqual(15);
      expect(lesson.questionCount, lesson.id).toBeGreaterThanOrEqual(2);
    }
    expect(new Set(catalog.lessons.map((l) => l.meta.order)).size).toBe(catalog.lessons.length);
  });

  for (const lesson of catalog.lessons) {
    it(`${lesson.id}: every step plays on the machine, and everything it shows and asks can be computed`, () => {
      const { run, stop } = play(lesson);
      try {
        for (let i = 0; i < lesson.steps.length; i++) {
          run.enter(i);
          const step = run.step;
          // a real state of the machine: paused in the phase of its current frame
          const snapshot = actorOf(run).getSnapshot();
          expect(snapshot.status).toBe('active');
          expect(snapshot.hasTag('running')).toBe(false);
          const frame = currentFrame(snapshot.context.history);
          const phase = frame.stepIndex < 0 ? 'ready' : snapshot.context.plan[frame.stepIndex].phase;
          expect(snapshot.matches({ paused: phase }), `${lesson.id} step ${i + 1} is in ${phase}`).toBe(true);
          if (step.spec.figure) {
            // the figure can be drawn from the live machine
            const figure = figureOf(run)!;
            if (figure.kind === 'histogram') {
              const sizes = frame.start.net.sizes;
              expect(figure.bins.reduce((n, b) => n + b.count, 0)).toBe(frame.start.batch.size * sizes[figure.layer]);
            }
            if (figure.kind === 'gradcheck') expect(figure.points.every((p) => Number.isFinite(p.error))).toBe(true);
            if (figure.kind === 'ravine') expect(figure.runs.every((r) => r.run.losses.every((c) => c >= 0))).toBe(true);
            if (figure.kind === 'activation') expect(figure.curves.every((c) => c.f.every(Number.isFinite))).toBe(true);
          }
          const before = [...run.problems(false), ...renderProblems(run, step.prose)];
          if (step.spec.question) before.push(...renderProblems(run, step.spec.question.prompt));
          expect(before, `${lesson.file} step ${step.number} (${step.title})`).toEqual([]);
          const after = run.problems(true);
          if (step.spec.question) after.push(...renderProblems(run, step.spec.question.worked));
          expect(after, `${lesson.file} step ${step.number} (${step.title}), after the reveal`).toEqual([]);
        }
      } finally {
        stop();
      }
    });
  }
});
