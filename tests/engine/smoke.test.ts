import { describe, expect, it } from 'vitest';
import { createNet } from '../../src/engine/network';
import { trainStep } from '../../src/engine/step';

describe('smoke', () => {
  it('runs a step', () => {
    const net = createNet({ sizes: [3, 2, 2], hiddenActivation: 'sigmoid', init: { kind: 'uniform', range: 1 }, seed: 1, precision: 'float64' });
    const r = trainStep(net, null, { inputs: Float64Array.of(0.1, 0.2, 0.3), labels: [1], size: 1 }, { learningRate: 0.5, momentum: 0 });
    expect(r.loss.loss).toBeGreaterThan(0);
  });
});
