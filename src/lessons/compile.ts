// From a parsed lesson to one the runtime can play: every expression (answers, `let`
// values, live values in the text, figure settings) parsed and checked against the
// functions of quantities.ts and the names defined so far; every equation's TeX
// rendered once; the rules a step must keep (step 1 sets the machine up, a number
// question states its tolerance, an answer reads the machine rather than being a number).
// What can only be known on the live machine is checked by the runtime (runtime.ts).

import { checkExpression, ExpressionError, lookup, parseExpression, type Expr } from './expression';
import { LessonError, parseLesson, type LessonSource, type ParsedLesson, type ParsedStep } from './format';
import { CONSTANTS, LESSON_FUNCTIONS } from './quantities';
import { reportEquation, termsOf, texProblem } from './report-equations';
import type { EquationSpec, StepSpec } from './schema';
import { placeholdersIn } from './template';
import { presetIds } from './presets';

export interface CompiledStep extends ParsedStep {
  /** Names defined by `let` in this step, in order, with their expressions. */
  readonly lets: readonly (readonly [string, Expr])[];
  /** Parsed expressions by their source text (answers, placeholders, figure settings). */
  readonly expressions: ReadonlyMap<string, Expr>;
  /** The equations shown, as TeX with their number (null for a lesson's own). */
  readonly equations: readonly { readonly number: number | null; readonly tex: string; readonly label: string | null }[];
  /** Term names the shown equations mark. */
  readonly terms: ReadonlySet<string>;
}

export interface CompiledLesson extends Omit<ParsedLesson, 'steps'> {
  readonly steps: readonly CompiledStep[];
  readonly questionCount: number;
}

function equationTex(spec: EquationSpec): { number: number | null; tex: string; label: string | null } {
  if (typeof spec === 'number') {
    const eq = reportEquation(spec);
    if (!eq) throw new ExpressionError(`the report has no equation (${spec})`);
    return { number: spec, tex: eq.tex, label: null };
  }
  return { number: null, tex: spec.tex, label: spec.label ?? null };
}

/** The text fields of a step that may hold live values, with what they are called in errors. */
function textFields(step: ParsedStep): { where: string; text: string; afterReveal: boolean }[] {
  const spec = step.spec;
  const fields = [{ where: 'the prose', text: step.prose, afterReveal: false }];
  spec.equations?.forEach((e, i) => typeof e !== 'number' && fields.push({ where: `equations.${i}.tex`, text: e.tex, afterReveal: false }));
  const q = spec.question;
  if (q) {
    fields.push({ where: 'question.prompt', text: q.prompt, afterReveal: false });
    fields.push({ where: 'question.worked', text: q.worked, afterReveal: true });
    if (q.kind === 'choice') q.choices.forEach((c, i) => fields.push({ where: `question.choices.${i}.text`, text: c.text, afterReveal: false }));
  }
  return fields;
}

/** Expression sources of a step that are not inside text: answer, lets, figure settings. */
function bareExpressions(spec: StepSpec): { where: string; source: string | number }[] {
  const out: { where: string; source: string | number }[] = [];
  if (spec.question?.answer !== undefined) out.push({ where: 'question.answer', source: spec.question.answer });
  const f = spec.figure;
  if (f && 'activation' in f && f.activation.mark !== undefined) out.push({ where: 'figure.activation.mark', source: f.activation.mark });
  if (f && 'ravine' in f) {
    const r = f.ravine;
    for (const key of ['steep', 'gentle', 'lr', 'steps', 'x0', 'y0'] as const) if (r[key] !== undefined) out.push({ where: `figure.ravine.${key}`, source: r[key]! });
    r.momentum.forEach((m, i) => out.push({ where: `figure.ravine.momentum.${i}`, source: m }));
  }
  return out;
}

/** Does an answer read the machine (or a remembered value) rather than state a number? */
function readsSomething(tree: Expr): boolean {
  switch (tree.kind) {
    case 'number':
      return false;
    case 'name':
      return !CONSTANTS.has(tree.name);
    case 'unary':
      return readsSomething(tree.operand);
    case 'binary':
      return readsSomething(tree.left) || readsSomething(tree.right);
    case 'call':
      return true;
  }
}

export function compileLesson(source: LessonSource): CompiledLesson {
  const parsed = parseLesson(source);
  const known = new Set<string>(CONSTANTS.keys());
  let questionCount = 0;
  const steps = parsed.steps.map((step): CompiledStep => {
    const fail = (message: string): never => {
      throw new LessonError({ file: parsed.file, step: step.number, stepTitle: step.title, line: step.specLine, message });
    };
    const spec = step.spec;
    if (step.number === 1 && !spec.setup) fail('step 1 needs a `setup` (the net, the data and the batch the lesson starts from)');
    const setup = spec.setup;
    if (setup?.preset !== undefined && !presetIds().includes(setup.preset)) fail(`setup.preset: unknown experiment "${setup.preset}" (known: ${presetIds().join(', ')})`);
    if (setup && setup.data !== 'mnist' && setup.batch && 'examples' in setup.batch) fail('setup.batch: MNIST examples need `data: mnist`');

    const expressions = new Map<string, Expr>();
    const compile = (where: string, src: string | number, names: ReadonlySet<string>): Expr => {
      const text = String(src);
      try {
        const tree = expressions.get(text) ?? parseExpression(text);
        checkExpression(tree, LESSON_FUNCTIONS, names);
        expressions.set(text, tree);
        return tree;
      } catch (error) {
        if (error instanceof ExpressionError) return fail(`${where}: "${text}": ${error.message}`);
        throw error;
      }
    };

    const lets: [string, Expr][] = [];
    for (const [name, value] of Object.entries(spec.let ?? {})) {
      if (CONSTANTS.has(name) || lookup(LESSON_FUNCTIONS, name)) fail(`let.${name}: the name is taken by a built-in`);
      lets.push([name, compile(`let.${name}`, value, known)]);
      known.add(name);
    }
    for (const { where, source: src } of bareExpressions(spec)) compile(where, src, known);
    for (const { where, text } of textFields(step)) {
      let placeholders;
      try {
        placeholders = placeholdersIn(text);
      } catch (error) {
        return fail(`${where}: ${(error as Error).message}`);
      }
      for (const p of placeholders) compile(`${where}, ${p.raw}`, p.source, known);
    }

    const q = spec.question;
    if (q) {
      questionCount++;
      if (q.kind === 'number') {
        if (q.tolerance === undefined && q.relative === undefined) fail('question: a number question states its `tolerance` (absolute) or `relative` tolerance');
        if (!readsSomething(expressions.get(String(q.answer))!)) fail(`question.answer: "${q.answer}" is a fixed number; answers are read from the machine (e.g. delta(2, 1))`);
      } else {
        const marked = q.choices.filter((c) => c.correct).length;
        if ((q.answer === undefined) === (marked === 0) || marked > 1) fail('question: give either `answer` (an expression for the right choice, from 0) or mark exactly one choice `correct: true`');
        if (q.answer !== undefined && !readsSomething(expressions.get(String(q.answer))!)) fail('question.answer: a fixed position; mark the choice `correct: true` instead');
      }
    }

    let equations: CompiledStep['equations'] = [];
    try {
      equations = (spec.equations ?? []).map(equationTex);
    } catch (error) {
      fail(`equations: ${(error as Error).message}`);
    }
    const terms = new Set(equations.flatMap((e) => [...termsOf(e.tex)]));
    equations.forEach((e, i) => {
      const problem = texProblem(e.tex.replace(/\{\{[\s\S]*?\}\}/g, '0'));
      if (problem) fail(`equations.${i}: the TeX does not render: ${problem}`);
    });
    spec.highlight?.forEach((h, i) => {
      if ('term' in h && !terms.has(h.term)) {
        fail(`highlight.${i}: no equation of this step marks a term "${h.term}"${terms.size ? ` (it marks ${[...terms].join(', ')})` : ''}`);
      }
    });
    return { ...step, lets, expressions, equations, terms };
  });
  return { ...parsed, steps, questionCount };
}

/** Compiles every source; a malformed lesson becomes a problem, not an exception. */
export function compileLessons(sources: readonly LessonSource[]): { lessons: CompiledLesson[]; broken: { id: string; file: string; error: LessonError }[] } {
  const lessons: CompiledLesson[] = [];
  const broken: { id: string; file: string; error: LessonError }[] = [];
  for (const source of sources) {
    try {
      lessons.push(compileLesson(source));
    } catch (error) {
      const lessonError =
        error instanceof LessonError ? error : new LessonError({ file: source.file, step: null, stepTitle: null, line: null, message: (error as Error).message });
      broken.push({ id: source.file.replace(/^.*\//, '').replace(/\.md$/, ''), file: source.file, error: lessonError });
    }
  }
  lessons.sort((a, b) => a.meta.order - b.meta.order || a.id.localeCompare(b.id));
  return { lessons, broken };
}
