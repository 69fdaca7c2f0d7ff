// The report's experiments (src/experiments/presets.ts) as a lesson's `setup.preset` names them.

import { PRESETS, presetById, type Preset } from '../experiments/presets';

export function presetIds(): string[] {
  return PRESETS.map((p) => p.id);
}

export function lessonPreset(id: string): Preset | undefined {
  return presetById(id);
}
