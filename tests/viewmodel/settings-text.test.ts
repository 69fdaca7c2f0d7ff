import { describe, expect, it } from 'vitest';
import { openingDebuggerConfig, settingsOf } from '../../src/session/settings';
import { describeSettings, hiddenSizesText, parseHiddenSizes } from '../../src/viewmodel/settings-text';

describe('defaults and settings', () => {
  it('the teacher’s defaults are the report’s 784-64-10 sigmoid, batch 128, float32, with the fan-in init of eq. 18', () => {
    const s = settingsOf(openingDebuggerConfig());
    expect(s).toMatchObject({ sizes: [784, 64, 10], hiddenActivation: 'sigmoid', batchSize: 128, precision: 'float32', init: { kind: 'normal-fan-in' }, learningRate: 0.5, momentum: 0 });
    expect(describeSettings(s)).toBe('784-64-10 · sigmoid · normal N(0, 1/√fan_in) init · α = 0.5 · μ = 0 · batch 128 · float32 · seed 1');
    // weights from a file: no init or seed made them
    expect(describeSettings(s, 'my-model.json')).toBe('784-64-10 · sigmoid · weights from my-model.json · α = 0.5 · μ = 0 · batch 128 · float32');
    expect(openingDebuggerConfig().shuffle).toBe(true);
  });

  it('reads the hidden sizes a learner types', () => {
    expect(hiddenSizesText([784, 59, 59, 10])).toBe('59-59');
    expect(parseHiddenSizes('64', 784, 10)).toEqual([784, 64, 10]);
    expect(parseHiddenSizes(' 128 - 64 ', 784, 10)).toEqual([784, 128, 64, 10]);
    expect(parseHiddenSizes('59, 59', 784, 10)).toEqual([784, 59, 59, 10]);
    expect(parseHiddenSizes('', 784, 10)).toEqual([784, 10]);
    expect(parseHiddenSizes('64a', 784, 10)).toBeNull();
    expect(parseHiddenSizes('0', 784, 10)).toBeNull();
    expect(parseHiddenSizes('5000', 784, 10)).toBeNull();
  });
});
