// A model and a batch file read for one training step (the CLI's trace and check). Validating
// and copying millions of numbers takes far longer than parsing them (a 784-10000-10 model and
// a batch of 10,000 examples: seconds to parse, tens of seconds to validate), so the step's
// size is checked against the output budget first, from the sizes the two documents declare
// — right after JSON.parse, before a number is validated or an array allocated.

import { checkStepBudget } from '../budgets';
import type { Batch, Net } from '../types';
import { declaredExamples, parseBatch } from './batch';
import { parseJsonText } from './json';
import { declaredSizes, parseModel, type ReadOptions } from './model';

export interface StepFile {
  readonly text: string;
  /** Names the file in error messages. */
  readonly source: string;
}

/**
 * The model and batch of one step; throws a FormatError naming the batch file when the step
 * (with momentum: its velocity too) exceeds the output budget, before either is validated.
 */
export function readStepFiles(model: StepFile, batch: StepFile, options: Pick<ReadOptions, 'precision'> & { readonly momentum: boolean }): { net: Net; batch: Batch } {
  const modelJson = parseJsonText(model.text, model.source);
  const batchJson = parseJsonText(batch.text, batch.source);
  const sizes = declaredSizes(modelJson);
  const examples = declaredExamples(batchJson);
  if (sizes !== null && examples !== null) checkStepBudget(sizes, examples, options.momentum, batch.source);
  const net = parseModel(modelJson, { source: model.source, precision: options.precision });
  return { net, batch: parseBatch(batchJson, net, { source: batch.source, precision: options.precision }) };
}
