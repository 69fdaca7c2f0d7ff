// How the trainer names, queues and records its runs: a setup's name, the queue of seeds, a
// finished run's record, the runs in progress and how one of them changes, and the words that
// say where a run paused or diverged. Pure functions of the trainer's context (trainer-events.ts),
// called by the machine's actions (trainer-machine.ts).

import { setupKey, type RunResult } from '../experiments/experiment-results';
import { describeChanges, presetById, presetConfig, type PresetId } from '../experiments/presets';
import type { TrainingConfig } from '../engine/training-config';
import type { TrainingPosition } from '../engine/training';
import type { RunRecord } from '../session/run-store';
import { grouped } from '../format';
import { batchLabel, epochLabel } from '../notation/indices';
import type { LiveRun, QueuedRun, TrainerContext } from './trainer-events';

/** "3c + fan-in normal init", or for a changed preset "3c + fan-in normal init (max 3 epochs)". */
export function setupName(config: TrainingConfig, basePresetId: string | null): string {
  const preset = basePresetId ? presetById(basePresetId) : undefined;
  if (!preset) return 'custom';
  const changes = describeChanges(preset, config);
  return `${preset.id} ${preset.title}${changes ? ` (${changes})` : ''}`;
}

/** Is the draft still the preset's config (any seed)? */
export function matchesPreset(config: TrainingConfig, presetId: PresetId | null): boolean {
  const preset = presetId ? presetById(presetId) : undefined;
  return !!preset && setupKey(presetConfig(preset, config.seed)) === setupKey(config);
}

export function queueFor(context: TrainerContext): QueuedRun[] {
  const label = setupName(context.draft, context.basePresetId);
  return Array.from({ length: context.seeds }, (_, i) => {
    const config = { ...context.draft, seed: context.draft.seed + i };
    return { label: `${label}, seed ${config.seed}`, presetId: context.presetId, config, from: null };
  });
}

export function runRecord(live: LiveRun, result: RunResult, activeMs: number, finishedAt: number): RunRecord {
  return {
    id: live.id,
    label: live.label,
    presetId: live.presetId,
    config: live.config,
    setup: setupKey(live.config),
    batchesPerEpoch: live.batchesPerEpoch ?? 0,
    trainCount: live.trainCount ?? 0,
    checks: live.checks,
    result,
    wallSeconds: activeMs / 1000,
    finishedAt,
    continuedFrom: live.continuedFrom,
  };
}

/** Every run in progress: the followed one first. */
export function runsInProgress(context: Pick<TrainerContext, 'live' | 'alongside'>): LiveRun[] {
  return context.live ? [context.live, ...context.alongside] : [...context.alongside];
}

/** The run in progress with this id, changed by `change` (live and alongside as the context keeps them). */
export function withRun(context: TrainerContext, runId: string, change: (run: LiveRun) => LiveRun): Partial<TrainerContext> {
  if (context.live?.id === runId) return { live: change(context.live) };
  if (!context.alongside.some((r) => r.id === runId)) return {};
  return { alongside: context.alongside.map((r) => (r.id === runId ? change(r) : r)) };
}

/** "step 1,204; next: epoch 4, batch 148" (steps done, then the batch that comes next). */
export const describePosition = (p: TrainingPosition) => `step ${grouped(p.step)}; next: epoch ${epochLabel(p.epoch)}, batch ${batchLabel(p.batch)}`;

/** Why the debugger opens where it does after a divergence. */
export function lastGoodReason(label: string, p: TrainingPosition, d: { step: number; epoch: number; batch: number } | null): string {
  const at = (step: number, epoch: number, batch: number) => `step ${grouped(step)} (epoch ${epochLabel(epoch)}, batch ${batchLabel(batch)})`;
  if (!d || d.step === p.step + 1) return `${label} diverged at ${at(p.step + 1, p.epoch, p.batch)}; this is the state just before it`;
  return `${label} diverged at ${at(d.step, d.epoch, d.batch)}; this is the last good batch, ${at(p.step + 1, p.epoch, p.batch)} — its update is the one that wrecked the weights`;
}
