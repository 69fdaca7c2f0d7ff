// "What would the debugger show if …": a copy of a debugger snapshot that takes events
// through the machine's pure transition, leaving the actor — and what the views show —
// untouched. A lesson uses it to check a learner's answer against the quantity a reveal
// would compute, without revealing it while they still have tries left.

import { transition } from 'xstate';
import { checkRequest } from '../session/check-flow';
import { runCheck } from '../session/check-run';
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
      // A pure transition starts no invoked actor: a check ("Check my numbers", a bug hunt's
      // reveal) runs here, in process, as the lesson's own actor runs it, and lands as check.done.
      if (snapshot.hasTag('checking') && (event.type === 'check.file' || event.type === 'check.step')) {
        const learner = event.type === 'check.file' ? ({ kind: 'file', name: event.name, bytes: event.bytes } as const) : ({ kind: 'step' } as const);
        [snapshot] = transition(debuggerMachine, snapshot, { type: 'check.done', outcome: runCheck(checkRequest(snapshot.context, learner)) });
      }
    },
  };
}
