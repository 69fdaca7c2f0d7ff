// The settings of the step to compare with: what the caller says (CLI flags, the debugger's
// settings), else what the learner's trace JSON states, else the defaults of `trace`. A
// caller and a trace that disagree are bad input, named by the trace's field.

import { FormatError } from '../engine/io';
import { updateRuleSchema } from '../engine/training-config';
import type { Precision } from '../engine/types';
import type { LearnerTrace } from './learner-trace';

export interface StepSettings {
  readonly learningRate: number;
  readonly momentum: number;
  readonly precision: Precision;
}

/** The CLI's `trace` defaults: the training config's α and μ (src/engine/training-config.ts), in float64. */
export const DEFAULT_STEP_SETTINGS: StepSettings = { ...updateRuleSchema.parse({}), precision: 'float64' };

/** How the caller names each setting in a message: "--lr", "the debugger's α". */
export type SettingNames = Readonly<Record<keyof StepSettings, string>>;

export function stepSettings(given: Partial<StepSettings>, learner: LearnerTrace, names: SettingNames): StepSettings {
  const pick = <K extends keyof StepSettings>(key: K): StepSettings[K] => {
    const mine = learner.settings[key] as StepSettings[K] | undefined;
    const theirs = given[key];
    if (theirs !== undefined && mine !== undefined && theirs !== mine) {
      throw new FormatError(learner.source, key, `the trace says ${mine}, ${names[key]} says ${theirs}`);
    }
    return theirs ?? mine ?? DEFAULT_STEP_SETTINGS[key];
  };
  return { learningRate: pick('learningRate'), momentum: pick('momentum'), precision: pick('precision') };
}
