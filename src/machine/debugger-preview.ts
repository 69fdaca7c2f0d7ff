// "What would the debugger show if …": a copy of a debugger snapshot that takes events
// through the machine's pure transition, leaving the actor — and what the views show —
// untouched. A lesson uses it to check a learner's answer against the quantity a reveal
// would compute, without revealing it while they still have tries left.

import { transition } from 'xstate';
import { debuggerMachine, type DebuggerSnapshot } from './debugger-machine';
import type { DebuggerEvent } from './events';

export interface DebuggerPreview {
  getSnapshot(): DebuggerSnapshot;
  send(event: DebuggerEvent): void;
}

export function previewDebugger(from: DebuggerSnapshot): DebuggerPreview {
  let snapshot = from;
  return {
    getSnapshot: () => snapshot,
    send: (event) => {
      [snapshot] = transition(debuggerMachine, snapshot, event);
    },
  };
}
