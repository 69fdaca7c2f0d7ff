// From a parsed lesson to one the runtime can play: every expression (answers, `let`
// values, live values in the text, figure settings) parsed and checked against the
// functions of quantities.ts and the names defined so far; every equation's TeX rendered
// once; the rules a step must keep (step 1 sets the machine up, a number question states
// its tolerance, an answer reads the machine rather than being a number, a step reads only
// what the machine has computed by then — availability.ts). Every problem of the file is
// collected, each at its line; what can only be known on the live machine is checked by
// the runtime (runtime.ts) and the validation test.

import { denseLayers, positionAfter, planOfSetup, unreadyMatrix, unreadyReads, type PlanPosition } from './availability';
import { checkExpression, ExpressionError, lookup, parseExpression, type Expr } from './expression';
import { parseLesson, type LessonSource, type ParsedLesson, type ParsedStep } from './format';
import { LessonError, ProblemList } from './problems';
import { CONSTANTS, LESSON_FUNCTIONS } from './quantities';
import { reportEquation } from '../notation';
import { termsOf, texProblem } from './tex';
import type { ActionSpec, StepSpec } from './schema';
import { parsePlaceholder, PLACEHOLDER } from './template';
import { lessonSymbol } from './symbols';
import { boundProblem, boundSymbols, splitMath, symbolProblem, symbolsIn, textSymbolsIn } from './symbol-check';
import { presetIds } from './presets';
import type { YamlPath } from './yaml-block';

export interface CompiledStep extends ParsedStep {
  /** Names defined by `let` in this step, in order, with their expressions. */
  readonly lets: readonly (readonly [string, Expr])[];
  /** Parsed expressions by their source text (answers, placeholders, figure settings). */
  readonly expressions: ReadonlyMap<string, Expr>;
  /** The equations shown, as TeX with their number (null for a lesson's own). */
  readonly equations: readonly { readonly number: number | null; readonly tex: string; readonly label: string | null }[];
  /** Term names the shown equations mark. */
  readonly terms: ReadonlySet<string>;
  /** The sub-step of the batch's plan the machine stands at (−1: the start) when the step is shown, and after its question's reveal; null where the file cannot tell. */
  readonly at: { readonly shown: number | null; readonly revealed: number | null };
  /** L, the dense layers of the step's net as the file tells it (its symbols are written for it); null where the file cannot tell. */
  readonly layers: number | null;
}

export interface CompiledLesson extends Omit<ParsedLesson, 'steps'> {
  readonly steps: readonly CompiledStep[];
  readonly questionCount: number;
}

/** Where an expression of a step is written, and whether it is read after the question's reveal. */
interface Site {
  /** How messages name it: "question.answer", "the prose, {{ z(1, 1) }}". */
  readonly where: string;
  readonly source: string | number;
  readonly line: number;
  readonly afterReveal: boolean;
}

/** The text fields of a step that may hold live values. */
function textFields(spec: StepSpec): { where: string; path: YamlPath | null; text: string; afterReveal: boolean }[] {
  const fields: { where: string; path: YamlPath | null; text: string; afterReveal: boolean }[] = [];
  spec.equations?.forEach((e, i) => typeof e !== 'number' && fields.push({ where: `equations.${i}.tex`, path: ['equations', i, 'tex'], text: e.tex, afterReveal: false }));
  const q = spec.question;
  if (q) {
    fields.push({ where: 'question.prompt', path: ['question', 'prompt'], text: q.prompt, afterReveal: false });
    if (q.kind === 'choice') q.choices.forEach((c, i) => fields.push({ where: `question.choices.${i}.text`, path: ['question', 'choices', i, 'text'], text: c.text, afterReveal: false }));
    fields.push({ where: 'question.worked', path: ['question', 'worked'], text: q.worked, afterReveal: true });
  }
  return fields;
}

/** Expressions of a step outside text: the answer and the figure's settings (lets are compiled first). */
function bareExpressions(spec: StepSpec): { where: string; path: YamlPath; source: string | number; afterReveal: boolean }[] {
  const out: { where: string; path: YamlPath; source: string | number; afterReveal: boolean }[] = [];
  if (spec.question?.answer !== undefined) out.push({ where: 'question.answer', path: ['question', 'answer'], source: spec.question.answer, afterReveal: true });
  const f = spec.figure;
  if (f && 'activation' in f && f.activation.mark !== undefined) out.push({ where: 'figure.activation.mark', path: ['figure', 'activation', 'mark'], source: f.activation.mark, afterReveal: false });
  if (f && 'ravine' in f) {
    const r = f.ravine;
    for (const key of ['steep', 'gentle', 'lr', 'steps', 'x0', 'y0'] as const) {
      if (r[key] !== undefined) out.push({ where: `figure.ravine.${key}`, path: ['figure', 'ravine', key], source: r[key]!, afterReveal: false });
    }
    r.momentum.forEach((m, i) => out.push({ where: `figure.ravine.momentum.${i}`, path: ['figure', 'ravine', 'momentum', i], source: m, afterReveal: false }));
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

function equationTex(spec: NonNullable<StepSpec['equations']>[number]): { number: number | null; tex: string; label: string | null } | string {
  if (typeof spec !== 'number') return { number: null, tex: spec.tex, label: spec.label ?? null };
  const eq = reportEquation(spec);
  return eq ? { number: spec, tex: eq.tex, label: null } : `the report has no equation (${spec})`;
}

/** Where the machine stands after a list of moves; reports a `goto` the net cannot make and returns null (unknown) from there on. */
function afterMoves(position: PlanPosition | null, actions: readonly ActionSpec[], path: YamlPath, step: ParsedStep, report: (message: string, line: number) => void): PlanPosition | null {
  let at = position;
  actions.forEach((action, i) => {
    try {
      at = positionAfter(at, action);
    } catch (error) {
      report(`${[...path, i].join('.')}.${(error as Error).message}`, step.lines.field([...path, i]));
      at = null;
    }
  });
  return at;
}

export function compileLesson(source: LessonSource): CompiledLesson {
  const problems = new ProblemList(source.file);
  const parsed = parseLesson(source, problems);
  const known = new Set<string>(CONSTANTS.keys());
  let questionCount = 0;
  /** Where the machine stands when the step is entered, as far as the file tells. */
  let position: PlanPosition | null = null;

  const steps = parsed.steps.map((step): CompiledStep => {
    const report = (message: string, line: number) => problems.add(message, line, step);
    const empty = { ...step, lets: [], expressions: new Map(), equations: [], terms: new Set<string>(), at: { shown: null, revealed: null }, layers: null };
    if (!step.readable) {
      step.letNames.forEach((name) => known.add(name));
      position = null;
      return empty;
    }
    const spec = step.spec;
    const field = (path: YamlPath) => step.lines.field(path);
    if (step.number === 1 && !spec.setup) report('step 1 needs a `setup` (the net, the data and the batch the lesson starts from)', step.specLine);
    const setup = spec.setup;
    if (setup?.preset !== undefined && !presetIds().includes(setup.preset)) report(`setup.preset: unknown experiment "${setup.preset}" (known: ${presetIds().join(', ')})`, field(['setup', 'preset']));
    if (setup && setup.data !== 'mnist' && setup.batch && 'examples' in setup.batch) report('setup.batch: MNIST examples need `data: mnist`', field(['setup', 'batch']));

    // Where the machine stands for this step's text, and for its answer and worked solution.
    if (setup) position = { plan: planOfSetup(setup), index: -1 };
    const here = afterMoves(position, spec.do ?? [], ['do'], step, report);
    const revealed = afterMoves(here, spec.question?.reveal ?? [], ['question', 'reveal'], step, report);
    if (!parsed.meta.planted) {
      const moves: [YamlPath, readonly ActionSpec[]][] = [[['do'], spec.do ?? []], [['question', 'reveal'], spec.question?.reveal ?? []]];
      for (const [path, actions] of moves) {
        actions.forEach((action, i) => 'check' in action && report(`${[...path, i].join('.')}.check: the lesson plants no mistake to check (add \`planted: <id>\` to its lesson block)`, field([...path, i])));
      }
    }

    const expressions = new Map<string, Expr>();
    const compile = (site: Site, names: ReadonlySet<string>): Expr | null => {
      const text = String(site.source);
      let tree: Expr;
      try {
        tree = expressions.get(text) ?? parseExpression(text);
        checkExpression(tree, LESSON_FUNCTIONS, names);
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        report(`${site.where}: "${text}": ${error.message}`, site.line);
        return null;
      }
      expressions.set(text, tree);
      const at = site.afterReveal ? revealed : here;
      if (at) for (const message of unreadyReads(tree, at)) report(`${site.where}: "${text}": ${message}`, site.line);
      return tree;
    };

    const lets: [string, Expr][] = [];
    for (const [name, value] of Object.entries(spec.let ?? {})) {
      const line = field(['let', name]);
      if (CONSTANTS.has(name) || lookup(LESSON_FUNCTIONS, name)) report(`let.${name}: the name is taken by a built-in`, line);
      const tree = compile({ where: `let.${name}`, source: value, line, afterReveal: false }, known);
      if (tree) lets.push([name, tree]);
      known.add(name);
    }
    for (const e of bareExpressions(spec)) compile({ where: e.where, source: e.source, line: field(e.path), afterReveal: e.afterReveal }, known);
    // The net's shape as the file tells it: the notation of its symbols depends on it.
    const layers = here ?? position ? denseLayers((here ?? position)!) : null;
    for (const { where, path, text, afterReveal } of [{ where: 'the prose', path: null, text: step.prose, afterReveal: false }, ...textFields(spec)]) {
      for (const match of text.matchAll(PLACEHOLDER)) {
        const line = step.lines.text(path, match[0]);
        try {
          const p = parsePlaceholder(match[0], match[1]);
          if (!p.symbol) compile({ where: `${where}, ${p.raw}`, source: p.source, line, afterReveal }, known);
          else if (layers !== null) lessonSymbol(p.source, layers);
        } catch (error) {
          if (!(error instanceof ExpressionError)) throw error;
          report(`${where}, ${match[0]}: ${error.message}`, line);
        }
      }
      if (layers === null) continue;
      // Every symbol written by hand is one the notation writes for this net (symbol-check.ts).
      const { math, text: running } = where.startsWith('equations.') ? { math: [text], text: '' } : splitMath(text);
      const written = [...math.flatMap(symbolsIn), ...textSymbolsIn(running)];
      const said = new Set<string>();
      const problems = [
        ...written.map((symbol) => [symbol, symbolProblem(symbol, layers)] as const),
        ...math.flatMap(boundSymbols).map((bound) => [bound.symbol, symbolProblem(bound.symbol, layers) ? null : boundProblem(bound, layers)] as const),
      ];
      for (const [symbol, problem] of problems) {
        if (problem && !said.has(problem)) report(`${where}: ${problem}`, step.lines.text(path, symbol.written));
        if (problem) said.add(problem);
      }
    }

    const q = spec.question;
    if (q) {
      questionCount++;
      const answer = q.answer === undefined ? undefined : expressions.get(String(q.answer));
      if (q.kind === 'number') {
        if (q.tolerance === undefined && q.relative === undefined) report('question: a number question states its `tolerance` (absolute) or `relative` tolerance', field(['question']));
        if (answer && !readsSomething(answer)) report(`question.answer: "${q.answer}" is a fixed number; answers are read from the machine (e.g. delta(2, 1))`, field(['question', 'answer']));
      } else {
        const marked = q.choices.filter((c) => c.correct).length;
        if ((q.answer === undefined) === (marked === 0) || marked > 1) report('question: give either `answer` (an expression for the right choice, from 0) or mark exactly one choice `correct: true`', field(['question']));
        else if (answer && !readsSomething(answer)) report('question.answer: a fixed position; mark the choice `correct: true` instead', field(['question', 'answer']));
      }
    }

    const equations: { number: number | null; tex: string; label: string | null }[] = [];
    (spec.equations ?? []).forEach((e, i) => {
      const eq = equationTex(e);
      if (typeof eq === 'string') return report(`equations.${i}: ${eq}`, field(['equations', i]));
      const problem = texProblem(eq.tex.replace(/\{\{[\s\S]*?\}\}/g, '0'));
      if (problem) report(`equations.${i}: the TeX does not render: ${problem}`, field(['equations', i]));
      equations.push(eq);
    });
    const terms = new Set(equations.flatMap((e) => [...termsOf(e.tex)]));
    spec.highlight?.forEach((h, i) => {
      if ('term' in h && !terms.has(h.term)) {
        report(`highlight.${i}: no equation of this step marks a term "${h.term}"${terms.size ? ` (it marks ${[...terms].join(', ')})` : ''}`, field(['highlight', i]));
      }
      const matrix = 'row' in h ? h.row : 'column' in h ? h.column : null;
      const unready = matrix && here ? unreadyMatrix(matrix.matrix, matrix.layer, here) : null;
      if (unready) report(`highlight.${i}: ${unready}`, field(['highlight', i]));
    });
    const histogram = spec.figure && 'histogram' in spec.figure ? spec.figure.histogram : null;
    const unreadyFigure = histogram && here ? unreadyMatrix(histogram.of, histogram.layer, here) : null;
    if (unreadyFigure) report(`figure.histogram: ${unreadyFigure}`, field(['figure', 'histogram']));

    position = q ? revealed : here;
    return { ...empty, lets, expressions, equations, terms, at: { shown: here?.index ?? null, revealed: revealed?.index ?? null }, layers };
  });
  problems.throwIfAny();
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
