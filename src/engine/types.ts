// Core types of the numeric engine. Notation follows the report: i indexes inputs,
// j hidden units, k outputs; z is a pre-activation, a an activation, δ = ∂C/∂z.
//
// Layout: every matrix is row-major in one typed array.
//   weights of layer l: [out][in]  (W_l[j][i] at j * in + i)
//   batch quantities:   [example][neuron]  (z_l[n][j] at n * size_l + j)

export type HiddenActivation = 'sigmoid' | 'improved-sigmoid' | 'tanh' | 'relu';
export type LayerActivation = HiddenActivation | 'softmax';
export type Precision = 'float32' | 'float64';
export type FloatArray = Float32Array | Float64Array;

export const HIDDEN_ACTIVATIONS = ['sigmoid', 'improved-sigmoid', 'tanh', 'relu'] as const satisfies readonly HiddenActivation[];

/** Shape of a multilayer perceptron: sizes[0] inputs, then one entry per dense layer. */
export interface NetShape {
  /** [n_0, n_1, …, n_L]: n_0 inputs, n_L outputs (softmax classes). */
  readonly sizes: readonly number[];
  /** One per dense layer (length L); the last is always 'softmax'. */
  readonly activations: readonly LayerActivation[];
  /** The linear "twist" c of the improved sigmoid, eq. (16). Default 0.001. */
  readonly improvedSigmoidC: number;
}

/**
 * Parameters of a network. Treated as immutable by everything except the
 * trainer's in-place fast path, which owns its copy.
 */
export interface Params {
  readonly weights: FloatArray[]; // per layer l = 1..L (index l-1): n_l × n_{l-1}
  readonly biases: FloatArray[]; //  per layer: n_l
}

export interface Net extends NetShape {
  readonly precision: Precision;
  readonly params: Params;
}

/** A mini-batch: N examples of n_0 inputs (row-major) and their class labels. */
export interface Batch {
  readonly inputs: FloatArray; // N × n_0
  readonly labels: Uint8Array | Int32Array | readonly number[]; // N, each in [0, n_L)
  readonly size: number; // N
}

/** What the forward pass keeps for one layer, for the whole batch. */
export interface LayerForward {
  readonly z: FloatArray; // N × n_l
  readonly a: FloatArray; // N × n_l
  /** f'(z), N × n_l; null for the softmax output layer (its δ comes from the loss). */
  readonly fprime: FloatArray | null;
}

export interface ForwardPass {
  readonly input: FloatArray; // a_0 = x, N × n_0
  readonly layers: LayerForward[]; // l = 1..L
}

export interface LossResult {
  /** C = mean over the batch of −log ŷ_{y_n}. */
  readonly loss: number;
  /** −log ŷ_{y_n} per example. */
  readonly perExample: Float64Array;
  /** Number of examples whose argmax output equals the label. */
  readonly correct: number;
}

/** Loss and accuracy of a network over a labelled set. */
export interface SetMetrics {
  /** Mean cross-entropy over the set. */
  readonly loss: number;
  /** Fraction of examples classified correctly, in [0, 1]. */
  readonly accuracy: number;
  readonly correct: number;
  readonly count: number;
}

export interface Gradients {
  readonly weights: FloatArray[]; // ∂C/∂W_l of the batch mean, n_l × n_{l-1}
  readonly biases: FloatArray[]; //  ∂C/∂b_l, n_l
}

export interface BackwardPass {
  /** δ_l = ∂C_n/∂z_l per example, N × n_l, l = 1..L. */
  readonly deltas: FloatArray[];
  readonly gradients: Gradients;
}

/** Optimiser settings. momentum μ = 0 is plain SGD. */
export interface UpdateRule {
  readonly learningRate: number; // α
  readonly momentum: number; // μ
}

/** Momentum velocities v, shaped like Params. */
export type Velocity = Params;

export function layerCount(shape: NetShape): number {
  return shape.sizes.length - 1;
}

export function parameterCount(sizes: readonly number[]): number {
  let count = 0;
  for (let l = 1; l < sizes.length; l++) count += sizes[l] * sizes[l - 1] + sizes[l];
  return count;
}

export function allocFloat(precision: Precision, length: number): FloatArray {
  return precision === 'float32' ? new Float32Array(length) : new Float64Array(length);
}

export function precisionOf(array: FloatArray): Precision {
  return array instanceof Float32Array ? 'float32' : 'float64';
}
