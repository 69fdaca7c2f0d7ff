// Bug-hunt lessons (lessons/bug-hunt-*.md, `planted:` in the lesson block): each one's debugger
// steps one planted mistake of the check's catalogue, its questions can be answered from the
// numbers it shows, and its last reveal runs "Check my numbers", which names that mistake and
// stops at the sub-step the lesson says — also when the learner answers before the reveal (the
// answer is then checked on a preview of the machine, which must run the check itself).
import { describe, expect, it } from 'vitest';
import { MISTAKE_IDS } from '../../src/check';
import { compileLesson } from '../../src/lessons/compile';
import { LessonError } from '../../src/lessons/problems';
import { currentFrame } from '../../src/session/history';
import { checkOfCurrentBatch } from '../../src/session/check-flow';
import { stepLabel } from '../../src/viewmodel/step-label';
import { checkView } from '../../src/viewmodel/check-view';
import { actorOf, diskCatalog, play } from './helpers';

const catalog = diskCatalog();
const hunts = catalog.lessons.filter((l) => l.meta.planted);

describe('the bundled bug hunts', () => {
  it('are at least five, each planting a different mistake of the catalogue', () => {
    const planted = hunts.map((l) => l.meta.planted!);
    expect(hunts.length).toBeGreaterThanOrEqual(5);
    expect(new Set(planted).size).toBe(planted.length);
    for (const id of planted) expect(MISTAKE_IDS).toContain(id);
  });

  for (const lesson of hunts) {
    it(`${lesson.id}: answered right before each reveal, step by step, it ends on the check's diagnosis at the sub-step it names`, () => {
      const { run, stop } = play(lesson);
      try {
        let checked = 0;
        lesson.steps.forEach((step, i) => {
          run.enter(i);
          const q = step.spec.question;
          if (q?.kind !== 'choice') return;
          const right = q.choices.findIndex((c) => c.correct);
          if (right < 0) return;
          const before = currentFrame(actorOf(run).getSnapshot().context.history).stepIndex;
          // A wrong answer with a try left reveals nothing: the machine stays, no check runs.
          if (run.triesLeft > 1) {
            expect(run.submit(right === 0 ? 1 : 0), `${lesson.id} step ${step.number}`).toMatchObject({ kind: 'retry' });
            expect(currentFrame(actorOf(run).getSnapshot().context.history).stepIndex).toBe(before);
            expect(checkOfCurrentBatch(actorOf(run).getSnapshot().context)).toBeNull();
          }
          expect(run.submit(right), `${lesson.id} step ${step.number}`).toMatchObject({ kind: 'choice', correct: true });
          const target = q.reveal?.find((m) => 'check' in m);
          if (!target) return;
          checked++;
          const context = actorOf(run).getSnapshot().context;
          const check = checkOfCurrentBatch(context)!;
          expect(check.status).toBe('done');
          expect(check.report!.agree).toBe(false);
          expect(check.report!.diagnosis.map((d) => d.id)).toContain(lesson.meta.planted);
          expect(currentFrame(context.history).stepIndex).toBe(check.firstStep);
          expect(step.at.revealed).toBe(check.firstStep);
          // The numbers are the lesson's step's, not the learner's: the verdict says so.
          expect(checkView(context)!.verdict).toMatch(/^\d+ of the \d+ quantities this lesson's step computed differ beyond 1 × 10⁻⁶ of their largest magnitude\.$/);
          // And the diagnosis: the lesson's quantity in the report's notation, never "Your layers[0].delta".
          const said = check.report!.diagnosis.find((d) => d.id === lesson.meta.planted)!.message;
          expect(said, lesson.id).toMatch(/^The lesson's /);
          expect(said, lesson.id).not.toMatch(/\byour\b|layers\[|after\.layers/i);
        });
        expect(checked, `${lesson.id} runs "Check my numbers" in a reveal`).toBeGreaterThanOrEqual(1);
      } finally {
        stop();
      }
    });
  }
});

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
      - { inputs: [1.0, 0.5], labels: [1] }
      - { inputs: [-0.5, 2.0], labels: [0] }`;

function hunt(planted: string, check: string): ReturnType<typeof compileLesson> {
  const steps = [SETUP, `do:\n  - check: ${check}`];
  const body = steps.map((s, i) => `## Step ${i + 1}\n\n\`\`\`step\n${s}\n\`\`\`\n\nText.\n`).join('\n');
  return compileLesson({ file: 'lessons/hunt.md', text: `# Hunt\n\n\`\`\`lesson\nsummary: s\nreport: r\norder: 1\nplanted: ${planted}\n\`\`\`\n\n${body}` });
}

describe('a `check` move', () => {
  it('goes to the sub-step of the first difference and keeps the report, on a 2-2-2 net with the output δ sign flipped', () => {
    const { run, stop } = play(hunt('output-delta-sign', 'outputDelta'));
    try {
      run.enter(1);
      const context = actorOf(run).getSnapshot().context;
      const step = context.plan[currentFrame(context.history).stepIndex];
      expect(step.phase).toBe('outputDelta');
      expect(checkOfCurrentBatch(context)!.report!.diagnosis.map((d) => d.id)).toEqual(['output-delta-sign']);
      // The faulty δ₂ is y − ŷ: the engine's ŷ − y, negated — twice the largest |δ₂| apart.
      const report = checkOfCurrentBatch(context)!.report!;
      expect(report.firstDifference).toMatchObject({ name: 'layers[1].delta', index: [0, 0] });
      expect(report.firstDifference!.actual).toBe(-report.firstDifference!.expected);
      // One hidden layer: the output δ is δₖ in the report's letters.
      expect(report.diagnosis[0].message).toBe("The lesson's δₖ is y − ŷ, the negative of ŷ − y.");
      expect(report.quantities.find((r) => r.quantity.name === 'layers[1].delta')!.maxRel).toBeCloseTo(2, 12);
    } finally {
      stop();
    }
  });

  it('that names another sub-step than the check stops at fails the lesson, naming both (the README quotes the message)', () => {
    const { run, stop } = play(hunt('missing-activation-derivative', 'outputDelta'));
    try {
      expect(() => run.enter(1)).toThrow(LessonError);
      const plan = actorOf(run).getSnapshot().context.plan;
      const hidden = stepLabel(plan.find((s) => s.phase === 'hiddenDelta')!);
      const output = stepLabel(plan.find((s) => s.phase === 'outputDelta')!);
      const message = `check: the first number that differs is computed by ${hidden}, not by ${output} as the move says`;
      expect(() => run.enter(1)).toThrow(message);
      expect(message).toBe("check: the first number that differs is computed by δⱼ = f′(zⱼ) ∘ (δₖ Wₖⱼ), not by δₖ = ŷ − y as the move says");
    } finally {
      stop();
    }
  });
});
