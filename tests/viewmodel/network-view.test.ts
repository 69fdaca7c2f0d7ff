// What the network view, the samples strip and the inspector's batch strip read from a
// frame: the fill of each layer per phase, colour domains, edges and predictions.
import { describe, expect, it } from 'vitest';
import type { Net } from '../../src/engine/types';
import {
  batchPredictions,
  currentWeights,
  incomingEdges,
  isUpdated,
  networkFill,
  neuronAcrossBatch,
  outgoingEdges,
  rowOf,
  strongestEdges,
  topIndicesByMagnitude,
  visibleEdges,
} from '../../src/viewmodel/network-view';
import { frameOf, HAND_WORKED_DATA, handWorkedNet, repeat, send, start } from '../machine/helpers';

const net: Net = handWorkedNet();
// `net` itself is loaded: a test checks the weights in force are its very arrays.
const first = () => send(start({ data: HAND_WORKED_DATA, load: { net }, settings: { learningRate: 0.5 } }), { type: 'sample.select', index: 1 });

describe('networkFill', () => {
  it('forward phases show z until a is computed, then a; backward phases show δ where computed', () => {
    let s = first();
    let f = networkFill(s.context);
    expect(f.mode).toBe('forward');
    expect(Array.from(f.inputs)).toEqual([1, 0.5]);
    expect(f.layers.map((l) => l.quantity)).toEqual([null, null]);
    s = send(s, { type: 'step.next' });
    f = networkFill(s.context);
    expect(f.layers[0].quantity).toBe('z');
    expect(Array.from(f.layers[0].values!).map((v) => +v.toFixed(12))).toEqual([0.25, -0.2]);
    s = send(s, { type: 'step.next' });
    f = networkFill(s.context);
    expect(f.layers[0].quantity).toBe('a');
    expect(f.layers[0].values![0]).toBeCloseTo(0.562176500885798104, 15);
    expect(f.layers[0].activation).toBe('sigmoid');
    expect(f.layers[0].batchValues!.length).toBe(4);
    s = repeat(s, { type: 'step.next' }, 4); // … δ₂
    f = networkFill(s.context);
    expect(f.mode).toBe('backward');
    expect(f.layers.map((l) => l.quantity)).toEqual([null, 'δ']);
    expect(f.layers[1].values![1]).toBeCloseTo(-0.300973232358886758, 15);
    s = send(s, { type: 'step.next' });
    expect(networkFill(s.context).layers[0].values![1]).toBeCloseTo(-0.104294208132074678, 15);
  });
});

describe('edges', () => {
  it('picks the k largest |values|, largest first, ties in index order', () => {
    const v = [0.1, -0.9, 0.3, 0.9, 0, -0.3];
    expect(topIndicesByMagnitude(v.length, (i) => v[i], 4)).toEqual([1, 3, 2, 5]);
    expect(topIndicesByMagnitude(v.length, (i) => v[i], 0)).toEqual([]);
    expect(topIndicesByMagnitude(2, (i) => v[i], 5)).toEqual([1, 0]);
  });

  it('incoming rows, outgoing columns and the strongest of a layer', () => {
    const W = Float64Array.of(0.1, -0.5, 0.2, 0.7, 0.05, -0.3); // 2 × 3
    expect(incomingEdges(W, 3, 0, 1, 2)).toEqual([
      { layer: 0, from: 0, to: 1, weight: 0.7 },
      { layer: 0, from: 2, to: 1, weight: -0.3 },
    ]);
    expect(outgoingEdges(W, 2, 3, 0, 1)).toEqual([
      { layer: 0, from: 1, to: 0, weight: -0.5 },
      { layer: 0, from: 1, to: 1, weight: 0.05 },
    ]);
    expect(strongestEdges(W, 2, 3, 0, 2).map((e) => [e.to, e.from])).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it('visible edges follow the selection, and the weights in force after the update', () => {
    let s = first();
    expect(visibleEdges(s.context, null, { perNeuron: 8, perLayer: 1 }).map((e) => [e.layer, e.to, e.from])).toEqual([
      [0, 1, 1],
      [1, 1, 1],
    ]);
    const selected = visibleEdges(s.context, { layer: 0, neuron: 1 }, { perNeuron: 8, perLayer: 1 });
    expect(selected.map((e) => [e.layer, e.from, e.to, e.weight])).toEqual([
      [0, 1, 1, 0.4],
      [0, 0, 1, -0.3],
      [1, 1, 1, 0.8],
      [1, 1, 0, -0.6],
    ]);
    s = repeat(s, { type: 'step.next' }, 10); // W₂ updated, W₁ not yet
    expect([isUpdated(s.context, 1), isUpdated(s.context, 0)]).toEqual([true, false]);
    expect(currentWeights(s.context, 0)).toBe(net.params.weights[0]);
    expect(currentWeights(s.context, 1)).not.toBe(net.params.weights[1]);
    const grad = frameOf(s).quantities.gradW[1]!;
    expect(currentWeights(s.context, 1)[0]).toBe(0.5 - 0.5 * grad[0]);
  });
});

describe('predictions and one unit across the batch', () => {
  it('ŷ rows and argmax, once the output activation has run', () => {
    let s = first();
    expect(batchPredictions(s.context)).toBeNull();
    s = repeat(s, { type: 'step.next' }, 4);
    const p = batchPredictions(s.context)!;
    expect(p.classes).toBe(2);
    expect(p.predicted).toEqual([1, 1]);
    expect(p.probabilities[3]).toBeCloseTo(0.699026767641113242, 15);
    // the next frames share ŷ's array, and so the same predictions object
    expect(batchPredictions(send(s, { type: 'step.next' }).context)).toBe(p);
  });

  it('column j of a batch quantity, null until computed', () => {
    let s = first();
    expect(neuronAcrossBatch(s.context, 0, 0, 'z')).toBeNull();
    s = send(s, { type: 'step.next' });
    // example 0 has x = 0: z = b = 0.05; example 1: 0.25
    const column = neuronAcrossBatch(s.context, 0, 0, 'z')!;
    expect(Array.from(column).map((v) => +v.toFixed(12))).toEqual([0.05, 0.25]);
    expect(neuronAcrossBatch(send(s, { type: 'step.next' }).context, 0, 0, 'z')).toBe(column);
    expect(neuronAcrossBatch(s.context, 0, 1, 'z')).not.toBe(column);
  });
});

describe('rowOf', () => {
  it('returns the same view for the same array, row and width', () => {
    const a = Float64Array.of(1, 2, 3, 4, 5, 6);
    const r = rowOf(a, 1, 3);
    expect(Array.from(r)).toEqual([4, 5, 6]);
    expect(rowOf(a, 1, 3)).toBe(r);
    expect(Array.from(rowOf(a, 1, 2))).toEqual([3, 4]);
    expect(rowOf(Float64Array.from(a), 1, 3)).not.toBe(r);
  });
});
