// The answer language: parsing (precedence, named arguments, errors that say where),
// checking against a function table, and evaluation — a tree walk, never eval.
import { describe, expect, it } from 'vitest';
import { checkExpression, evaluate, ExpressionError, parseExpression, type FunctionTable } from '../../src/lessons/expression';

const table: FunctionTable<{ scale: number }> = {
  f: { params: ['x', 'y?'], doc: '', compute: (s, a) => s.scale * a.x! + (a.y ?? 100) },
  one: { params: [], doc: '', compute: () => 1 },
};
const run = (source: string, names: Record<string, number> = {}) => {
  const tree = parseExpression(source);
  checkExpression(tree, table, new Set(Object.keys(names)));
  return evaluate(tree, table, { scale: 2 }, new Map(Object.entries(names)));
};

describe('parsing and evaluation', () => {
  it('follows the usual precedence: ^ over unary minus over * / over + −, comparisons, then logic', () => {
    expect(run('1 + 2 * 3')).toBe(7);
    expect(run('(1 + 2) * 3')).toBe(9);
    expect(run('2 ^ 3 ^ 2')).toBe(512); // right-associative
    expect(run('-2 ^ 2')).toBe(-4);
    expect(run('10 - 4 - 3')).toBe(3);
    expect(run('8 / 4 / 2')).toBe(1);
    expect(run('1 < 2 && 3 >= 4 || 5 == 5')).toBe(1);
    expect(run('!(1 != 1)')).toBe(1);
    expect(run('1.5e-3 * 1000')).toBeCloseTo(1.5, 12);
  });

  it('binds positional and named arguments, with optional ones', () => {
    expect(run('f(3)')).toBe(106);
    expect(run('f(3, 1)')).toBe(7);
    expect(run('f(y = 1, x = 3)')).toBe(7);
    expect(run('f(3, y = one())')).toBe(7);
  });

  it('sum binds a variable over an inclusive range; if evaluates one branch only', () => {
    expect(run('sum(k, 1, 4, k ^ 2)')).toBe(30);
    expect(run('sum(i, 0, 2, sum(j, 0, i, 1))')).toBe(6);
    expect(run('if(one() > 0, 5, 1 / 0)')).toBe(5);
    expect(run('if(0, 1 / 0, a)', { a: 4 })).toBe(4);
  });

  it('reads remembered names', () => {
    expect(run('first + 1', { first: 41 })).toBe(42);
  });
});

describe('errors say what and where', () => {
  const problem = (source: string, names: string[] = []) => {
    try {
      checkExpression(parseExpression(source), table, new Set(names));
      return null;
    } catch (error) {
      expect(error).toBeInstanceOf(ExpressionError);
      return (error as Error).message;
    }
  };
  it('syntax', () => {
    expect(problem('1 +')).toBe('the expression ends too early');
    expect(problem('f(1')).toBe('expected "," or ")" at the end');
    expect(problem('1 $ 2')).toBe('unexpected "$" at character 3');
    expect(problem('(1 + 2')).toBe('expected ")" at the end');
    expect(problem('1 2')).toBe('unexpected "2" at character 3');
    expect(problem('')).toBe('the expression is empty');
  });
  it('unknown names and functions, bad arguments', () => {
    expect(problem('g(1)')).toBe('unknown function g()');
    expect(problem('x + 1')).toBe('unknown name "x"');
    expect(problem('one')).toBe('unknown name "one" (it is a function: write one(…))');
    expect(problem('f()')).toBe('f() needs x (it takes x, [y])');
    expect(problem('f(1, 2, 3)')).toBe('f() takes at most 2 arguments (x, y)');
    expect(problem('f(z = 1)')).toBe('f() has no parameter "z" (it takes x, y)');
    expect(problem('f(x = 1, 2)')).toBe('f(): a positional argument follows a named one');
    expect(problem('sum(1, 0, 3, 1)')).toBe('the first argument of sum() must be a name, e.g. k');
    expect(problem('sum(k, 0, 3)')).toMatch(/^sum\(\) takes \(variable, from, to, expression\)/);
    expect(problem('if(1, 2)')).toBe('if() takes (condition, then, otherwise)');
    expect(problem('sum(k, 0, 3, k) + k')).toBe('unknown name "k"');
  });
  it('cannot reach JavaScript: there is nothing to call but the table', () => {
    expect(problem('constructor(1)')).toBe('unknown function constructor()');
    expect(problem('__proto__')).toBe('unknown name "__proto__"');
    expect(problem('toString()')).toBe('unknown function toString()');
    expect(() => parseExpression('f(1); alert(1)')).toThrow(ExpressionError);
    expect(() => parseExpression('a.b')).toThrow('unexpected "." at character 2');
    expect(() => parseExpression('"text"')).toThrow(ExpressionError);
  });
});
