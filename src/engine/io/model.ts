// The model format, deltascope-model/1 (docs/formats.md):
//   { "format": "deltascope-model/1",
//     "improvedSigmoidC": 0.001,                       (optional, default 0.001)
//     "layers": [ { "activation": "sigmoid", "weights": [[…], …], "biases": […] }, … ] }
// weights are [out][in] — row j holds w_ji for every input i — and the last layer is softmax.

import { z } from 'zod';
import { DEFAULT_IMPROVED_SIGMOID_C } from '../activations';
import { netBudgetProblem } from '../budgets';
import { allocFloat, HIDDEN_ACTIVATIONS, type FloatArray, type LayerActivation, type Net, type Precision } from '../types';
import { FormatError, parseWith } from './errors';
import { parseJsonText, toRows } from './json';

export const MODEL_FORMAT = 'deltascope-model/1';

export const LAYER_ACTIVATIONS: readonly LayerActivation[] = [...HIDDEN_ACTIVATIONS, 'softmax'];

export interface ModelLayerJson {
  readonly activation: LayerActivation;
  /** [out][in]: one row per unit of this layer, one number per unit of the layer below. */
  readonly weights: number[][];
  readonly biases: number[];
}

export interface ModelJson {
  readonly format: typeof MODEL_FORMAT;
  /** The improved sigmoid's linear twist c (eq. 16); written when it matters, default 0.001. */
  readonly improvedSigmoidC?: number;
  readonly layers: ModelLayerJson[];
}

export interface ReadOptions {
  /** Names the file in error messages (default "model", "batch", "velocity"). */
  readonly source?: string;
  /** Precision of the arrays built (default float64; float32 rounds each number once). */
  readonly precision?: Precision;
}

const layerSchema = z.strictObject({
  activation: z.enum(LAYER_ACTIVATIONS as [LayerActivation, ...LayerActivation[]]),
  weights: z.array(z.array(z.number())).min(1),
  biases: z.array(z.number()),
});

const modelSchema = z
  .strictObject({
    format: z.literal(MODEL_FORMAT),
    improvedSigmoidC: z.number().optional(),
    layers: z.array(layerSchema).min(1),
  })
  .superRefine((model, ctx) => {
    // Refinements also run after non-fatal issues (an empty array): those are reported already.
    if (model.layers.length === 0 || model.layers.some((layer) => layer.weights.length === 0)) return;
    const L = model.layers.length;
    let inputs = model.layers[0].weights[0].length;
    if (inputs === 0) ctx.addIssue({ code: 'custom', path: ['layers', 0, 'weights', 0], message: 'expected at least 1 number' });
    for (let l = 0; l < L && inputs > 0; l++) {
      const layer = model.layers[l];
      const at = (...rest: (string | number)[]) => ['layers', l, ...rest];
      if (l === L - 1 && layer.activation !== 'softmax') {
        ctx.addIssue({ code: 'custom', path: at('activation'), message: `the last layer must be "softmax", got "${layer.activation}"` });
        return;
      }
      if (l < L - 1 && layer.activation === 'softmax') {
        ctx.addIssue({ code: 'custom', path: at('activation'), message: '"softmax" is only allowed in the last layer' });
        return;
      }
      for (let j = 0; j < layer.weights.length; j++) {
        const got = layer.weights[j].length;
        if (got !== inputs) {
          ctx.addIssue({ code: 'custom', path: at('weights', j), message: `expected ${inputs} numbers, got ${got}` });
          return;
        }
      }
      if (layer.biases.length !== layer.weights.length) {
        ctx.addIssue({
          code: 'custom',
          path: at('biases'),
          message: `expected ${layer.weights.length} numbers (one per row of weights), got ${layer.biases.length}`,
        });
        return;
      }
      inputs = layer.weights.length;
    }
  });

/** Rows of numbers → one row-major typed array. */
export function fromRows(rows: readonly (readonly number[])[], precision: Precision): FloatArray {
  const cols = rows.length ? rows[0].length : 0;
  const out = allocFloat(precision, rows.length * cols);
  rows.forEach((row, r) => out.set(row, r * cols));
  return out;
}

export const isJsonObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * [n_0, …, n_L] as a model document declares them (the first layer's row length, then each
 * layer's row count), or null when it has not a model's shape — validation says what is wrong.
 */
export function declaredSizes(model: unknown): number[] | null {
  if (!isJsonObject(model) || !Array.isArray(model.layers) || model.layers.length === 0) return null;
  const sizes: number[] = [];
  for (const layer of model.layers) {
    if (!isJsonObject(layer) || !Array.isArray(layer.weights) || layer.weights.length === 0) return null;
    if (sizes.length === 0) {
      const row = layer.weights[0];
      if (!Array.isArray(row)) return null;
      sizes.push(row.length);
    }
    sizes.push(layer.weights.length);
  }
  return sizes;
}

/**
 * A model document (already parsed from JSON) → Net. Throws FormatError. A network over the
 * parameter budget is refused from its declared sizes, before its numbers are validated.
 */
export function parseModel(json: unknown, options: ReadOptions = {}): Net {
  const declared = declaredSizes(json);
  const tooLarge = declared === null ? null : netBudgetProblem(declared);
  if (tooLarge) throw new FormatError(options.source ?? 'model', '', tooLarge);
  const model = parseWith(modelSchema, json, options.source ?? 'model');
  const precision = options.precision ?? 'float64';
  const sizes = [model.layers[0].weights[0].length, ...model.layers.map((layer) => layer.weights.length)];
  return {
    sizes,
    activations: model.layers.map((layer) => layer.activation),
    improvedSigmoidC: model.improvedSigmoidC ?? DEFAULT_IMPROVED_SIGMOID_C,
    precision,
    params: {
      weights: model.layers.map((layer) => fromRows(layer.weights, precision)),
      biases: model.layers.map((layer) => fromRows([layer.biases], precision)),
    },
  };
}

/** The text of a model file → Net. Throws FormatError (also for malformed JSON). */
export function readModel(text: string, options: ReadOptions = {}): Net {
  return parseModel(parseJsonText(text, options.source ?? 'model'), options);
}

/** Net → model document (write it with formatJson or JSON.stringify; both round-trip exactly). */
export function modelToJson(net: Net): ModelJson {
  const usesC = net.activations.includes('improved-sigmoid') || net.improvedSigmoidC !== DEFAULT_IMPROVED_SIGMOID_C;
  return {
    format: MODEL_FORMAT,
    ...(usesC ? { improvedSigmoidC: net.improvedSigmoidC } : {}),
    layers: net.activations.map((activation, l) => ({
      activation,
      weights: toRows(net.params.weights[l], net.sizes[l + 1], net.sizes[l]),
      biases: Array.from(net.params.biases[l]),
    })),
  };
}
