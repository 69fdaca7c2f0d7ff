// A lesson counts MNIST images, epochs and batches from 1, as the debugger's screens do:
// `batch: { examples: [n] }` is image n of the set (the file's array index n − 1),
// `{ order: [e, b] }` is "epoch e, batch b" of the status line, and `image()`, `epoch()`,
// `batch()` read them back the same way. Out-of-range choices are refused in those words.
import { describe, expect, it } from 'vitest';
import { compileLesson } from '../../src/lessons/compile';
import { LessonRun } from '../../src/lessons/runtime';
import { createLessonActor } from '../../src/lessons/actor';
import { imageAt } from '../../src/data/mnist';
import { describeSource } from '../../src/viewmodel/debugger-status';
import { currentFrame } from '../../src/session/history';
import { testMnist } from './helpers';

function run(batch: string, more = '') {
  const text = `# Counting\n\n\`\`\`lesson\nsummary: s\nreport: r\norder: 1\n\`\`\`\n\n## One\n\n\`\`\`step\nsetup:\n  data: mnist\n  preset: "2"\n  batch: ${batch}\n${more}\`\`\`\n\nText.\n`;
  const actor = createLessonActor();
  actor.start();
  const lesson = new LessonRun(compileLesson({ file: 'lessons/counting.md', text }), actor, { mnist: testMnist() });
  lesson.enter(0);
  return { lesson, actor };
}

describe('lessons count images, epochs and batches from 1', () => {
  it('order [2, 3] is what the status line calls epoch 2, batch 3; its first example is image 2·B + 1 (shuffling off)', () => {
    const { lesson, actor } = run('{ order: [2, 3] }');
    expect(lesson.evaluate('epoch()')).toBe(2);
    expect(lesson.evaluate('batch()')).toBe(3);
    const B = lesson.evaluate('batch_size()');
    expect(B).toBe(128);
    expect(lesson.evaluate('image(1)')).toBe(2 * B + 1);
    const context = actor.getSnapshot().context;
    expect(describeSource(currentFrame(context.history).start.source, context)).toMatch(/^epoch 2, batch 3 of 352$/);
  });

  it('examples [1, 5] are the set’s images 1 and 5: the file’s images at array indices 0 and 4', () => {
    const { lesson } = run('{ examples: [1, 5] }');
    expect([lesson.evaluate('image(1)'), lesson.evaluate('image(2)')]).toEqual([1, 5]);
    const train = testMnist().train;
    for (const [sample, index] of [[1, 0], [2, 4]]) {
      const pixels = imageAt(train, index);
      // x(i) counts pixels from 1 too: pixel i is byte i − 1 of the image.
      for (const i of [1, 407, 784]) expect(lesson.evaluate(`x(${i}, ${sample})`)).toBeCloseTo(pixels[i - 1] / 255, 6);
      expect(lesson.evaluate(`label(${sample})`)).toBe(train.labels[index]);
    }
  });

  it('refuses image 0, batch 0, an image past the set and a batch past the epoch, in the lesson’s counting', () => {
    expect(() => run('{ examples: [0] }')).toThrow(/setup\.batch.*≥ 1/);
    expect(() => run('{ order: [1, 0] }')).toThrow(/≥ 1/);
    expect(() => run('{ examples: [45001] }')).toThrow('image 45,001 is outside the images 1 … 45,000 of the train set');
    expect(() => run('{ order: [1, 353] }')).toThrow('batch 353 is outside the batches 1 … 352 of the epoch');
  });
});
