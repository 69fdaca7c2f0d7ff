// Reading a lesson file: Markdown, tokenised by marked. The file's `# Title`, its
// ```lesson block (YAML: summary, report, order), an optional introduction, then one
// `## Step title` per step, each with an optional ```step block (YAML, schema.ts) and
// Markdown prose. No hand-written Markdown or YAML parsing: marked finds the blocks and
// headings, yaml reads the blocks, zod checks them. The whole file is read and every
// problem found is collected (problems.ts), each at its line of the .md file.

import { Lexer, type Token } from 'marked';
import type { z } from 'zod';
import type { ProblemList } from './problems';
import { lessonMetaSchema, stepSchema, type LessonMeta, type StepSpec } from './schema';
import { readYamlBlock, type YamlBlock, type YamlPath } from './yaml-block';
import { fieldProblems, pathText } from './zod-messages';

export interface LessonSource {
  /** Path as shown to the author, e.g. "lessons/tiny-net.md". */
  readonly file: string;
  readonly text: string;
}

/** Where the parts of a step are in the file, for problems found after parsing. */
export interface StepLines {
  /** Line of a field of the ```step block (its key), e.g. ['question', 'answer']. */
  field(path: YamlPath): number;
  /** Line of `needle` (e.g. a `{{ … }}`) in the prose (path null) or in a text field of the block. */
  text(path: YamlPath | null, needle: string): number;
}

export interface ParsedStep {
  /** 1-based, as the URL and the learner count. */
  readonly number: number;
  readonly title: string;
  /** Line of the step's heading. */
  readonly line: number;
  /** Line of its ```step block (the heading's line without one). */
  readonly specLine: number;
  /** The step's block; {} when it could not be read (`readable` false, and the problem reported). */
  readonly spec: StepSpec;
  readonly readable: boolean;
  /** The names its `let` defines — known even when the block could not be read, so later steps are not blamed. */
  readonly letNames: readonly string[];
  /** Markdown shown for the step. */
  readonly prose: string;
  readonly lines: StepLines;
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

/** A block's YAML checked against a schema; every problem reported at its line, `prefix` before its field. */
function readBlock<T>(block: YamlBlock, schema: z.ZodType<T>, report: (message: string, line: number) => void, prefix = ''): T | null {
  if (block.error) {
    report(`YAML: ${block.error.message}`, block.error.line);
    return null;
  }
  const parsed = schema.safeParse(block.value);
  if (parsed.success) return parsed.data;
  for (const p of fieldProblems(parsed.error, block.value)) report(`${prefix}${pathText(p.path)}: ${p.message}`, block.line(p.path));
  return null;
}

interface RawStep {
  title: string;
  line: number;
  specLine: number;
  block: YamlBlock | null;
  /** The prose as it stands in the file: pieces with the line each starts on. */
  prose: { raw: string; line: number }[];
}

/** Parses one lesson file, adding every problem found to `problems`. */
export function parseLesson(source: LessonSource, problems: ProblemList): ParsedLesson {
  const { file, text } = source;
  const id = lessonIdOf(file);
  if (!LESSON_ID.test(id)) problems.add(`the file name must be lower-case letters, digits and dashes (it becomes the URL #/lessons/${id})`, null);

  const tokens = new Lexer({ gfm: true }).lex(text.replace(/\r\n/g, '\n'));
  let line = 1;
  let title: string | null = null;
  let meta: LessonMeta | null = null;
  let metaSeen = false;
  let untitled = false;
  let intro = '';
  const steps: RawStep[] = [];

  for (const token of tokens as Token[]) {
    const at = line;
    line += lines(token.raw);
    const current = steps[steps.length - 1];
    const stepRef = current ? { number: steps.length, title: current.title } : null;
    if (token.type === 'heading' && token.depth === 1) {
      if (title !== null || steps.length) problems.add('only one "# Title" per lesson, at the top', at, stepRef);
      else title = token.text.trim();
      continue;
    }
    if (title === null && token.type !== 'space' && !untitled) {
      problems.add('a lesson starts with its "# Title"', at);
      untitled = true;
    }
    if (token.type === 'heading' && token.depth === 2) {
      steps.push({ title: token.text.trim(), line: at, specLine: at, block: null, prose: [] });
      continue;
    }
    if (token.type === 'code' && token.lang === 'lesson') {
      if (metaSeen || steps.length) {
        problems.add('the ```lesson block comes once, before the first step', at, stepRef);
        continue;
      }
      metaSeen = true;
      meta = readBlock(readYamlBlock(token.text, at), lessonMetaSchema, (m, l) => problems.add(m, l), 'lesson block: ');
      continue;
    }
    if (token.type === 'code' && token.lang === 'step') {
      if (!current) problems.add('a ```step block belongs under a "## Step title"', at);
      else if (current.block !== null) problems.add('one ```step block per step', at, stepRef);
      else {
        current.block = readYamlBlock(token.text, at);
        current.specLine = at;
      }
      continue;
    }
    if (current) current.prose.push({ raw: token.raw, line: at });
    else intro += token.raw;
  }
  if (title === null && !untitled) problems.add('a lesson starts with its "# Title"', 1);
  if (!metaSeen) problems.add('the lesson needs a ```lesson block (summary, report, order) after its title', 1);
  if (steps.length === 0) problems.add('the lesson has no steps ("## Step title")', line);

  const parsedSteps = steps.map((step, i): ParsedStep => {
    const ref = { number: i + 1, title: step.title };
    const block = step.block;
    const spec = block ? readBlock(block, stepSchema, (m, l) => problems.add(m, l, ref)) : {};
    const lines: StepLines = {
      field: (path) => block?.line(path) ?? step.specLine,
      text: (path, needle) => {
        if (path) return block?.lineOf(path, needle) ?? step.specLine;
        for (const piece of step.prose) {
          const offset = piece.raw.indexOf(needle);
          if (offset >= 0) return piece.line + (piece.raw.slice(0, offset).match(/\n/g) ?? []).length;
        }
        return step.line;
      },
    };
    const prose = step.prose.map((p) => p.raw).join('').trim();
    const raw = block?.value as { let?: unknown } | undefined;
    const letNames = raw && typeof raw.let === 'object' && raw.let !== null ? Object.keys(raw.let) : [];
    return { number: i + 1, title: step.title, line: step.line, specLine: step.specLine, spec: spec ?? {}, readable: spec !== null, letNames, prose, lines };
  });
  return { id, file, title: title ?? '', meta: meta ?? { summary: '', report: '', order: 0 }, intro: intro.trim(), steps: parsedSteps };
}
