// The model format: exact round trips and one-line errors naming the field.
import { describe, expect, it } from 'vitest';
import { FormatError, formatJson, modelToJson, parseModel, readModel } from '../../src/engine/io';
import { createNet } from '../../src/engine/network';
import { Rng } from '../../src/engine/random';

const valid = () => ({
  format: 'deltascope-model/1',
  layers: [
    { activation: 'sigmoid', weights: [[0.1, 0.2], [-0.3, 0.4]], biases: [0.05, -0.1] },
    { activation: 'softmax', weights: [[0.5, -0.6], [0.7, 0.8]], biases: [0, 0.1] },
  ],
});

/** The message of the FormatError thrown by reading `text` as model.json. */
function errorOf(text: string): string {
  try {
    readModel(text, { source: 'model.json' });
  } catch (error) {
    expect(error).toBeInstanceOf(FormatError);
    return (error as Error).message;
  }
  throw new Error('no error');
}
const withLayers = (mutate: (m: ReturnType<typeof valid>) => void) => {
  const m = valid();
  mutate(m);
  return JSON.stringify(m);
};

describe('model format', () => {
  it('reads sizes, activations and [out][in] weights into row-major float64 arrays', () => {
    const net = parseModel(valid());
    expect(net.sizes).toEqual([2, 2, 2]);
    expect(net.activations).toEqual(['sigmoid', 'softmax']);
    expect(net.precision).toBe('float64');
    expect(net.improvedSigmoidC).toBe(0.001);
    expect(net.params.weights[0]).toBeInstanceOf(Float64Array);
    expect(Array.from(net.params.weights[0])).toEqual([0.1, 0.2, -0.3, 0.4]);
    expect(Array.from(net.params.biases[1])).toEqual([0, 0.1]);
  });

  it('round-trips every double bit for bit through the written text', () => {
    const rng = new Rng(7);
    const net = createNet({ sizes: [5, 4, 3], hiddenActivation: 'improved-sigmoid', init: { kind: 'normal-fan-in' }, seed: 3, precision: 'float64' });
    // Awkward values: shortest-form edge cases, subnormals, huge and tiny magnitudes.
    const w = net.params.weights[0];
    const awkward = [0.1 + 0.2, 5e-324, -2.2250738585072014e-308, 1.7976931348623157e308, 1 / 3, -0, 123456789.12345678];
    awkward.forEach((v, i) => (w[i] = v));
    for (let i = awkward.length; i < w.length; i++) w[i] = rng.normal() * 10 ** (rng.int(40) - 20);
    const text = formatJson(modelToJson({ ...net, improvedSigmoidC: 0.0025 }));
    const back = readModel(text);
    expect(back.improvedSigmoidC).toBe(0.0025);
    expect(back.activations).toEqual(['improved-sigmoid', 'softmax']);
    for (let l = 0; l < 2; l++) {
      const a = net.params.weights[l];
      const b = back.params.weights[l];
      for (let i = 0; i < a.length; i++) expect(b[i] === a[i], `w[${l}][${i}] = ${a[i]}`).toBe(true);
      expect(Array.from(back.params.biases[l])).toEqual(Array.from(net.params.biases[l]));
    }
    // JSON.stringify of the same document reads back identically too.
    expect(modelToJson(readModel(JSON.stringify(modelToJson(back))))).toEqual(modelToJson(back));
  });

  it('rounds once to float32 on request, and float32 nets write the doubles they hold', () => {
    const net = parseModel(valid(), { precision: 'float32' });
    expect(net.params.weights[0]).toBeInstanceOf(Float32Array);
    expect(net.params.weights[0][0]).toBe(Math.fround(0.1));
    const json = modelToJson(net);
    expect(json.layers[0].weights[0][0]).toBe(0.10000000149011612);
    expect(Array.from(parseModel(json, { precision: 'float32' }).params.weights[0])).toEqual(Array.from(net.params.weights[0]));
  });

  it('writes improvedSigmoidC only when it matters', () => {
    expect('improvedSigmoidC' in modelToJson(parseModel(valid()))).toBe(false);
    const m = { ...valid(), improvedSigmoidC: 0.01 };
    expect(modelToJson(parseModel(m)).improvedSigmoidC).toBe(0.01);
  });

  it('accepts a single softmax layer (softmax regression) and JSON5 comments', () => {
    const net = readModel('{ // softmax regression\n format: "deltascope-model/1", layers: [{activation: "softmax", weights: [[1, 2, 3]], biases: [0],},] }');
    expect(net.sizes).toEqual([3, 1]);
  });

  it.each([
    ['a short weight row', withLayers((m) => m.layers[1].weights[1].pop()), 'model.json: layers[1].weights[1]: expected 2 numbers, got 1'],
    ['a long first-layer row', withLayers((m) => m.layers[0].weights[1].push(1)), 'model.json: layers[0].weights[1]: expected 2 numbers, got 3'],
    [
      'biases not matching the rows',
      withLayers((m) => m.layers[0].biases.pop()),
      'model.json: layers[0].biases: expected 2 numbers (one per row of weights), got 1',
    ],
    [
      'a non-softmax last layer',
      withLayers((m) => (m.layers[1].activation = 'relu')),
      'model.json: layers[1].activation: the last layer must be "softmax", got "relu"',
    ],
    [
      'softmax in a hidden layer',
      withLayers((m) => (m.layers[0].activation = 'softmax')),
      'model.json: layers[0].activation: "softmax" is only allowed in the last layer',
    ],
    [
      'an unknown activation',
      withLayers((m) => (m.layers[0].activation = 'swish')),
      'model.json: layers[0].activation: expected one of "sigmoid", "improved-sigmoid", "tanh", "relu", "softmax", got "swish"',
    ],
    ['an unknown field', withLayers((m) => Object.assign(m.layers[1], { bias: [0] })), 'model.json: layers[1].bias: unknown field'],
    ['a missing format', JSON.stringify({ layers: valid().layers }), 'model.json: format: missing (expected "deltascope-model/1")'],
    ['a string for a number', withLayers((m) => ((m.layers[1].biases as unknown[])[1] = '0.1')), 'model.json: layers[1].biases[1]: expected a number, got "0.1"'],
    ['no layers', JSON.stringify({ format: 'deltascope-model/1', layers: [] }), 'model.json: layers: expected at least 1 entry, got an empty array'],
    ['not an object', '[1, 2]', 'model.json: expected an object, got an array of 2'],
  ])('rejects %s', (_, text, message) => {
    expect(errorOf(text)).toBe(message);
  });

  it.each([
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['-Infinity', '-Infinity'],
    ['1e999', 'Infinity'],
  ])('rejects the number %s with its field path', (token, shown) => {
    const text = JSON.stringify(valid()).replace('-0.6', token);
    expect(errorOf(text)).toBe(`model.json: layers[1].weights[0][1]: expected a finite number, got ${shown}`);
  });

  it('reports malformed JSON with a line and column, and an empty file as empty', () => {
    expect(errorOf('{\n  "format": "deltascope-model/1",\n  "layers": [1, 2,, 3]\n}')).toBe(
      'model.json: not valid JSON: invalid character \',\' at line 3, column 19',
    );
    expect(errorOf('{"format": "deltascope-model/1", "layers": [')).toMatch(/^model\.json: not valid JSON: invalid end of input at line 1, column \d+$/);
    expect(errorOf('  \n')).toBe('model.json: the file is empty (expected JSON)');
  });

  it('names the source "model" when none is given', () => {
    expect(() => parseModel({})).toThrow(/^model: format: missing/);
  });
});
