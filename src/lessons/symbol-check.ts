// The load-time check that a lesson writes the symbols the notation writes for its net
// (src/notation/symbols.ts). It reads every symbol of a unit or a layer — z, a, δ, b, w, W,
// ŷ, y, x and their bold vectors and batch matrices — in the lesson's TeX (and δ₁-style
// subscripts in its plain text), and refuses what the notation never writes:
// - a bare number under a symbol (δ_1, w_{13}, \mathbf W_1): it does not say whose unit or which
//   layer — in the 2-2-2 net δ₁ could be hidden unit 1 or output class 1;
// - a unit counted from 0 where the rule counts from 1 (x_{i=0}, δ_{j=0}, an example n = 0);
// - a layer superscript (δ^{(1)}) in a net with at most one hidden layer, which tells its
//   layers apart by the letters i, j, k;
// - in a deeper net, a unit's letter without its layer superscript (δ_{j=5}, z_j), since there
//   j is any hidden layer; and a superscript naming no layer of the net.
// - a typed symbol set equal to a live value that is not the notation's symbol for that value
//   (`z = {{ z(1, 4) }}` beside `z = {{ z(1, 1) }}`, or `\delta_{k=1} = {{ delta(1, 1) }}`).
// Each message says what the notation writes instead. The report's own equations (`equations:
// [8]`) are quoted as the report writes them and are not checked; `{{ … | symbol }}` values
// are the notation's and pass by construction.

import { layerNotation, type NetNotation, type UnitQuantity } from '../notation';
import { labelOf, type Position } from '../notation/indices';
import { lessonSymbol } from './symbols';

/** A symbol as a lesson wrote it: its base, its layer superscript and its subscript's parts. */
export interface WrittenSymbol {
  /** The TeX as written, e.g. "\delta_{j=1}", and where it starts and ends in the text read. */
  readonly written: string;
  readonly at: number;
  readonly end: number;
  readonly base: Base;
  /** The layer of a `^{(l)}` superscript; NaN for a live value; null when there is none. */
  readonly layer: number | null;
  /** The subscript's comma-separated parts, spaces removed: "k=0", "j", "kj", "1", "#". */
  readonly parts: readonly string[];
}

/** What a symbol's letter stands for: a unit's quantity, one example's vector, or a batch matrix or W. */
export type Base =
  | { readonly kind: 'unit'; readonly quantity: UnitQuantity | 'x' | 'yhat' | 'w'; readonly tex: string }
  | { readonly kind: 'vector'; readonly quantity: UnitQuantity | 'x' | 'yhat'; readonly tex: string }
  | { readonly kind: 'matrix'; readonly quantity: UnitQuantity | 'x' | 'yhat' | 'W' | 'V'; readonly tex: string };

/** A live value `{{ … }}` in a subscript or superscript stands for some number: it is read as LIVE, one per character. */
export const LIVE = '#';
const LIVE_RUN = /^#+$/;

const UNIT_LETTERS: Readonly<Record<string, UnitQuantity | 'x' | 'w'>> = { z: 'z', a: 'a', b: 'b', w: 'w', x: 'x', y: 'y' };
const BOLD_LOWER: Readonly<Record<string, UnitQuantity | 'x'>> = { z: 'z', a: 'a', b: 'b', x: 'x', y: 'y' };
const BOLD_UPPER: Readonly<Record<string, UnitQuantity | 'x' | 'W' | 'V'>> = { Z: 'z', A: 'a', X: 'x', Y: 'y', W: 'W', V: 'V' };

// The head of a symbol: \boldsymbol\delta / \boldsymbol{\Delta}, \delta, \hat y / \hat{\mathbf Y}, \mathbf W / \mathbf{z}, or a bare letter.
const HEAD =
  /(?<![\\A-Za-z])(?:\\boldsymbol\s*\{?\s*\\(delta|Delta)\s*\}?|\\(delta)(?![A-Za-z])|\\hat\s*\{?\s*(?:\\mathbf\s*\{?\s*([yY])\s*\}?|(y))\s*\}?|\\mathbf\s*\{?\s*([zabxyZAXYWV])\s*\}?|([zabwxyW])(?![A-Za-z]))/g;

function baseOf(m: RegExpExecArray): Base | null {
  const [, boldDelta, delta, boldHat, hat, bold, letter] = m;
  if (boldDelta) return boldDelta === 'Delta' ? { kind: 'matrix', quantity: 'delta', tex: '\\boldsymbol{\\Delta}' } : { kind: 'vector', quantity: 'delta', tex: '\\boldsymbol{\\delta}' };
  if (delta) return { kind: 'unit', quantity: 'delta', tex: '\\delta' };
  if (boldHat) return boldHat === 'Y' ? { kind: 'matrix', quantity: 'yhat', tex: '\\hat{\\mathbf{Y}}' } : { kind: 'vector', quantity: 'yhat', tex: '\\hat{\\mathbf{y}}' };
  if (hat) return { kind: 'unit', quantity: 'yhat', tex: '\\hat y' };
  if (bold && bold in BOLD_UPPER) return { kind: 'matrix', quantity: BOLD_UPPER[bold] as Exclude<Base['quantity'], 'w'>, tex: `\\mathbf{${bold}}` };
  if (bold && bold in BOLD_LOWER) return { kind: 'vector', quantity: BOLD_LOWER[bold], tex: `\\mathbf{${bold}}` };
  if (letter === 'W') return { kind: 'matrix', quantity: 'W', tex: 'W' };
  if (letter) return { kind: 'unit', quantity: UNIT_LETTERS[letter], tex: letter };
  return null;
}

/** The group that starts at `at` (after `_` or `^`): {…} with its braces balanced, a \command, or one character. */
function groupAt(tex: string, at: number): { text: string; end: number } | null {
  let i = at;
  while (tex[i] === ' ') i++;
  if (i >= tex.length) return null;
  if (tex[i] === '{') {
    let depth = 0;
    for (let j = i; j < tex.length; j++) {
      if (tex[j] === '{') depth++;
      else if (tex[j] === '}' && --depth === 0) return { text: tex.slice(i + 1, j), end: j + 1 };
    }
    return null;
  }
  if (tex[i] === '\\') {
    const m = /^\\[A-Za-z]+|^\\./.exec(tex.slice(i));
    return m ? { text: m[0], end: i + m[0].length } : null;
  }
  return { text: tex[i], end: i + 1 };
}

/** Top-level comma-separated parts of a subscript, with TeX spacing and live values simplified. */
function partsOf(sub: string): string[] {
  const flat = sub.replace(/\\[,;:! ]|\\quad|\s+/g, '');
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < flat.length; i++) {
    if (flat[i] === '{') depth++;
    else if (flat[i] === '}') depth--;
    else if (flat[i] === ',' && depth === 0) {
      parts.push(flat.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(flat.slice(start));
  return parts.filter((p) => p !== '').map((p) => p.replace(/^\{(.*)\}$/, '$1'));
}

/** Every symbol of a unit or a layer in a piece of TeX (live values `{{ … }}` read as some number). */
export function symbolsIn(texWithLiveValues: string): WrittenSymbol[] {
  // Each live value becomes as many LIVE marks as it has characters, so positions stay those of the text.
  const tex = texWithLiveValues.replace(/\{\{[\s\S]*?\}\}/g, (v) => LIVE.repeat(v.length));
  const out: WrittenSymbol[] = [];
  for (const m of tex.matchAll(HEAD)) {
    const base = baseOf(m);
    if (!base) continue;
    let at = m.index! + m[0].length;
    let layer: number | null = null;
    let parts: string[] = [];
    for (let n = 0; n < 2; n++) {
      const next = /^\s*([_^])/.exec(tex.slice(at));
      if (!next) break;
      const group = groupAt(tex, at + next[0].length);
      if (!group) break;
      if (next[1] === '_') parts = partsOf(group.text);
      else {
        const sup = /^\(\s*(\d+|#+)\s*\)$/.exec(group.text.trim());
        if (sup) layer = LIVE_RUN.test(sup[1]) ? NaN : Number(sup[1]);
      }
      at = group.end;
    }
    out.push({ written: texWithLiveValues.slice(m.index, at).trim(), at: m.index!, end: at, base, layer, parts: parts.map((p) => p.replace(/#+/g, LIVE)) });
  }
  return out;
}

const isNumber = (part: string) => /^(\d+|#)$/.test(part);
/** A unit's letter run into its number, "k5" or "5k": as unclear as a bare number. */
const isRunTogether = (part: string) => /^[ijkn]'?(\d+|#)$|^(\d+|#)[ijkn]'?$/.test(part);

/** "hidden unit 3", "output class 3", "input 3" — what a unit label names on a layer. */
function unitWords(net: NetNotation, layer: number, label: string): string {
  if (layer === 0) return `input ${label}`;
  if (layer === net.layers) return `output class ${label}`;
  return net.superscripts ? `unit ${label} of hidden layer ${layer}` : `hidden unit ${label}`;
}

/** The notation's symbol for a unit named by a label as written ("3" or "#"), with the label put back as written. */
function unitTex(net: NetNotation, quantity: UnitQuantity | 'x' | 'yhat', layer: number, label: string): string {
  const position: Position = layer === 0 ? 'input' : layer === net.layers ? 'class' : 'unit';
  const first = labelOf(position, 0);
  const n = label === LIVE ? first : Number(label);
  const index = Math.max(0, n - first);
  const q: UnitQuantity = quantity === 'x' || quantity === 'yhat' ? 'a' : quantity;
  const tex = net.scope(Math.max(1, layer)).unit(q, layer, { index }).tex;
  return label === LIVE ? tex.replace(new RegExp(`=${labelOf(position, index)}\\}`), '={{…}}}') : tex;
}

/** The layers a unit quantity can be on: x the input, ŷ and y the output, the rest every dense layer. */
function layersOf(net: NetNotation, quantity: Base['quantity']): number[] {
  if (quantity === 'x') return [0];
  if (quantity === 'yhat' || quantity === 'y') return [net.layers];
  return Array.from({ length: net.layers }, (_, l) => l + 1);
}

/** What the notation writes instead of a symbol with a bare number: every reading of it, named. */
function insteadOfBare(net: NetNotation, s: WrittenSymbol): string {
  const { base, parts } = s;
  const layers = layersOf(net, base.quantity);
  if (base.kind !== 'unit') {
    const label = parts.find(isNumber)!;
    const layer = Number(label);
    const forms = (Number.isInteger(layer) && layers.includes(layer) ? [layer] : layers).map((l) => {
      const scope = net.scope(l);
      const q = base.quantity === 'W' || base.quantity === 'V' ? null : base.quantity === 'x' || base.quantity === 'yhat' ? 'a' : base.quantity;
      const symbol = q === null ? (base.quantity === 'V' ? scope.velocity(l) : scope.weights(l)) : base.kind === 'matrix' ? scope.batch(q, l) : q === 'b' ? scope.biases(l) : scope.vector(q, l);
      return `${symbol.tex} (layer ${l})`;
    });
    return `a layer is told by ${net.superscripts ? 'its superscript' : 'its letter'}: write ${forms.join(' or ')}`;
  }
  if (base.quantity === 'w') {
    const labels = parts.length === 2 ? parts : parts.length === 1 && /^\d\d$/.test(parts[0]) ? [...parts[0]] : [LIVE, LIVE];
    const forms = layers.map((l) => {
      const scope = net.scope(l);
      const index = (layer: number, label: string) => (label === LIVE || !isNumber(label) ? null : Math.max(0, Number(label) - labelOf(layer === 0 ? 'input' : layer === net.layers ? 'class' : 'unit', 0)));
      return `${scope.weight(l, { index: index(l, labels[0]) }, { index: index(l - 1, labels[1]) }).tex} (layer ${l})`;
    });
    return `name each unit by its letter: write ${forms.join(' or ')}`;
  }
  const label = parts.find(isNumber)!;
  const counted = layers.filter((l) => label === LIVE || Number(label) >= labelOf(l === 0 ? 'input' : l === net.layers ? 'class' : 'unit', 0));
  if (counted.length === 0) return `inputs and hidden units are counted from 1: write ${unitTex(net, base.quantity as UnitQuantity | 'x' | 'yhat', layers[0], '1')} for the first`;
  const forms = counted.map((l) => `${unitTex(net, base.quantity as UnitQuantity | 'x' | 'yhat', l, label)} (${unitWords(net, l, label === LIVE ? '…' : label)})`);
  return `write ${forms.join(' or ')}`;
}

/** What a one-hidden-layer net writes for a symbol with a layer superscript: the layer's letter in its place. */
function insteadOfSuperscript(net: NetNotation, s: WrittenSymbol): string {
  const { base, layer, parts } = s;
  const valid = layer !== null && Number.isInteger(layer) && layer >= 1 && layer <= net.layers;
  const unit = /^[ijk]=(\d+)$/.exec(parts[0] ?? '');
  if (!valid || base.kind !== 'unit' || base.quantity === 'w' || parts.length > 1) return 'write the layer\'s letter: j a hidden unit, k an output, i an input';
  const letter = net.scope(layer).letter(layer);
  return `write ${unit ? unitTex(net, base.quantity as UnitQuantity, layer, unit[1]) : `${base.tex}_{${letter}}`}, the letter ${letter} naming layer ${layer}`;
}

/** What the notation would not write about one symbol of a net of `layers` weight layers, or null. */
export function symbolProblem(s: WrittenSymbol, layers: number): string | null {
  const net = layerNotation(layers);
  const { base, parts, layer } = s;
  const name = base.tex;
  if (parts.some(isRunTogether)) {
    return `${s.written}: a letter and a number run together do not say which is which — write each unit as letter = number (w_{k,\\,j=5}, not w_{k5})`;
  }
  if (parts.some(isNumber)) {
    return `${s.written}: a bare number under ${name} does not say whose unit or which layer it is — ${insteadOfBare(net, s)}`;
  }
  const layered = base.quantity !== 'x' && base.quantity !== 'yhat' && base.quantity !== 'y';
  for (const part of parts) {
    const m = /^([ijn])'?=0$/.exec(part);
    // In a deeper net an output unit is j of its own equation (ŷ_{j=0}, δ⁽ᴸ⁾_{j=0}): its class counts from 0.
    const outputJ = m?.[1] === 'j' && net.superscripts && (layer === net.layers || !layered);
    if (m && !outputJ) {
      const what = m[1] === 'i' ? 'inputs' : m[1] === 'n' ? 'examples' : 'hidden units';
      return `${s.written}: ${what} are counted from 1 (only output units are named by their class, from 0) — write ${m[1]}=1 for the first`;
    }
  }
  if (layer !== null && !net.superscripts) {
    return `${s.written}: this lesson's net has ${layers === 1 ? 'no hidden layer' : 'one hidden layer'}, so the notation tells its layers apart by the letters i, j, k, not by a superscript — ${insteadOfSuperscript(net, s)}`;
  }
  if (layer !== null && !Number.isNaN(layer) && (layer < (layered ? 1 : 0) || layer > layers)) {
    return `${s.written}: layer ${layer} is not a layer of this net (its layers with ${name} are ${layered ? 1 : 0} … ${layers})`;
  }
  if (net.superscripts && layer === null && layered && parts.length > 0) {
    return `${s.written}: in a net with more than one hidden layer a letter does not say which layer — write the layer as a superscript, ${name}^{(l)}_{${parts.join(',')}} (l = 1 … ${layers - 1} hidden, ${layers} the output)`;
  }
  return null;
}

const SUBSCRIPT_DIGITS = '₀₁₂₃₄₅₆₇₈₉';
// δ₁, z₁₂, ŷ₃, W₁ in running text: a symbol with digit subscripts.
const TEXT_SYMBOL = /(?<![A-Za-zα-ωΑ-Ω])([zabwxyδŷW])([₀-₉]+)/g;

/** Symbols in running text (outside TeX) with a digit subscript, as TeX for symbolProblem: "δ₁" → "\delta_{1}". */
export function textSymbolsIn(text: string): WrittenSymbol[] {
  const out: WrittenSymbol[] = [];
  for (const m of text.matchAll(TEXT_SYMBOL)) {
    const digits = [...m[2]].map((d) => SUBSCRIPT_DIGITS.indexOf(d)).join('');
    const tex = { δ: '\\delta', ŷ: '\\hat y', W: '\\mathbf W' }[m[1]] ?? m[1];
    const [symbol] = symbolsIn(`${tex}_{${digits}}`);
    if (symbol) out.push({ ...symbol, written: m[0], at: m.index!, end: m.index! + m[0].length });
  }
  return out;
}

/** The TeX ($…$ and $$…$$) of a piece of lesson Markdown, and the running text around it. */
export function splitMath(markdown: string): { math: string[]; text: string } {
  const math: string[] = [];
  const text = markdown
    .replace(/\$\$([\s\S]+?)\$\$/g, (_, tex: string) => (math.push(tex), ' '))
    .replace(/\$((?:\\.|[^\\$\n])+?)\$/g, (_, tex: string) => (math.push(tex), ' '))
    .replace(/\{\{[\s\S]*?\}\}/g, ' ');
  return { math, text };
}

/** A typed symbol set equal to a live value, `\delta_{j=1} = {{ delta(1, 1) }}`: it names that value's quantity. */
export interface BoundSymbol {
  readonly symbol: WrittenSymbol;
  /** The live value's expression, e.g. "delta(1, 1)". */
  readonly source: string;
}

/** The quantity functions a typed symbol may be set equal to. */
const BINDABLE = /^(x|z|a|delta|b|yhat|y|w)\s*\(/;

/**
 * Every symbol of a formula that stands alone on the left of "= {{ call }}" — not a term of a sum
 * ("ŷ − y = {{ … }}") nor the first of a product ("= {{ … }} − {{ … }}") — with the call it equals.
 */
export function boundSymbols(tex: string): BoundSymbol[] {
  const out: BoundSymbol[] = [];
  for (const symbol of symbolsIn(tex)) {
    const bound = /^\s*=\s*\{\{([\s\S]*?)\}\}\s*(.?)/.exec(tex.slice(symbol.end));
    const before = tex.slice(0, symbol.at).trimEnd().slice(-1);
    if (!bound || /[-+*/)}]/.test(before) || /[-+*/^_]/.test(bound[2])) continue;
    const source = bound[1].replace(/(?<!\|)\|(?!\|)[\s\S]*$/, '').trim();
    if (BINDABLE.test(source) && !/\|\s*symbol\s*$/.test(bound[1])) out.push({ symbol, source });
  }
  return out;
}

/** Why a typed symbol is not the notation's for the value it is set equal to, or null (also when the call reads the machine in its arguments). */
export function boundProblem({ symbol, source }: BoundSymbol, layers: number): string | null {
  let notation: string;
  try {
    notation = lessonSymbol(source, layers).tex;
  } catch {
    return null;
  }
  const expected = symbolsIn(notation)[0];
  // With layer superscripts the letter is the equation's (δ⁽³⁾_{j=0} in its own equation, δ⁽³⁾_{k=0} in the one below): the layer and number decide.
  const unit = (parts: readonly string[]) => parts.map((p) => (layers > 2 ? p.replace(/^[ijk]'?=/, '=') : p)).join(',');
  const same = expected && expected.base.tex === symbol.base.tex && Object.is(expected.layer, symbol.layer) && unit(expected.parts) === unit(symbol.parts);
  return same ? null : `${symbol.written} = {{ ${source} }}: the notation writes ${notation} for ${source} — write that, or {{ ${source} | symbol }}`;
}
