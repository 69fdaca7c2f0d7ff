// The budgets (src/engine/budgets.ts, docs/cli.md "Budgets"): the count of a trace's numbers is
// the count of the numbers `trace` writes, and a net or step over its budget is refused from its
// sizes alone (issue 14, item 4).
import { constants } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import {
  fileBudgetProblem,
  FILE_BYTE_BUDGET,
  MAX_TEXT_LENGTH,
  netBudgetProblem,
  OUTPUT_NUMBER_BUDGET,
  PARAMETER_BUDGET,
  traceBudgetProblem,
  traceNumberCount,
} from '../../src/engine/budgets';
import { declaredExamples, declaredSizes, parseModel, readStepFiles, traceStep, traceToObject } from '../../src/engine/io';
import { createNet } from '../../src/engine/network';
import { netSettingsSchema, SETTING_RULES } from '../../src/engine/training-config';
import { parameterCount } from '../../src/engine/types';

/** Every number in a JSON value, as `trace` writes them (arrays, nested objects, scalars). */
function numbersIn(value: unknown): number {
  if (typeof value === 'number') return 1;
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + numbersIn(v), 0);
  if (value !== null && typeof value === 'object') return Object.values(value).reduce((sum: number, v) => sum + numbersIn(v), 0);
  return 0;
}

describe('traceNumberCount', () => {
  it.each([
    [[2, 2, 2], 1, false],
    [[2, 2, 2], 1, true],
    [[3, 4, 5, 2], 3, false],
    [[3, 4, 5, 2], 3, true],
    [[5, 3], 4, true],
  ])('counts every number the trace of %j on %i examples (momentum %s) writes', (sizes, examples, momentum) => {
    const net = createNet({ sizes, hiddenActivation: 'tanh', init: { kind: 'normal-fan-in' }, seed: 3, precision: 'float64' });
    const inputs = Float64Array.from({ length: examples * sizes[0] }, (_, i) => (i % 7) / 7);
    const labels = Int32Array.from({ length: examples }, (_, n) => n % sizes[sizes.length - 1]);
    const trace = traceToObject(traceStep(net, { inputs, labels, size: examples }, { learningRate: 0.1, momentum: momentum ? 0.9 : 0 }, null));
    // The written text holds two more numbers than the steps' arrays: learningRate and momentum (and `examples`).
    const { learningRate, momentum: mu, examples: n, ...rest } = trace;
    expect([learningRate, mu, n].every((x) => typeof x === 'number')).toBe(true);
    expect(traceNumberCount(sizes, examples, momentum)).toBe(numbersIn(rest));
  });
});

describe('budgets', () => {
  it('keep every written file within the longest string: 26 bytes a number at most', () => {
    expect('-2.2250738585072014e-308, '.length).toBe(26);
    expect(OUTPUT_NUMBER_BUDGET * 26).toBeLessThan(MAX_TEXT_LENGTH);
    expect(PARAMETER_BUDGET).toBeLessThanOrEqual(OUTPUT_NUMBER_BUDGET);
    expect(FILE_BYTE_BUDGET).toBe(2 ** 29 - 24);
    expect(MAX_TEXT_LENGTH).toBe(constants.MAX_STRING_LENGTH); // Node's own V8 says so
  });

  it("fit the report's largest net with room to spare, and the widest classic MNIST MLP", () => {
    expect(netBudgetProblem([784, 128, 10])).toBeNull();
    expect(netBudgetProblem([784, 59, 59, 10])).toBeNull();
    expect(parameterCount([784, 2500, 2000, 1500, 1000, 500, 10])).toBe(11_972_510);
    expect(netBudgetProblem([784, 2500, 2000, 1500, 1000, 500, 10])).toBeNull();
    // A full-batch trace of the baseline 784-64-10 on all 60,000 training images fits (17.98 M numbers).
    expect(traceBudgetProblem([784, 64, 10], 60000, false)).toBeNull();
  });

  it('refuse a net over the parameter budget with its size, the budget and what to do', () => {
    expect(netBudgetProblem([784, 4096, 4096, 4096, 4096, 10])).toBe(
      "784-4096-4096-4096-4096-10 has 53,600,266 weights and biases, more than deltascope's budget of 20,000,000: use fewer or narrower layers",
    );
    // The schema every command and screen parses sizes with carries the rule.
    const issue = SETTING_RULES.sizes.safeParse([784, 4096, 4096, 4096, 4096, 10]).error?.issues[0];
    expect(issue?.message).toBe(netBudgetProblem([784, 4096, 4096, 4096, 4096, 10]));
    expect(netSettingsSchema.safeParse({ sizes: [784, 4096, 4096, 10] }).success).toBe(false); // 20,037,642
    expect(netSettingsSchema.safeParse({ sizes: [784, 4096, 4000, 10] }).success).toBe(true); // 19,643,370
  });

  it('refuse a step over the output budget and say how many examples fit', () => {
    // 2-4096-10: 16,426 numbers per example, 53,258 parameters (twice: ∂C/∂W and the weights after).
    expect(traceNumberCount([2, 4096, 10], 1211, false)).toBeLessThanOrEqual(OUTPUT_NUMBER_BUDGET);
    expect(traceNumberCount([2, 4096, 10], 1212, false)).toBeGreaterThan(OUTPUT_NUMBER_BUDGET);
    expect(traceBudgetProblem([2, 4096, 10], 1211, false)).toBeNull();
    expect(traceBudgetProblem([2, 4096, 10], 1300, false)).toBe(
      "the step of 2-4096-10 on 1,300 examples has 21,460,318 numbers, more than deltascope's budget of 20,000,000: use a batch of at most 1,211 examples, or a smaller network",
    );
    expect(traceBudgetProblem([784, 4096, 4000, 10], 1, true)).toMatch(/: use a smaller network$/);
  });

  it('refuse a file over the read budget', () => {
    expect(fileBudgetProblem(FILE_BYTE_BUDGET)).toBeNull();
    expect(fileBudgetProblem(700e6)).toBe('the file is 700 MB, more than the 537 MB deltascope reads: use fewer examples or a smaller network');
  });
});

describe('the sizes a document declares, checked before its numbers are validated', () => {
  it('declaredSizes and declaredExamples read only the shape, and give null for anything else', () => {
    expect(declaredSizes({ layers: [{ weights: [[1, 2, 3], [4, 5, 6]] }, { weights: [[1, 2]] }] })).toEqual([3, 2, 1]);
    expect(declaredSizes({ layers: [] })).toBeNull();
    expect(declaredSizes({ layers: [{ weights: [1, 2] }] })).toBeNull();
    expect(declaredSizes([{ weights: [[1]] }])).toBeNull();
    expect(declaredExamples({ inputs: [[0], [1], [2]] })).toBe(3);
    expect(declaredExamples({ inputs: 'many' })).toBeNull();
  });

  it('a model over the parameter budget is refused for its sizes, not for the rows it left empty', () => {
    // Declared 4096-4096-4096-10 (33,603,594 weights and biases): only each layer's first row is filled.
    const layer = (rows: number, inputs: number, activation: string) => ({
      activation,
      weights: Array.from({ length: rows }, (_, j) => (j === 0 ? new Array(inputs).fill(0) : [])),
      biases: [],
    });
    const json = { format: 'deltascope-model/1', layers: [layer(4096, 4096, 'relu'), layer(4096, 4096, 'relu'), layer(10, 4096, 'softmax')] };
    expect(() => parseModel(json, { source: 'm.json' })).toThrow(`m.json: ${netBudgetProblem([4096, 4096, 4096, 10])}`);
  });

  it('readStepFiles refuses a step over the output budget before validating either file', () => {
    const model = JSON.stringify({ format: 'deltascope-model/1', layers: [{ activation: 'softmax', weights: [[0, 0], ['x', 0]], biases: [0, 0] }] });
    const batch = JSON.stringify({ inputs: new Array(2_000_001).fill(0), labels: [] }); // rows are not even rows
    // 2-2 on 2,000,001 examples: 10 numbers each (label, C_n, ŷ, the output layer's z, a and δ), just over 20 M.
    expect(() => readStepFiles({ text: model, source: 'm.json' }, { text: batch, source: 'b.json' }, { momentum: false })).toThrow(/^b\.json: the step of 2-2 on 2,000,001 examples has 20,000,024 numbers/);
    // Within the budget, validation speaks.
    expect(() => readStepFiles({ text: model, source: 'm.json' }, { text: '{"inputs": [[0, 0]], "labels": [1]}', source: 'b.json' }, { momentum: false })).toThrow(/^m\.json: layers\[0\]\.weights\[1\]\[0\]: /);
  });
});
