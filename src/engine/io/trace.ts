// A trace: every number of ONE training step (forward, loss, backward, update), computed by
// the engine's own trainStep and written as JSON for comparison number by number
// (docs/formats.md). The CLI's `trace` command and the debugger's export both use
// traceStep + traceToJson; keep these two signatures stable.

import { usesMomentum, trainStep, type StepResult } from '../step';
import type { Batch, FloatArray, LayerActivation, Net, Precision, UpdateRule, Velocity } from '../types';
import { formatJson, toRows } from './json';
import { modelToJson, type ModelJson } from './model';
import { velocityToJson, type VelocityJson } from './velocity';

export const TRACE_FORMAT = 'deltascope-trace/1';

/** One step and what it started from. */
export interface Trace {
  /** The network before the step. */
  readonly net: Net;
  readonly batch: Batch;
  readonly rule: UpdateRule;
  /** The velocity before the step (null: zero, or plain SGD). */
  readonly velocity: Velocity | null;
  /** Forward pass, loss, backward pass, and the net (and velocity) after the update. */
  readonly step: StepResult;
}

export interface TraceLayerJson {
  readonly activation: LayerActivation;
  /** [example][neuron] */
  readonly z: number[][];
  readonly a: number[][];
  /** f'(z), [example][neuron]; null for the softmax output layer. */
  readonly fprime: number[][] | null;
  /** δ = ∂C_n/∂z per example (not divided by N), [example][neuron]. */
  readonly delta: number[][];
  /** ∂C/∂W of the batch mean C = (1/N) Σ_n C_n, [out][in]. */
  readonly gradW: number[][];
  /** ∂C/∂b of the batch mean. */
  readonly gradB: number[];
}

export interface TraceJson {
  readonly format: typeof TRACE_FORMAT;
  readonly precision: Precision;
  readonly learningRate: number;
  readonly momentum: number;
  /** N, the number of examples. */
  readonly examples: number;
  readonly labels: number[];
  /** C = (1/N) Σ_n −log ŷ_{n, y_n}. */
  readonly loss: number;
  /** C_n = −log ŷ_{n, y_n} per example. */
  readonly lossPerExample: number[];
  /** Examples whose largest output is their label. */
  readonly correct: number;
  /** ŷ = softmax(z_L), [example][class] (the same numbers as the last layer's a). */
  readonly output: number[][];
  /** One per dense layer, input side first. */
  readonly layers: TraceLayerJson[];
  /** The model after the update, in the model format. */
  readonly after: ModelJson;
  /** v after the update (momentum ≠ 0 only). */
  readonly velocityAfter?: VelocityJson;
}

/**
 * One training step of `net` on `batch` with `rule`, via trainStep: the inputs are not
 * modified. With momentum ≠ 0 a null velocity means zero; with momentum 0 the velocity is ignored.
 */
export function traceStep(net: Net, batch: Batch, rule: UpdateRule, velocity: Velocity | null): Trace {
  if (batch.inputs.length !== batch.size * net.sizes[0]) {
    throw new RangeError(`the batch has ${batch.inputs.length / batch.size} inputs per example, the net ${net.sizes[0]}`);
  }
  if (velocity && usesMomentum(rule)) {
    for (let l = 0; l < net.sizes.length - 1; l++) {
      if (velocity.weights[l]?.length !== net.params.weights[l].length || velocity.biases[l]?.length !== net.params.biases[l].length) {
        throw new RangeError(`the velocity of layer ${l + 1} is not shaped like the net's parameters`);
      }
    }
  }
  const step = trainStep(net, usesMomentum(rule) ? velocity : null, batch, rule);
  return { net, batch, rule, velocity, step };
}

const rows = (array: FloatArray, N: number, width: number) => toRows(array, N, width);

/** The trace as a JSON document (object form of traceToJson). */
export function traceToObject(trace: Trace): TraceJson {
  const { net, batch, step } = trace;
  const N = batch.size;
  const L = net.sizes.length - 1;
  const layers: TraceLayerJson[] = net.activations.map((activation, l) => {
    const width = net.sizes[l + 1];
    const forward = step.forward.layers[l];
    return {
      activation,
      z: rows(forward.z, N, width),
      a: rows(forward.a, N, width),
      fprime: forward.fprime ? rows(forward.fprime, N, width) : null,
      delta: rows(step.backward.deltas[l], N, width),
      gradW: rows(step.backward.gradients.weights[l], width, net.sizes[l]),
      gradB: Array.from(step.backward.gradients.biases[l]),
    };
  });
  return {
    format: TRACE_FORMAT,
    precision: net.precision,
    learningRate: trace.rule.learningRate,
    momentum: trace.rule.momentum,
    examples: N,
    labels: Array.from(batch.labels).slice(0, N),
    loss: step.loss.loss,
    lossPerExample: Array.from(step.loss.perExample).slice(0, N),
    correct: step.loss.correct,
    output: rows(step.forward.layers[L - 1].a, N, net.sizes[L]),
    layers,
    after: modelToJson(step.net),
    velocityAfter: step.velocity ? velocityToJson(step.velocity, net) : undefined,
  };
}

/**
 * The trace as JSON text: arrays of numbers on one line, numbers in their shortest exact
 * form. A step that overflowed writes NaN/Infinity as Python's json module does.
 */
export function traceToJson(trace: Trace): string {
  return formatJson(traceToObject(trace));
}
