// The current batch as a trace in the CLI's deltascope-trace/1 format: one training step
// from the batch's starting weights, through the same traceStep and traceToJson the CLI's
// `trace` command uses, so both print the same text for the same model and batch.

import { traceStep, traceToJson } from '../engine/io/trace';
import type { DebuggerContext } from './context';
import { currentFrame } from './history';

export function exportTrace(ctx: Pick<DebuggerContext, 'history'>): string {
  const { net, batch, rule, velocity } = currentFrame(ctx.history).start;
  return traceToJson(traceStep(net, batch, rule, velocity));
}
