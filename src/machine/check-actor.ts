// "Check my numbers" as an XState callback actor: hands the request to a CheckRunner (the
// page's worker, or the check in process for lessons and tests) and sends the outcome back as
// check.done. An in-process runner answers at once, so a lesson's machine has the report as
// soon as its check.step event is processed.
//
// A runner that throws (a worker that cannot be made, a request that cannot be built) must not
// stop the debugger: the throw becomes a failed outcome, shown in the check's panel, and the
// debugger goes on stepping.

import { fromCallback } from 'xstate';
import type { CheckOutcome, CheckRequest, CheckRunner } from '../session/check-run';
import { checkerCouldNotStart, runCheckHere } from '../session/check-run';

export type CheckActorEvent = { readonly type: 'check.done'; readonly outcome: CheckOutcome };

export interface CheckActorInput {
  readonly request: CheckRequest;
}

/** The check actor over `runner`; the machine provides the page's worker runner through createDebuggerActor. */
export function checkActor(runner: CheckRunner) {
  return fromCallback<{ type: 'never' }, CheckActorInput>(({ input, sendBack }) => {
    let delivered = false;
    const deliver = (outcome: CheckOutcome) => {
      if (delivered) return;
      delivered = true;
      sendBack({ type: 'check.done', outcome } satisfies CheckActorEvent);
    };
    let cancel: () => void;
    try {
      cancel = runner(input.request, deliver);
    } catch (error) {
      deliver(checkerCouldNotStart(input.request.learner.name, error));
      return () => {};
    }
    return () => {
      if (!delivered) cancel();
    };
  });
}

export const checkInProcess = checkActor(runCheckHere);
