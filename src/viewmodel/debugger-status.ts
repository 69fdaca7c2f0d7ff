// The Debugger screen's status line: where the machine stands in the backprop cycle, in
// one sentence — running, failed, stopped at a breakpoint, a batch just loaded, done, or
// the sub-step just computed and the next one.

import { REPORT_SPLIT } from '../engine/training-config';
import type { DebuggerContext } from '../session/context';
import { batchesPerEpoch, type BatchSource, type DebuggerData } from '../session/data-source';
import { batchComplete, currentFrame, currentStep, nextStep } from './selectors';
import { formatValue, grouped } from '../format';
import { stepLabel } from './step-label';
import { batchLabel, epochLabel } from '../notation/indices';

/** "epoch 2, batch 5 of 469", "3 chosen test examples", or a custom batch's label. */
export function describeSource(source: BatchSource, context: Pick<DebuggerContext, 'data' | 'batchSize'>): string {
  switch (source.kind) {
    case 'order':
      return `epoch ${epochLabel(source.epoch)}, batch ${batchLabel(source.batch)} of ${batchesPerEpoch(context.data, context.batchSize)}`;
    case 'examples':
      return `${source.indices.length} chosen ${source.set} examples`;
    case 'custom':
      return source.label;
  }
}

/**
 * The data stepped through, in one line: "MNIST: 45,000 train / 5,000 validation images — the
 * report's split (the first 50,000 of the 60,000 training images)", or another split's counts.
 */
export function describeData(data: DebuggerData, trainingImages: number): string {
  if (data.kind !== 'mnist') return 'custom data';
  const train = data.train.count;
  const validation = data.validation?.count ?? 0;
  const counts = `MNIST: ${grouped(train)} train / ${grouped(validation)} validation images`;
  const report = train === REPORT_SPLIT.pool - REPORT_SPLIT.validation && validation === REPORT_SPLIT.validation;
  return report
    ? `${counts} — the report's split (the first ${grouped(REPORT_SPLIT.pool)} of the ${grouped(trainingImages)} training images)`
    : `${counts}, of the ${grouped(trainingImages)} training images`;
}

/** The status line; `hitStep` is the label of the sub-step a breakpoint stopped after ('' for the batch), or null. */
export function debuggerStatus(context: DebuggerContext, running: boolean, hitStep: string | null): string {
  const next = nextStep(context);
  const nextLabel = next ? stepLabel(next) : undefined;
  if (running) {
    const p = context.run?.progress;
    return `Running${context.run?.until === 'epoch-end' ? ' to the end of the epoch' : ''}… ${p ? `${p.batchesRun} batches, last C = ${formatValue(p.lastLoss ?? NaN)}` : ''} — Esc or F5 pauses; the views below wait for the pause.`;
  }
  if (context.failure) return `The run failed: ${context.failure}`;
  if (hitStep !== null) return `Stopped at a breakpoint after ${hitStep || 'the batch'}.${next ? ` Next: ${nextLabel}.` : ''}`;
  const step = currentStep(context);
  const frame = currentFrame(context);
  if (!step) return `Batch loaded (${describeSource(frame.start.source, context)}) — nothing computed yet. Next: ${nextLabel}.`;
  if (batchComplete(context)) return `Batch done: every layer updated (C = ${formatValue(frame.quantities.loss?.loss ?? NaN)}). The next step loads the next batch.`;
  return `Just computed ${stepLabel(step)}. Next: ${nextLabel}.`;
}
