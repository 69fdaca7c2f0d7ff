// The current batch as a trace in the CLI's deltascope-trace/1 format: one training step
// from the batch's starting weights, through the same traceStep and traceToJson the CLI's
// `trace` command uses, so both print the same text for the same model and batch.
// `exportBundle` adds the files that step was computed from and the CLI line that
// recomputes it — what a practitioner needs to check their own implementation.

import { batchToJson, formatJson, modelToJson, numberToJson, traceStep, traceToJson, velocityToJson } from '../engine/io';
import type { BatchStart } from './batch-quantities';
import type { DebuggerContext } from './context';
import type { BatchSource } from './data-source';
import { currentFrame } from './history';
import { batchLabel, epochLabel } from '../notation/indices';

export function exportTrace(ctx: Pick<DebuggerContext, 'history'>): string {
  const { net, batch, rule, velocity } = currentFrame(ctx.history).start;
  return traceToJson(traceStep(net, batch, rule, velocity));
}

export interface ExportFile {
  readonly name: string;
  /** What the file holds, for the list the learner downloads from. */
  readonly description: string;
  /** The file's text, made on demand (a 784-64-10 trace of 128 examples is megabytes). */
  readonly text: () => string;
}

export interface ExportBundle {
  /** model, batch, velocity (only when there is one) and the trace, in that order. */
  readonly files: readonly ExportFile[];
  /** The `… trace …` line that prints the trace file again from the others (see cliInvocation). */
  readonly command: string;
}

/** A word for a POSIX shell: as is when it is plain, else in single quotes. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * How to call the CLI from any folder (relative file names are that folder's). Given the
 * checkout's absolute path (the dev server knows it): its launcher bin/deltascope.mjs. Without
 * one (a hosted build): `npx --no deltascope`, the package's `bin`, which npx finds inside a
 * deltascope checkout and anywhere once a checkout is linked (`npm link`); `--no` keeps npx
 * from fetching a package of that name from the registry instead.
 */
export function cliInvocation(checkout: string | null): string {
  if (checkout === null) return 'npx --no deltascope';
  return `node ${shellWord(`${checkout.replace(/[\\/]+$/, '')}/bin/deltascope.mjs`)}`;
}

/** The one short line under the command: where the CLI it calls comes from. */
export function cliNote(checkout: string | null): string {
  if (checkout === null) return 'Needs the deltascope CLI: run `npm link` once in a deltascope checkout (inside a checkout it works as is).';
  return 'It runs the CLI of the deltascope checkout this page is served from.';
}

/**
 * Everything about the current batch's step as files: the weights it started from
 * (deltascope-model/1), its examples (batch format), the momentum velocity it started
 * with, and the trace of the step — with the CLI command that recomputes the trace.
 * `prefix` names the files, e.g. "deltascope-e1-b3".
 */
export function exportBundle(ctx: Pick<DebuggerContext, 'history'>, prefix: string, cli = cliInvocation(null)): ExportBundle {
  return bundleOf(currentFrame(ctx.history).start, prefix, cli);
}

/** The bundle of a batch's start (views hold on to `frame.start`, which changes once per batch). */
export function bundleOf(start: Pick<BatchStart, 'net' | 'batch' | 'rule' | 'velocity'>, prefix: string, cli = cliInvocation(null)): ExportBundle {
  const { net, batch, rule, velocity } = start;
  const sizes = net.sizes.join('-');
  const model: ExportFile = {
    name: `${prefix}-model.json`,
    description: `the ${sizes} weights and biases this batch started from`,
    text: () => formatJson(modelToJson(net)) + '\n',
  };
  const examples: ExportFile = {
    name: `${prefix}-batch.json`,
    description: `the batch's ${batch.size} examples (pixels in [0, 1]) and labels`,
    text: () => formatJson(batchToJson(batch)) + '\n',
  };
  const withVelocity = rule.momentum !== 0 && velocity !== null;
  const velocityFile: ExportFile | null = withVelocity
    ? { name: `${prefix}-velocity.json`, description: 'the momentum velocity v before this step', text: () => formatJson(velocityToJson(velocity, net)) + '\n' }
    : null;
  const trace: ExportFile = {
    name: `${prefix}-trace.json`,
    description: "every z, a, f'(z), δ, ∂C/∂W, ∂C/∂b of the step, the loss and the weights after it",
    text: () => traceToJson(traceStep(net, batch, rule, velocity)),
  };

  const args = ['--model', model.name, '--batch', examples.name, '--lr', numberToJson(rule.learningRate)];
  if (rule.momentum !== 0) args.push('--momentum', numberToJson(rule.momentum));
  if (velocityFile) args.push('--velocity', velocityFile.name);
  if (net.precision === 'float32') args.push('--float32');
  return {
    files: velocityFile ? [model, examples, velocityFile, trace] : [model, examples, trace],
    command: `${cli} trace ${args.map(shellWord).join(' ')}`,
  };
}

/** File-name prefix for a batch: "deltascope-e1-b3" (1-based, as the screen says), "deltascope-test-3", … */
export function bundlePrefix(source: BatchSource): string {
  switch (source.kind) {
    case 'order':
      return `deltascope-e${epochLabel(source.epoch)}-b${batchLabel(source.batch)}`;
    case 'examples':
      return `deltascope-${source.set}-${source.indices.length}`;
    case 'custom':
      return 'deltascope-custom';
  }
}
