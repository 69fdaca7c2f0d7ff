// The debugger's keyboard: which key runs which command, and the list the help overlay
// shows. The screen maps a command to a machine event and sends it only when
// snapshot.can(event) — the keys never decide what is allowed.

import type { DebuggerEvent } from '../../machine/events';

export type Command =
  | 'step'
  | 'stepInto'
  | 'stepOver'
  | 'back'
  | 'finishBatch'
  | 'epochEnd'
  | 'continueOrPause'
  | 'pause'
  | 'previousSample'
  | 'nextSample'
  | 'help';

export interface Shortcut {
  readonly command: Command;
  /** The keys as the help overlay prints them. */
  readonly keys: readonly string[];
  readonly description: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { command: 'step', keys: ['F10', '→'], description: 'Step: the next sub-step (z, a, C, δ, ∂C/∂W or the update of one layer)' },
  { command: 'stepInto', keys: ['F11'], description: 'Step into the layer: step, and the inspector follows the layer just computed' },
  { command: 'stepOver', keys: ['Shift+F11', 'Shift+→'], description: 'Step over: to the end of the phase (all of forward, all hidden δ, …)' },
  { command: 'back', keys: ['Shift+F10', '←'], description: 'Step back one sub-step (from the history)' },
  { command: 'finishBatch', keys: ['B'], description: 'Finish the batch: through the last update' },
  { command: 'epochEnd', keys: ['E'], description: 'Run to the end of the epoch' },
  { command: 'continueOrPause', keys: ['F5'], description: 'Continue (run batch after batch) / pause' },
  { command: 'pause', keys: ['Esc'], description: 'Pause a run (and close this help)' },
  { command: 'previousSample', keys: ['['], description: 'Previous example of the batch' },
  { command: 'nextSample', keys: [']'], description: 'Next example of the batch' },
  { command: 'help', keys: ['?', 'H'], description: 'Show or hide this list' },
];

/** What a key press means, or null: modified keys (Ctrl, Alt, Meta) stay the browser's. */
export function commandFor(event: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'altKey' | 'metaKey'>): Command | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  const shift = event.shiftKey;
  switch (event.key) {
    case 'F10':
      return shift ? 'back' : 'step';
    case 'ArrowRight':
      return shift ? 'stepOver' : 'step';
    case 'F11':
      return shift ? 'stepOver' : 'stepInto';
    case 'ArrowLeft':
      return shift ? null : 'back';
    case 'F5':
      return 'continueOrPause';
    case 'Escape':
      return 'pause';
    case '[':
      return 'previousSample';
    case ']':
      return 'nextSample';
    case '?':
      return 'help';
    case 'b':
    case 'B':
      return 'finishBatch';
    case 'e':
    case 'E':
      return 'epochEnd';
    case 'h':
    case 'H':
      return 'help';
    default:
      return null;
  }
}

/** Typing in a field keeps its keys (arrows move the caret, letters type), and so do widgets that use arrows themselves. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const element = target as HTMLElement;
  if (element.isContentEditable) return true;
  return element.closest('input, textarea, select, [contenteditable="true"], [role="application"], [role="slider"]') !== null;
}

/**
 * The machine event a command sends, or null for the screen's own commands (help). stepInto
 * sends step.next (the screen then moves the inspector); pause with the help open closes it.
 */
export function eventFor(command: Command, state: { readonly running: boolean; readonly sample: number }): DebuggerEvent | null {
  switch (command) {
    case 'step':
    case 'stepInto':
      return { type: 'step.next' };
    case 'stepOver':
      return { type: 'step.over' };
    case 'back':
      return { type: 'step.prev' };
    case 'finishBatch':
      return { type: 'step.batch' };
    case 'epochEnd':
      return { type: 'step.epoch' };
    case 'continueOrPause':
      return state.running ? { type: 'run.pause' } : { type: 'run.continue' };
    case 'pause':
      return { type: 'run.pause' };
    case 'previousSample':
      return { type: 'sample.select', index: state.sample - 1 };
    case 'nextSample':
      return { type: 'sample.select', index: state.sample + 1 };
    case 'help':
      return null;
  }
}
