// Which layer's update the before/after panel shows. A tab the learner clicked wins; otherwise
// the layer whose update the debugger has just carried out (so stepping through W₂ then W₁
// shows each as it happens); otherwise the incoming weights of the selected neuron.

import type { PlannedStep } from '../../../session/plan';

/**
 * @param chosen      the layer tab the learner clicked, or null
 * @param step        the sub-step the current frame completed, or null
 * @param selectedLayer the selected neuron's 0-based layer index (0 = first hidden layer), whose
 *                      incoming weights are W_{selectedLayer + 1}
 * @param weightLayers  how many weight matrices the net has (L)
 * @returns 0-based index of the weight matrix (0 = W₁)
 */
export function beforeAfterLayer(chosen: number | null, step: PlannedStep | null, selectedLayer: number, weightLayers: number): number {
  const fromStep = step?.kind === 'update' ? step.layer : null;
  const layer = chosen ?? fromStep ?? selectedLayer;
  return Math.max(0, Math.min(layer, weightLayers - 1));
}
