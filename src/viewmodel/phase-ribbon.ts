// The phase ribbon: the whole backprop cycle of the current net as groups of sub-steps
// (forward per layer → loss → output δ → hidden δ per layer → gradients → update),
// each with a short symbol, the report's equations, whether it is done, current or to
// come, and the history frame that holds it (for step.goto). Pure.

import type { DebuggerContext } from '../session/context';
import type { Phase, ReportEquation } from '../session/equations';
import { currentFrame, frameAt } from '../session/history';
import type { PlannedStep } from '../session/plan';
import { subscript } from './text';
import { stepLabel } from './step-label';

export type RibbonStatus = 'done' | 'current' | 'todo';

export interface RibbonItem {
  readonly index: number;
  /** A short symbol: z₁, a₁, ŷ, C, δ₂, ∂C/∂W₂, W₂. */
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

/** The short symbol of a sub-step, with the report's 1-based layer number. */
export function stepSymbol(step: PlannedStep, layers: number): string {
  const n = subscript(step.layer + 1);
  switch (step.kind) {
    case 'preActivation':
      return `z${n}`;
    case 'activation':
      return step.layer === layers - 1 ? 'ŷ' : `a${n}`;
    case 'loss':
      return 'C';
    case 'outputDelta':
    case 'hiddenDelta':
      return `δ${n}`;
    case 'gradients':
      return `∂C/∂W${n}`;
    case 'update':
      return `W${n}`;
  }
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
  // The loss step names the output layer: its index + 1 is the number of layers L.
  const layers = (ctx.plan.find((s) => s.kind === 'loss')?.layer ?? 0) + 1;
  const groups: RibbonGroup[] = [];
  for (const step of ctx.plan) {
    const status: RibbonStatus = step.index < current ? 'done' : step.index === current ? 'current' : 'todo';
    const item: RibbonItem = {
      index: step.index,
      symbol: stepSymbol(step, layers),
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
