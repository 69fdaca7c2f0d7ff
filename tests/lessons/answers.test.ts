// Reading what a learner typed, the tolerance check, and how live numbers are printed.
import { describe, expect, it } from 'vitest';
import { checkNumber, describeTolerance, parseLearnerNumber } from '../../src/lessons/answers';
import { formatNumber, parsePlaceholder, placeholdersIn } from '../../src/lessons/template';

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

describe('formatNumber', () => {
  it('prints text with a real minus sign and TeX with a plain one', () => {
    expect(formatNumber(-0.45245)).toEqual({ text: '−0.4525', tex: '-0.4525' });
    expect(formatNumber(0.5)).toEqual({ text: '0.5', tex: '0.5' });
    expect(formatNumber(50890)).toEqual({ text: '50,890', tex: '50{,}890' });
    expect(formatNumber(0.00001234)).toEqual({ text: '1.234 × 10⁻⁵', tex: '1.234 \\times 10^{-5}' });
    expect(formatNumber(0)).toEqual({ text: '0', tex: '0' });
  });
  it('follows the format asked for', () => {
    expect(formatNumber(0.12, { kind: 'sig', digits: 4 }).text).toBe('0.1200');
    expect(formatNumber(2.345678, { kind: 'fixed', digits: 2 }).text).toBe('2.35');
    expect(formatNumber(-0.0001, { kind: 'fixed', digits: 2 }).text).toBe('0.00');
    expect(formatNumber(0.4004, { kind: 'percent', digits: 1 }).text).toBe('40.0 %');
    expect(formatNumber(6422528, { kind: 'int' }).text).toBe('6,422,528');
    expect(formatNumber(-7.6e-10, { kind: 'sci', digits: 2 })).toEqual({ text: '−7.6 × 10⁻¹⁰', tex: '-7.6 \\times 10^{-10}' });
    expect(formatNumber(0, { kind: 'sci', digits: 2 }).text).toBe('0');
    expect(formatNumber(Number.NaN).text).toBe('NaN');
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
