// The phase ribbon: the whole backprop cycle of the current net as groups of sub-steps
// (forward per layer → loss → output δ → hidden δ per layer → gradients → update),
// each with a short symbol, the report's equations, whether it is done, current or to
// come, and the history frame that holds it (for step.goto). Pure.

import type { DebuggerContext } from '../session/context';
import type { Phase, ReportEquation } from '../notation';
import { currentFrame, frameAt } from '../session/history';
import type { PlannedStep } from '../session/plan';
import { layerNotation, stepSymbolText } from '../notation';
import { stepLabel } from './step-label';

export type RibbonStatus = 'done' | 'current' | 'todo';

export interface RibbonItem {
  readonly index: number;
  /** A short symbol in the report's notation: zⱼ, aⱼ, ŷ, C, δₖ, ∂C/∂Wₖⱼ, Wₖⱼ (W⁽²⁾ once there are two hidden layers). */
  readonly symbol: string;
  readonly label: string;
  readonly equations: readonly ReportEquation[];
  readonly status: RibbonStatus;
  /** The retained frame of this batch that completed this sub-step, or null. */
  readonly frame: number | null;
}

export interface RibbonGroup {
  readonly phase: Phase;
  readonly title: string;
  /** The report's equations of the group's sub-steps, without repeats. */
  readonly equations: readonly ReportEquation[];
  readonly items: readonly RibbonItem[];
  readonly status: RibbonStatus;
}

export const PHASE_TITLES: Readonly<Record<Phase, string>> = {
  forward: 'Forward',
  loss: 'Loss',
  outputDelta: 'Output δ',
  hiddenDelta: 'Hidden δ',
  gradients: 'Gradients',
  update: 'Update',
};

/** The short symbol of a sub-step in the report's notation (src/notation): zⱼ, ŷ, C, δₖ, ∂C/∂Wₖⱼ, W⁽²⁾. */
export function stepSymbol(step: PlannedStep): string {
  return stepSymbolText(layerNotation(step.layers), step);
}

type Ctx = Pick<DebuggerContext, 'history' | 'plan'>;

/** The frame of the current batch that completed sub-step `stepIndex`, if it is retained. */
export function frameOfStep(ctx: Ctx, stepIndex: number): number | null {
  const frame = currentFrame(ctx.history);
  const candidate = frameAt(ctx.history, frame.index + (stepIndex - frame.stepIndex));
  return candidate && candidate.start === frame.start && candidate.stepIndex === stepIndex ? candidate.index : null;
}

export function phaseRibbon(ctx: Ctx): RibbonGroup[] {
  const current = currentFrame(ctx.history).stepIndex;
  const groups: RibbonGroup[] = [];
  for (const step of ctx.plan) {
    const status: RibbonStatus = step.index < current ? 'done' : step.index === current ? 'current' : 'todo';
    const item: RibbonItem = {
      index: step.index,
      symbol: stepSymbol(step),
      label: stepLabel(step),
      equations: step.equations,
      status,
      frame: frameOfStep(ctx, step.index),
    };
    const last = groups[groups.length - 1];
    if (last && last.phase === step.phase) (last.items as RibbonItem[]).push(item);
    else groups.push({ phase: step.phase, title: PHASE_TITLES[step.phase], equations: [], items: [item], status: 'todo' });
  }
  return groups.map((g) => {
    const equations = [...new Set(g.items.flatMap((i) => i.equations))].sort((a, b) => a - b);
    const status: RibbonStatus = g.items.some((i) => i.status === 'current') ? 'current' : g.items.every((i) => i.status === 'done') ? 'done' : 'todo';
    return { ...g, equations, status };
  });
}
