// Playing a lesson on a debugger actor. Entering step k puts the machine where the
// lesson says: from the step before, only step k's own setup and moves are made (so
// whatever the learner did in the debugger views stays); from anywhere else, steps
// 1 … k are replayed from step 1's setup, each earlier question revealed — the same
// state as walking there. Values a step remembers (`let`) are read from the live
// machine as the step is entered. Questions are checked against the live machine.

import { checkExpression, evaluate, ExpressionError, parseExpression } from './expression';
import type { CompiledLesson, CompiledStep } from './compile';
import { LessonError } from './format';
import { parseLearnerNumber, checkNumber, type AnswerResult } from './answers';
import { CONSTANTS, LESSON_FUNCTIONS, type LiveState } from './quantities';
import type { HighlightSpec } from './schema';
import { resolveHighlight } from './highlights';
import { applyAction, applySetup, SetupError, type LessonEnv, type MachinePort } from './setup';
import type { DebuggerContext } from '../session/context';
import { placeholdersIn, formatNumber, type Formatted, type Placeholder } from './template';

export class LessonRun {
  private index = -1;
  private isRevealed = false;
  private result: AnswerResult | null = null;
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

  private problem(step: CompiledStep, error: unknown): LessonError {
    if (error instanceof LessonError) return error;
    const known = error instanceof SetupError || error instanceof ExpressionError;
    return new LessonError({
      file: this.lesson.file,
      step: step.number,
      stepTitle: step.title,
      line: step.specLine,
      message: known ? (error as Error).message : `unexpected: ${(error as Error).message}`,
    });
  }

  /** Makes step i's setup, moves and `let`s (its question's reveal too, if asked). */
  private play(i: number, reveal: boolean): void {
    const step = this.lesson.steps[i];
    try {
      const spec = step.spec;
      if (spec.setup) applySetup(this.port, spec.setup, this.env);
      for (const action of spec.do ?? []) applyAction(this.port, action);
      const bindings = new Map(i > 0 ? this.bindingsAt[i - 1] : CONSTANTS);
      for (const [name, tree] of step.lets) bindings.set(name, evaluate(tree, LESSON_FUNCTIONS, this.live(), bindings));
      this.bindingsAt[i] = bindings;
      if (reveal) for (const action of spec.question?.reveal ?? []) applyAction(this.port, action);
    } catch (error) {
      throw this.problem(step, error);
    }
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
  }

  /** Makes the moves of this step's question that show its answer (once). */
  reveal(): void {
    if (this.isRevealed || this.index < 0) return;
    this.isRevealed = true;
    try {
      for (const action of this.step.spec.question?.reveal ?? []) applyAction(this.port, action);
    } catch (error) {
      throw this.problem(this.step, error);
    }
  }

  live(): LiveState {
    return { context: this.port.getSnapshot().context };
  }

  /** Evaluates an expression (usually one of the current step's, already compiled) on the live machine. */
  evaluate(source: string | number): number {
    let tree = this.step.expressions.get(String(source));
    if (!tree) {
      tree = parseExpression(String(source));
      checkExpression(tree, LESSON_FUNCTIONS, new Set(this.bindings.keys()));
    }
    return evaluate(tree, LESSON_FUNCTIONS, this.live(), this.bindings);
  }

  /** A live value for a `{{ … }}` of this step's text. */
  format(placeholder: Placeholder): Formatted {
    return formatNumber(this.evaluate(placeholder.source), placeholder.format);
  }

  /** The position of the right choice of a choice question, from the live machine or the marked choice. */
  private rightChoice(): number {
    const q = this.step.spec.question;
    if (!q || q.kind !== 'choice') throw new Error('not a choice question');
    if (q.answer === undefined) return q.choices.findIndex((c) => c.correct);
    const value = this.evaluate(q.answer);
    if (!Number.isInteger(value) || value < 0 || value >= q.choices.length) {
      throw new ExpressionError(`question.answer gives ${value}, not a choice position 0 … ${q.choices.length - 1}`);
    }
    return value;
  }

  /**
   * Checks the learner's answer: a typed number, or the position of a choice. A number
   * that cannot be read is returned as a problem without revealing anything; otherwise
   * the answer is committed, the machine makes its reveal moves, and the truth is read.
   */
  submit(input: string | number): AnswerResult {
    const q = this.step.spec.question;
    if (!q) throw new Error(`step ${this.step.number} asks no question`);
    if (this.result) return this.result;
    if (q.kind === 'number') {
      const given = parseLearnerNumber(String(input));
      if (given === null) return { kind: 'unreadable', input: String(input) };
      this.reveal();
      try {
        const truth = this.evaluate(q.answer);
        this.result = { kind: 'number', ...checkNumber(given, truth, { absolute: q.tolerance, relative: q.relative }) };
      } catch (error) {
        throw this.problem(this.step, error);
      }
      return this.result;
    }
    const given = Number(input);
    if (!Number.isInteger(given) || given < 0 || given >= q.choices.length) return { kind: 'unreadable', input: String(input) };
    this.reveal();
    try {
      const truth = this.rightChoice();
      this.result = { kind: 'choice', given, truth, correct: given === truth };
    } catch (error) {
      throw this.problem(this.step, error);
    }
    return this.result;
  }

  /**
   * What cannot be shown at this step on the live machine, for the validation test and
   * the panel: live values that do not evaluate, highlights naming nothing, figures that
   * cannot be drawn. With `afterReveal`, the answer and the worked text too (reveals first).
   */
  problems(afterReveal: boolean): string[] {
    const step = this.step;
    const spec = step.spec;
    const out: string[] = [];
    const tryEval = (where: string, source: string | number) => {
      try {
        const v = this.evaluate(source);
        if (!Number.isFinite(v)) out.push(`${where}: "${source}" is ${v}`);
      } catch (error) {
        out.push(`${where}: "${source}": ${(error as Error).message}`);
      }
    };
    const texts: [string, string][] = [['the prose', step.prose]];
    step.equations.forEach((e, i) => texts.push([`equations.${i}`, e.tex]));
    if (spec.question) {
      texts.push(['question.prompt', spec.question.prompt]);
      if (spec.question.kind === 'choice') spec.question.choices.forEach((c, i) => texts.push([`question.choices.${i}`, c.text]));
    }
    for (const [where, text] of texts) for (const p of placeholdersIn(text)) tryEval(`${where}, ${p.raw}`, p.source);
    for (const [i, h] of (spec.highlight ?? []).entries()) {
      const problem = highlightProblem(h, this.live().context);
      if (problem) out.push(`highlight.${i}: ${problem}`);
    }
    const figure = spec.figure;
    if (figure && 'activation' in figure && figure.activation.mark !== undefined) tryEval('figure.activation.mark', figure.activation.mark);
    if (figure && 'ravine' in figure) {
      for (const key of ['steep', 'gentle', 'lr', 'steps', 'x0', 'y0'] as const) if (figure.ravine[key] !== undefined) tryEval(`figure.ravine.${key}`, figure.ravine[key]!);
      figure.ravine.momentum.forEach((m, i) => tryEval(`figure.ravine.momentum.${i}`, m));
    }
    if (figure && 'histogram' in figure) {
      const { of, layer } = figure.histogram;
      const problem = highlightProblem({ row: { matrix: of, layer, index: 1 } }, this.live().context);
      if (problem) out.push(`figure.histogram: ${problem}`);
    }
    if (figure && 'gradcheck' in figure) {
      const g = figure.gradcheck;
      const problem = highlightProblem({ weight: { layer: g.layer, to: g.to, from: g.from } }, this.live().context);
      if (problem) out.push(`figure.gradcheck: ${problem}`);
    }
    if (afterReveal && spec.question) {
      try {
        this.reveal();
        if (spec.question.kind === 'number') tryEval('question.answer', spec.question.answer);
        else this.rightChoice();
      } catch (error) {
        out.push(`question: ${(error as Error).message}`);
      }
      for (const p of placeholdersIn(spec.question.worked)) tryEval(`question.worked, ${p.raw}`, p.source);
    }
    return out;
  }
}

/** Why a highlight names nothing on the machine as it stands, or null. */
export function highlightProblem(h: HighlightSpec, context: DebuggerContext): string | null {
  return resolveHighlight(h, context).problem;
}
