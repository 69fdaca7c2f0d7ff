// Reading and writing JSON text: exact numbers, Python-style non-finite tokens, errors.
import { describe, expect, it } from 'vitest';
import { FormatError, formatJson, numberToJson, parseJsonText } from '../../src/engine/io';

describe('JSON text', () => {
  it('writes numbers in their shortest exact form, non-finite ones as Python does', () => {
    expect(numberToJson(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(numberToJson(5e-324)).toBe('5e-324');
    expect(numberToJson(NaN)).toBe('NaN');
    expect(numberToJson(-Infinity)).toBe('-Infinity');
  });

  it('keeps arrays of numbers on one line and reads its own output back', () => {
    const value = { a: [[1, 2.5], [3, -4e-7]], b: null, c: 'x', d: [], e: [{ f: true }], skipped: undefined };
    const text = formatJson(value);
    expect(text).toBe(
      '{\n  "a": [\n    [1, 2.5],\n    [3, -4e-7]\n  ],\n  "b": null,\n  "c": "x",\n  "d": [],\n  "e": [\n    {\n      "f": true\n    }\n  ]\n}\n',
    );
    expect(parseJsonText(text, 'x')).toEqual({ a: [[1, 2.5], [3, -4e-7]], b: null, c: 'x', d: [], e: [{ f: true }] });
  });

  it('reads NaN and Infinity tokens (so validators can name the field) and a BOM', () => {
    const value = parseJsonText('\ufeff{"x": [NaN, -Infinity, 1e999]}', 'f') as { x: number[] };
    expect(value.x[0]).toBeNaN();
    expect(value.x.slice(1)).toEqual([-Infinity, Infinity]);
  });

  it('turns syntax errors into one FormatError line with the position', () => {
    let error: unknown;
    try {
      parseJsonText('{"a": 1,\n "b": ]}', 'data/x.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FormatError);
    expect((error as FormatError).message).toBe("data/x.json: not valid JSON: invalid character ']' at line 2, column 7");
    expect((error as FormatError).path).toBe('');
  });
});
