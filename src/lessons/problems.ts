// What is wrong with a lesson file, and where: every problem names the file, the step
// (1-based, with its title) and the line of the .md file. A file is read to the end and
// all its problems are reported together, so a teacher fixes them in one pass.

export interface LessonProblem {
  /** Path as shown to the author, e.g. "lessons/tiny-net.md". */
  readonly file: string;
  readonly step: number | null;
  readonly stepTitle: string | null;
  /** Line in the .md file, from 1. */
  readonly line: number | null;
  readonly message: string;
}

/** "lessons/tiny-net.md, step 3 (Softmax), line 41: question.answer: …" */
export function describeProblem(p: LessonProblem): string {
  const where = [p.file, p.step === null ? null : `step ${p.step}${p.stepTitle ? ` (${p.stepTitle})` : ''}`, p.line === null ? null : `line ${p.line}`];
  return `${where.filter(Boolean).join(', ')}: ${p.message}`;
}

/** One or more problems of one lesson file, in the order of their lines. */
export class LessonError extends Error {
  override name = 'LessonError';
  readonly problems: readonly LessonProblem[];

  constructor(problems: LessonProblem | readonly LessonProblem[]) {
    const list = Array.isArray(problems) ? (problems as readonly LessonProblem[]) : [problems as LessonProblem];
    if (list.length === 0) throw new RangeError('a LessonError needs at least one problem');
    super(list.map(describeProblem).join('\n'));
    this.problems = list;
  }

  /** The first problem. */
  get problem(): LessonProblem {
    return this.problems[0];
  }
}

/** Collects the problems of one file while it is read; `throwIfAny` ends the reading. */
export class ProblemList {
  private readonly list: LessonProblem[] = [];

  constructor(readonly file: string) {}

  add(message: string, line: number | null, step: { readonly number: number; readonly title: string } | null = null): void {
    this.list.push({ file: this.file, step: step?.number ?? null, stepTitle: step?.title ?? null, line, message });
  }

  get count(): number {
    return this.list.length;
  }

  throwIfAny(): void {
    if (this.list.length === 0) return;
    // Stable: problems on one line keep the order they were found in.
    const sorted = this.list.map((p, i) => [p, i] as const).sort(([a, i], [b, j]) => (a.line ?? 0) - (b.line ?? 0) || i - j);
    throw new LessonError(sorted.map(([p]) => p));
  }
}
