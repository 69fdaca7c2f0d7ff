// Your own files into the debugger: a model, batch and velocity in the CLI's formats put the
// machine on the very step the files describe — its trace is the trace exported with them.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnistFromPackage } from '../../src/data/node';
import { enableFastKernels } from '../../src/engine/kernels/wasm/index';
import { loadFromFiles } from '../../src/session/file-load';
import { exportBundle, exportTrace } from '../../src/session/trace-export';
import { frameOf, randomImages, send, start } from '../machine/helpers';

beforeAll(async () => {
  expect(await enableFastKernels()).toBe('wasm-simd');
});

const filesOf = (bundle: ReturnType<typeof exportBundle>) => {
  const byKind = (kind: string) => bundle.files.find((f) => f.name.endsWith(`-${kind}.json`));
  const named = (kind: string) => {
    const f = byKind(kind);
    return f ? { name: f.name, text: f.text() } : null;
  };
  return { model: named('model')!, batch: named('batch'), velocity: named('velocity') };
};

describe('loadFromFiles', () => {
  it('float32 with momentum: exported files loaded into a fresh 784-64-10 session give the same step, byte for byte', () => {
    const mnist = loadMnistFromPackage();
    const data = { kind: 'mnist' as const, train: mnist.train, validation: null, test: mnist.test, seed: 5, shuffle: true };
    // The source session: 784-12-10 tanh, α 0.2, μ 0.6, batch 6, two batches in (non-zero velocity).
    let source = start({ data, settings: { sizes: [784, 12, 10], hiddenActivation: 'tanh', precision: 'float32', learningRate: 0.2, momentum: 0.6, batchSize: 6 } });
    source = send(source, { type: 'step.batch' }, { type: 'step.next' }, { type: 'step.batch' }, { type: 'step.next' });
    const bundle = exportBundle(source.context, 'mine');
    const files = filesOf(bundle);
    expect(files.velocity).not.toBeNull();

    // A fresh session with other settings; the files alone must reproduce the step.
    let target = start({ data });
    expect(frameOf(target).start.net.sizes).toEqual([784, 64, 10]);
    const { load, choice } = loadFromFiles(files, { precision: 'float32', learningRate: 0.2, momentum: 0.6 });
    expect(target.can({ type: 'load', ...load })).toBe(true);
    target = send(target, { type: 'load', ...load }, { type: 'batch.choose', choice: choice! });
    const loaded = frameOf(target).start;
    expect(loaded.net.sizes).toEqual([784, 12, 10]);
    expect(loaded.net.activations).toEqual(['tanh', 'softmax']);
    expect(loaded.batch.size).toBe(6);
    expect(loaded.rule).toEqual({ learningRate: 0.2, momentum: 0.6 });
    expect(target.context.settings.hiddenActivation).toBe('tanh');
    expect(exportTrace(target.context)).toBe(bundle.files.at(-1)!.text());

    // Stepping the loaded batch through ends in the trace's "after" weights: the next batch starts from them.
    target = send(target, { type: 'step.batch' }, { type: 'step.next' });
    const after = JSON.parse(bundle.files.at(-1)!.text()).after.layers[1].weights[3];
    expect(Array.from(frameOf(target).start.net.params.weights[1].slice(3 * 12, 4 * 12))).toEqual(after);
  });

  it('without a batch file the training order stays; without a velocity μ > 0 starts from v = 0', () => {
    const data = { kind: 'mnist' as const, train: randomImages(40, 784, 10, 2), validation: null, test: null, seed: 1, shuffle: false };
    const s = start({ data, settings: { sizes: [784, 5, 10], batchSize: 8 } });
    const { model } = filesOf(exportBundle(s.context, 'x'));
    const { load, choice } = loadFromFiles({ model }, { precision: 'float64', learningRate: 0.1, momentum: 0.9 });
    expect(choice).toBeNull();
    expect(load.velocity).toBeNull();
    const t = send(s, { type: 'load', ...load });
    expect(frameOf(t).start.source).toEqual({ kind: 'order', epoch: 0, batch: 0 });
    expect(frameOf(t).start.net.precision).toBe('float64');
    expect(frameOf(t).start.velocity!.weights[0].every((v) => v === 0)).toBe(true);
  });

  it('says which file, which field and what is wrong', () => {
    const model = {
      name: 'my-model.json',
      text: JSON.stringify({
        format: 'deltascope-model/1',
        layers: [
          { activation: 'sigmoid', weights: [[0.1, 0.2], [-0.3, 0.4]], biases: [0.05, -0.1] },
          { activation: 'softmax', weights: [[0.5, -0.6], [0.7, 0.8]], biases: [0, 0.1] },
        ],
      }),
    };
    const rule = { precision: 'float64' as const, learningRate: 0.5, momentum: 0 };
    expect(() => loadFromFiles({ model: { name: 'm.json', text: '{"format":"deltascope-model/1","layers":[' } }, rule)).toThrow(/^m\.json: not valid JSON/);
    expect(() => loadFromFiles({ model, batch: { name: 'b.json', text: '{"inputs":[[1,2,3]],"labels":[0]}' } }, rule)).toThrow(/^b\.json: inputs\[0\]: expected 2 numbers \(the model's inputs\), got 3$/);
    expect(() => loadFromFiles({ model, batch: { name: 'b.json', text: '{"inputs":[[1,2]],"labels":[2]}' } }, rule)).toThrow(/^b\.json: labels\[0\]: expected an integer in \[0, 2\), got 2/);
    expect(() => loadFromFiles({ model, velocity: { name: 'v.json', text: '{}' } }, rule)).toThrow('v.json: a velocity needs momentum μ > 0 (plain SGD keeps none)');
    expect(() => loadFromFiles({ model }, { ...rule, momentum: 1 })).toThrow('settings: μ: expected < 1, got 1');
  });
});
