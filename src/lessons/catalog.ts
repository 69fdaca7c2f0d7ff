// The lessons the page offers: every lessons/*.md bundled as text by Vite (README.md is
// the format's documentation, not a lesson). A broken file is listed with its problem;
// the rest still load.

import { compileLessons, type CompiledLesson } from './compile';
import type { LessonSource } from './format';
import type { LessonError } from './problems';

export interface Catalog {
  readonly lessons: readonly CompiledLesson[];
  readonly broken: readonly { readonly id: string; readonly file: string; readonly error: LessonError }[];
}

const NOT_LESSONS = new Set(['README.md']);

/** Lesson sources from a { path: text } record, as import.meta.glob or the file system give them. */
export function lessonSources(files: Readonly<Record<string, string>>): LessonSource[] {
  return Object.entries(files)
    .map(([path, text]) => ({ file: `lessons/${path.replace(/^.*\//, '')}`, text }))
    .filter((source) => !NOT_LESSONS.has(source.file.replace(/^lessons\//, '')))
    .sort((a, b) => a.file.localeCompare(b.file));
}

export function buildCatalog(files: Readonly<Record<string, string>>): Catalog {
  return compileLessons(lessonSources(files));
}

/** The lessons bundled with the page. */
export function bundledCatalog(): Catalog {
  const files = import.meta.glob('/lessons/*.md', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
  return buildCatalog(files);
}

/**
 * Lessons only the end-to-end tests' build carries (`vite build --mode e2e`): hostile files
 * such as tests/e2e/fixtures/lessons/hostile.md, reachable by their address but not listed.
 * In any other build the branch is dead code and nothing of them is bundled.
 */
export function e2eFixtureLessons(): readonly CompiledLesson[] {
  if (import.meta.env.MODE !== 'e2e') return [];
  const files = import.meta.glob('/tests/e2e/fixtures/lessons/*.md', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
  return buildCatalog(files).lessons;
}
