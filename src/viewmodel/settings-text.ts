// The debugger's settings as a learner reads and types them: the session in one line, and
// the hidden layer sizes as text. The settings' rules and defaults: src/engine/training-config.ts.

import { describeInit } from '../engine/init';
import { ACTIVATION_INFO } from '../engine/activations';
import { SETTING_RULES } from '../engine/training-config';
import type { DebuggerSettings } from '../session/settings';

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
  const sizes = [inputs, ...parts.map(Number), outputs];
  return SETTING_RULES.sizes.safeParse(sizes).success ? sizes : null;
}
