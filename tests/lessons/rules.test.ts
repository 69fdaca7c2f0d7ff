// Every rule a lesson must meet when it loads (lessons/README.md, "Rules"), each shown to
// fail: a lesson file with one defect, and the exact message — file, step, line of the .md
// file, problem. The README quotes each message (readme.test.ts holds the two lists equal).
import { describe, expect, it } from 'vitest';
import { compileLesson } from '../../src/lessons/compile';
import { BASE, broken, CASES, problemsOf } from './rule-cases';

describe('a lesson that breaks a rule is rejected when it loads, naming file, step and line', () => {
  it('the base lesson keeps every rule', () => {
    expect(problemsOf(BASE)).toEqual([]);
  });

  for (const [rule, text, message, file] of CASES) {
    it(rule, () => {
      expect(problemsOf(text, file)).toEqual([message]);
    });
  }
});

describe('all problems of a file at once', () => {
  it('one per defect, in the order of their lines, whichever step they are in', () => {
    const text = BASE.replace('  tolerance: 0.005\n', '  tolerance: small\n')
      .replace('{{ x(1) }}', '{{ delta(2, 0) }}')
      .replace('  - goto: outputDelta', '  - goto: [outputDelta')
      .replace('  answer: predicted()', '  answer: predicted()\n  hint: none');
    expect(problemsOf(text)).toEqual([
      'lessons/rules.md, step 1 (Set up), line 27: the prose, {{ delta(2, 0) }}: "delta(2, 0)": δₖ is not computed yet: the batch is loaded and nothing is computed yet',
      'lessons/rules.md, step 2 (Ask), line 40: question.tolerance: expected number, received string',
      'lessons/rules.md, step 3 (Choose), line 54: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('the error’s message lists them all, one per line', () => {
    const text = BASE.replace('  tolerance: 0.005\n', '').replace('{{ loss() }}', '{{ lost() }}');
    expect(() => compileLesson({ file: 'lessons/rules.md', text })).toThrow(
      'lessons/rules.md, step 2 (Ask), line 36: question: a number question states its `tolerance` (absolute) or `relative` tolerance\n' +
        'lessons/rules.md, step 3 (Choose), line 63: the prose, {{ lost() }}: "lost()": unknown function lost()',
    );
  });

  it('a YAML error names one line, the line in the .md file', () => {
    for (const [from, to, line] of [
      ['  kind: number\n', '  kind: number\n kind: choice\n', 38],
      ['  prompt: "What is $z_{j=1}$?"', '  prompt: "What is $z_{j=1}$?', 38],
      ['  answer: z(1, 1)', '  answer: z(1, 1)\n  answer: z(1, 2)', 40],
      ['report: "§1"', 'report: "§1"\nreport: again', 6],
    ] as const) {
      const [message, ...more] = problemsOf(broken(from, to));
      expect(more, to).toEqual([]);
      expect(message.match(/line \d+/g), message).toEqual([`line ${line}`]);
      expect(message).toMatch(/: YAML: /);
    }
  });
});
