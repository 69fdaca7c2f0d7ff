// The report's experiments as presets: exactly the list, each one step from the one
// before it as the report describes, parameter counts computed (and the report's explained).
import { describe, expect, it } from 'vitest';
import { describeChanges, PRESET_IDS, PRESETS, presetById, presetConfig, presetParameterCount, type Preset } from '../../src/experiments/presets';
import { parseTrainingConfig } from '../../src/engine/training-config';

const preset = (id: string): Preset => presetById(id)!;

/** The fields in which two presets' configs differ, with b's values. */
function changes(a: Preset, b: Preset): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(b.config) as (keyof Preset['config'])[]) {
    if (JSON.stringify(a.config[key]) !== JSON.stringify(b.config[key])) out[key] = b.config[key];
  }
  return out;
}

describe('presets', () => {
  it('write the learning rate as the screens do, α; the report’s λ only named as the report’s', () => {
    for (const p of PRESETS) {
      for (const text of [p.title, p.reportSays, p.description]) {
        expect(text.replaceAll('the report writes λ', ''), `${p.id}: ${text}`).not.toContain('λ');
      }
    }
  });
  it('are the report’s experiments 2, 3a–3d, 4a–4c and 5, in order, each a valid config', () => {
    expect(PRESETS.map((p) => p.id)).toEqual(['2', '3a', '3b', '3c', '3d', '4a', '4b', '4c', '5']);
    expect(PRESET_IDS).toEqual(PRESETS.map((p) => p.id));
    for (const p of PRESETS) {
      // Every field written out: parsing adds nothing but the seed.
      const { seed, ...parsed } = presetConfig(p, 3);
      expect(seed).toBe(3);
      expect(parsed).toEqual(p.config);
      expect(p.description.length).toBeGreaterThan(80);
    }
  });

  it('share the report’s setup: 45,000/5,000 of the first 50,000, batch 128, ≤ 20 epochs, early stopping after 3 rises', () => {
    for (const p of PRESETS) {
      const c = presetConfig(p, 1);
      expect(c.split).toEqual({ pool: 50000, validation: 5000 });
      expect(c.batchSize).toBe(128);
      expect(c.maxEpochs).toBe(20);
      expect(c.earlyStopping).toEqual({ patience: 3, restoreBest: true });
    }
  });

  it('2 is the baseline: 64 sigmoid units, U(−1, 1), α = 1, no shuffling', () => {
    const c = presetConfig(preset('2'), 1);
    expect(c.sizes).toEqual([784, 64, 10]);
    expect(c.hiddenActivation).toBe('sigmoid');
    expect(c.init).toEqual({ kind: 'uniform', range: 1 });
    expect(c.learningRate).toBe(1);
    expect(c.momentum).toBe(0);
    expect(c.shuffle).toBe(false);
  });

  it('each trick adds exactly one change to the preset before it', () => {
    expect(changes(preset('2'), preset('3a'))).toEqual({ shuffle: true });
    expect(changes(preset('3a'), preset('3b'))).toEqual({ hiddenActivation: 'improved-sigmoid', learningRate: 0.5 });
    expect(changes(preset('3b'), preset('3c'))).toEqual({ init: { kind: 'normal-fan-in' } });
    // Momentum with α = 0.05 keeps 3c's effective step α/(1 − μ) = 0.5.
    expect(changes(preset('3c'), preset('3d'))).toEqual({ momentum: 0.9, learningRate: 0.05 });
    expect(preset('3d').config.learningRate / (1 - preset('3d').config.momentum)).toBeCloseTo(preset('3c').config.learningRate, 12);
    expect(changes(preset('3d'), preset('4a'))).toEqual({ sizes: [784, 32, 10] });
    expect(changes(preset('3d'), preset('4b'))).toEqual({ sizes: [784, 128, 10] });
    expect(changes(preset('3d'), preset('4c'))).toEqual({ sizes: [784, 59, 59, 10] });
    expect(changes(preset('3d'), preset('5'))).toEqual({ hiddenActivation: 'relu' });
  });

  it('count weights and biases, and each description states its net’s count', () => {
    // 784·64 + 64 + 64·10 + 10
    expect(presetParameterCount(preset('2'))).toBe(50890);
    expect(presetParameterCount(preset('4a'))).toBe(784 * 32 + 32 + 32 * 10 + 10);
    expect(presetParameterCount(preset('4a'))).toBe(25450);
    expect(presetParameterCount(preset('4b'))).toBe(101770);
    // 784·59 + 59 + 59·59 + 59 + 59·10 + 10
    expect(presetParameterCount(preset('4c'))).toBe(50455);
    for (const id of ['2', '4a', '4b', '4c']) {
      expect(preset(id).description).toContain(presetParameterCount(preset(id)).toLocaleString('en-US'));
    }
  });

  it('explain the report’s counts: each is one hidden layer’s width above ours', () => {
    const ours64 = presetParameterCount(preset('2'));
    const ours59 = presetParameterCount(preset('4c'));
    expect(50954 - ours64).toBe(64);
    expect(50514 - ours59).toBe(59);
    expect((ours59 / ours64).toFixed(3)).toBe((50514 / 50954).toFixed(3));
    expect(preset('4c').description).toContain('50,514');
    expect(preset('4c').description).toContain('50,954');
    expect(preset('4c').description).toContain((ours59 / ours64).toFixed(3));
  });

  it('state the values the report leaves out', () => {
    expect(preset('2').description).toMatch(/U\(−1, 1\)/);
    expect(preset('2').description).toMatch(/4 validation checks per epoch/);
    expect(preset('3d').description).toMatch(/α = 0\.05/);
    expect(preset('5').description).toMatch(/fan-in normal init/);
  });

  it('take changes and a seed without losing the rest', () => {
    const c = presetConfig(preset('3c'), 9, { maxEpochs: 1, split: { pool: 3000, validation: 500 } });
    expect(c).toEqual(parseTrainingConfig({ ...preset('3c').config, maxEpochs: 1, split: { pool: 3000, validation: 500 }, seed: 9 }));
    expect(() => presetConfig(preset('2'), 1, { batchSize: 0 })).toThrow(/^batchSize: /);
  });
});

describe('describeChanges', () => {
  it('lists how a config differs from its preset, the seed aside', () => {
    const p = preset('3c');
    expect(describeChanges(p, presetConfig(p, 4))).toBe('');
    expect(describeChanges(p, presetConfig(p, 4, { maxEpochs: 1, learningRate: 0.1, split: { pool: 3000, validation: 500 } }))).toBe('α 0.1, max 1 epoch, 2,500/500 split');
    expect(describeChanges(p, presetConfig(p, 1, { earlyStopping: null, sizes: [784, 59, 59, 10] }))).toBe('784-59-59-10, no early stopping');
    expect(describeChanges(p, presetConfig(p, 1, { checksPerEpoch: 1, split: { pool: 20000, validation: 2000 } }))).toBe('1 check per epoch, 18,000/2,000 split');
  });
});
