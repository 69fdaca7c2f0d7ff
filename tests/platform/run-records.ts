// A finished run's record as the trainer stores it, for the store's and the machine's tests.
import { parseTrainingConfig } from '../../src/engine/training-config';
import type { RunRecord } from '../../src/session/run-store';

const metrics = { loss: 0.3, accuracy: 0.9, correct: 90, count: 100 };
export function goodRun(id: string, finishedAt: number): RunRecord {
  const config = parseTrainingConfig({ maxEpochs: 1 });
  return {
    id,
    label: `run ${id}`,
    presetId: '2',
    config,
    setup: 'x',
    batchesPerEpoch: 422,
    trainCount: 54000,
    checks: [{ step: 422, epoch: 1, train: metrics, validation: metrics, test: null, rises: 0, trainingMs: 900 }],
    result: {
      stopReason: 'max-epochs',
      steps: 422,
      epochs: 1,
      samples: 54000,
      best: { step: 422, epoch: 1, validationLoss: 0.3, validationAccuracy: 0.9 },
      restoredBest: false,
      final: { train: metrics, validation: metrics, test: metrics },
      trainingMs: 900,
      samplesPerSecond: 60000,
      divergence: null,
      parameters: 50890,
    },
    wallSeconds: 1.2,
    finishedAt,
    continuedFrom: null,
  };
}
