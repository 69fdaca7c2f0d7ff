// What a lesson's expressions can read: the quantities of the live debugger machine
// (the current frame's z, a, f'(z), δ, gradients, updates …), a few statistics of a layer,
// central differences, the momentum ravine, and plain maths. Each reads the machine's
// frame, or runs the engine's own kernels on it (backsum: backpropSum) — nothing here repeats
// the engine's backprop arithmetic.
//
// Indices as lessons write them — as the debugger's views show them: layers as the report
// numbers them (1 … L for the dense layers, 0 for the input x); inputs, hidden units and the
// examples of a batch counted from 1; output units named by their class, from 0 (output k is
// digit k). `sample` defaults to the example the machine has selected.

import { activate, activationDerivative, DEFAULT_IMPROVED_SIGMOID_C } from '../engine/activations';
import { backward } from '../engine/backward';
import { forward } from '../engine/forward';
import { exp, log, tanh } from '../engine/libm';
import { batchLoss, centralDifference, relativeError } from '../engine/gradcheck';
import { cloneNet } from '../engine/network';
import { allocFloat, parameterCount, type Batch, type FloatArray, type Gradients, type HiddenActivation, type LossResult, type Net } from '../engine/types';
import type { DebuggerContext } from '../session/context';
import { batchesPerEpoch, trainingOrder as trainingOrderOf } from '../session/data-source';
import { currentFrame } from '../session/history';
import type { Frame } from '../session/frame';
import { ExpressionError, type FunctionSpec, type FunctionTable } from './expression';
import { descend, stepsToReach } from './ravine';
import { stepLabel } from '../viewmodel/step-label';

import { biasEntry, layerName, computed, cosh, deadUnits, denseLayer, describePosition, epsilonOf, float64Copies, float64Of, fraction, frameOf, fromOne, guard, hiddenKind, inRange, input, labelOf, layerValues, lossOf, math1, mean, outputLayer, parameterArray, perExample, ravineArgs, sampleOf, sourceOf, std, unitOf, weightEntry, weightIndex, whole, type Args, type LiveState, type ParamSlot, type SlotName, type Spec } from './live-reads';
import { predictedClass } from '../engine/forward';
import { kernelsFor } from '../engine/kernels/registry';

const EXAMPLE = ['sample?'];

/** Every function a lesson expression may call. */
export const LESSON_FUNCTIONS: FunctionTable<LiveState> = {
  // —— one example (default: the selected one) ——
  x: { params: ['input', ...EXAMPLE], doc: 'input x_i of the example, i from 1 (a pixel in 0 … 1 for MNIST)', compute: (s, a) => input(s, a.input, a.sample) },
  z: { params: ['layer', 'unit', ...EXAMPLE], doc: 'pre-activation z of a unit', compute: perExample('z') },
  a: {
    params: ['layer', 'unit', ...EXAMPLE],
    doc: 'activation a of a unit; a(0, i) is the input x_i, a(L, k) is ŷ_k',
    compute: (s, a) => (a.layer === 0 ? input(s, a.unit, a.sample) : perExample('a')(s, a)),
  },
  fprime: { params: ['layer', 'unit', ...EXAMPLE], doc: "f'(z) of a hidden unit", compute: perExample('fprime') },
  delta: { params: ['layer', 'unit', ...EXAMPLE], doc: 'δ = ∂C_n/∂z of a unit for one example', compute: perExample('delta') },
  yhat: { params: ['unit', ...EXAMPLE], doc: 'ŷ_k, the softmax output for class k', compute: (s, a) => perExample('a')(s, { layer: outputLayer(s), unit: a.unit, sample: a.sample }) },
  y: {
    params: ['unit', ...EXAMPLE],
    doc: 'the one-hot target y_k: 1 for the label, else 0',
    compute: (s, a) => Number(labelOf(s, a.sample) === unitOf(s, outputLayer(s) - 1, a.unit)),
  },
  label: { params: [...EXAMPLE], doc: 'the class label of the example', compute: (s, a) => labelOf(s, a.sample) },
  predicted: {
    params: [...EXAMPLE],
    doc: 'the class with the largest ŷ',
    compute: (s, a) => {
      const L = outputLayer(s); // the output layer as lessons number it; its code index is L − 1
      const yhat = computed(s, frameOf(s).quantities.a[L - 1], layerName(s, 'a', L - 1));
      return predictedClass(yhat, sampleOf(s, a.sample), frameOf(s).start.net.sizes[L]);
    },
  },
  loss_n: {
    params: [...EXAMPLE],
    doc: "the example's loss −log ŷ_y",
    compute: (s, a) => lossOf(s).perExample[sampleOf(s, a.sample)],
  },
  backsum: {
    params: ['layer', 'unit', ...EXAMPLE],
    doc: "Σ_k w_kj δ_k, the sum of eq. (8) for hidden unit j of `layer` (needs δ of the layer above)",
    compute: (s, a) => {
      const frame = frameOf(s);
      const l = denseLayer(s, a.layer);
      const { sizes } = frame.start.net;
      if (l === sizes.length - 2) throw new ExpressionError('backsum() is for hidden layers: the output layer has no layer above');
      const j = unitOf(s, l, a.unit);
      const n = sampleOf(s, a.sample);
      const above = computed(s, frame.quantities.delta[l + 1], layerName(s, 'delta', l + 1));
      return backSumsOf(frame.start.net, l, above, frame.start.batch.size)[n * sizes[l + 1] + j];
    },
  },

  // —— the batch ——
  N: { params: [], doc: 'examples in the batch', compute: (s) => frameOf(s).start.batch.size },
  selected: { params: [], doc: 'the example the machine has selected (from 1)', compute: (s) => s.context.sample + 1 },
  loss: { params: [], doc: 'C, the mean cross-entropy of the batch', compute: (s) => lossOf(s).loss },
  correct: { params: [], doc: 'examples of the batch classified correctly', compute: (s) => lossOf(s).correct },
  count_label: {
    params: ['class'],
    doc: 'examples of the batch with this label',
    compute: (s, a) => {
      const { labels, size } = frameOf(s).start.batch;
      let count = 0;
      for (let n = 0; n < size; n++) if (Number(labels[n]) === a.class) count++;
      return count;
    },
  },
  image: {
    params: [...EXAMPLE],
    doc: 'the example\'s image number in its MNIST set, from 1 as `batch: { examples }` counts them (0 for a hand-written example)',
    compute: (s, a) => {
      const frame = frameOf(s);
      const source = frame.start.source;
      const n = sampleOf(s, a.sample);
      if (source.kind === 'examples') return source.indices[n] + 1;
      if (source.kind === 'custom' || s.context.data.kind !== 'mnist') return 0;
      return orderIndex(s.context, source.epoch, source.batch, n) + 1;
    },
  },
  epoch: { params: [], doc: 'the epoch of the training order this batch belongs to, from 1 (as the status line shows it)', compute: (s) => frameOf(s).start.order.epoch + 1 },
  batch: { params: [], doc: 'the batch of the training order within its epoch, from 1 (as the status line shows it)', compute: (s) => frameOf(s).start.order.batch + 1 },
  batches_per_epoch: {
    params: [],
    doc: 'batches in one epoch of the training order',
    compute: (s) => batchesPerEpoch(s.context.data, s.context.batchSize),
  },
  train_count: {
    params: [],
    doc: 'examples in the training set the order runs through',
    compute: (s) => (s.context.data.kind === 'mnist' ? s.context.data.train.count : s.context.data.batches.reduce((n, b) => n + b.labels.length, 0)),
  },
  batch_size: { params: [], doc: 'examples per batch of the training order (the last one may hold fewer)', compute: (s) => s.context.batchSize },
  validation_count: {
    params: [],
    doc: 'examples held out for validation',
    compute: (s) => (s.context.data.kind === 'mnist' ? (s.context.data.validation?.count ?? 0) : (s.context.data.validation?.labels.length ?? 0)),
  },
  shuffled: { params: [], doc: '1 when the training order is reshuffled every epoch, else 0', compute: (s) => Number(s.context.data.kind === 'mnist' && s.context.data.shuffle) },
  steps_done: { params: [], doc: 'gradient steps taken before this batch', compute: (s) => frameOf(s).start.stepsBefore },

  // —— parameters (before this batch's update), gradients, updates ——
  w: { params: ['layer', 'to', 'from'], doc: 'weight of W_layer from unit `from` of the layer below to unit `to`', compute: weightEntry('w') },
  b: { params: ['layer', 'unit'], doc: 'bias b of a unit', compute: biasEntry('b') },
  grad_w: { params: ['layer', 'to', 'from'], doc: '∂C/∂w of the batch mean', compute: weightEntry('gradW') },
  grad_b: { params: ['layer', 'unit'], doc: '∂C/∂b of the batch mean', compute: biasEntry('gradB') },
  new_w: { params: ['layer', 'to', 'from'], doc: 'the weight after the update', compute: weightEntry('newW') },
  new_b: { params: ['layer', 'unit'], doc: 'the bias after the update', compute: biasEntry('newB') },
  v_w: { params: ['layer', 'to', 'from'], doc: 'momentum velocity of a weight before the update', compute: weightEntry('vW') },
  v_b: { params: ['layer', 'unit'], doc: 'momentum velocity of a bias before the update', compute: biasEntry('vB') },
  new_v_w: { params: ['layer', 'to', 'from'], doc: 'velocity of a weight after the update (eq. 19)', compute: weightEntry('newVW') },
  new_v_b: { params: ['layer', 'unit'], doc: 'velocity of a bias after the update', compute: biasEntry('newVB') },
  lr: { params: [], doc: 'α, the learning rate of this batch', compute: (s) => frameOf(s).start.rule.learningRate },
  momentum: { params: [], doc: 'μ, the momentum of this batch (0: plain SGD)', compute: (s) => frameOf(s).start.rule.momentum },
  twist: { params: [], doc: 'c, the linear twist of the improved sigmoid', compute: (s) => frameOf(s).start.net.improvedSigmoidC },
  size: { params: ['layer'], doc: 'n_l, the units of a layer (0 = inputs)', compute: (s, a) => frameOf(s).start.net.sizes[inRange(a.layer, frameOf(s).start.net.sizes.length, 'layer')] },
  layers: { params: [], doc: 'L, the number of dense layers', compute: (s) => outputLayer(s) },
  params: { params: [], doc: 'weights and biases of the net', compute: (s) => parameterCount(frameOf(s).start.net.sizes) },
  param_count: {
    params: ['n0', 'n1', 'n2?', 'n3?', 'n4?', 'n5?'],
    doc: 'weights and biases of a net of these layer sizes',
    compute: (_, a) => {
      const sizes = [a.n0, a.n1, a.n2, a.n3, a.n4, a.n5].filter((n): n is number => n !== undefined);
      if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new ExpressionError('param_count() needs positive whole layer sizes');
      return parameterCount(sizes);
    },
  },

  // —— statistics of a layer over the whole batch (every example, every unit) ——
  mean_z: { params: ['layer'], doc: 'mean of z over the batch and units', compute: (s, a) => mean(layerValues(s, 'z', a.layer)) },
  std_z: { params: ['layer'], doc: 'standard deviation of z over the batch and units', compute: (s, a) => std(layerValues(s, 'z', a.layer)) },
  mean_a: { params: ['layer'], doc: 'mean of a over the batch and units', compute: (s, a) => mean(layerValues(s, 'a', a.layer)) },
  mean_abs_delta: { params: ['layer'], doc: 'mean |δ| over the batch and units', compute: (s, a) => mean(layerValues(s, 'delta', a.layer).map(Math.abs)) },
  frac_fprime_below: {
    params: ['layer', 'threshold'],
    doc: "share of the batch's f'(z) values below a threshold",
    compute: (s, a) => fraction(layerValues(s, 'fprime', a.layer), (v) => v < a.threshold!),
  },
  frac_abs_z_above: { params: ['layer', 'threshold'], doc: 'share of |z| values above a threshold', compute: (s, a) => fraction(layerValues(s, 'z', a.layer), (v) => Math.abs(v) > a.threshold!) },
  count_z_zero: { params: ['layer'], doc: 'entries of z that are exactly 0', compute: (s, a) => fraction(layerValues(s, 'z', a.layer), (v) => v === 0) * layerValues(s, 'z', a.layer).length },
  dead_units: { params: ['layer'], doc: 'units whose a is 0 for every example of the batch', compute: (s, a) => deadUnits(s, a.layer).length },
  first_dead: { params: ['layer'], doc: 'the first such unit (from 1), or 0 when there is none', compute: (s, a) => (deadUnits(s, a.layer)[0] ?? -1) + 1 },
  std_w: { params: ['layer'], doc: 'standard deviation of the weights of W_layer', compute: (s, a) => std(frameOf(s).start.net.params.weights[denseLayer(s, a.layer)]) },
  mean_x2: {
    params: [],
    doc: 'mean of x_i² over the batch and inputs',
    compute: (s) => {
      const x = frameOf(s).start.batch.inputs;
      let total = 0;
      for (let i = 0; i < x.length; i++) total += x[i] * x[i];
      return total / x.length;
    },
  },

  // —— numerical gradients (float64 copies of this batch's net and examples) ——
  numgrad_w: {
    params: ['layer', 'to', 'from', 'eps'],
    doc: 'central difference (C(w+ε) − C(w−ε)) / 2ε',
    compute: (s, a) => {
      const { l, index } = weightIndex(s, a);
      const { net, batch } = float64Of(frameOf(s));
      return guard(() => centralDifference(net, batch, l, 'weights', index, epsilonOf(a.eps)).estimate);
    },
  },
  numgrad_b: {
    params: ['layer', 'unit', 'eps'],
    doc: 'central difference for a bias',
    compute: (s, a) => {
      const l = denseLayer(s, a.layer);
      const j = unitOf(s, l, a.unit);
      const { net, batch } = float64Of(frameOf(s));
      return guard(() => centralDifference(net, batch, l, 'biases', j, epsilonOf(a.eps)).estimate);
    },
  },
  fwdgrad_w: {
    params: ['layer', 'to', 'from', 'eps'],
    doc: 'forward difference (C(w+ε) − C(w)) / ε',
    compute: (s, a) => {
      const { l, index } = weightIndex(s, a);
      const { net, batch } = float64Of(frameOf(s));
      const eps = epsilonOf(a.eps);
      const array = net.params.weights[l];
      const original = array[index];
      const base = batchLoss(net, batch);
      array[index] = original + eps;
      const plus = batchLoss(net, batch);
      array[index] = original;
      return (plus - base) / eps;
    },
  },
  loss_shifted_w: {
    params: ['layer', 'to', 'from', 'shift'],
    doc: 'C of the batch with this one weight moved by `shift` (float64)',
    compute: (s, a) => {
      const { l, index } = weightIndex(s, a);
      const { net, batch } = float64Of(frameOf(s));
      const array = net.params.weights[l];
      const original = array[index];
      array[index] = original + (a.shift ?? 0);
      const shifted = batchLoss(net, batch);
      array[index] = original;
      return shifted;
    },
  },
  grad64_w: {
    params: ['layer', 'to', 'from'],
    doc: '∂C/∂w by backprop in float64 (the reference the differences are compared with)',
    compute: (s, a) => {
      const { l, index } = weightIndex(s, a);
      return guard(() => float64Gradient(frameOf(s)).weights[l][index]);
    },
  },

  // —— the momentum ravine C = ½(steep·θ₁² + gentle·θ₂²) from (x0, y0) ——
  ravine_loss: {
    params: ['steps', 'lr', 'mu', 'steep', 'gentle', 'x0?', 'y0?'],
    doc: 'C after `steps` updates on the ravine (mu = 0: plain SGD)',
    compute: (_, a) => guard(() => descend(ravineArgs(a), whole(a.steps, 'steps'), a.lr!, a.mu!).losses.at(-1)!),
  },
  ravine_theta: {
    params: ['axis', 'steps', 'lr', 'mu', 'steep', 'gentle', 'x0?', 'y0?'],
    doc: 'θ₁ (axis 1, across) or θ₂ (axis 2, along) after `steps` updates',
    compute: (_, a) => {
      const axis = whole(a.axis, 'axis');
      if (axis !== 1 && axis !== 2) throw new ExpressionError('axis is 1 (across the ravine) or 2 (along it)');
      return guard(() => descend(ravineArgs(a), whole(a.steps, 'steps'), a.lr!, a.mu!).path.at(-1)![axis - 1]);
    },
  },
  ravine_steps: {
    params: ['tolerance', 'lr', 'mu', 'steep', 'gentle', 'x0?', 'y0?'],
    doc: 'updates until C < tolerance (−1: not within 10,000)',
    compute: (_, a) => guard(() => stepsToReach(ravineArgs(a), a.tolerance!, a.lr!, a.mu!)),
  },

  // —— activations as functions (the engine's own), and plain maths ——
  sigmoid: math1('σ(x)', (x) => activate('sigmoid', x)),
  sigmoid_prime: math1("σ'(x)", (x) => activationDerivative('sigmoid', x)),
  improved: {
    params: ['x', 'c?'],
    doc: '1.7159 tanh(2x/3) + c x (eq. 16; c defaults to 0.001)',
    compute: (_, a) => activate('improved-sigmoid', a.x!, a.c ?? DEFAULT_IMPROVED_SIGMOID_C),
  },
  improved_prime: {
    params: ['x', 'c?'],
    doc: "its derivative (eq. 17)",
    compute: (_, a) => activationDerivative('improved-sigmoid', a.x!, a.c ?? DEFAULT_IMPROVED_SIGMOID_C),
  },
  relu: math1('max(0, x)', (x) => activate('relu', x)),
  relu_prime: math1("the engine's ReLU derivative (0 at x = 0)", (x) => activationDerivative('relu', x)),
  act: {
    params: ['x'],
    doc: "the net's hidden activation f(x)",
    compute: (s, a) => activate(hiddenKind(s), a.x!, frameOf(s).start.net.improvedSigmoidC),
  },
  act_prime: {
    params: ['x'],
    doc: "its derivative f'(x)",
    compute: (s, a) => activationDerivative(hiddenKind(s), a.x!, frameOf(s).start.net.improvedSigmoidC),
  },
  abs: math1('|x|', Math.abs),
  sign: math1('−1, 0 or 1', Math.sign),
  sqrt: math1('√x', Math.sqrt),
  exp: math1('eˣ', exp),
  log: math1('natural logarithm', log),
  log10: math1('base-10 logarithm', Math.log10),
  tanh: math1('tanh x', tanh),
  cosh: math1('cosh x', cosh),
  floor: math1('⌊x⌋', Math.floor),
  ceil: math1('⌈x⌉', Math.ceil),
  relerr: {
    params: ['x', 'y'],
    doc: 'relative difference |x − y| / max(|x|, |y|) (0 when both are 0)',
    compute: (_, a) => relativeError(a.x!, a.y!),
  },
  round: { params: ['x', 'digits?'], doc: 'x rounded to `digits` decimals (default 0)', compute: (_, a) => Number(a.x!.toFixed(whole(a.digits ?? 0, 'digits'))) },
  min: { params: ['x', 'y'], doc: 'the smaller', compute: (_, a) => Math.min(a.x!, a.y!) },
  max: { params: ['x', 'y'], doc: 'the larger', compute: (_, a) => Math.max(a.x!, a.y!) },
  argmax: {
    params: ['x0', 'x1', 'x2?', 'x3?', 'x4?', 'x5?'],
    doc: 'the position (from 0) of the largest argument',
    compute: (_, a) => {
      const values = [a.x0, a.x1, a.x2, a.x3, a.x4, a.x5].filter((v): v is number => v !== undefined);
      return values.indexOf(Math.max(...values));
    },
  },
  argmin: {
    params: ['x0', 'x1', 'x2?', 'x3?', 'x4?', 'x5?'],
    doc: 'the position (from 0) of the smallest argument',
    compute: (_, a) => {
      const values = [a.x0, a.x1, a.x2, a.x3, a.x4, a.x5].filter((v): v is number => v !== undefined);
      return values.indexOf(Math.min(...values));
    },
  },
};

/** Names every expression may use. */
export const CONSTANTS: ReadonlyMap<string, number> = new Map([['pi', Math.PI]]);

/** Position n of batch b of epoch e in the training order: which training image it is. */
function orderIndex(context: DebuggerContext, epoch: number, batch: number, n: number): number {
  const data = context.data;
  if (data.kind !== 'mnist') return -1;
  return trainingOrderOf(data, epoch)[batch * context.batchSize + n];
}


const float64Gradients = new WeakMap<object, Gradients>();

function float64Gradient(frame: Frame): Gradients {
  let g = float64Gradients.get(frame.start);
  if (!g) {
    const { net, batch } = float64Of(frame);
    g = backward(net, forward(net, batch), batch.labels, batch.size).gradients;
    float64Gradients.set(frame.start, g);
  }
  return g;
}

/** Σ_k w_kj δ_k of code layer l for every example and unit, by the engine's own kernel (the one its δ step runs), once per batch. */
const backSums = new WeakMap<FloatArray, FloatArray>();

function backSumsOf(net: Net, l: number, above: FloatArray, N: number): FloatArray {
  let sums = backSums.get(above);
  if (!sums) {
    const n = net.sizes[l + 1];
    sums = allocFloat(net.precision, N * n);
    kernelsFor(net.precision).backpropSum(above, net.params.weights[l + 1], N, net.sizes[l + 2], n, sums);
    backSums.set(above, sums);
  }
  return sums;
}
