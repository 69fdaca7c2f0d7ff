// A step's question between the lesson runtime and QuestionCard: what the card shows (the
// prompt and choices rendered, the tolerance, the tries left, and — once settled — the
// machine's value and the worked solution), and an answer or a "show me" handed to the
// runtime, with what the learner's progress records (only a settled answer).

import { describeTolerance, isSettled, type AnswerResult } from '../../lessons/answers';
import type { Rendered } from '../../lessons/render';
import type { LessonRun } from '../../lessons/runtime';
import type { StepSpec } from '../../lessons/schema';

type QuestionSpec = NonNullable<StepSpec['question']>;

export function questionView(run: LessonRun, q: QuestionSpec, result: AnswerResult | null, text: (markdown: string) => Rendered) {
  const settled = isSettled(result) && run.revealed;
  return {
    kind: q.kind,
    prompt: text(q.prompt),
    choices: q.kind === 'choice' ? q.choices.map((c) => text(c.text)) : [],
    tolerance: q.kind === 'number' ? describeTolerance({ absolute: q.tolerance, relative: q.relative }) : null,
    worked: settled ? text(q.worked) : null,
    truth: q.kind === 'number' && settled ? run.format({ raw: '', source: String(q.answer), format: { kind: 'sig', digits: 4 } }).text : null,
    triesLeft: run.triesLeft,
    tried: q.kind === 'number' ? run.tried.map(String) : run.tried,
  };
}

/** The runtime's verdict on an answer (or on "show me", `input` null), and what progress records of it. */
export function answerQuestion(run: LessonRun, input: string | number | null): { result: AnswerResult; record: { correct: boolean; given: string } | null } {
  if (input === null) return { result: run.showAnswer(), record: { correct: false, given: '' } };
  const result = run.submit(input);
  return { result, record: result.kind === 'number' || result.kind === 'choice' ? { correct: result.correct, given: String(input) } : null };
}
