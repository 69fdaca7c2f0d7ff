// The network view's keyboard: Tab reaches one unit (the selected one), the arrow keys move the
// focus from unit to unit and Enter or Space selects the focused unit, so the inspector follows.
// Up and down walk a layer in unit order (the order the layout draws them, column by column);
// left and right go to the layer before or after, to the same unit number where it exists.
// The help overlay prints NETWORK_KEYS, so what it says and what the keys do have one home.
import type { NeuronRef } from '../../../viewmodel/network-view';

export const NETWORK_KEYS: readonly { readonly keys: readonly string[]; readonly description: string }[] = [
  { keys: ['Tab'], description: 'Into the network view: the focus lands on the selected unit (the skip link at the top of the page goes there too)' },
  { keys: ['↑', '↓'], description: 'The previous or next unit of the layer' },
  { keys: ['←', '→'], description: 'The layer before or after (the same unit number, or its last unit)' },
  { keys: ['Home', 'End'], description: 'The first or last unit of the layer' },
  { keys: ['Enter', 'Space'], description: 'Inspect the focused unit (the inspector and the equations follow)' },
];

/**
 * Where a key moves the focus from `from`, in a net whose layer l (0-based, hidden layers then
 * the output) has `units[l]` units; null for a key that does not move it. At an edge the
 * focus stays put (a move, not a wrap-around: a learner always knows where the ends are).
 */
export function moveUnitFocus(units: readonly number[], from: NeuronRef, key: string): NeuronRef | null {
  const clamp = (layer: number, neuron: number): NeuronRef => ({ layer, neuron: Math.max(0, Math.min(units[layer] - 1, neuron)) });
  switch (key) {
    case 'ArrowUp':
      return clamp(from.layer, from.neuron - 1);
    case 'ArrowDown':
      return clamp(from.layer, from.neuron + 1);
    case 'ArrowLeft':
      return clamp(Math.max(0, from.layer - 1), from.neuron);
    case 'ArrowRight':
      return clamp(Math.min(units.length - 1, from.layer + 1), from.neuron);
    case 'Home':
      return clamp(from.layer, 0);
    case 'End':
      return clamp(from.layer, units[from.layer] - 1);
    default:
      return null;
  }
}

/** Does the key select the focused unit? */
export const selectsUnit = (key: string): boolean => key === 'Enter' || key === ' ';
