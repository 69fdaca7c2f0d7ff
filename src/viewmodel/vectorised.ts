// One sub-step in matrix form, beside the per-neuron sum: the operands with their
// shapes (N examples, n_l units), which row or column the selected unit and example
// read or write, and the report's equation numbers on each side — per-neuron
// (2)–(8), (11) and vectorised (10), (13)–(15). The TeX uses the report's symbols with
// 1-based layer numbers; each operand carries its shape as a grey subscript.

import type { DebuggerContext } from '../session/context';
import type { ReportEquation } from '../notation';
import { currentFrame } from '../session/history';
import type { PlannedStep } from '../session/plan';
import { labelOf, unitPosition, type Position } from '../notation/indices';
import { subscript as sub } from '../notation/text';

/** 0-based rows and columns; `counts` says what the index counts, so the words name it as every screen does. */
export type Highlight =
  | { readonly kind: 'row'; readonly index: number; readonly counts: Position }
  | { readonly kind: 'column'; readonly index: number; readonly counts: Position }
  | { readonly kind: 'cell'; readonly row: number; readonly column: number; readonly counts: Position }
  | { readonly kind: 'all' };

export interface MatrixOperand {
  /** Plain-text name with the report's 1-based layer: "δ₁", "W₂", "a₀ = x". */
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
      return h.counts === 'class' ? `the entry of class ${h.column}` : `row ${h.row + 1}, column ${labelOf(h.counts, h.column)}`;
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
export function vectorisedForm(ctx: Pick<DebuggerContext, 'history' | 'plan' | 'sample'>, step: PlannedStep, neuron: number): VectorisedForm {
  const { net, batch } = currentFrame(ctx.history).start;
  const N = batch.size;
  const l = step.layer;
  const n = l + 1; // the report's layer number
  const L = net.sizes.length - 1;
  const width = net.sizes[l + 1];
  const nIn = net.sizes[l];
  const j = neuron;
  const s = ctx.sample;
  const isOutput = l === L - 1;
  const prevName = l === 0 ? 'x' : `a${sub(l)}`;
  const prevTex = l === 0 ? '\\mathbf{X}' : `\\mathbf{A}_{${l}}`;
  // Which unit j is: a class on the output layer, else a hidden unit; s is an example.
  const counts = unitPosition(l, L);
  const col = (index: number): Highlight => ({ kind: 'column', index, counts });
  const unitRow = (index: number): Highlight => ({ kind: 'row', index, counts });
  const exampleRow = (index: number): Highlight => ({ kind: 'row', index, counts: 'example' });

  switch (step.kind) {
    case 'preActivation': {
      const result = operand(`z${sub(n)}`, `\\mathbf{Z}_{${n}}`, N, width, col(j));
      const A = operand(prevName, prevTex, N, nIn, exampleRow(s));
      const Wt = operand(`W${sub(n)}ᵀ`, `\\mathbf{W}_{${n}}^{\\top}`, nIn, width, col(j));
      const b = operand(`b${sub(n)}ᵀ`, `\\mathbf{b}_{${n}}^{\\top}`, 1, width, { kind: 'cell', row: 0, column: j, counts });
      return {
        step,
        perNeuronEquations: [4, 6],
        matrixEquations: [],
        result,
        operands: [A, Wt, b],
        tex: `${shaped(result)} = ${shaped(A)}\\,${shaped(Wt)} + \\mathbf{1}\\,${shaped(b)}`,
      };
    }
    case 'activation': {
      const Z = operand(`z${sub(n)}`, `\\mathbf{Z}_{${n}}`, N, width, isOutput ? exampleRow(s) : col(j));
      if (isOutput) {
        const result = operand('ŷ', '\\hat{\\mathbf{Y}}', N, width, exampleRow(s));
        return {
          step,
          perNeuronEquations: [],
          matrixEquations: [],
          result,
          operands: [Z],
          tex: `${shaped(result)} = \\operatorname{softmax}_{\\text{rows}}\\!\\big(${shaped(Z)}\\big)`,
        };
      }
      const result = operand(`a${sub(n)}`, `\\mathbf{A}_{${n}}`, N, width, col(j));
      return {
        step,
        perNeuronEquations: step.equations,
        matrixEquations: [],
        result,
        operands: [Z],
        tex: `${shaped(result)} = f\\big(${shaped(Z)}\\big),\\quad \\mathbf{f}'(\\mathbf{Z}_{${n}}) \\text{ elementwise}`,
      };
    }
    case 'loss': {
      const Yhat = operand('ŷ', '\\hat{\\mathbf{Y}}', N, width, exampleRow(s));
      const Y = operand('y (one-hot)', '\\mathbf{Y}', N, width, exampleRow(s));
      const result = operand('C', 'C', 1, 1, { kind: 'all' });
      return {
        step,
        perNeuronEquations: [],
        matrixEquations: [],
        result,
        operands: [Yhat, Y],
        tex: `${shaped(result)} = -\\tfrac{1}{N}\\,\\mathbf{1}^{\\top}\\big(${shaped(Y)} \\odot \\log ${shaped(Yhat)}\\big)\\,\\mathbf{1}`,
      };
    }
    case 'outputDelta': {
      const result = operand(`δ${sub(n)}`, `\\boldsymbol{\\Delta}_{${n}}`, N, width, col(j));
      const Yhat = operand('ŷ', '\\hat{\\mathbf{Y}}', N, width, col(j));
      const Y = operand('y (one-hot)', '\\mathbf{Y}', N, width, col(j));
      return {
        step,
        perNeuronEquations: [3],
        matrixEquations: [],
        result,
        operands: [Yhat, Y],
        tex: `${shaped(result)} = ${shaped(Yhat)} - ${shaped(Y)}`,
      };
    }
    case 'hiddenDelta': {
      const nNext = net.sizes[l + 2];
      const result = operand(`δ${sub(n)}`, `\\boldsymbol{\\Delta}_{${n}}`, N, width, col(j));
      const Fp = operand(`f′(z${sub(n)})`, `\\mathbf{f}'(\\mathbf{Z}_{${n}})`, N, width, col(j));
      const Dn = operand(`δ${sub(n + 1)}`, `\\boldsymbol{\\Delta}_{${n + 1}}`, N, nNext, exampleRow(s));
      const Wn = operand(`W${sub(n + 1)}`, `\\mathbf{W}_{${n + 1}}`, nNext, width, col(j));
      return {
        step,
        perNeuronEquations: [8, 12],
        matrixEquations: [13, 14],
        result,
        operands: [Fp, Dn, Wn],
        tex: `${shaped(result)} = ${shaped(Fp)} \\odot \\big(${shaped(Dn)}\\,${shaped(Wn)}\\big)`,
      };
    }
    case 'gradients': {
      const result = operand(`∂C/∂W${sub(n)}`, `\\frac{\\partial C}{\\partial \\mathbf{W}_{${n}}}`, width, nIn, unitRow(j));
      const Dt = operand(`δ${sub(n)}ᵀ`, `\\boldsymbol{\\Delta}_{${n}}^{\\top}`, width, N, unitRow(j));
      const A = operand(prevName, prevTex, N, nIn, { kind: 'all' });
      return {
        step,
        perNeuronEquations: [2, 7],
        matrixEquations: isOutput ? [10] : [15],
        result,
        operands: [Dt, A],
        tex: `${shaped(result)} = \\tfrac{1}{N}\\, ${shaped(Dt)}\\,${shaped(A)}`,
      };
    }
    case 'update': {
      const rule = currentFrame(ctx.history).start.rule;
      const W = operand(`W${sub(n)}`, `\\mathbf{W}_{${n}}`, width, nIn, unitRow(j));
      const G = operand(`∂C/∂W${sub(n)}`, `\\frac{\\partial C}{\\partial \\mathbf{W}_{${n}}}`, width, nIn, unitRow(j));
      const momentum = rule.momentum !== 0;
      const V = operand(`V${sub(n)}`, `\\mathbf{V}_{${n}}`, width, nIn, unitRow(j));
      return {
        step,
        perNeuronEquations: isOutput ? [1, 9] : [1, 11],
        matrixEquations: momentum ? [19] : isOutput ? [10] : [15],
        result: W,
        operands: momentum ? [G, V] : [G],
        tex: momentum
          ? `${shaped(V)} := \\alpha\\, ${shaped(G)} + \\mu\\, \\mathbf{V}_{${n}},\\quad \\mathbf{W}_{${n}} := \\mathbf{W}_{${n}} - \\mathbf{V}_{${n}}`
          : `${shaped(W)} := \\mathbf{W}_{${n}} - \\alpha\\, ${shaped(G)}`,
      };
    }
  }
}
