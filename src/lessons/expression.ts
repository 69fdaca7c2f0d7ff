// The lessons' answer language: small arithmetic expressions over named quantities of
// the live machine, e.g. `delta(2, 1)`, `lr() * grad_w(layer=1, to=3, from=0)` or
// `sum(k, 0, 9, w(2, k, 3) * delta(2, k))`. Parsed into a tree and evaluated by walking
// it — never by eval — so a lesson can only read what the functions in quantities.ts expose.
//
// Grammar (lowest precedence first):
//   expr    := or
//   or      := and ('||' and)*
//   and     := compare ('&&' compare)*
//   compare := sum (('<' | '<=' | '>' | '>=' | '==' | '!=') sum)?
//   sum     := product (('+' | '-') product)*
//   product := unary (('*' | '/') unary)*
//   unary   := ('-' | '!') unary | power
//   power   := primary ('^' unary)?
//   primary := number | name | name '(' [arg (',' arg)*] ')' | '(' expr ')'
//   arg     := name '=' expr | expr
// Comparisons and logic give 1 or 0. `sum(k, from, to, body)` and `if(c, a, b)` are
// special forms: the first binds k over from … to (inclusive), the second evaluates one branch.

import { plural } from '../format';

export type Expr =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'unary'; readonly op: '-' | '!'; readonly operand: Expr }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Arg[] };

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '<' | '<=' | '>' | '>=' | '==' | '!=' | '&&' | '||';

export interface Arg {
  /** Set for a named argument (`layer=2`). */
  readonly name: string | null;
  readonly value: Expr;
}

export class ExpressionError extends Error {
  override name = 'ExpressionError';
}

type Token = { readonly type: 'number'; readonly value: number; readonly at: number } | { readonly type: 'name' | 'op'; readonly text: string; readonly at: number };

const OPERATORS = ['<=', '>=', '==', '!=', '&&', '||', '+', '-', '*', '/', '^', '<', '>', '!', '(', ')', ',', '='];
const NUMBER = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
export const MAX_LENGTH = 500;

function tokenize(source: string): Token[] {
  if (source.length > MAX_LENGTH) throw new ExpressionError(`an expression may be at most ${MAX_LENGTH} characters`);
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ type: 'number', value: Number(number[0]), at: i });
      i += number[0].length;
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      tokens.push({ type: 'name', text: name[0], at: i });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (!op) throw new ExpressionError(`unexpected "${rest[0]}" at character ${i + 1}`);
    tokens.push({ type: 'op', text: op, at: i });
    i += op.length;
  }
  return tokens;
}

const tokenText = (t: Token): string => (t.type === 'number' ? String(t.value) : t.text);

const COMPARISONS = new Set(['<', '<=', '>', '>=', '==', '!=']);

/** Parses an expression; throws ExpressionError naming the position of the problem. */
export function parseExpression(source: string): Expr {
  const tokens = tokenize(source);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const isOp = (text: string): boolean => {
    const t = peek();
    return t !== undefined && t.type === 'op' && t.text === text;
  };
  const where = (): string => {
    const t = peek();
    return t ? `at character ${t.at + 1}` : 'at the end';
  };
  const expect = (text: string): void => {
    if (!isOp(text)) throw new ExpressionError(`expected "${text}" ${where()}`);
    position++;
  };

  const binaryLevel = (ops: readonly string[], next: () => Expr): (() => Expr) => () => {
    let left = next();
    while (ops.some(isOp)) {
      const op = (tokens[position++] as { text: BinaryOp }).text;
      left = { kind: 'binary', op, left, right: next() };
    }
    return left;
  };

  const primary = (): Expr => {
    const t = peek();
    if (!t) throw new ExpressionError('the expression ends too early');
    if (t.type === 'number') {
      position++;
      return { kind: 'number', value: t.value };
    }
    if (t.type === 'name') {
      position++;
      if (!isOp('(')) return { kind: 'name', name: t.text };
      position++;
      const args: Arg[] = [];
      if (!isOp(')')) {
        for (;;) {
          const a = peek();
          const b = tokens[position + 1];
          if (a?.type === 'name' && b?.type === 'op' && b.text === '=') {
            position += 2;
            args.push({ name: a.text, value: expression() });
          } else {
            args.push({ name: null, value: expression() });
          }
          if (isOp(')')) break;
          if (!isOp(',')) throw new ExpressionError(`expected "," or ")" ${where()}`);
          position++;
        }
      }
      expect(')');
      return { kind: 'call', name: t.text, args };
    }
    if (isOp('(')) {
      position++;
      const inner = expression();
      expect(')');
      return inner;
    }
    throw new ExpressionError(`unexpected "${tokenText(t)}" ${where()}`);
  };

  const unary = (): Expr => {
    if (isOp('-') || isOp('!')) {
      const op = (tokens[position++] as { text: '-' | '!' }).text;
      return { kind: 'unary', op, operand: unary() };
    }
    return power();
  };

  const power = (): Expr => {
    const base = primary();
    if (!isOp('^')) return base;
    position++;
    return { kind: 'binary', op: '^', left: base, right: unary() };
  };

  const product = binaryLevel(['*', '/'], unary);
  const sum = binaryLevel(['+', '-'], product);
  const compare = (): Expr => {
    const left = sum();
    const t = peek();
    if (t?.type === 'op' && COMPARISONS.has(t.text)) {
      position++;
      return { kind: 'binary', op: t.text as BinaryOp, left, right: sum() };
    }
    return left;
  };
  const and = binaryLevel(['&&'], compare);
  const or = binaryLevel(['||'], and);
  function expression(): Expr {
    return or();
  }

  if (tokens.length === 0) throw new ExpressionError('the expression is empty');
  const tree = expression();
  if (position < tokens.length) throw new ExpressionError(`unexpected "${tokenText(tokens[position])}" ${where()}`);
  return tree;
}

/** A function a lesson may call: its parameters (in order) and how to compute it. */
export interface FunctionSpec<S> {
  /** Parameter names in positional order; a name ending in "?" is optional. */
  readonly params: readonly string[];
  /** One line for the lesson format's reference (lessons/README.md). */
  readonly doc: string;
  readonly compute: (scope: S, args: Readonly<Record<string, number | undefined>>) => number;
}

export type FunctionTable<S> = Readonly<Record<string, FunctionSpec<S>>>;

/** The names a lesson may use besides its functions: constants and its own `let` values. */
export type Bindings = ReadonlyMap<string, number>;

const SPECIAL_FORMS = new Set(['sum', 'if']);

/** The table's own entry for a name — never something inherited, like "constructor". */
export function lookup<S>(functions: FunctionTable<S>, name: string): FunctionSpec<S> | undefined {
  return Object.hasOwn(functions, name) ? functions[name] : undefined;
}
const MAX_SUM_TERMS = 1_000_000;

const bare = (param: string) => param.replace(/\?$/, '');

/** Matches call arguments to parameter names; throws naming the function and the problem. */
export function bindArguments<T>(name: string, params: readonly string[], args: readonly Arg[], value: (e: Expr) => T): Record<string, T> {
  const names = params.map(bare);
  const bound: Record<string, T> = {};
  let positional = 0;
  let seenNamed = false;
  for (const arg of args) {
    if (arg.name === null) {
      if (seenNamed) throw new ExpressionError(`${name}(): a positional argument follows a named one`);
      if (positional >= names.length) throw new ExpressionError(`${name}() takes at most ${plural(names.length, 'argument')} (${names.join(', ') || 'none'})`);
      bound[names[positional++]] = value(arg.value);
    } else {
      seenNamed = true;
      if (!names.includes(arg.name)) throw new ExpressionError(`${name}() has no parameter "${arg.name}" (it takes ${names.join(', ') || 'none'})`);
      if (arg.name in bound) throw new ExpressionError(`${name}(): "${arg.name}" is given twice`);
      bound[arg.name] = value(arg.value);
    }
  }
  const missing = params.filter((p) => !p.endsWith('?') && !(p in bound));
  if (missing.length) throw new ExpressionError(`${name}() needs ${missing.join(', ')} (it takes ${params.map((p) => (p.endsWith('?') ? `[${bare(p)}]` : p)).join(', ')})`);
  return bound;
}

/**
 * Checks an expression without evaluating it: every function exists and gets arguments
 * it accepts, every name is a constant, a bound `sum` variable or one of `known`.
 */
export function checkExpression<S>(tree: Expr, functions: FunctionTable<S>, known: ReadonlySet<string>): void {
  const walk = (e: Expr, scope: ReadonlySet<string>): void => {
    switch (e.kind) {
      case 'number':
        return;
      case 'name':
        if (!scope.has(e.name)) {
          const hint = lookup(functions, e.name) ? ` (it is a function: write ${e.name}(…))` : '';
          throw new ExpressionError(`unknown name "${e.name}"${hint}`);
        }
        return;
      case 'unary':
        return walk(e.operand, scope);
      case 'binary':
        walk(e.left, scope);
        return walk(e.right, scope);
      case 'call': {
        if (e.name === 'sum') {
          const [variable, from, to, body, ...extra] = e.args;
          if (!variable || !from || !to || !body || extra.length || e.args.some((a) => a.name !== null)) {
            throw new ExpressionError('sum() takes (variable, from, to, expression), e.g. sum(k, 0, 9, delta(2, k))');
          }
          if (variable.value.kind !== 'name') throw new ExpressionError('the first argument of sum() must be a name, e.g. k');
          walk(from.value, scope);
          walk(to.value, scope);
          return walk(body.value, new Set([...scope, variable.value.name]));
        }
        if (e.name === 'if') {
          if (e.args.length !== 3 || e.args.some((a) => a.name !== null)) throw new ExpressionError('if() takes (condition, then, otherwise)');
          e.args.forEach((a) => walk(a.value, scope));
          return;
        }
        const spec = lookup(functions, e.name);
        if (!spec) throw new ExpressionError(`unknown function ${e.name}()`);
        bindArguments(e.name, spec.params, e.args, (v) => walk(v, scope));
        return;
      }
    }
  };
  walk(tree, known);
}

function binary(op: BinaryOp, x: number, y: number): number {
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return x / y;
    case '^':
      return x ** y;
    case '<':
      return Number(x < y);
    case '<=':
      return Number(x <= y);
    case '>':
      return Number(x > y);
    case '>=':
      return Number(x >= y);
    case '==':
      return Number(x === y);
    case '!=':
      return Number(x !== y);
    case '&&':
    case '||':
      throw new Error('logic is evaluated lazily');
  }
}

/** Evaluates a checked expression. Throws ExpressionError when a quantity cannot be read. */
export function evaluate<S>(tree: Expr, functions: FunctionTable<S>, state: S, bindings: Bindings): number {
  const run = (e: Expr, locals: Bindings): number => {
    switch (e.kind) {
      case 'number':
        return e.value;
      case 'name': {
        const value = locals.get(e.name);
        if (value === undefined) throw new ExpressionError(`unknown name "${e.name}"`);
        return value;
      }
      case 'unary': {
        const v = run(e.operand, locals);
        return e.op === '-' ? -v : Number(v === 0);
      }
      case 'binary':
        if (e.op === '&&') return Number(run(e.left, locals) !== 0 && run(e.right, locals) !== 0);
        if (e.op === '||') return Number(run(e.left, locals) !== 0 || run(e.right, locals) !== 0);
        return binary(e.op, run(e.left, locals), run(e.right, locals));
      case 'call': {
        if (e.name === 'if') return run(e.args[0].value, locals) !== 0 ? run(e.args[1].value, locals) : run(e.args[2].value, locals);
        if (e.name === 'sum') {
          const variable = (e.args[0].value as { name: string }).name;
          const from = run(e.args[1].value, locals);
          const to = run(e.args[2].value, locals);
          if (!Number.isInteger(from) || !Number.isInteger(to)) throw new ExpressionError(`sum(): the bounds must be whole numbers, got ${from} … ${to}`);
          if (to - from + 1 > MAX_SUM_TERMS) throw new ExpressionError(`sum(): at most ${MAX_SUM_TERMS} terms`);
          const inner = new Map(locals);
          let total = 0;
          for (let k = from; k <= to; k++) {
            inner.set(variable, k);
            total += run(e.args[3].value, inner);
          }
          return total;
        }
        const spec = lookup(functions, e.name);
        if (!spec) throw new ExpressionError(`unknown function ${e.name}()`);
        const args = bindArguments(e.name, spec.params, e.args, (v) => run(v, locals));
        return spec.compute(state, args);
      }
    }
  };
  return run(tree, bindings);
}

