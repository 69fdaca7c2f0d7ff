// The trace of one step: the engine's own numbers (the hand-worked 2-2-2 step), the update
// rule of eq. (1) and (19) bit for bit, and the example in docs/formats.md.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBatch, parseModel, parseVelocity, traceStep, traceToJson, type TraceJson } from '../../src/engine/io';
import { trainStep } from '../../src/engine/step';

const modelDoc = {
  format: 'deltascope-model/1',
  layers: [
    { activation: 'sigmoid', weights: [[0.1, 0.2], [-0.3, 0.4]], biases: [0.05, -0.1] },
    { activation: 'softmax', weights: [[0.5, -0.6], [0.7, 0.8]], biases: [0, 0.1] },
  ],
};
const net = parseModel(modelDoc);
const batch = parseBatch({ inputs: [[1, 0.5]], labels: [1] }, net);
const close = (actual: number[], expected: number[]) => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, 14));
};

describe('trace of the hand-worked 2-2-2 step (α = 0.5)', () => {
  const text = traceToJson(traceStep(net, batch, { learningRate: 0.5, momentum: 0 }, null));
  const trace = JSON.parse(text) as TraceJson;

  it('has the hand-worked forward numbers', () => {
    close(trace.layers[0].z[0], [0.25, -0.2]);
    close(trace.layers[0].a[0], [0.562176500885798104, 0.450166002687522091]);
    close(trace.layers[0].fprime![0], [0.246134082737598348, 0.247516572711859945]);
    close(trace.layers[1].z[0], [0.0109886488303857971, 0.853656352770076346]);
    expect(trace.layers[1].fprime).toBeNull();
    close(trace.output[0], [0.300973232358886758, 0.699026767641113242]);
    expect(trace.loss).toBeCloseTo(0.358066243288235645, 14);
    expect(trace.lossPerExample).toEqual([trace.loss]);
    expect(trace.correct).toBe(1);
  });

  it('has the hand-worked δ (per example) and gradients, [out][in]', () => {
    close(trace.layers[1].delta[0], [0.300973232358886758, -0.300973232358886758]);
    close(trace.layers[0].delta[0], [-0.0148159540950449291, -0.104294208132074678]);
    close(trace.layers[1].gradW.flat(), [0.16920007862780722, 0.135487916926942827, -0.16920007862780722, -0.135487916926942827]);
    close(trace.layers[0].gradW[1], [-0.104294208132074678, -0.0521471040660373389]);
    close(trace.layers[0].gradB, [-0.0148159540950449291, -0.104294208132074678]);
  });

  it('holds exactly the numbers of trainStep', () => {
    const step = trainStep(net, null, batch, { learningRate: 0.5, momentum: 0 });
    expect(trace.layers[0].delta.flat()).toEqual(Array.from(step.backward.deltas[0]));
    expect(trace.layers[1].gradW.flat()).toEqual(Array.from(step.backward.gradients.weights[1]));
    expect(trace.after.layers[0].weights.flat()).toEqual(Array.from(step.net.params.weights[0]));
  });

  it('"after" is w − α ∂C/∂w bit for bit, and there is no velocity', () => {
    trace.layers.forEach((layer, l) => {
      const w = modelDoc.layers[l].weights.flat();
      expect(trace.after.layers[l].weights.flat()).toEqual(layer.gradW.flat().map((g, i) => w[i] - 0.5 * g));
      expect(trace.after.layers[l].biases).toEqual(layer.gradB.map((g, i) => modelDoc.layers[l].biases[i] - 0.5 * g));
    });
    close(trace.after.layers[0].weights.flat(), [0.107407977047522465, 0.203703988523761232, -0.247852895933962661, 0.426073552033018669]);
    expect(trace.velocityAfter).toBeUndefined();
    expect('velocityAfter' in trace).toBe(false);
  });

  it('leaves the net it started from intact', () => {
    expect(Array.from(net.params.weights[0])).toEqual([0.1, 0.2, -0.3, 0.4]);
  });
});

describe('trace with momentum', () => {
  const vDoc = { weights: [[[0.01, 0], [0, -0.02]], [[0.03, 0.03], [-0.03, -0.03]]], biases: [[0, 0], [0.01, -0.01]] };
  const velocity = parseVelocity(vDoc, net);
  const alpha = 0.5;
  const mu = 0.9;
  const trace = JSON.parse(traceToJson(traceStep(net, batch, { learningRate: alpha, momentum: mu }, velocity))) as TraceJson;

  it('follows v := α ∂C/∂w + μ v and w := w − v (eq. 19) bit for bit', () => {
    const vAfter = trace.velocityAfter!;
    expect(vAfter).toBeDefined();
    trace.layers.forEach((layer, l) => {
      const expectedV = layer.gradW.flat().map((g, i) => alpha * g + mu * vDoc.weights[l].flat()[i]);
      expect(vAfter.weights[l].flat()).toEqual(expectedV);
      const w = modelDoc.layers[l].weights.flat();
      expect(trace.after.layers[l].weights.flat()).toEqual(expectedV.map((v, i) => w[i] - v));
      const expectedVb = layer.gradB.map((g, i) => alpha * g + mu * vDoc.biases[l][i]);
      expect(vAfter.biases[l]).toEqual(expectedVb);
      expect(trace.after.layers[l].biases).toEqual(expectedVb.map((v, i) => modelDoc.layers[l].biases[i] - v));
    });
    // The number docs/formats.md works out: 0.5 · (−0.014815954095044916) + 0.9 · 0.01.
    expect(vAfter.weights[0][0][0]).toBe(0.0015920229524775432);
  });

  it('starts from a zero velocity when none is given', () => {
    const fromZero = JSON.parse(traceToJson(traceStep(net, batch, { learningRate: alpha, momentum: mu }, null))) as TraceJson;
    expect(fromZero.velocityAfter!.weights[1].flat()).toEqual(fromZero.layers[1].gradW.flat().map((g) => alpha * g));
  });

  it('computes in float32 when the inputs are float32', () => {
    const net32 = parseModel(modelDoc, { precision: 'float32' });
    const batch32 = parseBatch({ inputs: [[1, 0.5]], labels: [1] }, net32, { precision: 'float32' });
    const t = JSON.parse(traceToJson(traceStep(net32, batch32, { learningRate: alpha, momentum: 0 }, null))) as TraceJson;
    expect(t.precision).toBe('float32');
    for (const v of t.layers[0].a[0]) expect(Math.fround(v)).toBe(v);
    expect(t.layers[0].a[0][0]).toBeCloseTo(0.562176500885798, 6);
  });
});

describe('docs/formats.md', () => {
  const doc = readFileSync(new URL('../../docs/formats.md', import.meta.url), 'utf8');
  const blocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]);

  it('shows the trace the engine computes for its model and batch, character for character', () => {
    const [model, batchDoc, , trace] = blocks;
    const docNet = parseModel(JSON.parse(model));
    const docBatch = parseBatch(JSON.parse(batchDoc), docNet);
    expect(traceToJson(traceStep(docNet, docBatch, { learningRate: 0.5, momentum: 0 }, null))).toBe(trace);
  });

  it('has a velocity example shaped like its model', () => {
    expect(() => parseVelocity(JSON.parse(blocks[2]), parseModel(JSON.parse(blocks[0])))).not.toThrow();
  });
});
