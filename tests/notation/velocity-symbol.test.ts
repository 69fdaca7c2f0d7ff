// Δ means one thing on every screen: the change a step makes (w after − w before), as the
// Matrices panel's ΔW and the Update tab's Δw show it. Momentum's velocity — the report's
// Δw of eq. (19), subtracted from w, so the change's opposite — is written v (its matrix V)
// in the inspector's general and worked equations, never Δw.

import { describe, expect, it } from 'vitest';
import { QUANTITY_FORMULAS, layerNotation, perNeuronTex } from '../../src/notation';
import { neuronEquation } from '../../src/viewmodel/equation-terms';
import { neuronEquationTex } from '../../src/viewmodel/neuron-tex';
import { layerSymbols } from '../../src/viewmodel/layer-symbols';
import { send, start } from '../machine/helpers';

describe('momentum’s velocity is v, and Δ only the change a step makes', () => {
  for (const hidden of [1, 2]) {
    it(`per-neuron update with momentum, ${hidden} hidden layer(s)`, () => {
      const net = layerNotation(hidden + 1);
      for (let layer = 0; layer <= hidden; layer++) {
        const tex = perNeuronTex(net, { kind: 'update', layer, activation: layer === hidden ? 'softmax' : 'sigmoid' }, true);
        expect(tex).not.toContain('\\Delta');
        expect(tex).toMatch(/v_\{w.*\}\[t\+1\] = /);
      }
    });
  }

  it('the worked update of a 2-2-2 net with μ = 0.9 writes v for both the weight’s and the bias’s velocity', () => {
    let s = start({
      data: { kind: 'custom', inputSize: 2, classes: 2, batches: [{ inputs: [1, 0.5], labels: [1] }] },
      settings: { sizes: [2, 2, 2], hiddenActivation: 'sigmoid', learningRate: 0.5, momentum: 0.9 },
    });
    const update = s.context.plan.findIndex((p) => p.kind === 'update');
    for (let i = 0; i <= update; i++) s = send(s, { type: 'step.next' });
    const layer = s.context.plan[update].layer;
    const tex = neuronEquationTex(neuronEquation(s.context, layer, 0, { sample: 0 }))!;
    expect(tex.worked).not.toContain('\\Delta');
    expect(tex.worked).toContain('v_{w_{');
    expect(tex.worked).toContain('v_{b_{');
    // … while the change a step makes keeps Δ, on the panels beside it
    expect(layerSymbols(2, layer).changeW.startsWith('Δ')).toBe(true);
  });

  it('the check’s momentum formulas name the velocity v too', () => {
    expect(QUANTITY_FORMULAS.momentumWeights.formula).not.toMatch(/Δw_/);
    expect(QUANTITY_FORMULAS.momentumVelocity.formula).toMatch(/^v_\{t\+1\}/);
  });
});
