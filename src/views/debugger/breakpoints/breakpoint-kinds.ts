// The breakpoints the editor offers: each kind's name, a teacher's default list (stop on
// NaN or ±∞; the rest there to switch on) and the parameters a newly added one starts with.
// The machine validates every edit (snapshot.can); these only choose starting values.

import type { BreakpointKind, BreakpointSpec } from '../../../session/breakpoints';
import type { BreakpointInput } from '../../../machine/events';
import type { NeuronRef } from '../../../viewmodel/network-view';

export const BREAKPOINT_KINDS: readonly { readonly kind: BreakpointKind; readonly name: string }[] = [
  { kind: 'non-finite', name: 'a value becomes NaN or ±∞' },
  { kind: 'loss-rise', name: 'the loss rises' },
  { kind: 'delta-above', name: "a unit's |δ| exceeds a threshold" },
  { kind: 'saturation', name: 'a hidden unit saturates' },
  { kind: 'validation-rise', name: 'the validation loss rises' },
  { kind: 'epoch-end', name: 'the epoch ends' },
];

export function kindName(kind: BreakpointKind): string {
  return BREAKPOINT_KINDS.find((k) => k.kind === kind)!.name;
}

/** Kinds without parameters: a second one would stop on exactly the same sub-steps. */
export const SINGLE_KINDS: ReadonlySet<BreakpointKind> = new Set(['non-finite', 'epoch-end']);

/** A breakpoint of `kind` with starting parameters; |δ| watches `unit` (the inspector's). */
export function newBreakpoint(kind: BreakpointKind, unit: NeuronRef): BreakpointSpec {
  switch (kind) {
    case 'non-finite':
    case 'epoch-end':
      return { kind };
    case 'loss-rise':
      return { kind, factor: 2 };
    case 'delta-above':
      return { kind, layer: unit.layer, neuron: unit.neuron, threshold: 0.1 };
    case 'saturation':
      return { kind, layer: null, threshold: 0.01 };
    case 'validation-rise':
      return { kind, checksPerEpoch: 4 }; // the trainer's default
  }
}

/** Every kind this net and data allow, only "NaN or ±∞" switched on. */
export function defaultBreakpoints(sizes: readonly number[], hasValidation: boolean, unit: NeuronRef): BreakpointInput[] {
  const hidden = sizes.length > 2;
  return BREAKPOINT_KINDS.filter(({ kind }) => (kind !== 'saturation' || hidden) && (kind !== 'validation-rise' || hasValidation)).map(({ kind }) => ({
    ...newBreakpoint(kind, unit),
    enabled: kind === 'non-finite',
  }));
}
