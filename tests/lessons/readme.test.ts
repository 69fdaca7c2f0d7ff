// lessons/README.md stays true: its template is a lesson that compiles and plays, and it
// documents every function the answer language offers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Lexer, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { compileLesson } from '../../src/lessons/compile';
import { LESSON_FUNCTIONS } from '../../src/lessons/quantities';
import { LESSON_DIR, play, renderProblems } from './helpers';

const readme = readFileSync(join(LESSON_DIR, 'README.md'), 'utf8');
const tokens = new Lexer().lex(readme);

describe('lessons/README.md', () => {
  it('has a template that compiles and plays on the machine', () => {
    const at = tokens.findIndex((t) => t.type === 'heading' && (t as Tokens.Heading).text === 'Template');
    const block = tokens.slice(at).find((t): t is Tokens.Code => t.type === 'code' && (t as Tokens.Code).lang === 'markdown');
    expect(block).toBeDefined();
    const lesson = compileLesson({ file: 'lessons/template.md', text: block!.text });
    expect(lesson.steps.length).toBe(2);
    const { run, stop } = play(lesson);
    try {
      for (let i = 0; i < lesson.steps.length; i++) {
        run.enter(i);
        expect([...run.problems(false), ...renderProblems(run, run.step.prose)]).toEqual([]);
        expect(run.problems(true)).toEqual([]);
      }
      expect(run.submit('0.4')).toMatchObject({ kind: 'number', correct: true });
    } finally {
      stop();
    }
  });

  it('documents every function of the answer language', () => {
    const undocumented = Object.keys(LESSON_FUNCTIONS).filter((name) => !readme.includes(`| \`${name}(`));
    expect(undocumented).toEqual([]);
  });
});
