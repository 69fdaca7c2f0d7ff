// lessons/README.md stays true for a teacher who reads only it: its template — taken from the
// README itself, not a copy — loads with no problem and plays on the machine; it documents
// every function of the answer language and every field of the format; and its list of
// rules quotes exactly the messages the loader gives (rule-cases.ts, tested in rules.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Lexer, type Token, type Tokens } from 'marked';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { compileLesson } from '../../src/lessons/compile';
import { LESSON_FUNCTIONS } from '../../src/lessons/quantities';
import { lessonMetaSchema, stepSchema } from '../../src/lessons/schema';
import { LESSON_DIR, play, playProblems } from './helpers';
import { CASES } from './rule-cases';

const readme = readFileSync(join(LESSON_DIR, 'README.md'), 'utf8');
const tokens = new Lexer().lex(readme);

/** The tokens of a `##` section of the README, up to the next `##`. */
function section(title: string): Token[] {
  const at = tokens.findIndex((t) => t.type === 'heading' && (t as Tokens.Heading).depth === 2 && (t as Tokens.Heading).text === title);
  expect(at, `the README has a "## ${title}" section`).toBeGreaterThanOrEqual(0);
  const end = tokens.findIndex((t, i) => i > at && t.type === 'heading' && (t as Tokens.Heading).depth === 2);
  return tokens.slice(at + 1, end < 0 ? undefined : end);
}

/** Every token inside, depth first. */
function walk(list: readonly Token[]): Token[] {
  return list.flatMap((t) => {
    const inner = (t as { tokens?: Token[]; items?: Token[] }).tokens ?? (t as { items?: Token[] }).items ?? [];
    return [t, ...walk(inner)];
  });
}

/** The field names of a zod schema, through optional, default, union, array and record. */
function fieldNames(schema: z.ZodType): Set<string> {
  const out = new Set<string>();
  const visit = (s: z.ZodType) => {
    const def = (s as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
    if (def.type === 'object') {
      for (const [key, value] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        out.add(key);
        visit(value);
      }
    } else if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable') visit(def.innerType as z.ZodType);
    else if (def.type === 'union') (def.options as z.ZodType[]).forEach(visit);
    else if (def.type === 'array') visit(def.element as z.ZodType);
    else if (def.type === 'record') visit(def.valueType as z.ZodType);
  };
  visit(schema);
  return out;
}

describe('lessons/README.md', () => {
  const template = section('Template').find((t): t is Tokens.Code => t.type === 'code' && (t as Tokens.Code).lang === 'markdown');

  it('has a template that loads with no problem and plays on the machine, as a teacher’s own lesson would', () => {
    expect(template).toBeDefined();
    const lesson = compileLesson({ file: 'lessons/my-lesson.md', text: template!.text });
    expect(lesson.steps.length).toBeGreaterThanOrEqual(2);
    expect(lesson.questionCount).toBeGreaterThanOrEqual(1);
    expect(playProblems(lesson)).toEqual([]);
  });

  it('has a template whose question takes the machine’s number, after one wrong try', () => {
    const lesson = compileLesson({ file: 'lessons/my-lesson.md', text: template!.text });
    const asking = lesson.steps.findIndex((s) => s.spec.question?.kind === 'number');
    const { run, stop } = play(lesson);
    try {
      run.enter(asking);
      expect(run.submit('7')).toMatchObject({ kind: 'retry', triesLeft: 1 });
      expect(run.submit('0.4')).toMatchObject({ kind: 'number', correct: true });
    } finally {
      stop();
    }
  });

  it('documents every function of the answer language', () => {
    const undocumented = Object.keys(LESSON_FUNCTIONS).filter((name) => !readme.includes(`| \`${name}(`));
    expect(undocumented).toEqual([]);
  });

  it('documents every field of the lesson block and the step block', () => {
    const names = new Set([...fieldNames(lessonMetaSchema), ...fieldNames(stepSchema)]);
    expect(names.size).toBeGreaterThan(50);
    const undocumented = [...names].filter((name) => !new RegExp(`(^|[\\s{,(\`])${name}(:|\`)`, 'm').test(readme));
    expect(undocumented).toEqual([]);
  });

  it('quotes, under "Rules", exactly the message of every rule the loader enforces', () => {
    const quoted = walk(section('Rules'))
      .filter((t): t is Tokens.Blockquote => t.type === 'blockquote')
      .flatMap((q) => walk(q.tokens).filter((t): t is Tokens.Codespan => t.type === 'codespan'))
      .map((c) => c.text.trim());
    const given = CASES.map(([, , message]) => message.replace(/^lessons\/[^,:]+\.md(, step \d+ \([^)]*\))?(, line \d+)?: /, ''));
    expect(quoted.length).toBeGreaterThanOrEqual(30);
    expect([...quoted].sort()).toEqual([...given].sort());
  });
});
