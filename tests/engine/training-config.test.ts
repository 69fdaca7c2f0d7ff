// One rule and one default per setting: the training config, the debugger's settings and
// its guards, the Open-files loader, the CLI's flags, lesson setups and presets all read
// α, μ, the batch size and the network through src/engine/training-config.ts.

import { describe, expect, it } from 'vitest';
import { parseFlags } from '../../src/cli/args';
import { configFlags, configFromFlags, CONFIG_DEFAULTS, NET_FLAGS } from '../../src/cli/config-flags';
import { createNet } from '../../src/engine/network';
import { modelToJson, formatJson } from '../../src/engine/io';
import { debuggerSettingsSchema, netSettingsSchema, parseTrainingConfig, SETTING_RULES, updateRuleSchema } from '../../src/engine/training-config';
import { presetConfig, PRESETS } from '../../src/experiments/presets';
import { setupSchema } from '../../src/lessons/schema';
import { loadFromFiles } from '../../src/session/file-load';
import { checkSettings, defaultSettings, openingDebuggerConfig } from '../../src/session/settings';
import { start, TINY_DATA } from '../machine/helpers';

const model = { name: 'm.json', text: formatJson(modelToJson(createNet({ sizes: [2, 2], hiddenActivation: 'sigmoid', init: { kind: 'uniform', range: 1 }, seed: 1, precision: 'float64' }))) };

/** Whether each consumer accepts a rule {α, μ}: true = accepted. */
function everywhere(rule: { learningRate: number; momentum: number }): Record<string, boolean> {
  const accepts = (f: () => unknown) => {
    try {
      f();
      return true;
    } catch {
      return false;
    }
  };
  const s = start({ data: TINY_DATA, settings: { sizes: [2, 2] } });
  return {
    'training config': accepts(() => parseTrainingConfig(rule)),
    'debugger settings': checkSettings({ ...defaultSettings(TINY_DATA), ...rule }, TINY_DATA) === null,
    "debugger machine's guard": s.can({ type: 'settings.change', settings: rule }),
    'Open files': accepts(() => loadFromFiles({ model }, { precision: 'float64', ...rule })),
    'CLI flags (trace, train)': accepts(() => configFromFlags(parseFlags(['--lr', String(rule.learningRate), '--momentum', String(rule.momentum)], configFlags('lr', 'momentum')), updateRuleSchema)),
    'lesson setup': setupSchema.safeParse({ data: 'mnist', training: rule }).success,
    preset: accepts(() => presetConfig(PRESETS[0], 1, rule)),
  };
}

describe('one rule per setting', () => {
  it('α > 0 and 0 ≤ μ < 1 in the config, the debugger, its guard, Open files, the CLI, lessons and presets', () => {
    const all = (v: boolean) => Object.fromEntries(Object.keys(everywhere({ learningRate: 0.5, momentum: 0 })).map((k) => [k, v]));
    expect(everywhere({ learningRate: 0.5, momentum: 0 })).toEqual(all(true));
    expect(everywhere({ learningRate: 1e-9, momentum: 0.999 })).toEqual(all(true));
    expect(everywhere({ learningRate: 0, momentum: 0 })).toEqual(all(false)); // α = 0 changes nothing: refused everywhere
    expect(everywhere({ learningRate: -0.1, momentum: 0 })).toEqual(all(false));
    expect(everywhere({ learningRate: 0.5, momentum: 1 })).toEqual(all(false));
    expect(everywhere({ learningRate: 0.5, momentum: -0.1 })).toEqual(all(false));
  });

  it('says what is wrong in the same words, naming the flag on the command line and the field elsewhere', () => {
    expect(() => configFromFlags(parseFlags(['--lr', '0'], configFlags('lr', 'momentum')), updateRuleSchema)).toThrow(/^--lr: expected > 0, got 0$/);
    expect(() => loadFromFiles({ model }, { precision: 'float64', learningRate: 0, momentum: 0 })).toThrow(/^settings: α: expected > 0, got 0$/);
    expect(checkSettings({ ...defaultSettings(TINY_DATA), learningRate: 0 }, TINY_DATA)).toBe('learningRate: expected > 0, got 0');
    expect(() => parseTrainingConfig({ momentum: 1 })).toThrow(/^momentum: /);
  });

  it('has one default each: the debugger, the CLI and the trainer start from the same α, μ, batch size, seed and precision', () => {
    const config = parseTrainingConfig({});
    expect(config).toMatchObject({ learningRate: 0.5, momentum: 0, batchSize: 128, seed: 1, precision: 'float32', sizes: [784, 64, 10] });
    expect(CONFIG_DEFAULTS).toEqual(config);
    expect(updateRuleSchema.parse({})).toEqual({ learningRate: config.learningRate, momentum: config.momentum });
    const mnist = { kind: 'mnist' as const, train: { count: 100 }, validation: null, test: { count: 10 }, seed: 1, shuffle: true };
    expect(defaultSettings(mnist as never)).toEqual(debuggerSettingsSchema.parse({}));
    expect(debuggerSettingsSchema.parse({})).toMatchObject({ learningRate: 0.5, momentum: 0, batchSize: 128, init: config.init });
    // The Debugger screen opens on the report's fan-in init (eq. 18) and on the report's split — the one
    // every preset of the Training screen uses (45,000 / 5,000); every other field is the config's default.
    const opening = openingDebuggerConfig();
    expect({ ...opening, init: config.init, split: config.split }).toEqual(config);
    expect(opening.init).toEqual({ kind: 'normal-fan-in' });
    expect(opening.split).toEqual({ pool: 50000, validation: 5000 });
    for (const preset of PRESETS) expect(presetConfig(preset, 1).split).toEqual(opening.split);
    // The CLI's net flags, none given: the config's network (in float64, as init-model writes it).
    expect(configFromFlags(parseFlags([], NET_FLAGS), netSettingsSchema, { precision: 'float64' })).toEqual({ ...netSettingsSchema.parse({}), precision: 'float64' });
  });

  it('keeps the network rules for every data shape: sizes need two layers of 1 … 4,096 units', () => {
    expect(SETTING_RULES.sizes.safeParse([2, 2]).success).toBe(true);
    expect(SETTING_RULES.sizes.safeParse([784]).success).toBe(false);
    expect(SETTING_RULES.sizes.safeParse([784, 4097, 10]).success).toBe(false);
    expect(setupSchema.safeParse({ data: 'mnist', net: { sizes: [784, 5000, 10] } }).success).toBe(false);
    expect(() => configFromFlags(parseFlags(['--layers', '784-5000-10'], NET_FLAGS), netSettingsSchema)).toThrow(/^--layers: /);
  });
});
