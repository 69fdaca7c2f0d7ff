// A check report as the CLI prints it: the --json object (the shape issue 12 fixes, with
// names spelt as the trace format's fields) and the text for people. The page renders
// the CheckReport itself but takes its words (titles, fixes, equations) from the same places.

import { CATALOGUE } from './catalogue';
import type { CheckReport, FirstDifference, QuantityResult } from './results';
import { equationLabel } from './equations';
import { describeShape } from './layout';
import type { Axis } from './quantities';
import { exampleLabel, labelOf, layerLabel, sourceLabel } from '../notation/indices';
import { exactLiteral, literalNumber } from '../format';

export interface CheckReportJson {
  readonly agree: boolean;
  readonly tolerance: number;
  readonly quantities: {
    readonly name: string;
    readonly status: 'ok' | 'differs' | 'missing';
    readonly maxAbs: number | null;
    readonly maxRel: number | null;
    readonly given?: string;
    readonly note?: string;
  }[];
  readonly firstDifference: {
    readonly name: string;
    readonly given: string;
    readonly layer: number | null;
    readonly index: number[];
    readonly axes: Axis[];
    readonly expected: number;
    readonly actual: number;
    readonly equation: string;
    readonly formula: string;
  } | null;
  readonly diagnosis: { readonly id: string; readonly message: string; readonly title: string; readonly equation: string; readonly fix: string }[];
}

/** The --json object. Non-finite numbers stay numbers (formatJson writes them as Python's json does). */
export function checkReportToJson(report: CheckReport): CheckReportJson {
  const d = report.firstDifference;
  return {
    agree: report.agree,
    tolerance: report.tolerance,
    quantities: report.quantities.map((r) => ({
      name: r.quantity.name,
      status: r.status,
      maxAbs: r.maxAbs,
      maxRel: r.maxRel,
      ...(r.given && r.given.label !== r.quantity.name ? { given: r.given.label } : {}),
      ...(r.note ? { note: r.note } : {}),
    })),
    firstDifference: d && {
      name: d.name,
      given: d.label,
      layer: d.layer,
      index: [...d.index],
      axes: [...d.axes],
      expected: d.expected,
      actual: d.actual,
      equation: equationLabel(d.equation),
      formula: d.equation.formula,
    },
    diagnosis: report.diagnosis.map((x) => {
      const entry = CATALOGUE[x.id];
      return { id: x.id, message: x.message, title: entry.title, equation: equationLabel(entry.equation), fix: entry.fix };
    }),
  };
}

/**
 * Where an entry sits, in words counted as every screen counts (the app's index
 * convention): examples, inputs, hidden units and layers from 1 — layer 1 is W₁'s — and
 * output units by their class, from 0. "example 3, unit 5 of layer 1";
 * "class 7 of output layer 2, from unit 12 of layer 1". The bracketed JSON indices beside
 * it stay 0-based (index = label − 1).
 */
export function entryWords(d: Pick<FirstDifference, 'axes' | 'index' | 'layer'>): string {
  const at = (axis: Axis) => {
    const n = d.axes.indexOf(axis);
    return n < 0 ? null : d.index[n];
  };
  const layer = d.layer === null ? null : layerLabel(d.layer);
  const parts: string[] = [];
  const example = at('example');
  if (example !== null) parts.push(`example ${exampleLabel(example)}`);
  const unit = at('unit');
  const cls = at('class');
  if (unit !== null) parts.push(`unit ${labelOf('unit', unit)} of layer ${layer}`);
  else if (cls !== null) parts.push(`class ${cls} of output layer ${layer}`);
  else if (layer !== null) parts.push(`layer ${layer}`);
  const input = at('input');
  if (input !== null && layer !== null) parts.push(`from ${layer === 1 ? 'input' : 'unit'} ${sourceLabel(input, d.layer!)}${layer === 1 ? '' : ` of layer ${layer - 1}`}`);
  return parts.join(', ');
}

/** "layers[0].gradW[3][5] (your gradW1[3][5]) — unit 4 of layer 1, from input 6" */
export function describeEntry(d: FirstDifference): string {
  const where = d.index.map((i) => `[${i}]`).join('');
  const words = entryWords(d);
  const label = d.label !== d.name ? ` (your ${d.label}${where})` : '';
  return `${d.name}${where}${label}${words ? ` — ${words}` : ''}`;
}

function statusLine(r: QuantityResult, width: number): string {
  const name = r.quantity.name.padEnd(width);
  const given = r.given && r.given.label !== r.quantity.name ? ` (${r.given.label})` : '';
  const numbers = `${literalNumber(r.maxAbs ?? 0, 3).padStart(10)}  ${literalNumber(r.maxRel ?? 0, 3).padStart(10)}`;
  return `  ${name}  ${r.status.padEnd(7)}  ${numbers}${given}${r.note ? `  — ${r.note}` : ''}`;
}

/** The text report: a table of the given quantities, the first difference and the diagnosis. */
export function checkReportToText(report: CheckReport, heading: string): string {
  const lines: string[] = [heading, ''];
  const given = report.quantities.filter((r) => r.status !== 'missing');
  const missing = report.quantities.filter((r) => r.status === 'missing');
  const width = Math.max(8, ...given.map((r) => r.quantity.name.length));
  lines.push(`  ${'quantity'.padEnd(width)}  status   ${'max |diff|'.padStart(10)}  ${'max rel'.padStart(10)}`);
  for (const r of given) lines.push(statusLine(r, width));
  if (missing.length) lines.push('', `not given (${missing.length}): ${missing.map((r) => r.quantity.name).join(', ')}`);
  lines.push('');
  const d = report.firstDifference;
  if (!d) {
    lines.push(`AGREE: all ${given.length} quantities given agree within ${literalNumber(report.tolerance)} of each one's largest magnitude.`);
    return lines.join('\n') + '\n';
  }
  const differing = given.filter((r) => r.status === 'differs').length;
  lines.push(`DIFFERS: ${differing} of ${given.length} quantities given differ beyond ${literalNumber(report.tolerance)} of their largest magnitude.`);
  lines.push(`first difference, in the order the step computes: ${describeEntry(d)}`);
  lines.push(`  deltascope  ${exactLiteral(d.expected)}`);
  lines.push(`  yours       ${exactLiteral(d.actual)}`);
  lines.push(`  equation ${equationLabel(d.equation)}: ${d.equation.formula}`);
  lines.push('');
  if (report.diagnosis.length === 0) {
    lines.push('diagnosis: no mistake of the catalogue matches these numbers; the first difference above is where to look.');
  } else {
    for (const x of report.diagnosis) {
      const entry = CATALOGUE[x.id];
      lines.push(`diagnosis ${x.id}: ${entry.title}`);
      lines.push(`  ${x.message}`);
      lines.push(`  breaks ${equationLabel(entry.equation)}: ${entry.equation.formula}`);
      lines.push(`  fix: ${entry.fix}`);
    }
  }
  return lines.join('\n') + '\n';
}

export { describeShape };
