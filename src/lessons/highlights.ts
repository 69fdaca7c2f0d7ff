// What a step highlights, from the lesson's counting (layers as the report numbers them,
// inputs, hidden units and examples from 1, output units by class) to the code's 0-based
// indices the views take as props — or the reason it names nothing on the machine as it stands.

import type { DebuggerContext } from '../session/context';
import { currentFrame } from '../session/history';
import type { HighlightSpec } from './schema';

export type MatrixName = 'W' | 'b' | 'z' | 'a' | 'fprime' | 'delta' | 'gradW' | 'gradB' | 'newW' | 'newB';

/** 0-based, code-side references (layer l = the report's layer l + 1; the input is layer −1). */
export type Highlight =
  | { readonly kind: 'neuron'; readonly layer: number; readonly neuron: number }
  | { readonly kind: 'weight'; readonly layer: number; readonly to: number; readonly from: number }
  | { readonly kind: 'row' | 'column'; readonly matrix: MatrixName; readonly layer: number; readonly index: number }
  | { readonly kind: 'term'; readonly term: string }
  | { readonly kind: 'sample'; readonly index: number };

const PER_PARAMETER = new Set<MatrixName>(['W', 'b', 'gradW', 'gradB', 'newW', 'newB']);
const VECTORS = new Set<MatrixName>(['b', 'gradB', 'newB']);
const SLOT: Partial<Record<MatrixName, 'z' | 'a' | 'fprime' | 'delta' | 'gradW' | 'gradB' | 'newW' | 'newB'>> = {
  z: 'z',
  a: 'a',
  fprime: 'fprime',
  delta: 'delta',
  gradW: 'gradW',
  gradB: 'gradB',
  newW: 'newW',
  newB: 'newB',
};

export type Resolved = { readonly highlight: Highlight; readonly problem: null } | { readonly highlight: null; readonly problem: string };

const fail = (problem: string): Resolved => ({ highlight: null, problem });
const ok = (highlight: Highlight): Resolved => ({ highlight, problem: null });

export function resolveHighlight(h: HighlightSpec, context: DebuggerContext): Resolved {
  const frame = currentFrame(context.history);
  const sizes = frame.start.net.sizes;
  const L = sizes.length - 1;
  const N = frame.start.batch.size;
  /** Unit `unit` of report layer `layer`: a class from 0 on the output layer, else from 1. */
  const unit = (layer: number, u: number, what: string): number | string => {
    if (layer === L) return u < sizes[L] ? u : `${what}: the output layer has classes 0 … ${sizes[L] - 1}, not ${u}`;
    const name = layer === 0 ? 'inputs' : `layer ${layer} has units`;
    return u >= 1 && u <= sizes[layer] ? u - 1 : `${what}: ${name} 1 … ${sizes[layer]}, not ${u}`;
  };
  if ('neuron' in h) {
    const { layer } = h.neuron;
    if (layer > L) return fail(`layer ${layer} does not exist (layers 0 … ${L}, 0 being the input)`);
    const j = unit(layer, h.neuron.unit, 'neuron');
    return typeof j === 'string' ? fail(j) : ok({ kind: 'neuron', layer: layer - 1, neuron: j });
  }
  if ('weight' in h) {
    const { layer } = h.weight;
    if (layer > L) return fail(`W${layer} does not exist (dense layers 1 … ${L})`);
    const to = unit(layer, h.weight.to, 'to');
    if (typeof to === 'string') return fail(to);
    const from = unit(layer - 1, h.weight.from, 'from');
    if (typeof from === 'string') return fail(from);
    return ok({ kind: 'weight', layer: layer - 1, to, from });
  }
  if ('sample' in h) return h.sample >= 1 && h.sample <= N ? ok({ kind: 'sample', index: h.sample - 1 }) : fail(`the batch has examples 1 … ${N}, not ${h.sample}`);
  if ('term' in h) return ok({ kind: 'term', term: h.term });

  const axis = 'row' in h ? 'row' : 'column';
  const { matrix, layer, index } = 'row' in h ? h.row : h.column;
  if (layer > L) return fail(`layer ${layer} does not exist (dense layers 1 … ${L})`);
  if (VECTORS.has(matrix) && axis === 'column') return fail(`${matrix}${layer} is a vector: highlight a row (a unit)`);
  if (matrix === 'fprime' && layer === L) return fail("the softmax output layer has no f'(z)");
  // Parameter matrices: rows are this layer's units, columns the units below. Batch matrices: rows are examples, columns units.
  let i: number | string;
  if (PER_PARAMETER.has(matrix)) i = axis === 'row' ? unit(layer, index, `${matrix}${layer} row`) : unit(layer - 1, index, `${matrix}${layer} column`);
  else if (axis === 'row') i = index >= 1 && index <= N ? index - 1 : `${matrix}${layer} has rows (examples) 1 … ${N}, not ${index}`;
  else i = unit(layer, index, `${matrix}${layer} column`);
  if (typeof i === 'string') return fail(i);
  const slot = SLOT[matrix];
  if (slot && !frame.quantities[slot][layer - 1]) return fail(`${matrix}${layer} is not computed yet at this step`);
  return ok({ kind: axis, matrix, layer: layer - 1, index: i });
}

/** The step's highlights that resolve, for the views. */
export function resolveHighlights(specs: readonly HighlightSpec[], context: DebuggerContext): Highlight[] {
  return specs.flatMap((h) => {
    const r = resolveHighlight(h, context);
    return r.highlight ? [r.highlight] : [];
  });
}
