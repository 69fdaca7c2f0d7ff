// What a sub-step of the plan computes, in the report's notation with 1-based layers
// ("z₁ = W₁ a₀ + b₁", "δ₁ = f'(z₁) ∘ (δ₂ W₂)"): the status line, the phase ribbon's
// tooltips, the breakpoint banner and the lessons' "the machine has just computed …".

import type { PlannedStep } from '../session/plan';
import { subscript } from './text';

export function stepLabel(step: PlannedStep): string {
  const l = step.layer;
  const n = (layer: number) => subscript(layer + 1); // the report's 1-based layer number
  const p = (layer: number) => subscript(layer); // the layer before it (0 = the input x)
  switch (step.kind) {
    case 'preActivation':
      return `z${n(l)} = W${n(l)} a${p(l)} + b${n(l)}`;
    case 'activation':
      return step.activation === 'softmax' ? `ŷ = a${n(l)} = softmax(z${n(l)})` : `a${n(l)} = f(z${n(l)}), f'(z${n(l)})`;
    case 'loss':
      return 'C = −(1/N) Σₙ log ŷ_y';
    case 'outputDelta':
      return `δ${n(l)} = ŷ − y`;
    case 'hiddenDelta':
      return `δ${n(l)} = f'(z${n(l)}) ∘ (δ${n(l + 1)} W${n(l + 1)})`;
    case 'gradients':
      return `∂C/∂W${n(l)} = δ${n(l)}ᵀ a${p(l)} / N, ∂C/∂b${n(l)}`;
    case 'update':
      return `W${n(l)} := W${n(l)} − α ∂C/∂W${n(l)}`;
  }
}
