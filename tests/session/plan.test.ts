import { describe, expect, it } from 'vitest';
import { shapeOf } from '../../src/engine/network';
import { endOfPhase, planSteps } from '../../src/session/plan';
import { stepLabel } from '../../src/viewmodel/step-label';
import { subscript } from '../../src/notation/text';

const shape = (sizes: number[], hiddenActivation: 'sigmoid' | 'improved-sigmoid' = 'sigmoid') => shapeOf({ sizes, hiddenActivation });

describe('planSteps', () => {
  it('784-64-10: forward z₁ a₁ z₂ a₂, loss, δ₂, δ₁, gradients 2 then 1, updates 2 then 1', () => {
    const plan = planSteps(shape([784, 64, 10]));
    expect(plan.map((s) => `${s.kind}:${s.layer}`)).toEqual([
      'preActivation:0',
      'activation:0',
      'preActivation:1',
      'activation:1',
      'loss:1',
      'outputDelta:1',
      'hiddenDelta:0',
      'gradients:1',
      'gradients:0',
      'update:1',
      'update:0',
    ]);
    expect(plan.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(plan.map(stepLabel)).toEqual([
      'zⱼ = Wⱼᵢ x + bⱼ',
      'aⱼ = f(zⱼ), f′(zⱼ)',
      'zₖ = Wₖⱼ aⱼ + bₖ',
      'ŷ = softmax(zₖ)',
      'C = −(1/N) Σₙ log ŷ(n, yₙ)',
      'δₖ = ŷ − y',
      'δⱼ = f′(zⱼ) ∘ (δₖ Wₖⱼ)',
      '∂C/∂Wₖⱼ = δₖᵀ aⱼ / N, ∂C/∂bₖ',
      '∂C/∂Wⱼᵢ = δⱼᵀ x / N, ∂C/∂bⱼ',
      'Wₖⱼ := Wₖⱼ − α ∂C/∂Wₖⱼ',
      'Wⱼᵢ := Wⱼᵢ − α ∂C/∂Wⱼᵢ',
    ]);
  });

  it('names the report equations of each step', () => {
    const plan = planSteps(shape([784, 64, 10]));
    const byKind = Object.fromEntries(plan.map((s) => [s.kind + s.layer, s.equations]));
    // The hidden sum z_j = Σ_i w_ji x_i is the one (6) differentiates, the output's z_k = Σ_j w_kj a_j (4)'s.
    expect(byKind.preActivation0).toEqual([6]);
    expect(byKind.preActivation1).toEqual([4]);
    expect(byKind.activation0).toEqual([5]);
    expect(byKind.activation1).toEqual([]); // softmax
    expect(byKind.outputDelta1).toEqual([3]);
    expect(byKind.hiddenDelta0).toEqual([8, 12, 13, 14]);
    // A hidden weight's gradient is the chain (2) summed up in (7); the report writes an output
    // weight's, δ_k a_j, only inside (9). In matrix form the hidden layer's (15), the output layer's (10).
    expect(byKind.gradients0).toEqual([2, 7, 15]);
    expect(byKind.gradients1).toEqual([9, 10]);
    // Output: (1), (9) and (10); with momentum (19).
    expect(byKind.update1).toEqual([1, 9, 10, 19]);
    expect(byKind.update0).toEqual([1, 11, 15, 19]);
    expect(planSteps(shape([784, 64, 10], 'improved-sigmoid'))[1].equations).toEqual([5, 16, 17]);
  });

  it('has 5L + 1 steps, deltas from L−1 down to 1, for 1 to 4 layers', () => {
    for (const sizes of [[4, 3], [2, 2, 2], [30, 16, 12, 10], [8, 7, 6, 5, 4]]) {
      const L = sizes.length - 1;
      const plan = planSteps(shape(sizes));
      expect(plan.length).toBe(5 * L + 1);
      expect(plan.filter((s) => s.phase === 'forward').length).toBe(2 * L);
      expect(plan.filter((s) => s.phase === 'hiddenDelta').map((s) => s.layer)).toEqual(Array.from({ length: L - 1 }, (_, i) => L - 2 - i));
      expect(plan.filter((s) => s.phase === 'gradients').map((s) => s.layer)).toEqual(Array.from({ length: L }, (_, i) => L - 1 - i));
      // phases appear in one block each, in order
      const phases = plan.map((s) => s.phase).filter((p, i, all) => i === 0 || all[i - 1] !== p);
      expect(phases).toEqual(L === 1 ? ['forward', 'loss', 'outputDelta', 'gradients', 'update'] : ['forward', 'loss', 'outputDelta', 'hiddenDelta', 'gradients', 'update']);
    }
  });

  it('endOfPhase finds the last step of a phase', () => {
    const plan = planSteps(shape([30, 16, 12, 10]));
    expect(endOfPhase(plan, 0)).toBe(5); // forward: 6 steps
    expect(endOfPhase(plan, 3)).toBe(5);
    expect(endOfPhase(plan, 6)).toBe(6); // loss
    expect(endOfPhase(plan, 8)).toBe(9); // hiddenDelta: δ₂ then δ₁
    expect(endOfPhase(plan, 15)).toBe(15); // the last update
  });

  it('rejects a shape without layers and writes subscripts', () => {
    expect(() => planSteps({ sizes: [3], activations: [] })).toThrow(/at least one dense layer/);
    expect(subscript(12)).toBe('₁₂');
  });
});
