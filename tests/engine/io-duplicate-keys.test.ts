// Duplicate keys are refused with the key and its path (issue 14, item 4): JSON.parse and
// JSON5.parse keep the last of two silently, even for "format".
import { describe, expect, it } from 'vitest';
import { FormatError, parseJsonText, readModel } from '../../src/engine/io';
import { checkDuplicateKeys } from '../../src/engine/io/duplicate-keys';

const problem = (text: string): string | null => {
  try {
    parseJsonText(text, 'f.json');
    return null;
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    return error.message;
  }
};

describe('duplicate keys', () => {
  it.each([
    ['the format, last one valid', '{"format": "x", "layers": [], "format": "deltascope-model/1"}', 'f.json: format: duplicate key "format"'],
    ['in an object inside an array', '{"layers": [{"weights": [[1, 2]], "biases": [0], "weights": [[3, 4]]}]}', 'f.json: layers[0].weights: duplicate key "weights"'],
    ['after arrays of numbers and objects', '{"a": [[1, 2], [3, 4]], "b": [1, 2.5e-3, -0, {"c": 1}, {"c": 1, "d": 2, "c": 3}]}', 'f.json: b[4].c: duplicate key "c"'],
    ['deep in nested arrays', '[[0, [1, {"x": 0}], [2, 3, {"y": 1, "y": 2}]]]', 'f.json: [0][2][2].y: duplicate key "y"'],
    ['written with an escape', '{"ab": 1, "a\\u0062": 2}', 'f.json: ab: duplicate key "ab"'],
    ['JSON5: unquoted, single-quoted and double-quoted', "{labels: [1], 'labels': [2]}", 'f.json: labels: duplicate key "labels"'],
    ['JSON5: after a comment and a trailing comma', '{"a": 1, /* "a": 2 */ "b": [1, 2,], // c\n "b": 3,}', 'f.json: b: duplicate key "b"'],
    ['JSON5: NaN and Infinity in an array before the object', '{"k": [NaN, -Infinity, 0x1F, {"z": 1, z: 2}]}', 'f.json: k[3].z: duplicate key "z"'],
  ])('%s', (_, text, expected) => {
    expect(problem(text)).toBe(expected);
  });

  it.each([
    ['the same key in sibling objects', '[{"a": 1}, {"a": 2}]'],
    ['the same key at different depths', '{"a": {"a": {"a": 1}}}'],
    ['keys that only look alike', '{"a": 1, "A": 2, "a ": 3, "\\"a\\"": 4}'],
    ['braces, brackets, quotes and commas inside strings', '{"a": "}{\\"a\\": 1, [", "b": \'"a": 2\', "c": "//"}'],
    ['keys inside comments', '{\n// "a": 0,\n"a": 1 /* , "a": 2 */}'],
    ['an empty object and array', '{"a": {}, "b": [], "c": [{}]}'],
  ])('accepts %s', (_, text) => {
    expect(problem(text)).toBeNull();
  });

  it('reaches the file formats: a model whose layer has weights twice', () => {
    const text = `{"format": "deltascope-model/1", "layers": [{"activation": "softmax", "weights": [[0.5]], "biases": [0], "weights": [[9]]}]}`;
    expect(() => readModel(text, { source: 'model.json' })).toThrow('model.json: layers[0].weights: duplicate key "weights"');
  });

  it('counts the index of an object past a long run of numbers (skipped at once)', () => {
    const numbers = Array.from({ length: 200_000 }, (_, i) => (i % 10) / 7).join(', ');
    expect(() => checkDuplicateKeys(`{"x": [${numbers}, {"q": 1, "q": 2}]}`, 'big.json')).toThrow('big.json: x[200000].q: duplicate key "q"');
  });
});
