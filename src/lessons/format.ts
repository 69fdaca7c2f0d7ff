// Reading a lesson file: Markdown, tokenised by marked. The file's `# Title`, its
// ```lesson block (YAML: summary, report, order), an optional introduction, then one
// `## Step title` per step, each with an optional ```step block (YAML, schema.ts) and
// Markdown prose. No hand-written Markdown or YAML parsing: marked finds the blocks and
// headings, yaml reads the blocks, zod checks them.

import { Lexer, type Token } from 'marked';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { describeZodError, lessonMetaSchema, stepSchema, type LessonMeta, type StepSpec } from './schema';

export interface LessonSource {
  /** Path as shown to the author, e.g. "lessons/tiny-net.md". */
  readonly file: string;
  readonly text: string;
}

/** Where a problem is: the file, the step (1-based, with its title) and the line, as far as known. */
export interface LessonProblem {
  readonly file: string;
  readonly step: number | null;
  readonly stepTitle: string | null;
  readonly line: number | null;
  readonly message: string;
}

export class LessonError extends Error {
  override name = 'LessonError';
  constructor(readonly problem: LessonProblem) {
    super(describeProblem(problem));
  }
}

/** "lessons/tiny-net.md, step 3 (Softmax), line 41: question.answer: …" */
export function describeProblem(p: LessonProblem): string {
  const where = [p.file, p.step === null ? null : `step ${p.step}${p.stepTitle ? ` (${p.stepTitle})` : ''}`, p.line === null ? null : `line ${p.line}`];
  return `${where.filter(Boolean).join(', ')}: ${p.message}`;
}

export interface ParsedStep {
  /** 1-based, as the URL and the learner count. */
  readonly number: number;
  readonly title: string;
  /** Line of the step's heading. */
  readonly line: number;
  /** Line of its ```step block (the heading's line without one). */
  readonly specLine: number;
  readonly spec: StepSpec;
  /** Markdown shown for the step. */
  readonly prose: string;
}

export interface ParsedLesson {
  readonly id: string;
  readonly file: string;
  readonly title: string;
  readonly meta: LessonMeta;
  readonly intro: string;
  readonly steps: readonly ParsedStep[];
}

export const LESSON_ID = /^[a-z0-9][a-z0-9-]*$/;

/** "lessons/tiny-net.md" → "tiny-net" */
export function lessonIdOf(file: string): string {
  return file.replace(/^.*\//, '').replace(/\.md$/, '');
}

const lines = (text: string) => (text.match(/\n/g) ?? []).length;

function readYaml(source: string, fail: (message: string, lineOffset?: number) => never): unknown {
  try {
    return parseYaml(source, { prettyErrors: true, uniqueKeys: true }) ?? {};
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const line = error.linePos?.[0]?.line;
      return fail(`YAML: ${error.message.split('\n')[0]}`, line);
    }
    throw error;
  }
}

/** Parses one lesson file; throws LessonError naming the file, step and line of the first problem. */
export function parseLesson(source: LessonSource): ParsedLesson {
  const { file, text } = source;
  const id = lessonIdOf(file);
  const problem = (message: string, line: number | null = null, step: number | null = null, stepTitle: string | null = null): never => {
    throw new LessonError({ file, step, stepTitle, line, message });
  };
  if (!LESSON_ID.test(id)) problem(`the file name must be lower-case letters, digits and dashes (it becomes the URL #/lessons/${id})`);

  const tokens = new Lexer({ gfm: true }).lex(text.replace(/\r\n/g, '\n'));
  let line = 1;
  let title: string | null = null;
  let meta: LessonMeta | null = null;
  let intro = '';
  const steps: { title: string; line: number; specLine: number; yaml: string | null; prose: string }[] = [];

  for (const token of tokens as Token[]) {
    const at = line;
    line += lines(token.raw);
    const current = steps[steps.length - 1];
    if (token.type === 'heading' && token.depth === 1) {
      if (title !== null || steps.length) problem('only one "# Title" per lesson, at the top', at);
      title = token.text.trim();
      continue;
    }
    if (title === null && token.type !== 'space') problem('a lesson starts with its "# Title"', at);
    if (token.type === 'heading' && token.depth === 2) {
      steps.push({ title: token.text.trim(), line: at, specLine: at, yaml: null, prose: '' });
      continue;
    }
    if (token.type === 'code' && token.lang === 'lesson') {
      if (meta !== null || steps.length) problem('the ```lesson block comes once, before the first step', at);
      const parsed = lessonMetaSchema.safeParse(readYaml(token.text, (m, l) => problem(m, l === undefined ? at : at + l)));
      if (!parsed.success) problem(`lesson block: ${describeZodError(parsed.error)}`, at);
      meta = parsed.data!;
      continue;
    }
    if (token.type === 'code' && token.lang === 'step') {
      if (!current) problem('a ```step block belongs under a "## Step title"', at);
      if (current.yaml !== null) problem('one ```step block per step', at, steps.length, current.title);
      current.yaml = token.text;
      current.specLine = at;
      continue;
    }
    if (current) current.prose += token.raw;
    else intro += token.raw;
  }
  if (title === null) problem('a lesson starts with its "# Title"', 1);
  if (meta === null) problem('the lesson needs a ```lesson block (summary, report, order) after its title', 1);
  if (steps.length === 0) problem('the lesson has no steps ("## Step title")', line);

  const parsedSteps = steps.map((step, i): ParsedStep => {
    const fail = (message: string, l: number | null = step.specLine): never => problem(message, l, i + 1, step.title);
    const raw = step.yaml === null ? {} : readYaml(step.yaml, (m, l) => fail(m, l === undefined ? step.specLine : step.specLine + l));
    const spec = stepSchema.safeParse(raw);
    if (!spec.success) fail(describeZodError(spec.error));
    return { number: i + 1, title: step.title, line: step.line, specLine: step.specLine, spec: spec.data!, prose: step.prose.trim() };
  });
  return { id, file, title: title!, meta: meta!, intro: intro.trim(), steps: parsedSteps };
}
