// Partial traces, the layouts learners write (transposed matrices, δ already divided by N,
// per-example bias gradients), float32, and the bad input the check refuses.
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../src/engine/io';
import { enableFastKernels } from '../../src/engine/kernels/wasm/index';
import { checkJson, correctJson, makeCase, partial, plantedJson, reference, transposeRows, type CaseSpec } from './helpers';

const sigmoid1: CaseSpec = { sizes: [6, 4, 3], activation: 'sigmoid', examples: 3 };
const tanh2: CaseSpec = { sizes: [5, 4, 3, 3], activation: 'tanh', examples: 4, seed: 3 };
const ids = (report: { diagnosis: readonly { id: string }[] }) => report.diagnosis.map((d) => d.id);

describe('partial traces: every quantity is optional', () => {
  it('only the gradients: missing f′ is found from ∂C/∂W alone', () => {
    const input = makeCase(tanh2);
    const mine = partial(plantedJson('missing-activation-derivative', input), ['layers[0].gradW', 'layers[1].gradW', 'layers[2].gradW']);
    const report = checkJson(input, mine);
    // In the order of the debugger's sub-steps: ∂C/∂W₃ (right: it needs no f′), then ∂C/∂W₂ (the first wrong), ∂C/∂W₁.
    expect(report.firstDifference!.name).toBe('layers[1].gradW');
    expect(ids(report)).toEqual(['missing-activation-derivative']);
    expect(report.quantities.filter((q) => q.status !== 'missing').map((q) => q.quantity.name)).toEqual(['layers[2].gradW', 'layers[1].gradW', 'layers[0].gradW']);
    expect(report.quantities.find((q) => q.quantity.name === 'layers[2].gradW')!.status).toBe('ok');
  });

  it('only the hidden δ: f′ at the activation', () => {
    const input = makeCase(sigmoid1);
    const report = checkJson(input, partial(plantedJson('derivative-of-activation', input), ['layers[0].delta']));
    expect(report.firstDifference!.name).toBe('layers[0].delta');
    expect(ids(report)).toEqual(['derivative-of-activation']);
    expect(report.diagnosis[0].message).toMatch(/^Your layers\[0\]\.delta is what f' = σ\(a\)\(1 − σ\(a\)\) gives/);
  });

  it('only the weights after: a summed gradient looks like α·N, and both are said', () => {
    const input = makeCase(sigmoid1);
    const report = checkJson(input, partial(plantedJson('gradient-sum-not-mean', input), ['after.layers[0].weights', 'after.layers[1].weights']));
    expect(ids(report)).toEqual(['gradient-sum-not-mean', 'learning-rate-mismatch']);
    expect(report.diagnosis[1].message).toContain('α = 0.9');
    expect(report.diagnosis[1].message).toContain('N·α (N = 3)');
  });

  it('only the weights after: a flipped output δ and a flipped update cannot be told apart', () => {
    const input = makeCase(sigmoid1);
    const report = checkJson(input, partial(plantedJson('output-delta-sign', input), ['after.layers[1].weights']));
    expect(ids(report)).toEqual(['output-delta-sign', 'update-sign']);
  });

  it('only the loss, only the output', () => {
    const input = makeCase(tanh2);
    expect(ids(checkJson(input, partial(plantedJson('loss-sum-not-mean', input), ['loss'])))).toEqual(['loss-sum-not-mean']);
    const big = makeCase({ ...sigmoid1, outputScale: 5000 });
    const report = checkJson(big, partial(plantedJson('softmax-overflow', big), ['output']));
    expect(report.firstDifference!.name).toBe('output');
    expect(ids(report)).toEqual(['softmax-overflow']);
  });

  it('a correct partial trace agrees', () => {
    const input = makeCase(tanh2);
    const report = checkJson(input, partial(correctJson(input), ['layers[1].delta', 'after.layers[2].biases']));
    expect(report.agree).toBe(true);
    expect(report.firstDifference).toBeNull();
    expect(report.quantities.filter((q) => q.status === 'ok')).toHaveLength(2);
  });
});

describe('layouts', () => {
  it('weight matrices given [in][out] and batch quantities [unit][example] agree, with a note', () => {
    const input = makeCase(tanh2);
    const mine = correctJson(input);
    for (const layer of mine.layers) {
      layer.gradW = transposeRows(layer.gradW);
      layer.z = transposeRows(layer.z);
      layer.delta = transposeRows(layer.delta);
    }
    mine.after.layers[0].weights = transposeRows(mine.after.layers[0].weights);
    const report = checkJson(input, mine);
    expect(report.agree).toBe(true);
    const note = (name: string) => report.quantities.find((q) => q.quantity.name === name)!.note;
    expect(note('layers[0].gradW')).toBe('given as [in][out], compared transposed');
    expect(note('after.layers[0].weights')).toBe('given as [in][out], compared transposed');
    expect(note('layers[0].z')).toBe('given as [unit][example], compared transposed');
    // layers[2].gradW is 3 × 3: both readings fit, the transposed one agrees.
    expect(note('layers[2].gradW')).toBe('given as [in][out], compared transposed');
    expect(note('layers[0].a')).toBeUndefined();
  });

  it('δ given already divided by N agrees, with a note', () => {
    const input = makeCase(tanh2);
    const mine = correctJson(input);
    mine.layers[1].delta = mine.layers[1].delta.map((row) => row.map((x) => x / 4));
    const report = checkJson(input, mine);
    expect(report.agree).toBe(true);
    expect(report.quantities.find((q) => q.quantity.name === 'layers[1].delta')!.note).toBe('δ given already divided by N, compared as N·δ');
  });

  it('a transposed, summed gradient is diagnosed at the entry in deltascope’s layout', () => {
    const input = makeCase(sigmoid1);
    const mine = plantedJson('gradient-sum-not-mean', input);
    const ours = correctJson(input);
    // The output layer's gradient comes first in the step's order (the gradients step runs from the output down).
    mine.layers[1].gradW = transposeRows(mine.layers[1].gradW); // 4 × 3, [in][out]
    const report = checkJson(input, mine);
    const d = report.firstDifference!;
    expect(ids(report)).toEqual(['gradient-sum-not-mean']);
    expect(d.name).toBe('layers[1].gradW');
    expect(d.axes).toEqual(['class', 'input']);
    const [k, j] = d.index;
    expect(d.expected).toBe(ours.layers[1].gradW[k][j]);
    expect(d.actual).toBe(mine.layers[1].gradW[j][k]);
    expect(report.quantities.find((q) => q.quantity.name === 'layers[1].gradW')!.note).toBe('given as [in][out], compared transposed');
  });

  it('δ transposed and divided by N, without f′: still missing-activation-derivative', () => {
    const input = makeCase(sigmoid1);
    const mine = plantedJson('missing-activation-derivative', input);
    mine.layers[0].delta = transposeRows(mine.layers[0].delta).map((row) => row.map((x) => x / 3));
    const report = checkJson(input, partial(mine, ['layers[0].delta']));
    expect(ids(report)).toEqual(['missing-activation-derivative']);
  });

  it('a bias gradient with one row per example (N × n or n × N) is bias-gradient-not-reduced', () => {
    const input = makeCase(tanh2);
    const ours = correctJson(input);
    for (const gradB of [ours.layers[1].delta, transposeRows(ours.layers[1].delta)]) {
      const report = checkJson(input, { layers: [{}, { gradW: ours.layers[1].gradW, gradB }] });
      expect(ids(report)).toEqual(['bias-gradient-not-reduced']);
      expect(report.firstDifference).toMatchObject({ name: 'layers[1].gradB', axes: ['example', 'unit'] });
      expect(report.diagnosis[0].message).toContain('one row per example (4 × 3): δ itself');
    }
  });
});

describe('float32', () => {
  it('a correct float64 trace agrees with deltascope in float32 (tolerance 1e-4), not at 1e-12', async () => {
    await enableFastKernels();
    const spec: CaseSpec = { sizes: [784, 16, 10], activation: 'sigmoid', examples: 4, learningRate: 0.1 };
    const ours32 = reference(makeCase({ ...spec, precision: 'float32' }));
    const mine = correctJson(makeCase(spec));
    const report = checkJson(makeCase(spec), mine, undefined, ours32);
    expect(report.tolerance).toBe(1e-4);
    expect(report.agree).toBe(true);
    expect(checkJson(makeCase(spec), mine, 1e-12, ours32).agree).toBe(false);
    // deltascope's own float32 trace agrees exactly.
    const exact = checkJson(makeCase(spec), JSON.parse(JSON.stringify(correctJson(makeCase({ ...spec, precision: 'float32' })))), undefined, ours32);
    expect(exact.quantities.every((q) => q.maxAbs === 0)).toBe(true);
  });

  it('planted mistakes in float32 get their ids', async () => {
    await enableFastKernels();
    for (const id of ['missing-activation-derivative', 'gradient-sum-not-mean', 'output-delta-sign'] as const) {
      const input = makeCase({ ...tanh2, precision: 'float32' });
      expect(ids(checkJson(input, plantedJson(id, input)))).toEqual([id]);
    }
  });
});

describe('bad input names the field', () => {
  const input = makeCase(sigmoid1);
  const refuse = (json: unknown) => {
    try {
      checkJson(input, json);
    } catch (error) {
      expect(error).toBeInstanceOf(FormatError);
      return (error as Error).message;
    }
    throw new Error('accepted');
  };

  it('a wrongly shaped array', () => {
    const ours = correctJson(input);
    expect(refuse({ layers: [{ gradW: ours.layers[1].gradW }] })).toBe('mine.json: layers[0].gradW: expected 4 × 6 (or 6 × 4, read transposed), got 3 × 4');
    expect(refuse({ layers: [{ gradB: [1, 2] }] })).toBe('mine.json: layers[0].gradB: expected 4 (one per unit), got 2');
    expect(refuse({ loss: [1, 2] })).toBe('mine.json: loss: expected a number, got 2');
    expect(refuse({ layers: [{ z: [[1, 2, 3, 4], [1, 2]] }] })).toBe('mine.json: layers[0].z[1]: expected 4 numbers like layers[0].z[0], got 2');
  });

  it('an unknown field, a layer too many, a softmax f′, a velocity without momentum, another batch', () => {
    expect(refuse({ layers: [{ gradw: [[0]] }] })).toBe('mine.json: layers[0].gradw: unknown field');
    expect(refuse({ layers: [{}, {}, {}] })).toBe('mine.json: layers[2]: the model has 2 layers (layers[0]…layers[1])');
    expect(refuse({ layers: [{}, { fprime: [[1, 1, 1]] }] })).toMatch(/^mine\.json: layers\[1\]\.fprime: the softmax layer has no f'\(z\)/);
    expect(refuse({ velocityAfter: { weights: [[[0]]] } })).toMatch(/^mine\.json: velocityAfter\.weights\[0\]: a velocity, but the momentum is 0/);
    expect(refuse({ labels: [0, 1, 9], loss: 1 })).toMatch(/^mine\.json: labels\[0\]: the batch's label is 1, the trace says 0/);
    expect(refuse({})).toBe('mine.json: gives no quantity to compare');
  });
});
