import { describe, expect, it } from 'vitest';
import { UPDATE_RULE_TEXT, updateRuleText } from '../../src/notation';
import { layerSymbols } from '../../src/viewmodel/layer-symbols';

describe('updateRuleText', () => {
  it('writes the CLI rule with w and v, and the equation number after it', () => {
    expect(UPDATE_RULE_TEXT.sgd).toBe('w := w − α ∂C/∂w (eq. 1)');
    expect(UPDATE_RULE_TEXT.momentum).toBe('v := α ∂C/∂w + μ v, w := w − v (eq. 19)');
  });

  it("writes a layer's rule in that layer's symbols: Wₖⱼ for the output layer of the report's net", () => {
    const out = layerSymbols(2, 1);
    expect(updateRuleText(true, { weight: out.W, velocity: out.V })).toEqual({
      rule: 'Vₖⱼ := α ∂C/∂Wₖⱼ + μ Vₖⱼ, Wₖⱼ := Wₖⱼ − Vₖⱼ',
      change: 'ΔWₖⱼ = −α ∂C/∂Wₖⱼ − μ Vₖⱼ',
    });
    const hidden = layerSymbols(2, 0);
    expect(updateRuleText(false, { weight: hidden.W, velocity: hidden.V })).toEqual({ rule: 'Wⱼᵢ := Wⱼᵢ − α ∂C/∂Wⱼᵢ', change: 'ΔWⱼᵢ = −α ∂C/∂Wⱼᵢ' });
  });

  it('uses the layer superscript once the net has two hidden layers', () => {
    const second = layerSymbols(3, 1);
    expect(updateRuleText(false, { weight: second.W, velocity: second.V }).rule).toBe('W⁽²⁾ := W⁽²⁾ − α ∂C/∂W⁽²⁾');
  });
});
