// Playing a lesson on a real debugger actor: entering steps (in order, or jumping, which
// replays), revealing, checking answers against the live machine, and failing with the
// step named when the machine refuses a setup or a move.
import { describe, expect, it } from 'vitest';
import { createLessonActor } from '../../src/lessons/actor';
import { compileLesson } from '../../src/lessons/compile';
import { LessonError } from '../../src/lessons/problems';
import { LessonRun, highlightProblem } from '../../src/lessons/runtime';
import { resolveHighlight } from '../../src/lessons/highlights';
import { currentFrame } from '../../src/session/history';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
// The tiny net of the first lesson, worked by hand.
const x = [1, 0.5];
const W1 = [
  [0.5, -0.4],
  [0.3, 0.8],
];
const b1 = [0.1, -0.2];
const W2 = [
  [0.9, -0.6],
  [-0.3, 0.7],
];
const b2 = [0, 0.1];
const z1 = W1.map((row, j) => row[0] * x[0] + row[1] * x[1] + b1[j]);
const a1 = z1.map(sigmoid);
const z2 = W2.map((row, k) => row[0] * a1[0] + row[1] * a1[1] + b2[k]);
const e = z2.map(Math.exp);
const yhat = e.map((v) => v / (e[0] + e[1]));

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

function lessonOf(...steps: string[]) {
  const body = steps.map((s, i) => `## Step ${i + 1}\n\n\`\`\`step\n${s}\n\`\`\`\n\nText.\n`).join('\n');
  return compileLesson({ file: 'lessons/test-lesson.md', text: `# Test\n\n\`\`\`lesson\nsummary: s\nreport: r\norder: 1\n\`\`\`\n\n${body}` });
}

function start(lesson: ReturnType<typeof lessonOf>) {
  const actor = createLessonActor();
  actor.start();
  return { actor, run: new LessonRun(lesson, actor, { mnist: null }) };
}

const QUESTION = `question:\n  kind: number\n  prompt: p\n  answer: z(1, 1)\n  tolerance: 0.01\n  reveal:\n    - goto: { phase: forward, layer: 1, part: z }\n  worked: "{{ z(1, 1) }}"`;

const LESSON = lessonOf(
  `${SETUP}\nlet:\n  z_before: 0`,
  QUESTION,
  `do:\n  - goto: { phase: forward, layer: 2 }\nlet:\n  p1: yhat(1)\nquestion:\n  kind: choice\n  prompt: p\n  choices: [{ text: class 0 }, { text: class 1 }]\n  answer: if(yhat(1) > yhat(0), 1, 0)\n  worked: w`,
  `do:\n  - goto: outputDelta\nquestion:\n  kind: number\n  prompt: p\n  answer: delta(2, 0)\n  relative: 0.01\n  worked: w`,
);

describe('entering steps', () => {
  it('reads the live machine with hand-computed values', () => {
    const { run } = start(LESSON);
    run.enter(3);
    expect(run.evaluate('delta(2, 0)')).toBeCloseTo(yhat[0] - 0, 12);
    expect(run.bindings.get('p1')).toBeCloseTo(yhat[1], 12);
    expect(currentFrame(run.live().context.history).stepIndex).toBe(5); // z₁ a₁ z₂ a₂ C δ₂
  });

  it('jumping to a step gives the same state as walking there, earlier questions revealed', () => {
    const walked = start(LESSON);
    for (let i = 0; i < 4; i++) walked.run.enter(i);
    const jumped = start(LESSON);
    jumped.run.enter(3);
    const fw = currentFrame(walked.actor.getSnapshot().context.history);
    const fj = currentFrame(jumped.actor.getSnapshot().context.history);
    expect(fj.stepIndex).toBe(fw.stepIndex);
    expect(Array.from(fj.quantities.delta[1]!)).toEqual(Array.from(fw.quantities.delta[1]!));
    expect([...jumped.run.bindings]).toEqual([...walked.run.bindings]);
  });

  it('going back replays from step 1', () => {
    const { run, actor } = start(LESSON);
    run.enter(3);
    run.enter(1);
    expect(currentFrame(actor.getSnapshot().context.history).stepIndex).toBe(-1);
    expect(() => run.evaluate('z(1, 1)')).toThrow('zⱼ is not computed yet: the batch is loaded and nothing is computed yet');
  });

  it('keeps what the learner did in the debugger when moving one step on', () => {
    const { run, actor } = start(LESSON);
    run.enter(0);
    actor.send({ type: 'step.next' }); // the learner computes z₁ themselves
    expect(run.evaluate('z(1, 1)')).toBeCloseTo(z1[0], 12);
    run.enter(1);
    expect(currentFrame(actor.getSnapshot().context.history).stepIndex).toBe(0);
  });
});

describe('questions', () => {
  it('a right number within the tolerance: revealed by the machine, then checked', () => {
    const { run, actor } = start(LESSON);
    run.enter(1);
    expect(currentFrame(actor.getSnapshot().context.history).stepIndex).toBe(-1);
    const result = run.submit('0.405');
    expect(result).toEqual({ kind: 'number', correct: true, given: 0.405, truth: expect.closeTo(z1[0], 12), tolerance: 0.01 });
    expect(run.revealed).toBe(true);
    expect(currentFrame(actor.getSnapshot().context.history).stepIndex).toBe(0);
  });

  it('a wrong number with a try left: nothing revealed, the machine stays; a second wrong one settles it with the machine’s value', () => {
    const { run, actor } = start(LESSON);
    run.enter(1);
    expect(run.triesLeft).toBe(2); // the default: one retry
    expect(run.submit('−0.4')).toEqual({ kind: 'retry', given: -0.4, triesLeft: 1 });
    expect(run.revealed).toBe(false);
    expect(currentFrame(actor.getSnapshot().context.history).stepIndex).toBe(-1);
    expect(() => run.evaluate('z(1, 1)')).toThrow('not computed yet');
    const result = run.submit('0.3');
    expect(result.kind === 'number' && [result.correct, result.given]).toEqual([false, 0.3]);
    expect(result.kind === 'number' && result.truth).toBeCloseTo(z1[0], 12);
    expect(run.revealed).toBe(true);
    expect(run.tried).toEqual([-0.4]);
    expect(run.triesLeft).toBe(0);
    // settled: a further submission does not change the verdict
    expect(run.submit('0.4')).toBe(result);
  });

  it('right on the second try: settled as right, and revealed', () => {
    const { run, actor } = start(LESSON);
    run.enter(1);
    expect(run.submit('1')).toMatchObject({ kind: 'retry' });
    expect(run.submit(String(z1[0]))).toMatchObject({ kind: 'number', correct: true });
    expect(currentFrame(actor.getSnapshot().context.history).stepIndex).toBe(0);
  });

  it('"show me" after a wrong try: settled, revealed, with the machine’s value', () => {
    const { run, actor } = start(LESSON);
    run.enter(1);
    run.submit('1');
    const shown = run.showAnswer();
    expect(shown.kind === 'shown' && shown.truth).toBeCloseTo(z1[0], 12);
    expect(run.revealed).toBe(true);
    expect(currentFrame(actor.getSnapshot().context.history).stepIndex).toBe(0);
    expect(run.submit(String(z1[0]))).toBe(shown);
  });

  it('`retries` sets the tries: 0 settles at the first wrong answer, 2 allows three answers', () => {
    const none = start(lessonOf(SETUP, QUESTION.replace('  tolerance: 0.01', '  tolerance: 0.01\n  retries: 0')));
    none.run.enter(1);
    expect(none.run.triesLeft).toBe(1);
    expect(none.run.submit('1')).toMatchObject({ kind: 'number', correct: false });
    const two = start(lessonOf(SETUP, QUESTION.replace('  tolerance: 0.01', '  tolerance: 0.01\n  retries: 2')));
    two.run.enter(1);
    expect(two.run.submit('1')).toEqual({ kind: 'retry', given: 1, triesLeft: 2 });
    expect(two.run.submit('2')).toEqual({ kind: 'retry', given: 2, triesLeft: 1 });
    expect(two.run.revealed).toBe(false);
    expect(two.run.submit('3')).toMatchObject({ kind: 'number', correct: false });
    expect(two.run.tried).toEqual([1, 2]);
  });

  it('a choice question keeps one wrong choice unpicked: no retry among two choices, one among three', () => {
    const { run } = start(LESSON);
    run.enter(2);
    const right = yhat[1] > yhat[0] ? 1 : 0;
    expect(run.triesLeft).toBe(1);
    expect(run.submit(1 - right)).toEqual({ kind: 'choice', given: 1 - right, truth: right, correct: false });
    const three = start(lessonOf(SETUP, 'question:\n  kind: choice\n  prompt: p\n  choices: [{ text: a }, { text: b, correct: true }, { text: c }]\n  worked: w'));
    three.run.enter(1);
    expect(three.run.submit(0)).toEqual({ kind: 'retry', given: 0, triesLeft: 1 });
    expect(three.run.submit(2)).toEqual({ kind: 'choice', given: 2, truth: 1, correct: false });
  });

  it('text that is not a number is returned unread, and nothing is revealed', () => {
    const { run, actor } = start(LESSON);
    run.enter(1);
    expect(run.submit('about zero')).toEqual({ kind: 'unreadable', input: 'about zero' });
    expect(run.revealed).toBe(false);
    expect(currentFrame(actor.getSnapshot().context.history).stepIndex).toBe(-1);
  });

  it('a choice whose right answer is an expression of the machine', () => {
    const { run } = start(LESSON);
    run.enter(2);
    const right = yhat[1] > yhat[0] ? 1 : 0;
    expect(run.submit(right)).toEqual({ kind: 'choice', given: right, truth: right, correct: true });
    const other = start(LESSON);
    other.run.enter(2);
    expect(other.run.submit(1 - right)).toMatchObject({ correct: false, truth: right });
  });

  it('a relative tolerance', () => {
    const { run } = start(LESSON);
    run.enter(3);
    expect(run.submit(String(yhat[0] * 1.009))).toMatchObject({ correct: true });
    const again = start(LESSON);
    again.run.enter(3);
    expect(again.run.submit(String(yhat[0] * 1.02))).toMatchObject({ kind: 'retry' });
    expect(again.run.submit(String(yhat[0] * 0.98))).toMatchObject({ kind: 'number', correct: false });
  });
});

describe('what the machine refuses is named by step', () => {
  it('a goto to a layer the net does not have: already when the lesson loads', () => {
    expect(() => lessonOf(SETUP, 'do:\n  - goto: { phase: hiddenDelta, layer: 2 }')).toThrow(
      'lessons/test-lesson.md, step 2 (Step 2), line 31: do.0.goto: the hiddenDelta phase has no layer 2 in this net (it has 1)',
    );
  });

  it('an example outside the batch', () => {
    const lesson = lessonOf(SETUP, 'do:\n  - select: 2');
    const { run } = start(lesson);
    expect(() => run.enter(1)).toThrow('lessons/test-lesson.md, step 2 (Step 2), line 31: the machine refuses sample.select: example 2 is outside the examples 1 … 1 of the batch');
  });

  it('hand-picked weights of the wrong shape', () => {
    const lesson = lessonOf(SETUP.replace('[[0.9, -0.6], [-0.3, 0.7]]]', '[[0.9, -0.6]]]'));
    const { run } = start(lesson);
    expect(() => run.enter(0)).toThrow('setup.net.weights.1: layer 2 is 2 rows of 2 entries (one row per unit, one entry per input)');
  });

  it('MNIST when it is not loaded', () => {
    const lesson = lessonOf('setup:\n  data: mnist', 'do: []');
    const { run } = start(lesson);
    expect(() => run.enter(0)).toThrow('this step needs MNIST, which is not loaded');
  });
});

describe('highlights', () => {
  it('name units, weights and computed matrices that exist at the step', () => {
    const { run } = start(LESSON);
    run.enter(0);
    const context = run.live().context;
    // counted as the views show them: inputs and hidden units from 1, outputs by class from 0, examples from 1
    expect(resolveHighlight({ neuron: { layer: 2, unit: 0 } }, context).highlight).toEqual({ kind: 'neuron', layer: 1, neuron: 0 });
    expect(resolveHighlight({ neuron: { layer: 1, unit: 2 } }, context).highlight).toEqual({ kind: 'neuron', layer: 0, neuron: 1 });
    expect(resolveHighlight({ neuron: { layer: 0, unit: 1 } }, context).highlight).toEqual({ kind: 'neuron', layer: -1, neuron: 0 });
    expect(resolveHighlight({ weight: { layer: 2, to: 1, from: 2 } }, context).highlight).toEqual({ kind: 'weight', layer: 1, to: 1, from: 1 });
    expect(highlightProblem({ neuron: { layer: 1, unit: 3 } }, context)).toBe('neuron: layer 1 has units 1 … 2, not 3');
    expect(highlightProblem({ neuron: { layer: 1, unit: 0 } }, context)).toBe('neuron: layer 1 has units 1 … 2, not 0');
    expect(highlightProblem({ neuron: { layer: 2, unit: 2 } }, context)).toBe('neuron: the output layer has classes 0 … 1, not 2');
    expect(highlightProblem({ neuron: { layer: 3, unit: 0 } }, context)).toBe('layer 3 does not exist (layers 0 … 2, 0 being the input)');
    expect(highlightProblem({ weight: { layer: 2, to: 1, from: 3 } }, context)).toBe('from: layer 1 has units 1 … 2, not 3');
    expect(highlightProblem({ weight: { layer: 1, to: 1, from: 3 } }, context)).toBe('from: inputs 1 … 2, not 3');
    expect(highlightProblem({ row: { matrix: 'W', layer: 1, index: 2 } }, context)).toBeNull();
    expect(highlightProblem({ row: { matrix: 'delta', layer: 2, index: 1 } }, context)).toBe('delta2 is not computed yet at this step');
    expect(highlightProblem({ row: { matrix: 'z', layer: 1, index: 2 } }, context)).toBe('z1 has rows (examples) 1 … 1, not 2');
    expect(highlightProblem({ column: { matrix: 'b', layer: 1, index: 1 } }, context)).toBe('b1 is a vector: highlight a row (a unit)');
    expect(highlightProblem({ sample: 2 }, context)).toBe('the batch has examples 1 … 1, not 2');
    run.enter(3);
    expect(resolveHighlight({ row: { matrix: 'delta', layer: 2, index: 1 } }, run.live().context).highlight).toEqual({ kind: 'row', matrix: 'delta', layer: 1, index: 0 });
    expect(highlightProblem({ row: { matrix: 'fprime', layer: 2, index: 1 } }, run.live().context)).toBe("the softmax output layer has no f'(z)");
  });
});

describe('the quantities lessons read', () => {
  it('match the hand-worked forward and backward pass of the tiny net', () => {
    const { run } = start(lessonOf(`${SETUP}\ndo:\n  - goto: end`, 'do: []'));
    run.enter(0);
    const v = (source: string) => run.evaluate(source);
    expect(v('x(2)')).toBe(0.5);
    expect(v('a(0, 2)')).toBe(0.5);
    expect(v('z(1, 2)')).toBeCloseTo(z1[1], 14);
    expect(v('a(1, 1)')).toBeCloseTo(a1[0], 14);
    expect(v('fprime(1, 1)')).toBeCloseTo(a1[0] * (1 - a1[0]), 14);
    expect(v('yhat(1)')).toBeCloseTo(yhat[1], 14);
    expect(v('loss()')).toBeCloseTo(-Math.log(yhat[1]), 14);
    expect(v('label()')).toBe(1);
    expect(v('y(1) + 2 * y(0)')).toBe(1);
    const deltaOut = [yhat[0], yhat[1] - 1];
    expect(v('delta(2, 0)')).toBeCloseTo(deltaOut[0], 14);
    const back0 = W2[0][0] * deltaOut[0] + W2[1][0] * deltaOut[1];
    expect(v('backsum(1, 1)')).toBeCloseTo(back0, 14);
    expect(v('delta(1, 1)')).toBeCloseTo(a1[0] * (1 - a1[0]) * back0, 14);
    expect(v('grad_w(1, 1, 2)')).toBeCloseTo(a1[0] * (1 - a1[0]) * back0 * x[1], 14);
    expect(v('grad_w(2, 1, 1)')).toBeCloseTo(deltaOut[1] * a1[0], 14);
    expect(v('new_w(1, 1, 2)')).toBeCloseTo(-0.4 - v('lr()') * v('grad_w(1, 1, 2)'), 14);
    expect(v('selected()')).toBe(1);
    expect(v('label(1)')).toBe(1);
    expect(v('params()')).toBe(12);
    expect(v('param_count(784, 59, 59, 10)')).toBe(50455);
    // a float64 central difference agrees with backpropagation to many digits
    expect(v('relerr(numgrad_w(1, 1, 2, 0.000001), grad_w(1, 1, 2))')).toBeLessThan(1e-8);
    expect(() => v('delta(1, 3)')).toThrow('unit 3 is outside the units 1 … 2 of layer 1');
    expect(() => v('delta(1, 0)')).toThrow('unit 0 is outside the units 1 … 2 of layer 1 (units are counted from 1)');
    expect(() => v('delta(2, 2)')).toThrow('class 2 is outside the classes 0 … 1');
    expect(() => v('x(0)')).toThrow('input 0 is outside the inputs 1 … 2 (inputs are counted from 1)');
    expect(() => v('z(1, 1, 2)')).toThrow('example 2 is outside the examples 1 … 1 of the batch');
    expect(() => v('w(3, 1, 1)')).toThrow('layer 3 does not exist: the dense layers are 1 … 2');
    expect(() => v('v_w(1, 1, 1)')).toThrow('this batch uses plain SGD (momentum 0): there is no velocity');
    expect(() => v('fprime(2, 0)')).toThrow("the softmax output layer has no f'(z): its δ comes from the loss");
  });
});
