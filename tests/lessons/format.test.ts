// A malformed lesson fails with an error naming the file, the step and the problem (issue 6,
// item 2), and one broken file does not stop the others from loading.
import { describe, expect, it } from 'vitest';
import { compileLesson, compileLessons } from '../../src/lessons/compile';
import { LessonError } from '../../src/lessons/format';

const TINY_SETUP = `setup:
  net: { sizes: [2, 2, 2], precision: float64, seed: 1 }
  data:
    classes: 2
    batches:
      - { inputs: [1, 0.5], labels: [1] }`;

/** A valid two-step lesson; `step2` replaces the second step's block. */
function lesson(step2: string, step1 = TINY_SETUP, head = 'summary: s\nreport: r\norder: 1'): string {
  return `# A title\n\n\`\`\`lesson\n${head}\n\`\`\`\n\nIntro.\n\n## First\n\n\`\`\`step\n${step1}\n\`\`\`\n\nProse {{ z(1, 1) }}.\n\n## Second\n\n\`\`\`step\n${step2}\n\`\`\`\n\nMore prose.\n`;
}

function problem(text: string, file = 'lessons/bad.md') {
  try {
    compileLesson({ file, text });
  } catch (error) {
    expect(error).toBeInstanceOf(LessonError);
    return (error as LessonError).problem;
  }
  throw new Error('expected the lesson to be rejected');
}

describe('a well-formed lesson', () => {
  it('parses into its title, meta, intro and steps, with the prose around the blocks', () => {
    const compiled = compileLesson({ file: 'lessons/good-one.md', text: lesson('do:\n  - next: 1') });
    expect(compiled.id).toBe('good-one');
    expect(compiled.title).toBe('A title');
    expect(compiled.meta).toEqual({ summary: 's', report: 'r', order: 1 });
    expect(compiled.intro).toBe('Intro.');
    expect(compiled.steps.map((s) => [s.number, s.title, s.prose])).toEqual([
      [1, 'First', 'Prose {{ z(1, 1) }}.'],
      [2, 'Second', 'More prose.'],
    ]);
    expect(compiled.steps[1].spec.do).toEqual([{ next: 1 }]);
    expect(compiled.steps.map((s) => s.line)).toEqual([11, 24]);
  });
});

describe('malformed lessons name the file, the step and the problem', () => {
  it('YAML that does not parse, with its line', () => {
    const p = problem(lesson('do: [next: 1'));
    expect(p.file).toBe('lessons/bad.md');
    expect(p.step).toBe(2);
    expect(p.stepTitle).toBe('Second');
    expect(p.message).toMatch(/^YAML: /);
    expect(p.line).toBeGreaterThanOrEqual(25);
  });

  it('a field the schema does not know, with its path', () => {
    const p = problem(lesson('question:\n  kind: number\n  prompt: p\n  answer: z(1, 0)\n  tolerance: 0.1\n  worked: w\n  hint: no'));
    expect(p.step).toBe(2);
    expect(p.message).toBe('question: Unrecognized key: "hint"');
  });

  it('step 1 without a setup', () => {
    const p = problem(lesson('do:\n  - next: 1', 'do:\n  - next: 1'));
    expect([p.step, p.message]).toEqual([1, 'step 1 needs a `setup` (the net, the data and the batch the lesson starts from)']);
  });

  it('an answer that calls no function of the machine', () => {
    const p = problem(lesson('question:\n  kind: number\n  prompt: p\n  answer: "0.25"\n  tolerance: 0.01\n  worked: w'));
    expect(p.message).toBe('question.answer: "0.25" is a fixed number; answers are read from the machine (e.g. delta(2, 1))');
  });

  it('an answer in YAML as a bare number', () => {
    const p = problem(lesson('question:\n  kind: number\n  prompt: p\n  answer: 0.25\n  tolerance: 0.01\n  worked: w'));
    expect(p.message).toMatch(/is a fixed number/);
  });

  it('a number question without a tolerance', () => {
    const p = problem(lesson('question:\n  kind: number\n  prompt: p\n  answer: z(1, 0)\n  worked: w'));
    expect(p.message).toBe('question: a number question states its `tolerance` (absolute) or `relative` tolerance');
  });

  it('an unknown function in the answer, in the prose, and a misspelt argument', () => {
    expect(problem(lesson('question:\n  kind: number\n  prompt: p\n  answer: dleta(2, 1)\n  tolerance: 0.1\n  worked: w')).message).toBe(
      'question.answer: "dleta(2, 1)": unknown function dleta()',
    );
    const prose = problem(`# T\n\n\`\`\`lesson\nsummary: s\nreport: r\norder: 1\n\`\`\`\n\n## Only\n\n\`\`\`step\n${TINY_SETUP}\n\`\`\`\n\nThe value is {{ delta(layr = 2, unit = 0) }}.\n`);
    expect(prose.step).toBe(1);
    expect(prose.message).toBe('the prose, {{ delta(layr = 2, unit = 0) }}: "delta(layr = 2, unit = 0)": delta() has no parameter "layr" (it takes layer, unit, sample)');
  });

  it('a choice question with neither an answer nor a marked choice', () => {
    const p = problem(lesson('question:\n  kind: choice\n  prompt: p\n  choices: [{ text: a }, { text: b }]\n  worked: w'));
    expect(p.message).toMatch(/^question: give either `answer`/);
  });

  it('a highlighted term that no equation of the step marks', () => {
    const p = problem(lesson('equations: [8]\nhighlight:\n  - { term: alpha }'));
    expect(p.message).toBe('highlight.0: no equation of this step marks a term "alpha" (it marks delta, fprime, sum, w, deltak)');
  });

  it('an equation the report does not have, and TeX that does not render', () => {
    expect(problem(lesson('equations: [20]')).message).toMatch(/^equations\.0: /);
    expect(problem(lesson('equations:\n  - tex: "\\\\frac{1}{"')).message).toMatch(/^equations\.0: the TeX does not render: /);
  });

  it('a name used before it is defined', () => {
    const p = problem(lesson('question:\n  kind: number\n  prompt: p\n  answer: later + z(1, 0)\n  tolerance: 0.1\n  worked: w'));
    expect(p.message).toBe('question.answer: "later + z(1, 0)": unknown name "later"');
  });

  it('a missing title, lesson block or steps; a bad file name', () => {
    expect(problem('Just text.').message).toBe('a lesson starts with its "# Title"');
    expect(problem('# T\n\n## Step\n').message).toBe('the lesson needs a ```lesson block (summary, report, order) after its title');
    expect(problem('# T\n\n```lesson\nsummary: s\nreport: r\norder: 1\n```\n').message).toBe('the lesson has no steps ("## Step title")');
    expect(problem(lesson('do: []'), 'lessons/Bad Name.md').message).toMatch(/^the file name must be lower-case/);
  });

  it('the error message itself names file, step and line', () => {
    const p = problem(lesson('question:\n  kind: number\n  prompt: p\n  answer: z(1, 0)\n  worked: w'));
    const error = new LessonError(p);
    expect(error.message).toMatch(/^lessons\/bad\.md, step 2 \(Second\), line \d+: question: a number question states/);
  });
});

describe('compileLessons', () => {
  it('keeps the good lessons, lists the broken ones, and orders by `order`', () => {
    const { lessons, broken } = compileLessons([
      { file: 'lessons/b.md', text: lesson('do: []', TINY_SETUP, 'summary: s\nreport: r\norder: 2') },
      { file: 'lessons/broken.md', text: '# Broken\n' },
      { file: 'lessons/a.md', text: lesson('do: []', TINY_SETUP, 'summary: s\nreport: r\norder: 1') },
    ]);
    expect(lessons.map((l) => l.id)).toEqual(['a', 'b']);
    expect(broken.map((b) => [b.id, b.error.problem.message])).toEqual([['broken', 'the lesson needs a ```lesson block (summary, report, order) after its title']]);
  });
});
