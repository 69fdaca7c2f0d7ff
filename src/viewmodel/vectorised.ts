// One sub-step in matrix form, beside the per-neuron sum: the operands with their
// shapes (N examples, n_l units), which row or column the selected unit and example
// read or write, and the report's equation numbers on each side — per-neuron
// (2)–(8), (11) and vectorised (10), (13)–(15) (src/notation's stepEquations). Every
// symbol is the notation's batch matrix (Zⱼ, Δₖ, Wₖⱼ; Z⁽²⁾ … with two hidden layers);
// each operand carries its shape as a grey subscript.

import type { DebuggerContext } from '../session/context';
import { layerNotation, stepEquations, type NetNotation, type NotationSymbol, type ReportEquation } from '../notation';
import { currentFrame } from '../session/history';
import type { PlannedStep } from '../session/plan';
import { labelOf, POSITIONS, unitPosition, type Position } from '../notation/indices';

/** 0-based rows and columns; `counts` says what the index counts, so the words name it as every screen does. */
export type Highlight =
  | { readonly kind: 'row'; readonly index: number; readonly counts: Position }
  | { readonly kind: 'column'; readonly index: number; readonly counts: Position }
  | { readonly kind: 'cell'; readonly row: number; readonly column: number; readonly counts: Position }
  | { readonly kind: 'all' };

export interface MatrixOperand {
  /** Plain-text name in the notation: "Δₖ", "Wₖⱼ", "X"; "Δ⁽¹⁾" with two hidden layers. */
  readonly name: string;
  readonly tex: string;
  readonly rows: number;
  readonly cols: number;
  /** The part the selected unit (and example) reads, or the result part it writes. */
  readonly highlight: Highlight;
  /** That part in words: "column 5" (unit 5), "row 17" (example 17), "the column of class 3". */
  readonly part: string;
}

export interface VectorisedForm {
  readonly step: PlannedStep;
  /** The report's per-neuron and matrix equation numbers for this sub-step. */
  readonly perNeuronEquations: readonly ReportEquation[];
  readonly matrixEquations: readonly ReportEquation[];
  readonly result: MatrixOperand;
  readonly operands: readonly MatrixOperand[];
  /** The matrix equation in TeX, each operand with its shape. */
  readonly tex: string;
}

function shaped(op: MatrixOperand): string {
  return `{${op.tex}}\\,{}_{\\color{#64748b}[${op.rows}\\times ${op.cols}]}`;
}

// Units, inputs and examples count from 1, so row or column n is unit (example, input) n;
// an output unit is its class, so its row or column is named by the class, never by n + 1.
function part(h: Highlight): string {
  switch (h.kind) {
    case 'row':
      return h.counts === 'class' ? `the row of class ${h.index}` : `row ${labelOf(h.counts, h.index)}`;
    case 'column':
      return h.counts === 'class' ? `the column of class ${h.index}` : `column ${labelOf(h.counts, h.index)}`;
    case 'cell':
      // A cell is the one entry of a row vector (bᵀ): named by what its column counts.
      return `the entry of ${POSITIONS[h.counts].noun} ${labelOf(h.counts, h.column)}`;
    case 'all':
      return 'all of it';
  }
}

function operand(name: string, tex: string, rows: number, cols: number, highlight: Highlight): MatrixOperand {
  return { name, tex, rows, cols, highlight, part: part(highlight) };
}

/**
 * The matrix form of `step` (the current sub-step by default) for unit `neuron` of the
 * step's layer and the selected example. Rows of batch matrices are examples.
 */
export function vectorisedForm(ctx: Pick<DebuggerContext, 'history' | 'plan' | 'sample'>, step: PlannedStep, neuron: number, notation?: NetNotation): VectorisedForm {
  const { net, batch, rule } = currentFrame(ctx.history).start;
  const N = batch.size;
  const l = step.layer;
  const n = l + 1; // the report's layer number
  const L = net.sizes.length - 1;
  const sym = (notation ?? layerNotation(L)).scope(n);
  const width = net.sizes[l + 1];
  const nIn = net.sizes[l];
  const j = neuron;
  const s = ctx.sample;
  const isOutput = l === L - 1;
  const momentum = rule.momentum !== 0;
  const numbers = stepEquations({ kind: step.kind, isOutput, activation: step.activation, momentum });
  const form = (result: MatrixOperand, operands: MatrixOperand[], tex: string): VectorisedForm => ({
    step,
    perNeuronEquations: numbers.perNeuron,
    matrixEquations: numbers.vectorised,
    result,
    operands,
    tex,
  });
  const batchOf = (q: 'z' | 'a' | 'delta' | 'y', layer: number) => sym.batch(q, layer);
  const prev = batchOf('a', l);
  // Which unit j is: a class on the output layer, else a hidden unit; s is an example.
  const counts = unitPosition(l, L);
  const col = (index: number): Highlight => ({ kind: 'column', index, counts });
  const unitRow = (index: number): Highlight => ({ kind: 'row', index, counts });
  const exampleRow = (index: number): Highlight => ({ kind: 'row', index, counts: 'example' });
  const transposed = (x: NotationSymbol) => ({ text: `${x.text}ᵀ`, tex: `{${x.tex}}^{\\top}` });
  const gradient = (x: NotationSymbol) => ({ text: `∂C/∂${x.text}`, tex: `\\frac{\\partial C}{\\partial ${x.tex}}` });
  const of = (x: NotationSymbol, rows: number, cols: number, h: Highlight) => operand(x.text, x.tex, rows, cols, h);

  switch (step.kind) {
    case 'preActivation': {
      const result = of(batchOf('z', n), N, width, col(j));
      const A = of(prev, N, nIn, exampleRow(s));
      const Wt = of(transposed(sym.weights(n)), nIn, width, col(j));
      const b = of(transposed(sym.biases(n)), 1, width, { kind: 'cell', row: 0, column: j, counts });
      return form(result, [A, Wt, b], `${shaped(result)} = ${shaped(A)}\\,${shaped(Wt)} + \\mathbf{1}\\,${shaped(b)}`);
    }
    case 'activation': {
      const Zs = batchOf('z', n);
      const Z = of(Zs, N, width, isOutput ? exampleRow(s) : col(j));
      if (isOutput) {
        const result = of(batchOf('a', n), N, width, exampleRow(s));
        return form(result, [Z], `${shaped(result)} = \\operatorname{softmax}_{\\text{rows}}\\!\\big(${shaped(Z)}\\big)`);
      }
      const result = of(batchOf('a', n), N, width, col(j));
      return form(result, [Z], `${shaped(result)} = f\\big(${shaped(Z)}\\big),\\quad \\mathbf{f}'(${Zs.tex}) \\text{ elementwise}`);
    }
    case 'loss': {
      const Yhat = of(batchOf('a', n), N, width, exampleRow(s));
      const Ys = batchOf('y', n);
      const Y = operand(`${Ys.text} (one-hot)`, Ys.tex, N, width, exampleRow(s));
      const result = of(sym.loss(), 1, 1, { kind: 'all' });
      return form(result, [Yhat, Y], `${shaped(result)} = -\\tfrac{1}{N}\\,\\mathbf{1}^{\\top}\\big(${shaped(Y)} \\odot \\log ${shaped(Yhat)}\\big)\\,\\mathbf{1}`);
    }
    case 'outputDelta': {
      const result = of(batchOf('delta', n), N, width, col(j));
      const Yhat = of(batchOf('a', n), N, width, col(j));
      const Ys = batchOf('y', n);
      const Y = operand(`${Ys.text} (one-hot)`, Ys.tex, N, width, col(j));
      return form(result, [Yhat, Y], `${shaped(result)} = ${shaped(Yhat)} - ${shaped(Y)}`);
    }
    case 'hiddenDelta': {
      const nNext = net.sizes[l + 2];
      const Zs = batchOf('z', n);
      const result = of(batchOf('delta', n), N, width, col(j));
      const Fp = operand(`f′(${Zs.text})`, `\\mathbf{f}'(${Zs.tex})`, N, width, col(j));
      const Dn = of(batchOf('delta', n + 1), N, nNext, exampleRow(s));
      const Wn = of(sym.weights(n + 1), nNext, width, col(j));
      return form(result, [Fp, Dn, Wn], `${shaped(result)} = ${shaped(Fp)} \\odot \\big(${shaped(Dn)}\\,${shaped(Wn)}\\big)`);
    }
    case 'gradients': {
      const result = of(gradient(sym.weights(n)), width, nIn, unitRow(j));
      const Dt = of(transposed(batchOf('delta', n)), width, N, unitRow(j));
      const A = of(prev, N, nIn, { kind: 'all' });
      return form(result, [Dt, A], `${shaped(result)} = \\tfrac{1}{N}\\, ${shaped(Dt)}\\,${shaped(A)}`);
    }
    case 'update': {
      const Ws = sym.weights(n);
      const Vs = sym.velocity(n);
      const W = of(Ws, width, nIn, unitRow(j));
      const G = of(gradient(Ws), width, nIn, unitRow(j));
      const V = of(Vs, width, nIn, unitRow(j));
      return form(
        W,
        momentum ? [G, V] : [G],
        momentum
          ? `${shaped(V)} := \\alpha\\, ${shaped(G)} + \\mu\\, ${Vs.tex},\\quad ${Ws.tex} := ${Ws.tex} - ${Vs.tex}`
          : `${shaped(W)} := ${Ws.tex} - \\alpha\\, ${shaped(G)}`,
      );
    }
  }
}
