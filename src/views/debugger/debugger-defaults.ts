// The network and data the debugger opens with, and how its settings read in one line.
// A teacher's defaults: the report's 784-64-10 sigmoid net, batch 128, float32, on
// MNIST in the trainer's shuffled order — with the report's fan-in normal initialisation
// (eq. 18), because with U(−1, 1) most sigmoid units start saturated (f'(z) ≈ 0) and the
// δ's a class wants to look at are all but zero. The learning rate is the trainer's 0.5.

import { describeInit } from '../../engine/init';
import { ACTIVATION_INFO } from '../../engine/activations';
import { parseTrainingConfig, type TrainingConfig } from '../../engine/training-config';
import type { DebuggerSettings } from '../../session/settings';

export const DEBUGGER_DEFAULTS = {
  sizes: [784, 64, 10],
  hiddenActivation: 'sigmoid',
  init: { kind: 'normal-fan-in' },
  learningRate: 0.5,
  momentum: 0,
  batchSize: 128,
  precision: 'float32',
  seed: 1,
  shuffle: true,
} as const;

export function defaultDebuggerConfig(): TrainingConfig {
  return parseTrainingConfig({ ...DEBUGGER_DEFAULTS, sizes: [...DEBUGGER_DEFAULTS.sizes] });
}

/** "784-64-10 · sigmoid · N(0, 1/√fan_in) init · α = 0.5 · μ = 0 · batch 128 · float32 · seed 1" */
/** The session in one line; `weightsFrom` names a model file the weights came from (then init and seed do not apply). */
export function describeSettings(s: DebuggerSettings, weightsFrom: string | null = null): string {
  return [
    s.sizes.join('-'),
    ACTIVATION_INFO[s.hiddenActivation].label,
    weightsFrom === null ? `${describeInit(s.init)} init` : `weights from ${weightsFrom}`,
    `α = ${s.learningRate}`,
    `μ = ${s.momentum}`,
    `batch ${s.batchSize}`,
    s.precision,
    ...(weightsFrom === null ? [`seed ${s.seed}`] : []),
  ].join(' · ');
}

/** "64" or "128-64" ↔ [784, 128, 64, 10]: the hidden sizes a learner edits. */
export function hiddenSizesText(sizes: readonly number[]): string {
  return sizes.slice(1, -1).join('-');
}

/** The full topology from the hidden sizes typed, or null when the text is not a list of whole numbers. */
export function parseHiddenSizes(text: string, inputs: number, outputs: number): number[] | null {
  const trimmed = text.trim();
  if (trimmed === '') return [inputs, outputs];
  const parts = trimmed.split(/[\s,×x-]+/).filter(Boolean);
  if (!parts.every((p) => /^\d+$/.test(p))) return null;
  const hidden = parts.map(Number);
  if (hidden.some((n) => n < 1 || n > 4096)) return null;
  return [inputs, ...hidden, outputs];
}
