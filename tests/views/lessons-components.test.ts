// The lesson views in jsdom: a malformed lesson is listed with its problem; a step the
// machine refuses shows the file, step and problem in the panel while the rest keeps
// working; a question answered wrongly shows the machine's value and the worked substitution.
import './jsdom-stubs';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { MnistData } from '../../src/data/mnist';
import { compileLesson, compileLessons } from '../../src/lessons/compile';
import LessonList from '../../src/views/lessons/LessonList.svelte';
import LessonPlayer from '../../src/views/lessons/LessonPlayer.svelte';

const SETUP = `setup:
  net:
    sizes: [2, 2, 2]
    activation: sigmoid
    precision: float64
    weights: [[[0.5, -0.4], [0.3, 0.8]], [[0.9, -0.6], [-0.3, 0.7]]]
    biases: [[0.1, -0.2], [0.0, 0.1]]
  data:
    classes: 2
    batches:
      - { inputs: [1.0, 0.5], labels: [1] }`;

function lessonText(...steps: string[]): string {
  const body = steps.map((s, i) => `## Step ${i + 1}\n\n\`\`\`step\n${s}\n\`\`\`\n\nThe input is {{ x(1) }}.\n`).join('\n');
  return `# A test lesson\n\n\`\`\`lesson\nsummary: s\nreport: r\norder: 1\n\`\`\`\n\n${body}`;
}

const noMnist = null as unknown as MnistData;

describe('LessonList', () => {
  it('lists a broken lesson with its file, step and problem beside the good ones', () => {
    const { lessons, broken } = compileLessons([
      { file: 'lessons/good.md', text: lessonText(SETUP) },
      { file: 'lessons/broken.md', text: lessonText(SETUP, 'question:\n  kind: number\n  prompt: p\n  answer: delta(2, 0)\n  worked: w') },
    ]);
    render(LessonList, { lessons, broken, progress: {} });
    expect(screen.getByRole('link', { name: 'A test lesson' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain(
      'lessons/broken.md, step 2 (Step 2), line 29: question: a number question states its `tolerance` (absolute) or `relative` tolerance',
    );
  });
});

describe('LessonPlayer', () => {
  const props = (lesson: ReturnType<typeof compileLesson>, step: number) => ({
    lesson,
    step,
    active: true,
    mnist: noMnist,
    progress: null,
    ongo: vi.fn(),
    onvisit: vi.fn(),
    onanswer: vi.fn(),
  });

  it('a step the machine refuses: the panel names file, step and problem; navigation still works', async () => {
    const lesson = compileLesson({ file: 'lessons/refused.md', text: lessonText(SETUP, 'do:\n  - select: 3') });
    const p = props(lesson, 2);
    render(LessonPlayer, p);
    const alert = (await screen.findByText('This step cannot be shown.')).closest('[role="alert"]')!;
    expect(alert.textContent).toContain('lessons/refused.md, step 2 (Step 2), line 29: the machine refuses sample.select: example 3 is outside the batch of 1 (examples 1 … 1)');
    await fireEvent.click(screen.getByRole('button', { name: '← Back' }));
    expect(p.ongo).toHaveBeenCalledWith(1);
  });

  it('a wrong number: the verdict gives the machine’s value, then the worked substitution', async () => {
    const lesson = compileLesson({
      file: 'lessons/question.md',
      text: lessonText(
        SETUP,
        'question:\n  kind: number\n  prompt: "What is z of hidden unit 1?"\n  answer: z(1, 1)\n  tolerance: 0.005\n  reveal:\n    - goto: { phase: forward, layer: 1, part: z }\n  worked: "It is {{ w(1, 1, 1) }} times {{ x(1) }} plus more: {{ z(1, 1) }}."',
      ),
    });
    const p = props(lesson, 2);
    render(LessonPlayer, p);
    const input = await screen.findByLabelText('your answer');
    await fireEvent.input(input, { target: { value: 'forty' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    expect(screen.getByRole('status').textContent).toContain('“forty” is not a number I can read');
    await fireEvent.input(input, { target: { value: '0.5' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    const verdict = screen.getByRole('status');
    expect(verdict.textContent).toContain('Not quite.');
    expect(verdict.textContent).toContain('You said 0.5; the machine computed 0.4000 (within ±0.005)');
    expect(screen.getByLabelText('worked explanation').textContent).toContain('It is 0.5 times 1 plus more: 0.4.');
    expect(p.onanswer).toHaveBeenCalledWith(2, { correct: false, given: '0.5' });
  });
});
