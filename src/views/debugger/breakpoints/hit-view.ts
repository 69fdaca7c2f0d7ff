// A breakpoint hit as the screen states it: what happened, the value, and where — layer,
// unit, example (and input, for a weight) counted as every other view counts them: hidden
// units and examples from 1, output units by their class from 0.

import type { Breakpoint, BreakpointHit } from '../../../session/breakpoints';
import type { NeuronRef } from '../../../viewmodel/network-view';
import type { PlannedStep } from '../../../session/plan';
import { layerNotation, layerQuantityText } from '../../../notation';
import { formatValue } from '../../../format';
import { stepLabel } from '../../../viewmodel/step-label';
import { exampleLabel, layerLabel, pixelLabel, sourceLabel, unitLabel } from '../../../notation/indices';

/** "hidden layer 1, unit 6" · "output layer, class 3" */
export function unitName(layer: number, neuron: number, layers: number): string {
  return layer === layers - 1 ? `output layer, class ${neuron}` : `hidden layer ${layerLabel(layer)}, unit ${unitLabel(neuron, layer, layers)}`;
}

/** The machine's quantity with its layer, in the notation of a net of `layers` weight layers: z → zₖ, f'(z) → f′(zⱼ), ∂C/∂W → ∂C/∂Wₖⱼ, "W after the update" → "Wⱼᵢ after the update" (z⁽²⁾ … with two hidden layers). */
export function quantitySymbol(quantity: string, layer: number | null, layers: number): string {
  if (layer === null) return quantity;
  const net = layerNotation(layers);
  const r = layer + 1;
  switch (quantity) {
    case 'z':
      return layerQuantityText(net, 'z', r);
    case 'a':
      return layerQuantityText(net, 'a', r);
    case 'δ':
      return layerQuantityText(net, 'delta', r);
    case "f'(z)":
      return layerQuantityText(net, 'fprime', r);
    default: {
      const s = net.scope(r);
      return quantity.replace(/\b([Wb])\b/, (m) => (m === 'W' ? s.weights(r).text : s.biases(r).text));
    }
  }
}

const HIT_TITLES: Record<BreakpointHit['kind'], string> = {
  'non-finite': 'A value became NaN or ±∞',
  'loss-rise': 'The loss rose',
  'delta-above': "A unit's |δ| passed its threshold",
  saturation: 'A hidden unit saturated',
  'validation-rise': 'The validation loss rose',
  'epoch-end': 'The epoch ended',
};

export interface HitView {
  /** "A value became NaN or ±∞" */
  readonly title: string;
  /** "z₂ = −∞", "|δ₁| = 0.53 > 0.1", or the machine's sentence for the loss and the epoch. */
  readonly finding: string;
  /** "output layer, class 1 · example 1"; null when the hit names no unit. */
  readonly where: string | null;
  /** The sub-step after which it held: "z₂ = W₂ a₁ + b₂". */
  readonly step: string;
  /** The unit and example to inspect, when the hit names them. */
  readonly unit: NeuronRef | null;
  readonly example: number | null;
}

export function hitView(hit: BreakpointHit, plan: readonly PlannedStep[], breakpoints: readonly Breakpoint[], layers: number): HitView {
  const bp = breakpoints.find((b) => b.id === hit.breakpointId);
  const symbol = hit.quantity === null ? '' : quantitySymbol(hit.quantity, hit.layer, layers);
  let finding: string;
  switch (hit.kind) {
    case 'non-finite':
      finding = `${symbol} = ${formatValue(hit.value)}`;
      break;
    case 'delta-above':
      finding = `${symbol} = ${formatValue(hit.value)}${bp?.kind === 'delta-above' ? `, |${symbol}| > ${bp.threshold}` : ''}`;
      break;
    case 'saturation':
      finding = `|${symbol}| ≤ ${formatValue(hit.value)}${bp?.kind === 'saturation' ? ` < ${bp.threshold}` : ''} for every example of the batch`;
      break;
    default:
      finding = hit.message.charAt(0).toUpperCase() + hit.message.slice(1);
  }
  const parts: string[] = [];
  if (hit.layer !== null && hit.neuron !== null) parts.push(unitName(hit.layer, hit.neuron, layers));
  else if (hit.layer !== null) parts.push(hit.layer === layers - 1 ? 'output layer' : `hidden layer ${layerLabel(hit.layer)}`);
  if (hit.input !== null) parts.push(hit.layer === 0 ? `input ${pixelLabel(hit.input)}` : `from unit ${sourceLabel(hit.input, hit.layer!)} of hidden layer ${layerLabel(hit.layer! - 1)}`);
  if (hit.example !== null) parts.push(`example ${exampleLabel(hit.example)}`);
  return {
    title: HIT_TITLES[hit.kind],
    finding,
    where: parts.length ? parts.join(' · ') : null,
    step: plan[hit.stepIndex] ? stepLabel(plan[hit.stepIndex]) : '',
    unit: hit.layer !== null && hit.neuron !== null ? { layer: hit.layer, neuron: hit.neuron } : null,
    example: hit.example,
  };
}
