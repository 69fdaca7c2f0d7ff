// Reading a lesson file: its title, lesson block, introduction and steps, with the prose
// around the blocks and the lines of each part; several files at once, the broken ones
// listed with their problems while the others load. (Each rule: rules.test.ts.)
import { describe, expect, it } from 'vitest';
import { compileLesson, compileLessons } from '../../src/lessons/compile';

const TINY_SETUP = `setup:
  net: { sizes: [2, 2, 2], precision: float64, seed: 1 }
  data:
    classes: 2
    batches:
      - { inputs: [1, 0.5], labels: [1] }`;

/** A valid two-step lesson; `step2` replaces the second step's block. */
function lesson(step2: string, head = 'summary: s\nreport: r\norder: 1'): string {
  return `# A title\n\n\`\`\`lesson\n${head}\n\`\`\`\n\nIntro.\n\n## First\n\n\`\`\`step\n${TINY_SETUP}\n\`\`\`\n\nProse {{ x(1) }}.\n\n## Second\n\n\`\`\`step\n${step2}\n\`\`\`\n\nMore prose,\n\nand {{ z(1, 1) }}.\n`;
}

describe('a well-formed lesson', () => {
  it('parses into its title, meta, intro and steps, with the prose around the blocks', () => {
    const compiled = compileLesson({ file: 'lessons/good-one.md', text: lesson('do:\n  - next: 1') });
    expect(compiled.id).toBe('good-one');
    expect(compiled.title).toBe('A title');
    expect(compiled.meta).toEqual({ summary: 's', report: 'r', order: 1 });
    expect(compiled.intro).toBe('Intro.');
    expect(compiled.steps.map((s) => [s.number, s.title, s.prose])).toEqual([
      [1, 'First', 'Prose {{ x(1) }}.'],
      [2, 'Second', 'More prose,\n\nand {{ z(1, 1) }}.'],
    ]);
    expect(compiled.steps[1].spec.do).toEqual([{ next: 1 }]);
  });

  it('knows the line of each step, field and live value', () => {
    const compiled = compileLesson({ file: 'lessons/good-one.md', text: lesson('do:\n  - next: 1') });
    const [first, second] = compiled.steps;
    expect([first.line, first.specLine, second.line, second.specLine]).toEqual([11, 13, 24, 26]);
    expect(first.lines.field(['setup', 'data', 'batches', 0])).toBe(19);
    expect(second.lines.field(['do', 0])).toBe(28);
    expect(second.lines.field(['question'])).toBe(26); // absent: the block's fence
    expect(second.lines.text(null, '{{ z(1, 1) }}')).toBe(33);
  });

  it('knows where the machine stands at each step, and after its reveal', () => {
    const compiled = compileLesson({ file: 'lessons/good-one.md', text: lesson('do:\n  - goto: loss') });
    expect(compiled.steps.map((s) => s.at)).toEqual([
      { shown: -1, revealed: -1 },
      { shown: 4, revealed: 4 },
    ]);
  });
});

describe('compileLessons', () => {
  it('keeps the good lessons, lists the broken ones with every problem, and orders by `order`', () => {
    const { lessons, broken } = compileLessons([
      { file: 'lessons/b.md', text: lesson('do:\n  - next: 1', 'summary: s\nreport: r\norder: 2') },
      { file: 'lessons/broken.md', text: '# Broken\n' },
      { file: 'lessons/a.md', text: lesson('do:\n  - next: 1', 'summary: s\nreport: r\norder: 1') },
    ]);
    expect(lessons.map((l) => l.id)).toEqual(['a', 'b']);
    expect(broken.map((b) => [b.id, b.error.problems.map((p) => p.message)])).toEqual([
      ['broken', ['the lesson needs a ```lesson block (summary, report, order) after its title', 'the lesson has no steps ("## Step title")']],
    ]);
  });
});
