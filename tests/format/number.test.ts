// The one number formatter, against hand-written expectations: the boundaries of plain and
// m × 10ᵉ notation, the true minus, exact integers, NaN and ±∞, the same value in text and TeX.
import { describe, expect, it } from 'vitest';
import { exactLiteral, formatNumber, formatValue, literalNumber, parseShown, texFactor, texNumber } from '../../src/format';

describe('formatValue (read-outs: 4 significant digits)', () => {
  it('writes 0 and rounds to 4 significant digits, dropping trailing zeros', () => {
    expect(formatValue(0)).toBe('0');
    expect(formatValue(-0)).toBe('0');
    expect(formatValue(0.25)).toBe('0.25');
    expect(formatValue(0.123456)).toBe('0.1235');
    expect(formatValue(2.5)).toBe('2.5');
  });
  it('writes negatives with a true minus (U+2212), never a hyphen', () => {
    expect(formatValue(-0.012345)).toBe('−0.01235');
    expect(formatValue(-0.00087543)).toBe('−8.754 × 10⁻⁴');
    expect(formatValue(-3)).toBe('−3');
    expect(formatValue(-0.5)).not.toContain('-');
  });
  it('switches to m × 10ᵉ below 10⁻³, and not at 10⁻³', () => {
    expect(formatValue(0.001)).toBe('0.001');
    expect(formatValue(0.0012346)).toBe('0.001235');
    expect(formatValue(0.00099999)).toBe('0.001'); // rounds up into the plain range
    expect(formatValue(0.0009994)).toBe('9.994 × 10⁻⁴');
    expect(formatValue(6.2e-10)).toBe('6.2 × 10⁻¹⁰');
    expect(formatValue(1.5e-6)).toBe('1.5 × 10⁻⁶');
  });
  it('switches to m × 10ᵉ from 10⁵ for values that are not integers', () => {
    expect(formatValue(99999.4)).toBe('1 × 10⁵'); // 4 digits round it to 100,000
    expect(formatValue(12345.6)).toBe('12,350');
    expect(formatValue(123456.7)).toBe('1.235 × 10⁵');
    expect(formatValue(-2.5e7 + 0.5)).toBe('−2.5 × 10⁷');
  });
  it('writes exact integers in full, with separators', () => {
    expect(formatValue(6422528)).toBe('6,422,528');
    expect(formatValue(100000)).toBe('100,000');
    expect(formatValue(-1204)).toBe('−1,204');
    expect(formatValue(7)).toBe('7');
  });
  it('spells out NaN and ±∞', () => {
    expect(formatValue(NaN)).toBe('NaN');
    expect(formatValue(Infinity)).toBe('+∞');
    expect(formatValue(-Infinity)).toBe('−∞');
  });
  it('takes another number of significant digits', () => {
    expect(formatValue(0.123456, 2)).toBe('0.12');
    expect(formatValue(0.1, 6)).toBe('0.1');
    expect(formatValue(1.23456e-5, 2)).toBe('1.2 × 10⁻⁵');
  });
});

describe('TeX: the same numbers, the same powers of ten', () => {
  it('texNumber matches formatValue with a TeX minus, \\times 10^{e} and protected commas', () => {
    expect([0.25, -0.0871234, 0, 123456.7].map((x) => texNumber(x))).toEqual(['0.25', '-0.08712', '0', '1.235 \\times 10^{5}']);
    expect(texNumber(-0.00087543)).toBe('-8.754 \\times 10^{-4}');
    expect(texNumber(6422528)).toBe('6{,}422{,}528');
    expect(texNumber(NaN)).toBe('\\text{NaN}');
    expect(texNumber(-Infinity)).toBe('-\\infty');
  });
  it('texFactor puts negatives and powers of ten in parentheses', () => {
    expect(texFactor(-0.3)).toBe('\\left(-0.3\\right)');
    expect(texFactor(0.3)).toBe('0.3');
    expect(texFactor(2e-5)).toBe('\\left(2 \\times 10^{-5}\\right)');
  });
  it('every text form has the same digits as its TeX form', () => {
    for (const x of [-8.754e-4, 0.4525, -123.456, 6422528, 1e-3, 99999.9, 3e12]) {
      const { text, tex } = formatNumber(x);
      expect(parseShown(text), text).toBe(parseShown(tex));
    }
  });
});

describe('formatNumber (lessons: the format a placeholder asks for)', () => {
  it('auto: a real minus, exact integers in full, m × 10ᵉ outside [10⁻³, 10⁵)', () => {
    expect(formatNumber(-0.45245)).toEqual({ text: '−0.4525', tex: '-0.4525' });
    expect(formatNumber(0.5)).toEqual({ text: '0.5', tex: '0.5' });
    expect(formatNumber(50890)).toEqual({ text: '50,890', tex: '50{,}890' });
    expect(formatNumber(0.00001234)).toEqual({ text: '1.234 × 10⁻⁵', tex: '1.234 \\times 10^{-5}' });
    expect(formatNumber(0)).toEqual({ text: '0', tex: '0' });
  });
  it('sig keeps trailing zeros; fixed, int, percent and sci do what they say', () => {
    expect(formatNumber(0.12, { kind: 'sig', digits: 4 }).text).toBe('0.1200');
    expect(formatNumber(6422528, { kind: 'sig', digits: 4 }).text).toBe('6,422,528'); // exact, not 6.423 × 10⁶
    expect(formatNumber(6422528.5, { kind: 'sig', digits: 4 }).text).toBe('6.423 × 10⁶');
    expect(formatNumber(-0.00087543, { kind: 'sig', digits: 3 }).text).toBe('−8.75 × 10⁻⁴');
    expect(formatNumber(2.345678, { kind: 'fixed', digits: 2 }).text).toBe('2.35');
    expect(formatNumber(-0.0001, { kind: 'fixed', digits: 2 }).text).toBe('0.00');
    expect(formatNumber(12345.678, { kind: 'fixed', digits: 1 }).text).toBe('12,345.7');
    expect(formatNumber(0.4004, { kind: 'percent', digits: 1 }).text).toBe('40.0 %');
    expect(formatNumber(6422528, { kind: 'int' }).text).toBe('6,422,528');
    expect(formatNumber(6422528.4, { kind: 'int' }).tex).toBe('6{,}422{,}528');
    expect(formatNumber(-7.6e-10, { kind: 'sci', digits: 2 })).toEqual({ text: '−7.6 × 10⁻¹⁰', tex: '-7.6 \\times 10^{-10}' });
    expect(formatNumber(0, { kind: 'sci', digits: 2 }).text).toBe('0');
    expect(formatNumber(2.09e-6, { kind: 'sci', digits: 4 }).text).toBe('2.090 × 10⁻⁶');
    expect(formatNumber(Number.NaN, { kind: 'fixed', digits: 2 }).text).toBe('NaN');
  });
});

describe('parseShown', () => {
  it('reads back what the formatter writes, and nothing else', () => {
    expect(parseShown('−8.754 × 10⁻⁴')).toBe(-8.754e-4);
    expect(parseShown('-8.754 \\times 10^{-4}')).toBe(-8.754e-4);
    expect(parseShown('6,422,528')).toBe(6422528);
    expect(parseShown('6{,}422{,}528')).toBe(6422528);
    expect(parseShown('\\left(-0.3\\right)')).toBe(-0.3);
    expect(parseShown('1 × 10⁵')).toBe(1e5);
    expect(parseShown('z_1')).toBeNull();
    expect(parseShown('0.3 + 0.2')).toBeNull();
  });
});

describe('literals (for code to read back)', () => {
  it('write e-notation where the text writes × 10ᵉ, and read back as the same double', () => {
    expect(literalNumber(1e-6)).toBe('1e-6');
    expect(literalNumber(-1.5e-7)).toBe('-1.5e-7');
    expect(literalNumber(0.0312345678)).toBe('0.0312346');
    expect(literalNumber(123456789)).toBe('1.23457e8');
    expect(literalNumber(NaN)).toBe('NaN');
    expect(literalNumber(-Infinity)).toBe('-inf');
    for (const x of [0.1 + 0.2, -8.754e-4, 6422528.5, 1e-300]) expect(Number(exactLiteral(x))).toBe(x);
  });
});
