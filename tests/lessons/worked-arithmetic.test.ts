// Every worked solution of every lesson shows arithmetic that holds at the precision it shows:
// each step is played on a real debugger machine, its worked solution (and its prose and
// question) filled with the live values as the learner sees them, and every "A = B" made of
// numbers recomputed from the numbers shown (shown-arithmetic.ts). The fixtures show that the
// check fails where it should — the issue's own "(0.9)(0.4525) + (−0.3)(−0.4525) = 0.5429".
import { describe, expect, it } from 'vitest';
import { fillTex } from '../../src/lessons/render';
import { arithmeticMismatches, checkShownArithmetic } from './shown-arithmetic';
import { diskCatalog, play } from './helpers';

describe('the arithmetic check itself', () => {
  it('catches a result rounded from the machine where the shown inputs give another', () => {
    expect(arithmeticMismatches('(0.9)(0.4525) + (-0.3)(-0.4525) = 0.5429')).toEqual(['(0.9)(0.4525) + (-0.3)(-0.4525) = 0.5429 (the numbers shown give 0.54300000)']);
    expect(arithmeticMismatches('z_1 = ({0.9})({0.4525}) + ({-0.3})({-0.4525}) = {0.5430}')).toEqual([]);
  });
  it('reads products, quotients, fractions, powers of ten, separators, e^{…} and \\log', () => {
    expect(arithmeticMismatches('{0.25} \\times {-0.5} = {-0.125}')).toEqual([]);
    expect(arithmeticMismatches('{0.25} \\times {-0.5} = {-0.1251}')).toHaveLength(1);
    expect(arithmeticMismatches('\\dfrac{ {1.5 \\times 10^{-5}} }{ {3 \\times 10^{-6}} } = 5.000')).toEqual([]);
    expect(arithmeticMismatches('{6{,}422{,}528} - 1 = 6{,}422{,}527')).toEqual([]);
    expect(arithmeticMismatches('1/(1 + e^{ {-0.5} }) = 0.6225')).toEqual([]);
    expect(arithmeticMismatches('1/(1 + e^{ {-0.5} }) = 0.6224')).toHaveLength(1);
    expect(arithmeticMismatches('-\\log {0.25} = 1.386')).toEqual([]);
    expect(arithmeticMismatches('{0.123456} \\div {0.5} = {0.2469}')).toEqual([]);
    expect(arithmeticMismatches('\\tfrac12({0.3444} + 0) = {0.1722}')).toEqual([]);
    expect(arithmeticMismatches('\\tfrac12({0.3444} + 0) = {0.1723}')).toHaveLength(1);
  });
  it('checks written numbers against each other at the coarser precision, and skips symbols and ≈', () => {
    expect(arithmeticMismatches('a = 0.123456 = 0.1235')).toEqual([]);
    expect(arithmeticMismatches('a = 0.123456 = 0.1234')).toHaveLength(1);
    expect(arithmeticMismatches('\\delta_1 = f\'(z_1)\\,\\sigma(0.3) = 0.1')).toEqual([]);
    expect(arithmeticMismatches('0.3 \\times 0.3 \\approx 0.1')).toEqual([]);
  });
});

/** The $…$ and $$…$$ formulas of a piece of lesson Markdown. */
function formulas(markdown: string): string[] {
  return Array.from(markdown.matchAll(/\$\$([\s\S]+?)\$\$|\$((?:\\.|[^\\$\n])+?)\$/g), (m) => m[1] ?? m[2]);
}

describe('every worked solution of every lesson', () => {
  const catalog = diskCatalog();
  const counts: string[] = [];
  let total = 0;
  for (const lesson of catalog.lessons) {
    it(`${lesson.file}: the arithmetic shown holds at the precision shown`, () => {
      const mismatches: string[] = [];
      let compared = 0;
      let workedCompared = 0;
      const { run, stop } = play(lesson);
      try {
        for (let i = 0; i < lesson.steps.length; i++) {
          const step = lesson.steps[i];
          run.enter(i);
          const where = `${lesson.file} step ${step.number} (${step.title})`;
          const texts = [step.prose, step.spec.question?.prompt ?? ''];
          const readAll = (label: string, markdown: string) => {
            for (const tex of formulas(markdown)) {
              const problems: string[] = [];
              const filled = fillTex(tex, (p) => run.format(p), problems);
              if (problems.length) continue; // unreadable values are validate-all's to report
              const result = checkShownArithmetic(filled);
              compared += result.compared;
              if (label === 'worked solution') workedCompared += result.compared;
              for (const m of result.mismatches) mismatches.push(`${where}, ${label}: ${m}`);
            }
          };
          texts.forEach((t) => readAll('text', t));
          if (step.spec.question) {
            run.problems(true); // reveals, as the learner's "show me" does
            readAll('worked solution', step.spec.question.worked);
          }
        }
      } finally {
        stop();
      }
      expect(mismatches).toEqual([]);
      counts.push(`${lesson.file}: ${compared} (${workedCompared} in worked solutions)`);
      total += workedCompared;
    });
  }
  // Not a vacuous pass: the bundle's worked solutions do show arithmetic, and it is read.
  it('reads the arithmetic of the worked solutions at all', () => {
    expect(total, counts.join('\n')).toBeGreaterThanOrEqual(20);
  });
});
