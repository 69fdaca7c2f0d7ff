// The batch format (docs/formats.md): { "inputs": [[x_1, …, x_n0], …], "labels": [y, …] },
// one row of inputs per example and one integer label in [0, classes) per row.

import { z } from 'zod';
import type { Batch, NetShape } from '../types';
import { plural } from '../../format';
import { parseWith } from './errors';
import { parseJsonText, toRows } from './json';
import { fromRows, isJsonObject, type ReadOptions } from './model';

export interface BatchJson {
  /** [example][input] */
  readonly inputs: number[][];
  /** One class per example, in [0, classes). */
  readonly labels: number[];
}

function batchSchema(inputSize: number, classes: number) {
  return z
    .strictObject({
      inputs: z.array(z.array(z.number())).min(1),
      labels: z.array(z.number()),
    })
    .superRefine((batch, ctx) => {
      if (batch.inputs.length === 0) return; // reported by min(1)
      for (let n = 0; n < batch.inputs.length; n++) {
        const got = batch.inputs[n].length;
        if (got !== inputSize) {
          ctx.addIssue({ code: 'custom', path: ['inputs', n], message: `expected ${inputSize} numbers (the model's inputs), got ${got}` });
          return;
        }
      }
      if (batch.labels.length !== batch.inputs.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['labels'],
          message: `expected ${plural(batch.inputs.length, 'label')} (one per row of inputs), got ${batch.labels.length}`,
        });
        return;
      }
      for (let n = 0; n < batch.labels.length; n++) {
        const y = batch.labels[n];
        if (!Number.isInteger(y) || y < 0 || y >= classes) {
          ctx.addIssue({ code: 'custom', path: ['labels', n], message: `expected an integer in [0, ${classes}), got ${y}` });
          return;
        }
      }
    });
}

/** The number of examples a batch document declares (its rows of inputs), or null when it has not a batch's shape. */
export function declaredExamples(batch: unknown): number | null {
  return isJsonObject(batch) && Array.isArray(batch.inputs) ? batch.inputs.length : null;
}

/** A batch document for a network of this shape (input width sizes[0], classes sizes[L]). Throws FormatError. */
export function parseBatch(json: unknown, shape: Pick<NetShape, 'sizes'>, options: ReadOptions = {}): Batch {
  const inputSize = shape.sizes[0];
  const classes = shape.sizes[shape.sizes.length - 1];
  const batch = parseWith(batchSchema(inputSize, classes), json, options.source ?? 'batch');
  return {
    inputs: fromRows(batch.inputs, options.precision ?? 'float64'),
    labels: Int32Array.from(batch.labels),
    size: batch.labels.length,
  };
}

/** The text of a batch file → Batch. Throws FormatError. */
export function readBatch(text: string, shape: Pick<NetShape, 'sizes'>, options: ReadOptions = {}): Batch {
  return parseBatch(parseJsonText(text, options.source ?? 'batch'), shape, options);
}

/** Batch → batch document. */
export function batchToJson(batch: Batch): BatchJson {
  const inputSize = batch.size === 0 ? 0 : batch.inputs.length / batch.size;
  if (!Number.isInteger(inputSize)) throw new RangeError(`batch of ${batch.size} has ${batch.inputs.length} inputs: not a whole number per example`);
  return { inputs: toRows(batch.inputs, batch.size, inputSize), labels: Array.from(batch.labels).slice(0, batch.size) };
}
