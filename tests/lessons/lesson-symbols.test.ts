// Lessons write the notation's symbols (src/lessons/symbol-check.ts, symbols.ts): the load-time
// check refuses what the notation would not write for a lesson's net — the old tiny-net
// "δ₁ = f′(z₁)[w₀,₁ δ₀ + w₁,₁ δ₁]", a unit counted from 0, a layer superscript in a
// one-hidden-layer net, a bare letter in a deeper one — and accepts every symbol the notation
// writes and `{{ … | symbol }}`. And, as tests/notation/one-symbol-one-quantity.test.ts does for
// the debugger's views, no step of a bundled lesson lets one symbol stand for two quantities:
// each `{{ … | symbol }}` is heard with its meaning, each typed symbol set equal to a live value
// ("δ_{j=1} = {{ delta(1, 1) }}") takes the meaning of that value and must be the notation's
// symbol for it.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layerNotation, type Meaning } from '../../src/notation';
import { compileLesson, type CompiledStep } from '../../src/lessons/compile';
import { describeProblem, LessonError } from '../../src/lessons/problems';
import { lessonSymbol } from '../../src/lessons/symbols';
import { boundProblem, boundSymbols, splitMath, symbolProblem, symbolsIn, textSymbolsIn } from '../../src/lessons/symbol-check';
import { parsePlaceholder, PLACEHOLDER } from '../../src/lessons/template';
import { ViewSymbols } from '../notation/view-symbols';
import { BUNDLED_LESSONS } from './bundle';
import { diskCatalog, LESSON_DIR } from './helpers';

/** A one-step lesson on a hand-made net of `sizes` whose prose is `prose`. */
function lessonOn(sizes: number[], prose: string): string {
  return [
    '# Symbols',
    '',
    '```lesson',
    'summary: s',
    'report: r',
    'order: 1',
    '```',
    '',
    '## The step',
    '',
    '```step',
    'setup:',
    '  net:',
    `    sizes: [${sizes.join(', ')}]`,
    '  data:',
    '    classes: 2',
    '    batches:',
    '      - { inputs: [1.0, 0.5], labels: [1] }',
    'do:',
    '  - goto: end',
    '```',
    '',
    prose,
    '',
  ].join('\n');
}

/** The symbols the check refuses in a lesson's prose (as written), with each message. */
function refused(sizes: number[], prose: string): string[] {
  try {
    compileLesson({ file: 'lessons/symbols.md', text: lessonOn(sizes, prose) });
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(LessonError);
    return (error as LessonError).problems.map((p) => describeProblem(p).replace(/^lessons\/symbols\.md, step 1 \(The step\), line \d+: the prose: /, ''));
  }
}
const written = (messages: string[]) => messages.map((m) => m.slice(0, m.indexOf(': ')));

describe('the symbol check, when a lesson loads', () => {
  it('refuses the old tiny-net sum of eq. (8), where δ₁ is hidden unit 1 on the left and output 1 on the right', () => {
    const problems = refused([2, 2, 2], "$\\delta_1 = f'(z_1)\\,[w_{0,1}\\,\\delta_0 + w_{1,1}\\,\\delta_1]$");
    expect(written(problems)).toEqual(['\\delta_1', 'z_1', 'w_{0,1}', '\\delta_0', 'w_{1,1}']);
    expect(problems[0]).toBe('\\delta_1: a bare number under \\delta does not say whose unit or which layer it is — write \\delta_{j=1} (hidden unit 1) or \\delta_{k=1} (output class 1)');
    expect(problems[2]).toBe('w_{0,1}: a bare number under w does not say whose unit or which layer it is — name each unit by its letter: write w_{j=1,\\,i=1} (layer 1) or w_{k=0,\\,j=1} (layer 2)');
    // …and the same in running text, as the status line once wrote it.
    expect(written(refused([2, 2, 2], 'The machine has just computed δ₁ and W₂.'))).toEqual(['δ₁', 'W₂']);
  });

  it('accepts the same sum as the notation writes it, typed or taken with | symbol', () => {
    expect(refused([2, 2, 2], "$\\delta_{j=1} = f'(z_{j=1})\\,[w_{k=0,\\,j=1}\\,\\delta_{k=0} + w_{k=1,\\,j=1}\\,\\delta_{k=1}]$")).toEqual([]);
    expect(refused([2, 2, 2], "${{ delta(1, 1) | symbol }} = {{ fprime(1, 1) | symbol }}\\, {{ backsum(1, 1) | symbol }} = {{ delta(1, 1) }}$, and {{ W(2) | symbol }} in text.")).toEqual([]);
  });

  it('refuses a subscript that counts from 0 where the rule counts from 1, not an output class 0', () => {
    expect(written(refused([2, 2, 2], '$x_{i=0}$, $\\delta_{j=0}$, $z_{n=0,\\,j=1}$, $\\delta_{k=0}$, $x_0$'))).toEqual(['x_{i=0}', '\\delta_{j=0}', 'z_{n=0,\\,j=1}', 'x_0']);
    expect(refused([2, 2, 2], '$x_0$')).toEqual(['x_0: a bare number under x does not say whose unit or which layer it is — inputs and hidden units are counted from 1: write x_{i=1} for the first']);
  });

  it('refuses a layer superscript in a one-hidden-layer lesson, and wants one in a deeper lesson', () => {
    expect(refused([2, 2, 2], '$\\delta^{(1)}_{j=2}$')).toEqual([
      "\\delta^{(1)}_{j=2}: this lesson's net has one hidden layer, so the notation tells its layers apart by the letters i, j, k, not by a superscript — write \\delta_{j=2}, the letter j naming layer 1",
    ]);
    expect(refused([2, 2, 2, 2], '$\\delta^{(1)}_{j=2}$, $w^{(3)}_{k=1,\\,j=2}$, $x_{i=1}$, $\\hat y_{j=0}$')).toEqual([]);
    expect(written(refused([2, 2, 2, 2], '$\\delta_{j=2}$, $z_j$, $\\delta^{(4)}_{j=1}$, $\\mathbf W_1$'))).toEqual(['\\delta_{j=2}', 'z_j', '\\delta^{(4)}_{j=1}', '\\mathbf W_1']);
    expect(refused([2, 2, 2, 2], '$\\mathbf W_1$')[0]).toMatch(/write \\mathbf\{W\}\^\{\(1\)\} \(layer 1\)$/);
  });

  it('refuses a letter run into a number, and a symbol call that reads the machine', () => {
    expect(written(refused([2, 2, 2], '$\\sum_k w_{k5}\\,\\delta_k$'))).toEqual(['w_{k5}']);
    expect(refused([2, 2, 2], 'Unit {{ delta(1, label()) | symbol }}.')).toEqual([
      'lessons/symbols.md, step 1 (The step), line 23: the prose, {{ delta(1, label()) | symbol }}: delta() | symbol: its arguments are whole numbers written out (a symbol is the same for every batch)',
    ]);
  });

  it('passes every symbol the notation writes, for nets of no, one, two and three hidden layers', () => {
    const calls = (L: number) => [
      'x(1)', 'x()', 'loss()', 'loss_n(2)', 'label(2)', 'X()', 'Yhat()', 'Y()', 'yhat(0)', 'y(1)', 'yhat()',
      ...Array.from({ length: L }, (_, i) => i + 1).flatMap((l) => [
        `z(${l}, 1)`, `a(${l}, 1, 3)`, `delta(${l})`, `b(${l}, 1)`, `w(${l}, 1, 1)`, `w(${l}, from = 1)`, `grad_w(${l}, 1, 2)`, `grad_b(${l}, 1)`,
        `fprime(${l}, 1)`, `W(${l})`, `V(${l})`, `bias(${l})`, `Z(${l})`, `A(${l})`, `Delta(${l})`, ...(l < L ? [`backsum(${l}, 1)`] : []),
      ]),
    ];
    for (const L of [1, 2, 3, 4]) {
      for (const call of calls(L)) {
        const symbol = lessonSymbol(call, L);
        const read = symbolsIn(symbol.tex);
        if (!call.startsWith('loss')) expect(read.length, `${call} on ${L} layers: ${symbol.tex}`).toBeGreaterThan(0);
        expect(read.map((s) => symbolProblem(s, L)).filter(Boolean), `${call} on ${L} layers: ${symbol.tex}`).toEqual([]);
      }
    }
  });

  it('reads what it checks: splits a step’s Markdown into its TeX and its running text', () => {
    const { math, text } = splitMath('Unit $z_{j=1}$ and $$\\delta_k = \\hat y_k - y_k$$ and δ₁ with {{ z(1, 1) }}.');
    expect(math).toEqual(['\\delta_k = \\hat y_k - y_k', 'z_{j=1}']);
    expect(textSymbolsIn(text).map((s) => s.written)).toEqual(['δ₁']);
    expect(symbolsIn('\\hat y_{ {{ label() }} } + \\mathbf W_{kj}^{\\top} + \\boldsymbol\\Delta_k').map((s) => [s.written, s.parts.join(',')])).toEqual([
      ['\\hat y_{ {{ label() }} }', '#'],
      ['\\mathbf W_{kj}^{\\top}', 'kj'],
      ['\\boldsymbol\\Delta_k', 'k'],
    ]);
  });
});

/** What one step shows: its symbols heard with their meanings, and typed symbols that are not the notation's for the value they equal. */
function stepSymbols(step: CompiledStep, layers: number): { collisions: string[]; mismatches: string[]; heard: number } {
  const view = new ViewSymbols();
  const mismatches: string[] = [];
  let heard = 0;
  const q = step.spec.question;
  const markdown = [step.prose, q?.prompt ?? '', ...(q?.kind === 'choice' ? q.choices.map((c) => c.text) : []), q?.worked ?? ''];
  const own = step.equations.filter((e) => e.number === null).map((e) => e.tex);
  const formulas = [...markdown.flatMap((m) => splitMath(m).math), ...own];
  for (const m of markdown) for (const match of m.matchAll(PLACEHOLDER)) {
    const p = parsePlaceholder(match[0], match[1]);
    if (p.symbol) {
      lessonSymbol(p.source, layers, view.observe);
      heard++;
    }
  }
  for (const bound of formulas.flatMap(boundSymbols)) {
    // The meaning of the value the typed symbol equals, heard from the notation's own symbol for it.
    let meaning: Meaning | null = null;
    try {
      lessonSymbol(bound.source, layers, (_, m) => (meaning = m));
    } catch {
      continue; // reads the machine in its arguments (label()): no fixed meaning
    }
    heard++;
    const shown = bound.symbol.written.replace(/\s+/g, '');
    view.observe({ tex: shown, text: shown }, meaning!);
    const problem = boundProblem(bound, layers);
    if (problem) mismatches.push(problem);
  }
  return { collisions: view.collisions(), mismatches, heard };
}

describe('one symbol, one quantity, in every step of every bundled lesson', () => {
  const catalog = diskCatalog();

  it('every bundled lesson loads with no problem: its symbols are the notation’s', () => {
    expect(catalog.broken.map((b) => b.error.message)).toEqual([]);
    expect(catalog.lessons.map((l) => l.id).sort()).toEqual(expect.arrayContaining([...BUNDLED_LESSONS].sort()));
  });

  let heard = 0;
  for (const id of BUNDLED_LESSONS) {
    it(`${id}: no symbol means two quantities in a step, and each symbol set equal to a value is the notation’s for it`, () => {
      const lesson = catalog.lessons.find((l) => l.id === id)!;
      const problems: string[] = [];
      for (const step of lesson.steps) {
        expect(step.layers, `${id} step ${step.number}`).not.toBeNull();
        const result = stepSymbols(step, step.layers!);
        heard += result.heard;
        for (const c of [...result.collisions, ...result.mismatches]) problems.push(`step ${step.number} (${step.title}): ${c}`);
      }
      expect(problems).toEqual([]);
    });
  }

  it('hears symbols with their meanings in the bundle (the test reads what the lessons write)', () => {
    expect(heard).toBeGreaterThan(40);
  });

  it('fails on a step that writes δ₁ for hidden unit 1 and for output 1, as the tiny net once did', () => {
    const text = lessonOn([2, 2, 2], '$\\delta_1 = {{ delta(1, 1) }}$ comes from $\\delta_1 = {{ delta(2, 1) }}$.');
    // The load-time check refuses it; the collision test, given the step anyway, finds both faults.
    expect(() => compileLesson({ file: 'lessons/old.md', text })).toThrow(LessonError);
    const step = { ...compileLesson({ file: 'lessons/ok.md', text: lessonOn([2, 2, 2], 'x') }).steps[0], prose: '$\\delta_1 = {{ delta(1, 1) }}$ comes from $\\delta_1 = {{ delta(2, 1) }}$.' };
    const result = stepSymbols(step, 2);
    expect(result.collisions).toEqual(['tex \\delta_1 = delta@1#0 | delta@2#1', 'text \\delta_1 = delta@1#0 | delta@2#1']);
    expect(result.mismatches).toEqual([
      '\\delta_1 = {{ delta(1, 1) }}: the notation writes \\delta_{j=1} for delta(1, 1) — write that, or {{ delta(1, 1) | symbol }}',
      '\\delta_1 = {{ delta(2, 1) }}: the notation writes \\delta_{k=1} for delta(2, 1) — write that, or {{ delta(2, 1) | symbol }}',
    ]);
    // A typed symbol that names the wrong layer for its value is caught too.
    const wrong = { ...step, prose: '$\\delta_{k=1} = {{ delta(1, 1) }}$' };
    expect(stepSymbols(wrong, 2).mismatches).toEqual(['\\delta_{k=1} = {{ delta(1, 1) }}: the notation writes \\delta_{j=1} for delta(1, 1) — write that, or {{ delta(1, 1) | symbol }}']);
    // …and so does the load-time check, for a teacher's lesson as for the bundle.
    expect(refused([2, 2, 2], '$\\delta_{k=1} = {{ delta(1, 1) }}$ and $z = {{ z(1, 2) }}$, but $\\delta_{k=0} = \\hat y_{k=0} - y_{k=0} = {{ yhat(0) }} - {{ y(0) }}$')).toEqual([
      '\\delta_{k=1} = {{ delta(1, 1) }}: the notation writes \\delta_{j=1} for delta(1, 1) — write that, or {{ delta(1, 1) | symbol }}',
      'z = {{ z(1, 2) }}: the notation writes z_{j=2} for z(1, 2) — write that, or {{ z(1, 2) | symbol }}',
    ]);
  });

  it('the two notations a lesson can be written for differ: a symbol of a deeper net carries its layer', () => {
    expect(lessonSymbol('delta(1, 6)', 2).tex).toBe('\\delta_{j=6}');
    expect(lessonSymbol('delta(1, 6)', 3).tex).toBe('\\delta^{(1)}_{j=6}');
    expect(lessonSymbol('w(2, from = 6)', 2).tex).toBe('w_{k,\\,j=6}');
    expect(lessonSymbol('backsum(1, 6)', 2)).toEqual({ tex: '\\sum_{k} w_{k,\\,j=6}\\, \\delta_{k}', text: 'Σₖ w(k, j = 6) δₖ' });
    expect(lessonSymbol('W(1)', 3).tex).toBe(layerNotation(3).scope(1).weights(1).tex);
    expect(() => lessonSymbol('delta(1, 0)', 2)).toThrow('there is no unit 0: units are counted from 1');
    expect(() => lessonSymbol('delta(3, 1)', 2)).toThrow('layer 3 is not a layer of this net (0 … 2)');
  });
});

describe('lessons/README.md, "Symbols"', () => {
  it('shows what | symbol prints: each example of its table is the notation’s, for one and two hidden layers', () => {
    const readme = readFileSync(join(LESSON_DIR, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Symbols'), readme.indexOf('## Expressions'));
    // Braces and spaces do not change what TeX shows: \mathbf W_{ji} is \mathbf{W}_{ji}.
    const plain = (tex: string) => tex.replace(/[{}\s]/g, '');
    let compared = 0;
    for (const row of section.split('\n').filter((l) => l.startsWith('| `{{'))) {
      const cells = row.split(/(?<!\\)\|/).slice(1, -1);
      const calls = Array.from(cells[0].matchAll(/\{\{ (.+?) \\\| symbol \}\}/g), (m) => m[1]);
      for (const [cell, layers] of [[cells[1], 2], [cells[2], 3]] as const) {
        const shown = Array.from((/the same/.test(cell) ? cells[1] : cell).matchAll(/\$([^$]+)\$/g), (m) => m[1]);
        if (shown.length !== calls.length) continue; // a cell that abbreviates ("with ⁽¹⁾", "…")
        calls.forEach((call, i) => expect(plain(shown[i]), `${call} on ${layers} layers`).toBe(plain(lessonSymbol(call, layers).tex)));
        compared += calls.length;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(25);
  });
});
