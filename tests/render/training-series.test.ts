// Checks → chart series, stop markers, overlays averaged over seeds, and the CSV behind them.
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/engine/training';
import { checksCsv, overlaySeries, RUN_PALETTE, runSeries, SET_COLOURS, stopMarkers } from '../../src/render/training-series';

const m = (loss: number, accuracy: number) => ({ loss, accuracy, correct: 0, count: 100 });
function check(step: number, validationLoss: number, test = true): CheckResult {
  return {
    step,
    epoch: step / 10,
    train: m(validationLoss - 0.1, 0.5 + step / 100),
    validation: m(validationLoss, 0.4 + step / 100),
    test: test ? m(validationLoss + 0.05, 0.45 + step / 100) : null,
    rises: 0,
    trainingMs: step,
  };
}

describe('runSeries', () => {
  it('draws each measured set against steps or epochs, accuracy in percent', () => {
    const checks = [check(5, 1), check(10, 0.8)];
    const acc = runSeries(checks, 'accuracy', 'steps');
    expect(acc.map((s) => s.id)).toEqual(['train', 'validation', 'test']);
    expect(acc[1].points).toEqual([{ x: 5, y: 45 }, { x: 10, y: 50 }]);
    expect(acc[1].colour).toBe(SET_COLOURS.validation);
    const loss = runSeries(checks, 'loss', 'epochs');
    expect(loss[2].points).toEqual([{ x: 0.5, y: 1.05 }, { x: 1, y: 0.8500000000000001 }]);
  });
  it('leaves out the test line when the test set was not measured', () => {
    expect(runSeries([check(5, 1, false)], 'loss', 'steps').map((s) => s.id)).toEqual(['train', 'validation']);
  });
});

describe('stopMarkers', () => {
  const checks = [check(10, 1), check(20, 0.5), check(30, 0.6), check(40, 0.7), check(50, 0.8)];
  it('marks the early stop and the best check it restored', () => {
    const markers = stopMarkers(checks, { stopReason: 'early-stopping', best: { step: 20, epoch: 2, validationLoss: 0.5, validationAccuracy: 0.6 }, restoredBest: true }, 3, 'steps');
    expect(markers.map((k) => [k.x, k.label])).toEqual([
      [20, 'best (restored)'],
      [50, 'early stop (3 rises)'],
    ]);
    expect(stopMarkers(checks, { stopReason: 'early-stopping', best: null, restoredBest: false }, 3, 'epochs').map((k) => k.x)).toEqual([5]);
    // A patience of 1: one rise, said in the singular.
    expect(stopMarkers(checks, { stopReason: 'early-stopping', best: null, restoredBest: false }, 1, 'steps').map((k) => k.label)).toEqual(['early stop (1 rise)']);
  });
  it('marks nothing for a run that ran to its last epoch', () => {
    expect(stopMarkers(checks, { stopReason: 'max-epochs', best: null, restoredBest: false }, 3, 'steps')).toEqual([]);
  });
});

describe('overlaySeries', () => {
  const run = (id: string, setup: string, losses: number[]) => ({ id, label: id, setup, checks: losses.map((l, i) => check(10 * (i + 1), l)) });
  it('averages the seeds of a setup where they all have a check, with the min–max as a band', () => {
    const series = overlaySeries([run('a1', 'A', [1, 0.8, 0.6]), run('a2', 'A', [0.9, 0.6]), run('b', 'B', [2])], 'validation', 'loss', 'steps', (setup, rs) => `${setup}×${rs.length}`);
    expect(series.map((s) => s.label)).toEqual(['A×2', 'B×1']);
    expect(series[0].points).toEqual([{ x: 10, y: (1 + 0.9) / 2 }, { x: 20, y: (0.8 + 0.6) / 2 }]);
    expect(series[0].band).toEqual([{ x: 10, low: 0.9, high: 1 }, { x: 20, low: 0.6, high: 0.8 }]);
    expect(series[1].band).toBeUndefined();
    expect(series.map((s) => s.colour)).toEqual([RUN_PALETTE[0], RUN_PALETTE[1]]);
  });
});

describe('checksCsv', () => {
  it('writes one row per check at full precision, quoting labels with commas', () => {
    const csv = checksCsv([{ label: '3c + init, seed 1', seed: 1, checks: [check(10, 1 / 3, false)] }]);
    const [header, row, end] = csv.split('\n');
    expect(header).toBe('run,seed,step,epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,test_loss,test_accuracy,training_ms');
    expect(row).toBe(`"3c + init, seed 1",1,10,1,${1 / 3 - 0.1},0.6,${1 / 3},0.5,,,10`);
    expect(end).toBe('');
  });
});
