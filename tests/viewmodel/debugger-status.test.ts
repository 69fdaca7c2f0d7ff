// The data line of the Debugger screen: the split it opens on is the report's and the
// Training screen's (45,000 / 5,000 of the first 50,000), and the line says so.
import { describe, expect, it } from 'vitest';
import { loadMnistFromPackage } from '../../src/data/node';
import { presetConfig, PRESETS } from '../../src/experiments/presets';
import { debuggerDataFor } from '../../src/session/from-training';
import { openingDebuggerConfig } from '../../src/session/settings';
import { describeData } from '../../src/viewmodel/debugger-status';

describe('describeData', () => {
  const mnist = loadMnistFromPackage();

  it('the debugger opens on the report’s split, the one of every training preset, and says so', () => {
    const opening = debuggerDataFor(openingDebuggerConfig(), mnist);
    const baseline = debuggerDataFor(presetConfig(PRESETS[0], 1), mnist);
    expect(opening.kind === 'mnist' && [opening.train.count, opening.validation?.count]).toEqual([45000, 5000]);
    expect(baseline.kind === 'mnist' && [baseline.train.count, baseline.validation?.count]).toEqual([45000, 5000]);
    expect(describeData(opening, mnist.train.count)).toBe("MNIST: 45,000 train / 5,000 validation images — the report's split (the first 50,000 of the 60,000 training images)");
  });

  it('another split is given by its counts', () => {
    const all = debuggerDataFor({ ...openingDebuggerConfig(), split: { pool: 60000, validation: 6000 } }, mnist);
    expect(describeData(all, mnist.train.count)).toBe('MNIST: 54,000 train / 6,000 validation images, of the 60,000 training images');
    expect(describeData({ kind: 'custom', inputSize: 2, classes: 2, batches: [] } as never, 60000)).toBe('custom data');
  });
});
