// "Bug hunt: uphill all the way" writes ŷ, y − ŷ and δ with 4 significant digits, as every
// other view does (it wrote 0.0615402); only the loss after a one-weight move keeps 8, since
// that change shows in the fifth digit.
import { describe, expect, it } from 'vitest';
import { fillTex } from '../../src/lessons/render';
import { diskCatalog, play } from './helpers';

/** The significant digits of each decimal number in filled TeX ("-0.06154" → 4). */
const digitsOf = (tex: string) => Array.from(tex.matchAll(/\d+\.\d+/g), (m) => m[0].replace('.', '').replace(/^0+/, '').length);

describe('bug hunt "uphill": digits', () => {
  it('step 3 ("Which formula?") shows ŷ, δ and y − ŷ to 4 significant digits', () => {
    const lesson = diskCatalog().lessons.find((l) => l.file.endsWith('bug-hunt-uphill.md'))!;
    const { run, stop } = play(lesson);
    try {
      for (let i = 0; i <= 2; i++) run.enter(i);
      const step = lesson.steps[2];
      expect(step.title).toBe('Which formula?');
      const problems: string[] = [];
      const prompt = fillTex(step.spec.question!.prompt, (p) => run.format(p), problems);
      expect(problems).toEqual([]);
      const digits = digitsOf(prompt);
      expect(digits.length).toBeGreaterThanOrEqual(2); // ŷ and δ
      expect(Math.max(...digits)).toBeLessThanOrEqual(4);
      expect(digits).toContain(4);
    } finally {
      stop();
    }
  });
});
