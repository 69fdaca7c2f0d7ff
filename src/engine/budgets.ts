// How large a network, a file read and a file written may be — checked from the sizes alone,
// before anything is allocated, so that an impossible request is refused at once (exit 2 in
// the CLI, one line in the page) instead of running out of memory minutes later.
//
// The one hard limit behind every number here: a file is read into one string and written
// from one string, and the longest string V8 makes (Node and Chromium alike) is 2^29 − 24
// UTF-16 units, about 512 MiB. A number in a written file takes at most 26 bytes (24
// characters, "-2.2250738585072014e-308", and ", "), so a file of at most 20 million numbers
// always fits: whatever deltascope writes, deltascope reads back. The budgets and their
// reasons are stated for users in docs/cli.md ("Budgets").

import { FormatError } from './io/errors';
import { parameterCount } from './types';
import { grouped, megabytes } from '../format';

/** V8's longest string, in UTF-16 units (`buffer.constants.MAX_STRING_LENGTH`): 2^29 − 24. */
export const MAX_TEXT_LENGTH = 536_870_888;

/** The largest file read (model, batch, velocity, config, a learner's trace or npz): one string. */
export const FILE_BYTE_BUDGET = MAX_TEXT_LENGTH;

/** The most numbers one written file holds (a trace, a model): 20 M × 26 bytes < 512 MiB. */
export const OUTPUT_NUMBER_BUDGET = 20_000_000;

/**
 * The most weights and biases a network may have: its model file must fit the output budget.
 * About 200 times the report's largest network (784-128-10, 101,770); 784-2500-2000-1500-1000-500-10
 * (the widest classic MNIST MLP, 11,972,510) fits.
 */
export const PARAMETER_BUDGET = OUTPUT_NUMBER_BUDGET;

/** The problem with a network this size, or null when it fits the parameter budget. */
export function netBudgetProblem(sizes: readonly number[]): string | null {
  const parameters = parameterCount(sizes);
  if (parameters <= PARAMETER_BUDGET) return null;
  return `${sizes.join('-')} has ${grouped(parameters)} weights and biases, more than deltascope's budget of ${grouped(PARAMETER_BUDGET)}: use fewer or narrower layers`;
}

/** The problem with a file this size, or null when it can be read; `what` says what has the size. */
export function fileBudgetProblem(bytes: number, what = 'the file is'): string | null {
  if (bytes <= FILE_BYTE_BUDGET) return null;
  return `${what} ${megabytes(bytes)}, more than the ${megabytes(FILE_BYTE_BUDGET)} deltascope reads: use fewer examples or a smaller network`;
}

/**
 * The numbers of one training step's trace (docs/formats.md, "trace") — what `trace` writes
 * and what the step holds in memory: per example the labels, C_n and ŷ, and per layer z, a,
 * f′(z) (hidden layers) and δ; then ∂C/∂W, ∂C/∂b, the weights after the step and, with
 * momentum, the velocity after it.
 */
export function traceNumberCount(sizes: readonly number[], examples: number, momentum: boolean): number {
  const L = sizes.length - 1;
  let perExample = 2 + sizes[L]; // label, C_n, ŷ
  for (let l = 1; l <= L; l++) perExample += (l < L ? 4 : 3) * sizes[l];
  const parameters = parameterCount(sizes);
  return 2 + examples * perExample + parameters * (momentum ? 3 : 2);
}

/** The problem with a step of this size, or null when its trace fits the output budget. */
export function traceBudgetProblem(sizes: readonly number[], examples: number, momentum: boolean): string | null {
  const numbers = traceNumberCount(sizes, examples, momentum);
  if (numbers <= OUTPUT_NUMBER_BUDGET) return null;
  const parameters = parameterCount(sizes);
  const perExample = (numbers - 2 - parameters * (momentum ? 3 : 2)) / examples;
  const most = Math.floor((OUTPUT_NUMBER_BUDGET - 2 - parameters * (momentum ? 3 : 2)) / perExample);
  const advice = most >= 1 ? `use a batch of at most ${grouped(most)} examples, or a smaller network` : 'use a smaller network';
  return `the step of ${sizes.join('-')} on ${grouped(examples)} examples has ${grouped(numbers)} numbers, more than deltascope's budget of ${grouped(OUTPUT_NUMBER_BUDGET)}: ${advice}`;
}

/** Throws a FormatError naming `source` when one step of this size does not fit the output budget. */
export function checkStepBudget(sizes: readonly number[], examples: number, momentum: boolean, source: string): void {
  const problem = traceBudgetProblem(sizes, examples, momentum);
  if (problem) throw new FormatError(source, '', problem);
}
