// Fixed colour domains: set on first sight, kept while values change, refit on rescale.
import { describe, expect, it } from 'vitest';
import { DomainMemory, domainFromValues } from '../../src/render/domains';

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
