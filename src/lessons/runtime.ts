// Playing a lesson on a debugger actor. Entering step k puts the machine where the
// lesson says: from the step before, only step k's own setup and moves are made (so
// whatever the learner did in the debugger views stays); from anywhere else, steps
// 1 … k are replayed from step 1's setup, each earlier question revealed — the same
// state as walking there. Values a step remembers (`let`) are read from the live
// machine as the step is entered. Questions are checked against the live machine; a wrong
// answer with tries left is checked on a preview of the reveal (debugger-preview.ts), so
// the learner's machine shows nothing of the answer until it is settled.

import { checkExpression, evaluate, ExpressionError, parseExpression } from './expression';
import type { CompiledLesson, CompiledStep } from './compile';
import { LessonError, type LessonProblem } from './problems';
import { parseLearnerNumber, checkNumber, isSettled, type AnswerResult } from './answers';
import { previewDebugger } from '../machine/debugger-preview';
import { frameOf, type LiveState } from './live-reads';
import { lessonSymbol } from './symbols';
import { CONSTANTS, LESSON_FUNCTIONS } from './quantities';
import { DEFAULT_RETRIES, type ActionSpec, type HighlightSpec } from './schema';
import type { YamlPath } from './yaml-block';
import { resolveHighlight } from './highlights';
import { applyAction, applySetup, SetupError, type LessonEnv, type MachinePort } from './setup';
import type { DebuggerContext } from '../session/context';
import { formatNumber, type Formatted } from '../format';
import { placeholdersIn, type Placeholder } from './template';

export class LessonRun {
  private index = -1;
  private isRevealed = false;
  private result: AnswerResult | null = null;
  /** Wrong answers given at this step so far (numbers, or choice positions). */
  private wrong: number[] = [];
  /** Names known after each step: the constants and every `let` so far. */
  private bindingsAt: ReadonlyMap<string, number>[] = [];

  constructor(
    readonly lesson: CompiledLesson,
    private readonly port: MachinePort,
    private readonly env: LessonEnv,
  ) {}

  /** The step entered (0-based), or −1 before the first. */
  get stepIndex(): number {
    return this.index;
  }

  get step(): CompiledStep {
    if (this.index < 0) throw new Error('no step entered yet');
    return this.lesson.steps[this.index];
  }

  get revealed(): boolean {
    return this.isRevealed;
  }

  /** The learner's checked answer at this step, once given. */
  get answer(): AnswerResult | null {
    return this.result;
  }

  get bindings(): ReadonlyMap<string, number> {
    return this.bindingsAt[this.index] ?? CONSTANTS;
  }

  /** A LessonError at the line of `path` in the step's block (a setup error's own field, when it names one). */
  private problem(step: CompiledStep, error: unknown, path: YamlPath = []): LessonError {
    if (error instanceof LessonError) return error;
    const known = error instanceof SetupError || error instanceof ExpressionError;
    const message = (error as Error).message;
    const field = /^(setup(?:\.\w+)*):/.exec(message)?.[1];
    const at = field ? field.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)) : path;
    return new LessonError({
      file: this.lesson.file,
      step: step.number,
      stepTitle: step.title,
      line: at.length ? step.lines.field(at) : step.specLine,
      message: known ? message : `unexpected: ${message}`,
    });
  }

  /** Makes a list of moves on the machine (or a preview of it), naming the one it refuses. */
  private moves(step: CompiledStep, actions: readonly ActionSpec[] | undefined, path: YamlPath, port: MachinePort = this.port): void {
    (actions ?? []).forEach((action, i) => {
      try {
        applyAction(port, action);
      } catch (error) {
        throw this.problem(step, error, [...path, i]);
      }
    });
  }

  /** Makes step i's setup, moves and `let`s (its question's reveal too, if asked). */
  private play(i: number, reveal: boolean): void {
    const step = this.lesson.steps[i];
    const spec = step.spec;
    try {
      if (spec.setup) applySetup(this.port, spec.setup, this.env, this.lesson.meta.planted);
    } catch (error) {
      throw this.problem(step, error, ['setup']);
    }
    this.moves(step, spec.do, ['do']);
    const bindings = new Map(i > 0 ? this.bindingsAt[i - 1] : CONSTANTS);
    for (const [name, tree] of step.lets) {
      try {
        bindings.set(name, evaluate(tree, LESSON_FUNCTIONS, this.live(), bindings));
      } catch (error) {
        throw this.problem(step, error, ['let', name]);
      }
    }
    this.bindingsAt[i] = bindings;
    if (reveal) this.moves(step, spec.question?.reveal, ['question', 'reveal']);
  }

  /** Enters step `index` (0-based); throws a LessonError naming the step and the problem. */
  enter(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.lesson.steps.length) throw new RangeError(`the lesson has steps 1 … ${this.lesson.steps.length}`);
    if (index === this.index + 1 && this.index >= 0) {
      this.reveal();
      this.play(index, false);
    } else {
      this.bindingsAt = [];
      for (let i = 0; i < index; i++) this.play(i, true);
      this.play(index, false);
    }
    this.index = index;
    this.isRevealed = false;
    this.result = null;
    this.wrong = [];
  }

  /** Makes the moves of this step's question that show its answer (once). */
  reveal(): void {
    if (this.isRevealed || this.index < 0) return;
    this.isRevealed = true;
    this.moves(this.step, this.step.spec.question?.reveal, ['question', 'reveal']);
  }

  live(): LiveState {
    return { context: this.port.getSnapshot().context };
  }

  /** Evaluates an expression (usually one of the current step's, already compiled) on the live machine, or on `state`. */
  evaluate(source: string | number, state: LiveState = this.live()): number {
    let tree = this.step.expressions.get(String(source));
    if (!tree) {
      tree = parseExpression(String(source));
      checkExpression(tree, LESSON_FUNCTIONS, new Set(this.bindings.keys()));
    }
    return evaluate(tree, LESSON_FUNCTIONS, state, this.bindings);
  }

  /** A live value for a `{{ … }}` of this step's text; with `| symbol`, the quantity's symbol for the machine's net. */
  format(placeholder: Placeholder): Formatted {
    if (placeholder.symbol) return lessonSymbol(placeholder.source, frameOf(this.live()).start.net.sizes.length - 1);
    return formatNumber(this.evaluate(placeholder.source), placeholder.format);
  }

  /** The position of the right choice of a choice question, from the machine or the marked choice. */
  private rightChoice(state: LiveState = this.live()): number {
    const q = this.step.spec.question;
    if (!q || q.kind !== 'choice') throw new Error('not a choice question');
    if (q.answer === undefined) return q.choices.findIndex((c) => c.correct);
    const value = this.evaluate(q.answer, state);
    if (!Number.isInteger(value) || value < 0 || value >= q.choices.length) {
      throw new ExpressionError(`question.answer gives ${value}, not a choice position 0 … ${q.choices.length - 1}`);
    }
    return value;
  }

  /** The question's answer as the machine will show it: read after the reveal moves, made on a preview while unrevealed. */
  private truth(): number {
    const q = this.step.spec.question!;
    let state = this.live();
    if (!this.isRevealed && q.reveal?.length) {
      const preview = previewDebugger(this.port.getSnapshot());
      this.moves(this.step, q.reveal, ['question', 'reveal'], preview);
      state = { context: preview.getSnapshot().context };
    }
    try {
      return q.kind === 'number' ? this.evaluate(q.answer, state) : this.rightChoice(state);
    } catch (error) {
      throw this.problem(this.step, error, ['question', 'answer']);
    }
  }

  /** The wrong answers given at this step, in order. */
  get tried(): readonly number[] {
    return this.wrong;
  }

  /** Answers the learner may still give at this step: 1 + `retries` at first, 0 once settled. */
  get triesLeft(): number {
    const q = this.step.spec.question;
    if (!q || isSettled(this.result)) return 0;
    // Among two choices a second try is no question: a choice question always keeps one wrong choice unpicked.
    const retries = Math.min(q.retries ?? DEFAULT_RETRIES, q.kind === 'choice' ? q.choices.length - 2 : Infinity);
    return Math.max(0, 1 + retries - this.wrong.length);
  }

  /**
   * Checks the learner's answer: a typed number, or the position of a choice. A number
   * that cannot be read is returned as such (no try used). A right answer, or a wrong one
   * with no tries left, settles the question: the machine makes its reveal moves and the
   * worked solution may be shown. A wrong one with tries left reveals nothing.
   */
  submit(input: string | number): AnswerResult {
    const q = this.step.spec.question;
    if (!q) throw new Error(`step ${this.step.number} asks no question`);
    if (isSettled(this.result)) return this.result;
    const choice = Number(input);
    const given = q.kind === 'number' ? parseLearnerNumber(String(input)) : Number.isInteger(choice) && choice >= 0 && choice < q.choices.length ? choice : null;
    if (given === null) return { kind: 'unreadable', input: String(input) };
    const truth = this.truth();
    const verdict: AnswerResult =
      q.kind === 'number'
        ? { kind: 'number', ...checkNumber(given, truth, { absolute: q.tolerance, relative: q.relative }) }
        : { kind: 'choice', given, truth, correct: given === truth };
    if (!verdict.correct && this.triesLeft > 1) {
      this.wrong = [...this.wrong, given];
      this.result = { kind: 'retry', given, triesLeft: this.triesLeft };
      return this.result;
    }
    this.reveal();
    this.result = verdict;
    return verdict;
  }

  /** Settles the question without an answer ("show me"): the machine reveals it and the worked solution may be shown. */
  showAnswer(): AnswerResult {
    if (!this.step.spec.question) throw new Error(`step ${this.step.number} asks no question`);
    if (isSettled(this.result)) return this.result;
    this.reveal();
    this.result = { kind: 'shown', truth: this.truth() };
    return this.result;
  }

  /**
   * What cannot be shown at this step on the live machine, for the validation test: live
   * values that do not evaluate, highlights naming nothing, figures that cannot be drawn —
   * each at its line. With `afterReveal`, the answer and the worked text too (reveals first).
   */
  problems(afterReveal: boolean): LessonProblem[] {
    const step = this.step;
    const spec = step.spec;
    const out: LessonProblem[] = [];
    const add = (message: string, line: number) => out.push({ file: this.lesson.file, step: step.number, stepTitle: step.title, line, message });
    const tryEval = (where: string, source: string | number, line: number) => {
      try {
        const v = this.evaluate(source);
        if (!Number.isFinite(v)) add(`${where}: "${source}" is ${v}`, line);
      } catch (error) {
        add(`${where}: "${source}": ${(error as Error).message}`, line);
      }
    };
    const inText = (where: string, path: YamlPath | null, text: string) => {
      for (const p of placeholdersIn(text)) {
        if (!p.symbol) tryEval(`${where}, ${p.raw}`, p.source, step.lines.text(path, p.raw));
        else {
          try {
            this.format(p);
          } catch (error) {
            add(`${where}, ${p.raw}: ${(error as Error).message}`, step.lines.text(path, p.raw));
          }
        }
      }
    };
    inText('the prose', null, step.prose);
    step.equations.forEach((e, i) => inText(`equations.${i}`, ['equations', i, 'tex'], e.tex));
    const q = spec.question;
    if (q) {
      inText('question.prompt', ['question', 'prompt'], q.prompt);
      if (q.kind === 'choice') q.choices.forEach((c, i) => inText(`question.choices.${i}`, ['question', 'choices', i, 'text'], c.text));
    }
    const context = this.live().context;
    (spec.highlight ?? []).forEach((h, i) => {
      const problem = highlightProblem(h, context);
      if (problem) add(`highlight.${i}: ${problem}`, step.lines.field(['highlight', i]));
    });
    const figure = spec.figure;
    const figureLine = (key: string) => step.lines.field(['figure', key]);
    if (figure && 'activation' in figure && figure.activation.mark !== undefined) tryEval('figure.activation.mark', figure.activation.mark, figureLine('activation'));
    if (figure && 'ravine' in figure) {
      for (const key of ['steep', 'gentle', 'lr', 'steps', 'x0', 'y0'] as const) if (figure.ravine[key] !== undefined) tryEval(`figure.ravine.${key}`, figure.ravine[key]!, figureLine('ravine'));
      figure.ravine.momentum.forEach((m, i) => tryEval(`figure.ravine.momentum.${i}`, m, figureLine('ravine')));
    }
    if (figure && 'histogram' in figure) {
      const { of, layer } = figure.histogram;
      const problem = highlightProblem({ row: { matrix: of, layer, index: 1 } }, context);
      if (problem) add(`figure.histogram: ${problem}`, figureLine('histogram'));
    }
    if (figure && 'gradcheck' in figure) {
      const g = figure.gradcheck;
      const problem = highlightProblem({ weight: { layer: g.layer, to: g.to, from: g.from } }, context);
      if (problem) add(`figure.gradcheck: ${problem}`, figureLine('gradcheck'));
    }
    if (afterReveal && q) {
      try {
        this.reveal();
        if (q.kind === 'number') tryEval('question.answer', q.answer, step.lines.field(['question', 'answer']));
        else this.rightChoice();
      } catch (error) {
        add(`question: ${(error as Error).message}`, step.lines.field(['question']));
      }
      inText('question.worked', ['question', 'worked'], q.worked);
    }
    return out;
  }
}

/** Why a highlight names nothing on the machine as it stands, or null. */
export function highlightProblem(h: HighlightSpec, context: DebuggerContext): string | null {
  return resolveHighlight(h, context).problem;
}
