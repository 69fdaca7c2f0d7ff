// Reads the arithmetic a lesson shows and recomputes it from the numbers as shown. A formula
// "(0.9)(0.4525) + (−0.3)(−0.4525) = 0.5429" claims that the numbers on its left give the one
// on its right at the precision it is written to: from 0.9, 0.4525, −0.3 and −0.4525 the sum
// is 0.5430, so that formula is wrong as shown even though 0.5429 is the machine's value
// rounded. Only parts made of numbers and arithmetic are read; a part with a symbol in it
// (δ₁, σ(…), Σ) is skipped, and only "=" is checked (not ≈, <, …). A \text{…} label is read
// as a label, not a number. Where both sides are arithmetic and differ in one bracket, as in
// "0.2403 × [0.9 · 0.4525 + 0.3 · 0.4525] = 0.2403 × 0.5429", the bracket is checked against
// the number that replaces it.

/** A number as written, and the unit of its last written digit. */
interface Shown {
  readonly value: number;
  readonly ulp: number;
}

type Token = { kind: 'num'; shown: Shown } | { kind: 'op'; text: string };

class NotArithmetic extends Error {}

/** A written number's value and last-digit unit: "0.4525" → 10⁻⁴; "1.2 \times 10^{-5}" → 10⁻⁶; "6,422,528" → 1. */
function shownNumber(mantissa: string, exponent = 0): Shown {
  const digits = mantissa.replace(/[{},]/g, '');
  const decimals = digits.includes('.') ? digits.length - digits.indexOf('.') - 1 : 0;
  return { value: Number(digits) * 10 ** exponent, ulp: 10 ** (exponent - decimals) };
}

const IGNORED = /\\left|\\right|\\[,;:! ]|\\quad|\\qquad|\\displaystyle|\\big[lr]?|\\Big[lr]?|~|&/g;

function tokenize(tex: string): Token[] {
  // \tfrac12 takes one character per argument, as TeX reads it.
  const s = tex.replace(/\\text\{[^}]*\}/g, ' ').replace(IGNORED, ' ').replace(/−/g, '-').replace(/(\\[dt]?frac)\s*(\d)(\d)/g, '$1{$2}{$3}');
  const tokens: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const rest = s.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    // A number, with its separators ({,} in TeX) and an optional "× 10^{e}" that belongs to it.
    const number = /^(\d{1,3}(?:\{,\}\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?:\s*\\times\s*10\s*\^\s*\{\s*(-?\d+)\s*\})?/.exec(rest);
    if (number) {
      tokens.push({ kind: 'num', shown: shownNumber(number[1], number[2] === undefined ? 0 : Number(number[2])) });
      i += number[0].length;
      continue;
    }
    const command = /^\\([a-zA-Z]+)/.exec(rest);
    if (command) {
      const name = command[1];
      const op = { times: '*', cdot: '*', div: '/', frac: 'frac', dfrac: 'frac', tfrac: 'frac', log: 'log', ln: 'log', sqrt: 'sqrt', exp: 'exp', tanh: 'tanh', cosh: 'cosh', max: 'max' }[name];
      if (!op) throw new NotArithmetic(`\\${name}`);
      tokens.push({ kind: 'op', text: op });
      i += command[0].length;
      continue;
    }
    const c = s[i];
    if ('+-*/()[]{}^,'.includes(c)) tokens.push({ kind: 'op', text: c });
    else if (c === 'e' && /^e\s*\^/.test(rest)) tokens.push({ kind: 'op', text: 'e' });
    else throw new NotArithmetic(c);
    i += 1;
  }
  return tokens;
}

const CLOSE: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Evaluates arithmetic tokens: + − × ÷ /, juxtaposed brackets as products, \frac, e^{…}, \log, \sqrt. */
function evaluateTokens(tokens: readonly Token[]): number {
  let at = 0;
  const peek = () => tokens[at];
  const isOp = (text: string) => peek()?.kind === 'op' && (peek() as { text: string }).text === text;
  const take = (text: string) => {
    if (!isOp(text)) throw new NotArithmetic(`expected ${text}`);
    at += 1;
  };
  const startsPrimary = () => {
    const t = peek();
    return t !== undefined && (t.kind === 'num' || ['(', '[', '{', 'frac', 'e', 'log', 'sqrt', 'exp', 'tanh', 'cosh', 'max'].includes(t.text));
  };
  function group(): number {
    const t = peek();
    if (t?.kind === 'op' && CLOSE[t.text]) {
      at += 1;
      const v = expr();
      take(CLOSE[t.text]);
      return v;
    }
    return primary();
  }
  function primary(): number {
    const t = peek();
    if (!t) throw new NotArithmetic('end');
    if (t.kind === 'num') {
      at += 1;
      return t.shown.value;
    }
    switch (t.text) {
      case '(':
      case '[':
      case '{':
        return group();
      case 'frac': {
        at += 1;
        const top = group();
        return top / group();
      }
      case 'e':
        at += 1;
        take('^');
        return Math.exp(group());
      case 'exp':
        at += 1;
        return Math.exp(group());
      case 'log':
        at += 1;
        return Math.log(power());
      case 'sqrt':
        at += 1;
        return Math.sqrt(group());
      case 'tanh':
      case 'cosh': {
        // \cosh^2(x) is cosh(x)², as TeX writes it.
        at += 1;
        let exponent = 1;
        if (isOp('^')) {
          at += 1;
          exponent = group();
        }
        const x = power();
        return (t.text === 'tanh' ? Math.tanh(x) : Math.cosh(x)) ** exponent;
      }
      case 'max': {
        at += 1;
        const open = peek();
        if (open?.kind !== 'op' || !CLOSE[open.text]) throw new NotArithmetic('max without (');
        at += 1;
        let v = expr();
        while (isOp(',')) {
          at += 1;
          v = Math.max(v, expr());
        }
        take(CLOSE[open.text]);
        return v;
      }
    }
    throw new NotArithmetic(t.text);
  }
  function power(): number {
    const base = primary();
    if (isOp('^')) {
      at += 1;
      return base ** group();
    }
    return base;
  }
  function unary(): number {
    if (isOp('-')) {
      at += 1;
      return -unary();
    }
    if (isOp('+')) {
      at += 1;
      return unary();
    }
    return power();
  }
  function term(): number {
    let v = unary();
    for (;;) {
      if (isOp('*')) {
        at += 1;
        v *= unary();
      } else if (isOp('/')) {
        at += 1;
        v /= unary();
      } else if (startsPrimary()) v *= power(); // (0.9)(0.4525)
      else return v;
    }
  }
  function expr(): number {
    let v = term();
    for (;;) {
      if (isOp('+')) {
        at += 1;
        v += term();
      } else if (isOp('-')) {
        at += 1;
        v -= term();
      } else return v;
    }
  }
  const v = expr();
  if (at !== tokens.length) throw new NotArithmetic('trailing tokens');
  return v;
}

/** A part that is one written number (signed, bracketed or not): its value and last-digit unit. */
function asLiteral(tokens: readonly Token[]): Shown | null {
  let inner = tokens;
  while (inner.length >= 2 && inner[0].kind === 'op' && CLOSE[inner[0].text] && inner[inner.length - 1].kind === 'op' && (inner[inner.length - 1] as { text: string }).text === CLOSE[inner[0].text]) inner = inner.slice(1, -1);
  const sign = inner.length === 2 && inner[0].kind === 'op' && (inner[0].text === '-' || inner[0].text === '+') ? inner[0].text : null;
  const body = sign ? inner.slice(1) : inner;
  if (body.length !== 1 || body[0].kind !== 'num') return null;
  return { value: sign === '-' ? -body[0].shown.value : body[0].shown.value, ulp: body[0].shown.ulp };
}

interface Part {
  readonly tex: string;
  readonly tokens: readonly Token[];
  readonly value: number;
  readonly literal: Shown | null;
}

function readPart(tex: string): Part | null {
  try {
    const tokens = tokenize(tex);
    if (tokens.length === 0) return null;
    return { tex: tex.trim(), tokens, value: evaluateTokens(tokens), literal: asLiteral(tokens) };
  } catch (error) {
    if (error instanceof NotArithmetic) return null;
    throw error;
  }
}

const sameToken = (a: Token, b: Token): boolean =>
  a.kind === 'num' ? b.kind === 'num' && a.shown.value === b.shown.value && a.shown.ulp === b.shown.ulp : b.kind === 'op' && a.text === b.text;

/** Does `tokens` open with a bracket that closes at its last token? */
function oneBracket(tokens: readonly Token[]): boolean {
  const first = tokens[0];
  if (tokens.length < 2 || first.kind !== 'op' || !CLOSE[first.text]) return false;
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'op') continue;
    if (CLOSE[t.text]) depth += 1;
    else if (Object.values(CLOSE).includes(t.text)) depth -= 1;
    if (depth === 0) return i === tokens.length - 1;
  }
  return false;
}

/**
 * Two arithmetic sides that are the same but for one bracket on the left and one written
 * number on the right ("f × [a + b] = f × s"): the bracket and the number, else null.
 */
function differingBracket(left: Part, right: Part): { left: Part; right: Part } | null {
  const a = left.tokens;
  const b = right.tokens;
  let p = 0;
  while (p < a.length && p < b.length && sameToken(a[p], b[p])) p++;
  let q = 0;
  while (q < a.length - p && q < b.length - p && sameToken(a[a.length - 1 - q], b[b.length - 1 - q])) q++;
  const middleLeft = a.slice(p, a.length - q);
  const middleRight = b.slice(p, b.length - q);
  const literal = asLiteral(middleRight);
  if (!oneBracket(middleLeft) || !literal) return null;
  try {
    return { left: { tex: left.tex, tokens: middleLeft, value: evaluateTokens(middleLeft), literal: null }, right: { tex: right.tex, tokens: middleRight, value: literal.value, literal } };
  } catch (error) {
    if (error instanceof NotArithmetic) return null;
    throw error;
  }
}

/** The relations that end one side of a formula; only = is checked. */
const RELATIONS = /=|(?:\\approx|\\neq?|\\leq?|\\geq?|\\to|\\sim|\\propto|\\equiv)(?![a-zA-Z])|<|>|:=/;

/**
 * Every "A = B" of a formula where one side is a written number and the other is arithmetic on
 * written numbers (or both are written numbers), and the arithmetic does not give the number
 * at the precision it is written to. Each is described as "left = right (the shown numbers give x)".
 */
export function arithmeticMismatches(tex: string): string[] {
  return checkShownArithmetic(tex).mismatches;
}

/** The same, with the count of "A = B" it recomputed. */
export function checkShownArithmetic(tex: string): { compared: number; mismatches: string[] } {
  const found: string[] = [];
  let compared = 0;
  for (const chain of chains(tex)) {
    const result = checkChain(chain);
    compared += result.compared;
    found.push(...result.mismatches);
  }
  return { compared, mismatches: found };
}

/**
 * An aligned block's chains: a row that starts with "&" ("&= …", "&\qquad + …") continues the
 * row before it; a row with a symbol before its "&" starts a new chain.
 */
function chains(tex: string): string[] {
  const rows = tex.replace(/\\begin\{[a-z*]+\}|\\end\{[a-z*]+\}/g, ' ').split('\\\\');
  const out: string[] = [];
  for (const row of rows) {
    if (out.length > 0 && row.trim().startsWith('&')) out[out.length - 1] += ` ${row}`;
    else out.push(row);
  }
  return out;
}

/** The chain's parts between its relations, each with the relation before it (relations inside {…} are a subscript's). */
function splitRelations(line: string): { relation: string; text: string }[] {
  const pieces: { relation: string; text: string }[] = [];
  let relation = '';
  let from = 0;
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && /[{}]/.test(line[i + 1] ?? '')) {
      i += 1; // \{ and \} are characters, not groups
      continue;
    }
    if (c === '{') depth += 1;
    else if (c === '}') depth -= 1;
    if (depth !== 0) continue;
    const m = new RegExp(`^(?:${RELATIONS.source})`).exec(line.slice(i));
    if (!m) continue;
    pieces.push({ relation, text: line.slice(from, i) });
    relation = m[0];
    i += m[0].length - 1;
    from = i + 1;
  }
  pieces.push({ relation, text: line.slice(from) });
  return pieces;
}

function checkChain(line: string): { compared: number; mismatches: string[] } {
  const found: string[] = [];
  let compared = 0;
  const pieces = splitRelations(line);
  for (let k = 1; k < pieces.length; k++) {
    if (pieces[k].relation !== '=') continue;
    let left = readPart(pieces[k - 1].text);
    let right = readPart(pieces[k].text);
    if (!left || !right) continue;
    if (!left.literal && !right.literal) {
      const differing = differingBracket(left, right);
      if (!differing) continue;
      ({ left, right } = differing);
    }
    let ulp: number;
    let exact: number;
    let shown: number;
    if (left.literal && right.literal) {
      ulp = Math.max(left.literal.ulp, right.literal.ulp);
      [exact, shown] = left.literal.ulp <= right.literal.ulp ? [left.value, right.value] : [right.value, left.value];
    } else if (right.literal) {
      ulp = right.literal.ulp;
      [exact, shown] = [left.value, right.value];
    } else if (left.literal) {
      ulp = left.literal.ulp;
      [exact, shown] = [right.value, left.value];
    } else continue;
    compared += 1;
    // The shown number must be the arithmetic rounded to its last digit (a hair of slack for
    // the double arithmetic of the check itself).
    if (!(Math.abs(exact - shown) <= 0.5 * ulp * (1 + 1e-9) + 1e-12 * Math.abs(shown))) {
      found.push(`${left.tex} = ${right.tex} (the numbers shown give ${exact.toPrecision(8)})`);
    }
  }
  return { compared, mismatches: found };
}
