// The debugger's check request: the same reading and comparison as the CLI's `check`, on the
// batch's start — an npz or a JSON file, or a whole step computed here — with every problem an
// outcome naming the file (the page shows it; nothing throws into the machine).
import { describe, expect, it } from 'vitest';
import { formatJson } from '../../src/engine/io';
import { enableFastKernels } from '../../src/engine/kernels/wasm/index';
import { plantedStep } from '../../src/check/planted/planted-mistakes';
import { runCheck } from '../../src/session/check-run';
import { correctJson, makeCase, npz, npzArraysOf, plantedJson } from '../check/helpers';

const input = makeCase({ sizes: [5, 4, 3, 3], activation: 'tanh', examples: 4, seed: 3, learningRate: 0.3 });
const text = (json: unknown) => new TextEncoder().encode(formatJson(json as Parameters<typeof formatJson>[0]));

describe('runCheck', () => {
  it('an npz with one planted mistake: the npz names, the first difference and the diagnosis', () => {
    const outcome = runCheck({ start: input, learner: { kind: 'file', name: 'mine.npz', bytes: npz(npzArraysOf(plantedJson('output-delta-sign', input))) } });
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.settings).toEqual({ learningRate: 0.3, momentum: 0, precision: 'float64' });
    expect(outcome.report.firstDifference).toMatchObject({ name: 'layers[2].delta', label: 'delta3' });
    expect(outcome.report.diagnosis.map((d) => d.id)).toEqual(['output-delta-sign']);
  });

  it('a whole step computed here is compared like a file: the planted step’s own numbers', () => {
    const outcome = runCheck({ start: input, learner: { kind: 'step', name: "this lesson's step", result: plantedStep('update-sign', input) } });
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.report.firstDifference!.name).toBe('after.layers[2].weights');
    expect(outcome.report.diagnosis.map((d) => d.id)).toEqual(['update-sign']);
    // Every quantity of the step is given: 3 layers × (z, a, δ, ∂W, ∂b, W after, b after), 2 f′, C, Cₙ, correct, ŷ.
    expect(outcome.report.quantities.filter((q) => q.status !== 'missing')).toHaveLength(27);
  });

  it('float32: a correct float64 trace agrees within 1e-4 on the wasm kernels, and the tolerance can be set', async () => {
    await enableFastKernels();
    const f32 = makeCase({ sizes: [5, 4, 3], activation: 'sigmoid', examples: 2, seed: 9, precision: 'float32' });
    const json = correctJson(makeCase({ sizes: [5, 4, 3], activation: 'sigmoid', examples: 2, seed: 9 }));
    delete (json as { precision?: string }).precision;
    const outcome = runCheck({ start: f32, learner: { kind: 'file', name: 'mine.json', bytes: text(json) } });
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.report.tolerance).toBe(1e-4);
    expect(outcome.report.agree).toBe(true);
    const strict = runCheck({ start: f32, learner: { kind: 'file', name: 'mine.json', bytes: text(json) }, tolerance: 1e-12 });
    expect(strict.ok && strict.report.agree).toBe(false);
  });

  it('problems are outcomes naming the file: not JSON, not the batch, another precision', () => {
    const say = (name: string, bytes: Uint8Array) => {
      const outcome = runCheck({ start: input, learner: { kind: 'file', name, bytes } });
      return outcome.ok ? 'ok' : outcome.message;
    };
    expect(say('notes.txt', new TextEncoder().encode('δ looks wrong'))).toMatch(/^notes\.txt: /);
    const short = correctJson(input);
    short.examples = 3;
    expect(say('short.json', text(short))).toBe('short.json: examples: the batch has 4 examples, the trace says 3: is this the trace of this batch?');
    const f32 = correctJson(input);
    f32.precision = 'float32';
    expect(say('f32.json', text(f32))).toBe("f32.json: precision: the trace says float32, the debugger's precision says float64");
  });
});
