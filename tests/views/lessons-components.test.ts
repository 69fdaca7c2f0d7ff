// The lesson views in jsdom: a malformed lesson is listed with its problem; a step the
// machine refuses shows the file, step and problem in the panel while the rest keeps
// working; a question answered wrongly shows the machine's value and the worked substitution.
import './jsdom-stubs';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
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
  it('lists a broken lesson with its file, and every problem with its step and line, beside the good ones', () => {
    const { lessons, broken } = compileLessons([
      { file: 'lessons/good.md', text: lessonText(SETUP) },
      { file: 'lessons/broken.md', text: lessonText(SETUP, 'question:\n  kind: number\n  prompt: p\n  answer: delta(2, 0)\n  worked: w') },
    ]);
    render(LessonList, { lessons, broken, progress: {} });
    expect(screen.getByRole('link', { name: 'A test lesson' })).toBeTruthy();
    const alert = screen.getByRole('alert').textContent!;
    expect(alert).toContain('lessons/broken.md, step 2 (Step 2), line 30: question: a number question states its `tolerance` (absolute) or `relative` tolerance');
    expect(alert).toContain('lessons/broken.md, step 2 (Step 2), line 33: question.answer: "delta(2, 0)": δₖ is not computed yet: the batch is loaded and nothing is computed yet');
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
    expect(alert.textContent).toContain('lessons/refused.md, step 2 (Step 2), line 31: the machine refuses sample.select: example 3 is outside the examples 1 … 1 of the batch');
    await fireEvent.click(screen.getByRole('button', { name: '← Back' }));
    expect(p.ongo).toHaveBeenCalledWith(1);
  });

  it('the stage names the batch as the lesson and the debugger count it: `order: [1, 2]` is epoch 1, batch 2', async () => {
    const twoBatches = SETUP.replace('      - { inputs: [1.0, 0.5], labels: [1] }', '      - { inputs: [1.0, 0.5], labels: [1] }\n      - { inputs: [0.2, 0.4], labels: [0] }') + '\n  batch: { order: [1, 2] }';
    render(LessonPlayer, props(compileLesson({ file: 'lessons/second-batch.md', text: lessonText(twoBatches) }), 1));
    expect(await screen.findByText(/epoch 1, batch 2 of 2/)).toBeTruthy();
    await waitFor(() => expect(document.body.textContent).toContain('The input is 0.2.'));
  });

  const QUESTION =
    'question:\n  kind: number\n  prompt: "What is z of hidden unit 1?"\n  answer: z(1, 1)\n  tolerance: 0.005\n  reveal:\n    - goto: { phase: forward, layer: 1, part: z }\n  worked: "It is {{ w(1, 1, 1) }} times {{ x(1) }} plus more: {{ z(1, 1) }}."';

  async function answer(value: string): Promise<HTMLElement> {
    await fireEvent.input(screen.getByLabelText('your answer'), { target: { value } });
    await fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    return screen.getByRole('status');
  }

  it('a wrong number: one more try, nothing revealed; a second wrong one gets the machine’s value and the worked substitution', async () => {
    const lesson = compileLesson({ file: 'lessons/question.md', text: lessonText(SETUP, QUESTION) });
    const p = props(lesson, 2);
    render(LessonPlayer, p);
    await screen.findByLabelText('your answer');
    expect(screen.getByLabelText('question').textContent).toContain('accepted within ±0.005 · 2 tries');
    expect((await answer('forty')).textContent).toContain('“forty” is not a number I can read');
    // the first wrong answer: told so, with a try left; no value, no worked solution, nothing recorded
    let verdict = await answer('0.5');
    expect(verdict.textContent).toContain('Not quite. You said 0.5. Try again: 1 more try before the answer is shown.');
    expect(verdict.textContent).not.toContain('0.4');
    expect(screen.queryByLabelText('worked explanation')).toBeNull();
    const z11 = () => document.querySelector('[data-quantity="z"][data-layer="1"][data-unit="1"]')!.textContent;
    expect(z11()).toBe('·'); // the lesson's machine has not computed z₁ for the learner to read off
    expect(screen.getByRole('button', { name: 'Show me the answer' })).toBeTruthy();
    expect(p.onanswer).not.toHaveBeenCalled();
    expect((screen.getByLabelText('your answer') as HTMLInputElement).disabled).toBe(false);
    // the last try: settled, with the machine's value and the worked substitution
    verdict = await answer('0.45');
    expect(verdict.textContent).toContain('Not quite. You said 0.5, 0.45; the machine computed 0.4000 (within ±0.005)');
    expect(screen.getByLabelText('worked explanation').textContent).toContain('It is 0.5 times 1 plus more: 0.4.');
    expect(screen.queryByRole('button', { name: 'Show me the answer' })).toBeNull();
    expect((screen.getByLabelText('your answer') as HTMLInputElement).disabled).toBe(true);
    await waitFor(() => expect(z11()).toBe('0.4')); // revealed: the machine made its move
    expect(p.onanswer).toHaveBeenCalledWith(2, { correct: false, given: '0.45' });
  });

  it('right on the second try, or "show me" after a wrong one', async () => {
    const lesson = compileLesson({ file: 'lessons/question.md', text: lessonText(SETUP, QUESTION) });
    const first = props(lesson, 2);
    const { unmount } = render(LessonPlayer, first);
    await screen.findByLabelText('your answer');
    await answer('0.5');
    expect((await answer('0.4')).textContent).toContain('Right. The machine computed 0.4000; you said 0.4.');
    expect(first.onanswer).toHaveBeenCalledWith(2, { correct: true, given: '0.4' });
    unmount();

    const second = props(lesson, 2);
    render(LessonPlayer, second);
    await screen.findByLabelText('your answer');
    await answer('0.5');
    await fireEvent.click(screen.getByRole('button', { name: 'Show me the answer' }));
    expect(screen.getByRole('status').textContent).toContain('The machine computed 0.4000; you said 0.5.');
    expect(screen.getByLabelText('worked explanation').textContent).toContain('It is 0.5 times 1 plus more: 0.4.');
    expect(second.onanswer).toHaveBeenCalledWith(2, { correct: false, given: '' });
  });

  it('`retries: 0`: the first wrong answer settles the question', async () => {
    const lesson = compileLesson({ file: 'lessons/question.md', text: lessonText(SETUP, QUESTION.replace('  tolerance: 0.005', '  tolerance: 0.005\n  retries: 0')) });
    render(LessonPlayer, props(lesson, 2));
    await screen.findByLabelText('your answer');
    expect(screen.getByLabelText('question').textContent).toContain('· 1 try');
    expect((await answer('0.5')).textContent).toContain('You said 0.5; the machine computed 0.4000');
    expect(screen.getByLabelText('worked explanation')).toBeTruthy();
  });

  it('a wrong choice among three is struck out and cannot be picked again', async () => {
    const lesson = compileLesson({
      file: 'lessons/choice.md',
      text: lessonText(SETUP, 'question:\n  kind: choice\n  prompt: "Which?"\n  choices: [{ text: first }, { text: second, correct: true }, { text: third }]\n  worked: "Because."'),
    });
    render(LessonPlayer, props(lesson, 2));
    const first = await screen.findByLabelText('first');
    await fireEvent.click(first);
    await fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    expect(screen.getByRole('status').textContent).toContain('Not quite. Try again: 1 more try before the answer is shown.');
    expect((first as HTMLInputElement).disabled).toBe(true);
    await fireEvent.click(screen.getByLabelText('third'));
    await fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    expect(screen.getByRole('status').textContent).toContain('Not this one. The highlighted choice is what the machine shows.');
    expect(screen.getByLabelText('worked explanation').textContent).toContain('Because.');
  });
});
