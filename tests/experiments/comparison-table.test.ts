// Run summaries, spreads over seeds and the comparison table the CLI and the page share.
import { describe, expect, it } from 'vitest';
import { comparisonMarkdown, formatCell, NUMERIC_COLUMNS, stopCell, type ComparedRun } from '../../src/experiments/comparison-table';
import { samplesAfter, setupKey, spread, type RunResult } from '../../src/experiments/experiment-results';
import { parseTrainingConfig } from '../../src/engine/training-config';

const metrics = (accuracy: number, loss: number, count: number) => ({ accuracy, loss, correct: Math.round(accuracy * count), count });

function run(seed: number, validationAccuracy: number, stopReason: RunResult['stopReason'] = 'early-stopping'): ComparedRun {
  return {
    seed,
    wallSeconds: 10 + seed,
    result: {
      stopReason,
      steps: 1000 + seed,
      epochs: (1000 + seed) / 352,
      samples: 0,
      best: null,
      restoredBest: false,
      final: { train: metrics(0.95, 0.2, 45000), validation: metrics(validationAccuracy, 0.3, 5000), test: null },
      trainingMs: 1,
      samplesPerSecond: 1,
      divergence: null,
      parameters: 50890,
    },
  };
}

const column = (key: string) => NUMERIC_COLUMNS.find((c) => c.key === key)!;

describe('spread', () => {
  it('gives the mean, the sample standard deviation (n − 1), min and max', () => {
    expect(spread([1, 2, 3])).toEqual({ n: 3, mean: 2, sd: 1, min: 1, max: 3 });
    expect(spread([5])).toEqual({ n: 1, mean: 5, sd: 0, min: 5, max: 5 });
    expect(spread([]).n).toBe(0);
  });
});

describe('samplesAfter', () => {
  it('counts the last, partial batch of an epoch by its size', () => {
    // 1000 examples in batches of 128: 7 full batches and one of 104.
    expect(samplesAfter(7, 1000, 128)).toBe(896);
    expect(samplesAfter(8, 1000, 128)).toBe(1000);
    expect(samplesAfter(9, 1000, 128)).toBe(1128);
    expect(samplesAfter(16, 1000, 128)).toBe(2000);
  });
});

describe('setupKey', () => {
  it('ignores the seed and key order, and sees every other field, nested ones included', () => {
    const a = parseTrainingConfig({ seed: 1, init: { kind: 'uniform', range: 1 } });
    const b = parseTrainingConfig({ init: { range: 1, kind: 'uniform' }, seed: 2 });
    expect(setupKey(a)).toBe(setupKey(b));
    expect(setupKey(parseTrainingConfig({ init: { kind: 'uniform', range: 0.5 } }))).not.toBe(setupKey(a));
  });
});

describe('the comparison table', () => {
  it('shows one run’s values, and mean ± sd over seeds', () => {
    expect(formatCell(column('validationAccuracy'), [run(1, 0.9)])).toBe('90.00');
    // 90 % and 92 %: mean 91, sd √2 ≈ 1.41
    expect(formatCell(column('validationAccuracy'), [run(1, 0.9), run(2, 0.92)])).toBe('91.00 ± 1.41');
    expect(formatCell(column('steps'), [run(1, 0.9), run(3, 0.9)])).toBe('1,002 ± 1');
    expect(formatCell(column('parameters'), [run(1, 0.9), run(2, 0.9)])).toBe('50,890');
    expect(formatCell(column('testAccuracy'), [run(1, 0.9)])).toBe('—');
  });

  it('says how the runs stopped', () => {
    expect(stopCell([run(1, 0.9)])).toBe('early stop');
    expect(stopCell([run(1, 0.9), run(2, 0.9, 'max-epochs'), run(3, 0.9)])).toBe('early stop ×2, max epochs ×1');
  });

  it('prints GitHub markdown with units in the headers and numbers right-aligned', () => {
    const text = comparisonMarkdown([{ label: '2 Baseline', architecture: '784-64-10 sigmoid', runs: [run(1, 0.9), run(2, 0.92)] }]);
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      '| setup | net | seeds | train acc (%) | val acc (%) | test acc (%) | train loss | val loss | test loss | epochs | steps | wall time (s) | parameters | stop |',
    );
    expect(lines[1]).toBe('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    expect(lines[2]).toBe(
      '| 2 Baseline | 784-64-10 sigmoid | 1, 2 | 95.00 ± 0.00 | 91.00 ± 1.41 | — | 0.2000 ± 0.0000 | 0.3000 ± 0.0000 | — | 2.85 ± 0.00 | 1,002 ± 1 | 11.5 ± 0.7 | 50,890 | early stop ×2 |',
    );
  });
});
