// A learner's trace in the JSON trace format (docs/formats.md), in which every quantity is
// optional: a learner may bring only gradW, or only the hidden δ. Objects stay strict (a
// misspelt field is an error naming it); arrays may hold NaN and ±Infinity (Python's json
// writes them), since a non-finite number is a finding, not bad input.

import { z } from 'zod';
import { LAYER_ACTIVATIONS, MODEL_FORMAT, TRACE_FORMAT, FormatError, parseJsonText, parseWith } from '../engine/io';
import { SETTING_RULES } from '../engine/training-config';
import type { LayerActivation } from '../engine/types';
import type { GivenArray, LearnerTrace } from './learner-trace';
import type { LayerShape } from './quantities';
import { plural } from '../format';

const numbers = z.unknown();
const activation = z.enum(LAYER_ACTIVATIONS as [LayerActivation, ...LayerActivation[]]);

const traceLayerSchema = z.strictObject({
  activation: activation.optional(),
  z: numbers.optional(),
  a: numbers.optional(),
  fprime: numbers.optional(),
  delta: numbers.optional(),
  gradW: numbers.optional(),
  gradB: numbers.optional(),
});

const afterSchema = z.strictObject({
  format: z.literal(MODEL_FORMAT).optional(),
  improvedSigmoidC: z.number().optional(),
  layers: z.array(z.strictObject({ activation: activation.optional(), weights: numbers.optional(), biases: numbers.optional() })),
});

const learnerTraceSchema = z.strictObject({
  format: z.literal(TRACE_FORMAT).optional(),
  precision: z.enum(['float32', 'float64']).optional(),
  // α and μ keep the training config's rules (α > 0, 0 ≤ μ < 1), as the CLI's flags and the page's fields do.
  learningRate: SETTING_RULES.learningRate.optional(),
  momentum: SETTING_RULES.momentum.optional(),
  examples: z.number().int().min(1).optional(),
  labels: z.array(z.number().int()).optional(),
  loss: numbers.optional(),
  lossPerExample: numbers.optional(),
  correct: numbers.optional(),
  output: numbers.optional(),
  layers: z.array(traceLayerSchema).optional(),
  after: afterSchema.optional(),
  velocityAfter: z.strictObject({ weights: z.array(numbers).optional(), biases: z.array(numbers).optional() }).optional(),
});

/** A JSON number, array of numbers or array of equal-length arrays of numbers → GivenArray. */
export function numericArray(value: unknown, label: string, source: string): GivenArray {
  const bad = (path: string, problem: string) => new FormatError(source, path, problem);
  if (typeof value === 'number') return { label, shape: [], values: Float64Array.of(value) };
  if (!Array.isArray(value)) throw bad(label, `expected a number or an array of numbers, got ${value === null ? 'null' : typeof value}`);
  if (value.length > 0 && Array.isArray(value[0])) {
    const cols = (value[0] as unknown[]).length;
    const values = new Float64Array(value.length * cols);
    value.forEach((row, r) => {
      if (!Array.isArray(row)) throw bad(`${label}[${r}]`, 'expected an array of numbers like the first row');
      if (row.length !== cols) throw bad(`${label}[${r}]`, `expected ${cols} numbers like ${label}[0], got ${row.length}`);
      row.forEach((v, c) => {
        if (typeof v !== 'number') throw bad(`${label}[${r}][${c}]`, `expected a number, got ${Array.isArray(v) ? 'an array (at most 2 dimensions)' : JSON.stringify(v)}`);
        values[r * cols + c] = v;
      });
    });
    return { label, shape: [value.length, cols], values };
  }
  const values = new Float64Array(value.length);
  value.forEach((v, i) => {
    if (typeof v !== 'number') throw bad(`${label}[${i}]`, `expected a number, got ${JSON.stringify(v)}`);
    values[i] = v;
  });
  return { label, shape: [value.length], values };
}

/** A trace document (already parsed) → the learner's arrays. Throws FormatError naming the field. */
export function parseLearnerJson(json: unknown, shape: LayerShape, source: string): LearnerTrace {
  const trace = parseWith(learnerTraceSchema, json, source);
  const L = shape.sizes.length - 1;
  const arrays = new Map<string, GivenArray>();
  const give = (name: string, value: unknown) => {
    if (value !== undefined) arrays.set(name, numericArray(value, name, source));
  };
  const checkLayerCount = (path: string, count: number) => {
    if (count > L) throw new FormatError(source, `${path}[${L}]`, `the model has ${plural(L, 'layer')} (${path}[0]…${path}[${L - 1}])`);
  };
  const checkActivation = (path: string, l: number, given: LayerActivation | undefined) => {
    if (given !== undefined && given !== shape.activations[l]) throw new FormatError(source, path, `the model's layer is "${shape.activations[l]}", the trace says "${given}"`);
  };

  for (const name of ['lossPerExample', 'loss', 'correct', 'output'] as const) give(name, trace[name]);
  const layers = trace.layers ?? [];
  checkLayerCount('layers', layers.length);
  layers.forEach((layer, l) => {
    checkActivation(`layers[${l}].activation`, l, layer.activation);
    give(`layers[${l}].z`, layer.z);
    give(`layers[${l}].a`, layer.a);
    if (l === L - 1) {
      if (layer.fprime !== undefined && layer.fprime !== null) {
        throw new FormatError(source, `layers[${l}].fprime`, "the softmax layer has no f'(z) (its δ comes from the loss): leave it out or write null");
      }
    } else if (layer.fprime !== null) give(`layers[${l}].fprime`, layer.fprime);
    give(`layers[${l}].delta`, layer.delta);
    give(`layers[${l}].gradW`, layer.gradW);
    give(`layers[${l}].gradB`, layer.gradB);
  });
  if (trace.after) {
    checkLayerCount('after.layers', trace.after.layers.length);
    trace.after.layers.forEach((layer, l) => {
      checkActivation(`after.layers[${l}].activation`, l, layer.activation);
      give(`after.layers[${l}].weights`, layer.weights);
      give(`after.layers[${l}].biases`, layer.biases);
    });
  }
  if (trace.velocityAfter) {
    const { weights = [], biases = [] } = trace.velocityAfter;
    checkLayerCount('velocityAfter.weights', weights.length);
    checkLayerCount('velocityAfter.biases', biases.length);
    weights.forEach((w, l) => give(`velocityAfter.weights[${l}]`, w));
    biases.forEach((b, l) => give(`velocityAfter.biases[${l}]`, b));
  }
  return {
    source,
    format: 'json',
    arrays,
    settings: { learningRate: trace.learningRate, momentum: trace.momentum, precision: trace.precision },
    labels: trace.labels,
    examples: trace.examples,
  };
}

/** The text of a trace JSON → the learner's arrays. Throws FormatError. */
export function readLearnerJson(text: string, shape: LayerShape, source: string): LearnerTrace {
  return parseLearnerJson(parseJsonText(text, source), shape, source);
}
