// Reading what a learner typed, the tolerance check, and how live numbers are printed.
import { describe, expect, it } from 'vitest';
import { checkNumber, describeTolerance, parseLearnerNumber } from '../../src/lessons/answers';
import { parsePlaceholder, placeholdersIn } from '../../src/lessons/template';

describe('parseLearnerNumber', () => {
  it('reads the ways people write numbers', () => {
    const cases: [string, number | null][] = [
      ['0.25', 0.25],
      [' -0.25 ', -0.25],
      ['−0.25', -0.25], // a real minus sign, as the page prints it
      ['+3', 3],
      ['.5', 0.5],
      ['0,25', 0.25], // decimal comma
      ['50,890', 50890], // thousands
      ['1,234,567.5', 1234567.5],
      ['2e-3', 0.002],
      ['2E-3', 0.002],
      ['2×10^-3', 0.002],
      ['2 x 10^(-3)', 0.002],
      ['50 890', 50890],
      ['', null],
      ['abc', null],
      ['1/4', null],
      ['0.2.5', null],
      ['--1', null],
      ['Infinity', null],
    ];
    for (const [input, value] of cases) expect(parseLearnerNumber(input), input).toBe(value);
  });
});

describe('checkNumber', () => {
  it('accepts the larger of the absolute and relative bounds, inclusive', () => {
    expect(checkNumber(0.405, 0.4, { absolute: 0.005 }).correct).toBe(true);
    expect(checkNumber(0.4051, 0.4, { absolute: 0.005 }).correct).toBe(false);
    expect(checkNumber(102, 100, { relative: 0.02 })).toEqual({ correct: true, given: 102, truth: 100, tolerance: 2 });
    expect(checkNumber(-102.1, -100, { relative: 0.02 }).correct).toBe(false);
    expect(checkNumber(0.0004, 0, { absolute: 0.0005, relative: 0.5 }).correct).toBe(true);
    expect(checkNumber(1, NaN, { absolute: 1 }).correct).toBe(false);
  });
  it('describes the tolerance for the learner', () => {
    expect(describeTolerance({ absolute: 0.005 })).toBe('within ±0.005');
    expect(describeTolerance({ relative: 0.02 })).toBe('within 2 %');
    expect(describeTolerance({ absolute: 0.5, relative: 0.1 })).toBe('within ±0.5 or 10 %');
  });
});

describe('placeholders', () => {
  it('split an expression from its format; a logical || is not a format', () => {
    expect(placeholdersIn('a {{ std_z(1) | sig 3 }} b {{ x || y }}').map((p) => [p.source, p.format])).toEqual([
      ['std_z(1)', { kind: 'sig', digits: 3 }],
      ['x || y', { kind: 'auto' }],
    ]);
    expect(parsePlaceholder('{{a | int}}', 'a | int').format).toEqual({ kind: 'int' });
    expect(() => parsePlaceholder('{{a | bold}}', 'a | bold')).toThrow('unknown number format "bold"');
  });
});
