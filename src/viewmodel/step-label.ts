// What a sub-step of the plan computes, in the report's notation (src/notation/forms.ts):
// the status line, the phase ribbon's tooltips, the breakpoint banner and the lessons'
// "the machine has just computed …". With one hidden layer: "δⱼ = f′(zⱼ) ∘ (δₖ Wₖⱼ)";
// with more: "δ⁽¹⁾ = f′(z⁽¹⁾) ∘ (δ⁽²⁾ W⁽²⁾)".

import { layerNotation, stepText } from '../notation';
import type { PlannedStep } from '../session/plan';

export function stepLabel(step: PlannedStep): string {
  return stepText(layerNotation(step.layers), step);
}
