// Steps to check: small nets (1 and 2 hidden layers, every activation), seeded batches,
// the engine's trace of a step and a planted mistake's trace in the learner's JSON form,
// and npz files written here (fflate's zip + .npy by hand) — no binary fixtures committed.
import { zipSync } from 'fflate';
import { checkStep, parseLearnerJson, type CheckReport } from '../../src/check';
import { plantedStep, type PlantOptions, type PlantedInput } from '../../src/check/planted/planted-mistakes';
import type { MistakeId } from '../../src/check';
import { traceStep, traceToObject, type Trace, type TraceJson } from '../../src/engine/io';
import { createNet, zeroVelocity } from '../../src/engine/network';
import { Rng } from '../../src/engine/random';
import type { Batch, HiddenActivation, Net, Precision } from '../../src/engine/types';

export interface CaseSpec {
  readonly sizes: readonly number[];
  readonly activation: HiddenActivation;
  readonly examples: number;
  readonly seed?: number;
  readonly learningRate?: number;
  /** μ > 0 starts from a non-zero velocity. */
  readonly momentum?: number;
  /** Multiplies the output layer's weights (large logits for the softmax overflow). */
  readonly outputScale?: number;
  readonly precision?: Precision;
}

export function describeCase(spec: CaseSpec): string {
  return `${spec.sizes.join('-')} ${spec.activation}, N = ${spec.examples}${spec.momentum ? `, μ = ${spec.momentum}` : ''}`;
}

/** A net, a batch of seeded inputs in [0, 1) with seeded labels, a rule and a velocity. */
export function makeCase(spec: CaseSpec): PlantedInput {
  const seed = spec.seed ?? 7;
  const precision = spec.precision ?? 'float64';
  let net: Net = createNet({ sizes: spec.sizes, hiddenActivation: spec.activation, init: { kind: 'normal-fan-in' }, biasInit: 'like-weights', seed, precision });
  if (spec.outputScale) {
    const L = net.sizes.length - 1;
    const weights = net.params.weights.map((w, l) => (l === L - 1 ? w.map((x) => x * spec.outputScale!) : w));
    net = { ...net, params: { ...net.params, weights } };
  }
  const rng = new Rng(seed + 1000);
  const n0 = spec.sizes[0];
  const K = spec.sizes[spec.sizes.length - 1];
  const inputs = precision === 'float32' ? new Float32Array(spec.examples * n0) : new Float64Array(spec.examples * n0);
  for (let i = 0; i < inputs.length; i++) inputs[i] = rng.next();
  const labels = Int32Array.from({ length: spec.examples }, (_, n) => (n * 7 + seed) % K);
  const batch: Batch = { inputs, labels, size: spec.examples };
  const momentum = spec.momentum ?? 0;
  let velocity = null;
  if (momentum > 0) {
    const v = zeroVelocity(net);
    const vr = new Rng(seed + 2000);
    for (const arr of [...v.weights, ...v.biases]) for (let i = 0; i < arr.length; i++) arr[i] = (vr.next() - 0.5) * 0.02;
    velocity = v;
  }
  return { net, batch, rule: { learningRate: spec.learningRate ?? 0.3, momentum }, velocity };
}

/** A trace JSON a test may edit, as a learner's file. */
export type Editable<T> = { -readonly [K in keyof T]: T[K] extends object ? Editable<T[K]> : T[K] };
export type LearnerJson = Editable<TraceJson>;

export function reference(input: PlantedInput): Trace {
  return traceStep(input.net, input.batch, input.rule, input.velocity);
}

/** The planted step written as the learner's trace JSON (a plain object, as JSON.parse gives). */
export function plantedJson(id: MistakeId, input: PlantedInput, options: PlantOptions = {}): LearnerJson {
  const step = plantedStep(id, input, options);
  return JSON.parse(JSON.stringify(traceToObject({ ...input, step }), (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? `__${v}` : v)), (_k, v) =>
    typeof v === 'string' && v.startsWith('__') ? Number(v.slice(2)) : v,
  );
}

export function correctJson(input: PlantedInput): LearnerJson {
  return JSON.parse(JSON.stringify(traceToObject(reference(input))));
}

/** The check of a learner's JSON object against the engine's trace of the same step. */
export function checkJson(input: PlantedInput, json: unknown, tolerance?: number, ref: Trace = reference(input)): CheckReport {
  const learner = parseLearnerJson(json, input.net, 'mine.json');
  return checkStep(ref, learner, { tolerance });
}

/** A value of a trace JSON by quantity name and index, e.g. ("layers[0].gradW", [3, 5]). */
export function valueAt(json: LearnerJson, name: string, index: readonly number[]): number {
  const path = name.replace(/\[(\d+)\]/g, '.$1').split('.');
  let node: unknown = json;
  for (const key of path) node = (node as Record<string, unknown>)[key];
  for (const i of index) node = (node as unknown[])[i];
  return typeof node === 'number' ? node : (node as number[])[0];
}

/** Only the named quantities of a trace JSON (the others left out, as a partial trace). */
export function partial(json: LearnerJson, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const path = name.replace(/\[(\d+)\]/g, '.$1').split('.');
    let from: unknown = json;
    let to: Record<string, unknown> | unknown[] = out;
    path.forEach((key, i) => {
      from = (from as Record<string, unknown>)[key];
      const last = i === path.length - 1;
      const next = path[i + 1];
      const container = to as Record<string, unknown>;
      if (last) container[key] = from;
      else {
        if (container[key] === undefined) container[key] = /^\d+$/.test(next) ? [] : {};
        to = container[key] as Record<string, unknown>;
      }
    });
  }
  // Arrays of layers with holes: fill with empty objects, as a learner would write them.
  const fill = (v: unknown): unknown => (Array.isArray(v) ? Array.from(v, (x) => (x === undefined ? {} : fill(x))) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)])) : v);
  return fill(out) as Record<string, unknown>;
}

export function transposeRows(rows: number[][]): number[][] {
  return rows[0].map((_, c) => rows.map((row) => row[c]));
}

// ——— npz files, written as np.savez writes them ———

/** One .npy file (format 1.0, header padded to 64 bytes) holding row-major `values` of `shape`. */
export function npy(values: ArrayLike<number>, shape: readonly number[], dtype: '<f8' | '<f4' | '<i8' | '>f8' | '<f2' | '|b1' = '<f8', fortranOrder = false): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${dtype}', 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const size = dtype === '<f4' ? 4 : dtype === '<f2' ? 2 : dtype === '|b1' ? 1 : 8;
  const out = new Uint8Array(10 + header.length + values.length * size);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const start = 10 + header.length;
  let ordered = Array.from(values);
  if (fortranOrder && shape.length === 2) {
    const [rows, cols] = shape;
    ordered = new Array(values.length);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) ordered[c * rows + r] = values[r * cols + c];
  }
  ordered.forEach((v, i) => {
    if (dtype === '<f8') view.setFloat64(start + i * 8, v, true);
    else if (dtype === '>f8') view.setFloat64(start + i * 8, v, false);
    else if (dtype === '<f4') view.setFloat32(start + i * 4, v, true);
    else if (dtype === '<i8') view.setBigInt64(start + i * 8, BigInt(v), true);
  });
  return out;
}

/** A 2-D array of rows as an .npy file. */
export function npyRows(rows: number[][] | number[] | number, dtype: '<f8' | '<f4' = '<f8', fortranOrder = false): Uint8Array {
  if (typeof rows === 'number') return npy([rows], [], dtype);
  if (typeof rows[0] === 'number') return npy(rows as number[], [rows.length], dtype);
  const r = rows as number[][];
  return npy(r.flat(), [r.length, r[0].length], dtype, fortranOrder);
}

/** An .npz: NAME.npy entries in a zip (stored, like np.savez; deflated like savez_compressed with `compress`). */
export function npz(arrays: Record<string, Uint8Array>, compress = false): Uint8Array {
  const entries: Record<string, [Uint8Array, { level: 0 | 6 }]> = {};
  for (const [name, data] of Object.entries(arrays)) entries[`${name}.npy`] = [data, { level: compress ? 6 : 0 }];
  return zipSync(entries);
}

/** The documented npz arrays of a trace JSON, l = 1 … L. */
export function npzArraysOf(json: TraceJson): Record<string, Uint8Array> {
  const arrays: Record<string, Uint8Array> = { loss: npyRows(json.loss), output: npyRows(json.output) };
  const L = json.layers.length;
  json.layers.forEach((layer, l) => {
    const n = l + 1;
    arrays[`z${n}`] = npyRows(layer.z);
    arrays[`a${n}`] = npyRows(layer.a);
    if (l < L - 1) arrays[`fprime${n}`] = npyRows(layer.fprime!);
    arrays[`delta${n}`] = npyRows(layer.delta);
    arrays[`gradW${n}`] = npyRows(layer.gradW);
    arrays[`gradb${n}`] = npyRows(layer.gradB);
    arrays[`W${n}_after`] = npyRows(json.after.layers[l].weights);
    arrays[`b${n}_after`] = npyRows(json.after.layers[l].biases);
  });
  return arrays;
}
