// The selectors read frames as the neuron inspector will: the hand-worked 2-2-2 step
// (tests/engine/hand-worked.test.ts), one sub-step at a time.
import { describe, expect, it } from 'vitest';
import {
  batchComplete,
  batchView,
  currentEquations,
  currentPhase,
  currentStep,
  memoryUse,
  nextStep,
  neuronView,
  sampleInputs,
} from '../../src/viewmodel/selectors';
import { handWorkedSession, repeat, send } from '../machine/helpers';
import { stepLabel } from '../../src/viewmodel/step-label';

const first = () => handWorkedSession();

describe('selectors', () => {
  it('current step, phase and equations follow the frames', () => {
    let s = first();
    expect(currentStep(s.context)).toBeNull();
    expect(currentPhase(s.context)).toBe('ready');
    expect(currentEquations(s.context)).toEqual([]);
    expect(stepLabel(nextStep(s.context)!)).toBe('zⱼ = Wⱼᵢ x + bⱼ');
    s = repeat(s, { type: 'step.next' }, 7); // δ₁
    expect(currentStep(s.context)?.kind).toBe('hiddenDelta');
    expect(currentPhase(s.context)).toBe('hiddenDelta');
    expect(currentEquations(s.context)).toEqual([8, 12, 13, 14]);
    expect(s.hasTag('eq:8')).toBe(true);
    expect(s.getMeta()['debugger.paused.hiddenDelta']).toEqual({ phase: 'hiddenDelta', equations: [8, 12, 13, 14] });
    s = repeat(s, { type: 'step.next' }, 4);
    expect(batchComplete(s.context)).toBe(true);
    expect(nextStep(s.context)).toBeNull();
  });

  it('a hidden neuron, sub-step by sub-step: nothing is shown before it is computed', () => {
    let s = first();
    let v = neuronView(s.context, 0, 0);
    expect([v.z, v.a, v.fprime, v.delta, v.gradBias, v.gradWeights, v.inputs]).toEqual([null, null, null, null, null, null, Float64Array.of(1, 0.5)]);
    expect(v.bias).toBe(0.05);
    expect(Array.from(v.weights)).toEqual([0.1, 0.2]);
    s = send(s, { type: 'step.next' });
    v = neuronView(s.context, 0, 0);
    expect(v.z).toBeCloseTo(0.25, 15);
    expect(v.a).toBeNull();
    s = send(s, { type: 'step.next' });
    v = neuronView(s.context, 0, 0);
    expect(v.a).toBeCloseTo(0.562176500885798104, 15);
    expect(v.fprime).toBeCloseTo(0.246134082737598348, 15);
    s = repeat(s, { type: 'step.next' }, 5); // δ₁
    v = neuronView(s.context, 0, 1);
    expect(v.delta).toBeCloseTo(-0.104294208132074678, 15);
    expect(v.gradWeights).toBeNull();
    s = repeat(s, { type: 'step.next' }, 2); // ∂C/∂W₂, ∂C/∂W₁
    v = neuronView(s.context, 0, 1);
    // the batch mean over the two examples: the distractor contributes δ·x = δ·0 to the weights
    expect(v.gradWeights![0] * 2).toBeCloseTo(-0.104294208132074678, 15);
    expect(v.gradWeights![1] * 2).toBeCloseTo(-0.0521471040660373389, 15);
    expect(v.update.newWeights).toBeNull();
    expect(Array.from(v.update.velocityWeights!)).toEqual([0, 0]);
    s = repeat(s, { type: 'step.next' }, 2);
    v = neuronView(s.context, 0, 1);
    // v = α ∂C/∂w + μ·0, w_new = w − v (eq. 19)
    expect(v.update.newVelocityWeights![0]).toBe(0.5 * v.gradWeights![0]);
    expect(v.update.newWeights![0]).toBe(-0.3 - v.update.newVelocityWeights![0]);
    expect(v.update.newBias).toBe(-0.1 - v.update.newVelocityBias!);
    expect(v.update.rule).toEqual({ learningRate: 0.5, momentum: 0.9 });
  });

  it('an output neuron: ŷ, the target and δ = ŷ − y, for the selected example', () => {
    const s = repeat(first(), { type: 'step.next' }, 6);
    const v = neuronView(s.context, 1, 1);
    expect(v.isOutput).toBe(true);
    expect(v.fprime).toBeNull();
    expect(v.target).toBe(1);
    expect(v.a).toBeCloseTo(0.699026767641113242, 15);
    expect(v.delta).toBeCloseTo(-0.300973232358886758, 15);
    expect(neuronView(s.context, 1, 0).target).toBe(0);
    expect(Array.from(neuronView(s.context, 1, 1).inputs!).map((x) => +x.toFixed(15))).toEqual([0.562176500885798, 0.450166002687522]);
    expect(neuronView(s.context, 1, 1, 0).target).toBe(0); // example 0 has label 0
    expect(() => neuronView(s.context, 2, 0)).toThrow('layer 3 is outside the layers 1 … 2');
    expect(() => neuronView(s.context, 1, 2)).toThrow('class 2 is outside the classes 0 … 1');
    expect(() => neuronView(s.context, 1, 0, 2)).toThrow('example 3 is outside the examples 1 … 2 of the batch');
  });

  it('batch view and memory', () => {
    const s = repeat(first(), { type: 'step.next' }, 5);
    const b = batchView(s.context);
    expect(b.labels).toEqual([0, 1]);
    expect(b.source).toEqual({ kind: 'order', epoch: 0, batch: 0 });
    expect(b.sampleLoss).toBeCloseTo(0.358066243288235645, 14);
    expect(b.correct).toBe(1); // the distractor's logits favour class 1
    expect(Array.from(sampleInputs(s.context))).toEqual([1, 0.5]);
    const m = memoryUse(s.context);
    expect(m).toMatchObject({ frames: 6, first: 0, current: 5, last: 5, evicted: 0, budget: 512 * 2 ** 20 });
    expect(m.bytes).toBe(s.context.history.bytes);
  });
});
