// The run loop as an XState callback actor: batches in time slices of a few
// milliseconds, yielding to the page between slices so it stays responsive. It reports
// progress after each slice and stops by itself at a breakpoint or its target.

import { fromCallback } from 'xstate';
import type { UpdateRule } from '../engine/types';
import { BatchRunner, type RunProgress, type RunRequest, type RunStop } from '../session/run-loop';

export type RunLoopEvent =
  | { readonly type: 'run.progress'; readonly progress: RunProgress }
  | { readonly type: 'run.stopped'; readonly stop: RunStop }
  | { readonly type: 'run.failed'; readonly message: string };

/** What the machine sends the running loop: a new rule, from the next batch on. */
export type RunLoopCommand = { readonly type: 'run.rule'; readonly rule: UpdateRule };

export interface RunLoopInput {
  readonly request: RunRequest;
  /** Milliseconds of computing between yields. */
  readonly sliceMs: number;
}

/**
 * Calls `task` soon, after the page has had a turn: a message in the browser (timers are
 * clamped to 4 ms when nested), setImmediate in Node (whose message ports starve timers).
 */
function createYield(): { later(task: () => void): void; close(): void } {
  if (typeof setImmediate === 'function') {
    let immediate: ReturnType<typeof setImmediate> | undefined;
    return { later: (task) => (immediate = setImmediate(task)), close: () => immediate && clearImmediate(immediate) };
  }
  if (typeof MessageChannel === 'undefined') {
    let timer: ReturnType<typeof setTimeout> | undefined;
    return { later: (task) => (timer = setTimeout(task, 0)), close: () => clearTimeout(timer) };
  }
  const channel = new MessageChannel();
  let pending: (() => void) | null = null;
  channel.port1.onmessage = () => {
    const task = pending;
    pending = null;
    task?.();
  };
  return {
    later(task) {
      pending = task;
      channel.port2.postMessage(null);
    },
    close() {
      pending = null;
      channel.port1.close();
    },
  };
}

export const runLoop = fromCallback<RunLoopCommand, RunLoopInput>(({ input, sendBack: send, receive }) => {
  const sendBack = (event: RunLoopEvent) => send(event);
  const runner = new BatchRunner(input.request);
  const scheduler = createYield();
  let stopped = false;
  const slice = () => {
    if (stopped) return;
    try {
      if (runner.runFor(input.sliceMs)) {
        sendBack({ type: 'run.progress', progress: runner.progress() });
        scheduler.later(slice);
      } else {
        sendBack({ type: 'run.stopped', stop: runner.stopped! });
      }
    } catch (error) {
      sendBack({ type: 'run.failed', message: error instanceof Error ? error.message : String(error) });
    }
  };
  receive((command) => runner.setRule(command.rule));
  scheduler.later(slice);
  return () => {
    stopped = true;
    scheduler.close();
  };
});
