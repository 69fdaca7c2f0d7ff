// Your own files into the debugger: a model in deltascope-model/1 (and optionally a batch and
// a momentum velocity, in the CLI's formats) become the `load` event and the batch choice
// that put the machine on exactly the step `npm run cli -- trace` computes from the same
// files with the same α, μ and precision. The round trip of "Export batch".

import { describeIssue, FormatError, readBatch, readModel, readVelocity } from '../engine/io';
import { updateRuleSchema } from '../engine/training-config';
import type { Precision } from '../engine/types';
import type { LoadRequest } from './context';
import type { BatchChoice } from './data-source';

export interface NamedText {
  /** The file's name, used in error messages ("my-model.json: layers[0].weights[3]: …"). */
  readonly name: string;
  readonly text: string;
}

export interface OpenFiles {
  readonly model: NamedText;
  readonly batch?: NamedText | null;
  readonly velocity?: NamedText | null;
}

export interface StepRule {
  readonly precision: Precision;
  /** α */
  readonly learningRate: number;
  /** μ; a velocity file needs μ > 0, as the CLI's `trace --velocity` does. */
  readonly momentum: number;
}

export interface FileLoad {
  readonly load: LoadRequest;
  /** The batch file as the batch to step through, or null to keep the training order. */
  readonly choice: BatchChoice | null;
}

/** Parses the files; throws FormatError naming the file, field and problem. */
export function loadFromFiles(files: OpenFiles, rule: StepRule): FileLoad {
  const { precision, learningRate, momentum } = rule;
  // α and μ keep the training config's rules: α > 0, 0 ≤ μ < 1.
  const checked = updateRuleSchema.safeParse({ learningRate, momentum }, { reportInput: true });
  if (!checked.success) {
    const { path, problem } = describeIssue(checked.error.issues[0]);
    throw new FormatError('settings', path[0] === 'learningRate' ? 'α' : 'μ', problem);
  }
  const net = readModel(files.model.text, { source: files.model.name, precision });
  let velocity = null;
  if (files.velocity) {
    if (momentum === 0) throw new FormatError(files.velocity.name, '', 'a velocity needs momentum μ > 0 (plain SGD keeps none)');
    velocity = readVelocity(files.velocity.text, net, { source: files.velocity.name, precision });
  }
  let choice: BatchChoice | null = null;
  if (files.batch) {
    const batch = readBatch(files.batch.text, net, { source: files.batch.name, precision });
    choice = { kind: 'custom', label: files.batch.name, inputs: batch.inputs, labels: Array.from(batch.labels) };
  }
  return { load: { net, velocity, settings: { learningRate, momentum } }, choice };
}
