// Fixed colour domains: set on first sight, kept while values change, refit on rescale and
// when a new session (a trainer's hand-over, a reset, a loaded file) arrives.
import { describe, expect, it } from 'vitest';
import { parseTrainingConfig } from '../../src/engine/training-config';
import { symmetricDomain } from '../../src/render/colour';
import { DomainMemory, domainFromValues, SessionDomains } from '../../src/render/domains';
import { colourScale } from '../../src/render/quantity-colours';
import { loadFromSnapshot } from '../../src/session/from-training';
import { settingsOf } from '../../src/session/settings';
import { frameOf, randomImages, repeat, send, start, type Snapshot } from '../machine/helpers';

describe('DomainMemory', () => {
  it('fixes a domain the first time values appear and keeps it while they change', () => {
    const memory = new DomainMemory();
    expect(memory.domainOf({ key: 'gradient:0', values: null, scale: 'diverging' })).toBeNull();
    expect(memory.domainOf({ key: 'gradient:0', values: [0.02, -0.035], scale: 'diverging' })).toEqual([-0.04, 0.04]);
    expect(memory.domainOf({ key: 'gradient:0', values: [0.9, -0.1], scale: 'diverging' })).toEqual([-0.04, 0.04]);
    expect(memory.domainOf({ key: 'gradient:0', values: null, scale: 'diverging' })).toEqual([-0.04, 0.04]);
  });

  it('rescale refits to the current values; natural ranges stay natural', () => {
    const memory = new DomainMemory();
    const a = { key: 'activation:0', values: [0.2, 0.4], scale: 'sequential' as const, naturalDomain: [0, 1] as const };
    const w = { key: 'weights:0', values: [0.2, -0.1], scale: 'diverging' as const };
    expect(memory.domainOf(a)).toEqual([0, 1]);
    expect(memory.domainOf(w)).toEqual([-0.2, 0.2]);
    memory.rescale([a, { ...w, values: [2.2] }]);
    expect(memory.domainOf(a)).toEqual([0, 1]);
    expect(memory.domainOf(w)).toEqual([-2.5, 2.5]);
    memory.rescale([{ ...w, values: null }]);
    expect(memory.domainOf({ ...w, values: null })).toBeNull();
  });

  it('domainFromValues uses [0, m] for sequential data', () => {
    expect(domainFromValues({ key: 'a', values: [0, 3.1], scale: 'sequential' })).toEqual([0, 4]);
    expect(() => domainFromValues({ key: 'a', values: [], scale: 'sequential', naturalDomain: [1, 0] })).toThrow('invalid colour domain');
  });
});

describe('SessionDomains on the debugger machine', () => {
  // A 784-16-10 net on random "digits", as the trainer would hand it over.
  const images = randomImages(64, 784, 10, 3);
  const data = { kind: 'mnist' as const, train: images, validation: null, test: null, seed: 2, shuffle: true };
  const config = parseTrainingConfig({ sizes: [784, 16, 10], batchSize: 32, init: { kind: 'normal-fan-in' }, learningRate: 5 });
  const weights = (s: Snapshot, l: number) => frameOf(s).start.net.params.weights[l];
  const zOf = (s: Snapshot) => frameOf(s).quantities.z[0];

  it('keeps every domain while the learner steps, refits them when a trainer hands over a state with another range', () => {
    const domains = new SessionDomains();
    const domainOf = (s: Snapshot, quantity: 'weights' | 'z', values: ArrayLike<number> | null) => domains.domainOf(colourScale(quantity, 0, values).request, s.context.plan);

    let s = start({ data, settings: settingsOf(config) });
    const w0 = domainOf(s, 'weights', weights(s, 0))!;
    expect(w0).toEqual(symmetricDomain(weights(s, 0)));
    s = send(s, { type: 'step.next' });
    const z0 = domainOf(s, 'z', zOf(s))!;

    // A whole batch and part of the next at α = 5: the weights and z move, the colours do not.
    s = repeat(s, { type: 'step.next' }, 12);
    expect(frameOf(s).start.order.batch).toBe(1);
    expect(symmetricDomain(weights(s, 0))).not.toEqual(w0);
    expect(domainOf(s, 'weights', weights(s, 0))).toEqual(w0);
    expect(domainOf(s, 'z', zOf(s))).toEqual(z0);
    s = send(s, { type: 'step.prev' }, { type: 'step.prev' });
    expect(domainOf(s, 'weights', weights(s, 0))).toEqual(w0);

    // "Pause and debug": the trainer's weights, 40 times larger, arrive as a load.
    const net = frameOf(s).start.net;
    const trained = { ...net, params: { weights: net.params.weights.map((w) => w.map((x) => 40 * x)), biases: net.params.biases } };
    s = send(s, { type: 'load', ...loadFromSnapshot(config, { net: trained, velocity: null, position: { epoch: 3, batch: 1, step: 7 } }) });
    const w1 = domainOf(s, 'weights', weights(s, 0))!;
    expect(w1).toEqual(symmetricDomain(trained.params.weights[0]));
    expect(w1[1]).toBeGreaterThan(10 * w0[1]);
    expect(domainOf(s, 'z', null)).toBeNull(); // z of the old session is forgotten, not carried over
    s = send(s, { type: 'step.next' });
    const z1 = domainOf(s, 'z', zOf(s))!;
    expect(z1).toEqual(symmetricDomain(zOf(s)!));
    expect(z1).not.toEqual(z0);

    // …and from there on it is fixed again while stepping.
    s = repeat(s, { type: 'step.next' }, 5);
    expect(domainOf(s, 'weights', weights(s, 0))).toEqual(w1);
    expect(domainOf(s, 'z', zOf(s))).toEqual(z1);
  });

  it('rescale refits every quantity of the session to the values it is next asked with', () => {
    const domains = new SessionDomains();
    const session = {};
    const request = (values: number[]) => colourScale('gradient', 1, values).request;
    expect(domains.domainOf(request([0.02]), session)).toEqual([-0.02, 0.02]);
    expect(domains.domainOf(request([0.5]), session)).toEqual([-0.02, 0.02]);
    domains.rescale();
    expect(domains.domainOf(request([0.5]), session)).toEqual([-0.5, 0.5]);
  });
});
