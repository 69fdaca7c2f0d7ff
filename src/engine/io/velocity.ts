// The velocity format (docs/formats.md), the momentum state v of eq. (19):
//   { "weights": [ [[…], …] per layer ], "biases": [ […] per layer ] }
// shaped exactly like the model's weights ([out][in]) and biases.

import { z } from 'zod';
import type { NetShape, Velocity } from '../types';
import { parseWith } from './errors';
import { parseJsonText, toRows } from './json';
import { fromRows, type ReadOptions } from './model';

export interface VelocityJson {
  /** Per layer, [out][in] like the model's weights. */
  readonly weights: number[][][];
  readonly biases: number[][];
}

function velocitySchema(sizes: readonly number[]) {
  const L = sizes.length - 1;
  return z
    .strictObject({
      weights: z.array(z.array(z.array(z.number()))),
      biases: z.array(z.array(z.number())),
    })
    .superRefine((v, ctx) => {
      const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
      if (v.weights.length !== L) return issue(['weights'], `expected ${L} layers (like the model), got ${v.weights.length}`);
      if (v.biases.length !== L) return issue(['biases'], `expected ${L} layers (like the model), got ${v.biases.length}`);
      for (let l = 0; l < L; l++) {
        const rows = sizes[l + 1];
        const cols = sizes[l];
        if (v.weights[l].length !== rows) return issue(['weights', l], `expected ${rows} rows, got ${v.weights[l].length}`);
        for (let j = 0; j < rows; j++) {
          if (v.weights[l][j].length !== cols) return issue(['weights', l, j], `expected ${cols} numbers, got ${v.weights[l][j].length}`);
        }
        if (v.biases[l].length !== rows) return issue(['biases', l], `expected ${rows} numbers, got ${v.biases[l].length}`);
      }
    });
}

/** A velocity document for a network of this shape. Throws FormatError. */
export function parseVelocity(json: unknown, shape: Pick<NetShape, 'sizes'>, options: ReadOptions = {}): Velocity {
  const v = parseWith(velocitySchema(shape.sizes), json, options.source ?? 'velocity');
  const precision = options.precision ?? 'float64';
  return {
    weights: v.weights.map((rows) => fromRows(rows, precision)),
    biases: v.biases.map((b) => fromRows([b], precision)),
  };
}

/** The text of a velocity file → Velocity. Throws FormatError. */
export function readVelocity(text: string, shape: Pick<NetShape, 'sizes'>, options: ReadOptions = {}): Velocity {
  return parseVelocity(parseJsonText(text, options.source ?? 'velocity'), shape, options);
}

/** Velocity → velocity document. */
export function velocityToJson(velocity: Velocity, shape: Pick<NetShape, 'sizes'>): VelocityJson {
  return {
    weights: velocity.weights.map((w, l) => toRows(w, shape.sizes[l + 1], shape.sizes[l])),
    biases: velocity.biases.map((b) => Array.from(b)),
  };
}
