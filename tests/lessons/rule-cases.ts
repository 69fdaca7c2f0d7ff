// The rules a lesson must meet when it loads, each as a lesson file with one defect and the
// exact message it gives (file, step, line, problem). rules.test.ts checks each; readme.test.ts
// holds lessons/README.md's list of messages equal to these.
import { expect } from 'vitest';
import { compileLesson } from '../../src/lessons/compile';
import { describeProblem, LessonError } from '../../src/lessons/problems';

/** A valid lesson (line numbers on the right are the file's), broken one way per case. */
export const BASE = [
  '# Rules', //                                        1
  '', //                                               2
  '```lesson', //                                      3
  'summary: A lesson to break.', //                    4
  'report: "§1"', //                                   5
  'order: 1', //                                       6
  '```', //                                            7
  '', //                                               8
  '## Set up', //                                      9
  '', //                                              10
  '```step', //                                       11
  'setup:', //                                        12
  '  net:', //                                        13
  '    sizes: [2, 2, 2]', //                          14
  '    precision: float64', //                        15
  '    weights:', //                                  16
  '      - [[0.5, -0.4], [0.3, 0.8]]', //             17
  '      - [[0.9, -0.6], [-0.3, 0.7]]', //            18
  '  data:', //                                       19
  '    classes: 2', //                                20
  '    batches:', //                                  21
  '      - { inputs: [1.0, 0.5], labels: [1] }', //   22
  'let:', //                                          23
  '  first: x(1)', //                                 24
  '```', //                                           25
  '', //                                              26
  'The first input is {{ x(1) }}.', //                27
  '', //                                              28
  '## Ask', //                                        29
  '', //                                              30
  '```step', //                                       31
  'equations:', //                                    32
  '  - 8', //                                         33
  'highlight:', //                                    34
  '  - { term: delta }', //                           35
  'question:', //                                     36
  '  kind: number', //                                37
  '  prompt: "What is $z_{j=1}$?"', //                38
  '  answer: z(1, 1)', //                             39
  '  tolerance: 0.005', //                            40
  '  reveal:', //                                     41
  '    - goto: { phase: forward, layer: 1, part: z }', // 42
  '  worked: |', //                                   43
  '    $z_{j=1} = {{ z(1, 1) }}$', //                 44
  '```', //                                           45
  '', //                                              46
  'Work it out from the weights and {{ first }}.', // 47
  '', //                                              48
  '## Choose', //                                     49
  '', //                                              50
  '```step', //                                       51
  'do:', //                                           52
  '  - goto: outputDelta', //                         53
  'question:', //                                     54
  '  kind: choice', //                                55
  '  prompt: "Which class wins?"', //                 56
  '  choices:', //                                    57
  '    - text: class 0', //                           58
  '    - text: class 1', //                           59
  '  answer: predicted()', //                         60
  '  worked: "$\\\\delta_{k=0} = {{ delta(2, 0) }}$"', // 61
  '```', //                                           62
  '', //                                              63
  'The loss is {{ loss() }}.', //                     64
  '',
].join('\n');

/** The base lesson with one piece of text replaced (which must be there). */
export function broken(from: string, to: string): string {
  expect(BASE).toContain(from);
  return BASE.replace(from, to);
}

/** The base lesson on a net of two hidden layers, its symbols written with layer superscripts. */
export const DEEPER = broken('    sizes: [2, 2, 2]', '    sizes: [2, 2, 2, 2]')
  .replace('What is $z_{j=1}$?', 'What is $z^{(1)}_{j=1}$?')
  .replace('    $z_{j=1} = {{ z(1, 1) }}$', '    $z^{(1)}_{j=1} = {{ z(1, 1) }}$')
  .replace('$\\\\delta_{k=0} = {{ delta(2, 0) }}$', '$\\\\delta^{(3)}_{k=0} = {{ delta(3, 0) }}$');

/** The problems compiling a lesson file reports, as messages. */
export function problemsOf(text: string, file = 'lessons/rules.md'): string[] {
  try {
    compileLesson({ file, text });
  } catch (error) {
    expect(error).toBeInstanceOf(LessonError);
    return (error as LessonError).problems.map(describeProblem);
  }
  return [];
}

/** [rule, the broken file, the message, the file's name if not lessons/rules.md]. */
export const CASES: readonly (readonly [string, string, string, string?])[] = [
  ['the file name becomes the address', BASE, 'lessons/My Rules.md: the file name must be lower-case letters, digits and dashes (it becomes the URL #/lessons/My Rules)', 'lessons/My Rules.md'],
  ['a lesson starts with its title', broken('# Rules\n', 'Rules\n'), 'lessons/rules.md, line 1: a lesson starts with its "# Title"'],
  ['one title', broken('The loss is', '# Another title\n\nThe loss is'), 'lessons/rules.md, step 3 (Choose), line 64: only one "# Title" per lesson, at the top'],
  ['the lesson block is there', broken('```lesson\nsummary: A lesson to break.\nreport: "§1"\norder: 1\n```\n', ''), 'lessons/rules.md, line 1: the lesson needs a ```lesson block (summary, report, order) after its title'],
  ['the lesson block comes once, first', broken('## Choose\n', '## Choose\n\n```lesson\norder: 3\n```\n'), 'lessons/rules.md, step 3 (Choose), line 51: the ```lesson block comes once, before the first step'],
  ['the lesson block has its fields', broken('summary: A lesson to break.\n', ''), 'lessons/rules.md, line 3: lesson block: summary: is required'],
  ['a lesson has steps', '# Rules\n\n```lesson\nsummary: s\nreport: r\norder: 1\n```\n', 'lessons/rules.md, line 8: the lesson has no steps ("## Step title")'],
  ['a step block sits under a step title', broken('## Set up\n', '```step\ndo: []\n```\n\n## Set up\n'), 'lessons/rules.md, line 9: a ```step block belongs under a "## Step title"'],
  ['one step block per step', broken('Work it out', '```step\ndo: []\n```\n\nWork it out'), 'lessons/rules.md, step 2 (Ask), line 47: one ```step block per step'],
  ['YAML that reads', broken('  answer: z(1, 1)\n', '  answer: [z(1, 1)\n'), 'lessons/rules.md, step 2 (Ask), line 40: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]'],
  ['TeX in a double-quoted string', broken('  worked: "$\\\\delta_{k=0}', '  worked: "$\\delta_{k=0}'), 'lessons/rules.md, step 3 (Choose), line 61: YAML: Invalid escape sequence \\d (in a "…" string write TeX\'s \\ as \\\\, or use \'…\' or a | block)'],
  ['a field the format knows', broken('  tolerance: 0.005\n', '  tolerance: 0.005\n  hint: think\n'), 'lessons/rules.md, step 2 (Ask), line 36: question: unknown field "hint"'],
  ['a field of the right type', broken('  tolerance: 0.005\n', '  tolerance: small\n'), 'lessons/rules.md, step 2 (Ask), line 40: question.tolerance: expected number, received string'],
  ['a required field', broken('  prompt: "What is $z_{j=1}$?"\n', ''), 'lessons/rules.md, step 2 (Ask), line 36: question.prompt: is required'],
  ['a value in its range', broken('    - goto: { phase: forward, layer: 1, part: z }', '    - goto: { phase: forward, layer: 0, part: z }'), 'lessons/rules.md, step 2 (Ask), line 42: question.reveal.0.goto.layer: must be ≥ 1, got 0'],
  ['one of the listed values', broken('  - goto: outputDelta', '  - goto: outputdelta'), 'lessons/rules.md, step 3 (Choose), line 53: do.0.goto: expected "start", "end", "forward", "loss", "outputDelta", "hiddenDelta", "gradients" or "update", got "outputdelta"'],
  ['a move, highlight or figure of a known kind', broken('  - goto: outputDelta', '  - gotoo: outputDelta'), 'lessons/rules.md, step 3 (Choose), line 53: do.0: expected exactly one of `goto`, `next`, `prev`, `batches`, `select`, `settings`, `choose` or `check` (found `gotoo`)'],
  ['step 1 sets the machine up', broken('setup:\n  net:\n    sizes: [2, 2, 2]\n    precision: float64\n    weights:\n      - [[0.5, -0.4], [0.3, 0.8]]\n      - [[0.9, -0.6], [-0.3, 0.7]]\n  data:\n    classes: 2\n    batches:\n      - { inputs: [1.0, 0.5], labels: [1] }\n', ''), 'lessons/rules.md, step 1 (Set up), line 11: step 1 needs a `setup` (the net, the data and the batch the lesson starts from)'],
  ['a preset the report has', broken('setup:\n', 'setup:\n  preset: "9"\n'), 'lessons/rules.md, step 1 (Set up), line 13: setup.preset: unknown experiment "9" (known: 2, 3a, 3b, 3c, 3d, 4a, 4b, 4c, 5)'],
  ['MNIST examples need MNIST', broken('  data:\n', '  batch: { examples: [1] }\n  data:\n'), 'lessons/rules.md, step 1 (Set up), line 19: setup.batch: MNIST examples need `data: mnist`'],
  ['a function that exists', broken('  answer: z(1, 1)', '  answer: dleta(2, 1)'), 'lessons/rules.md, step 2 (Ask), line 39: question.answer: "dleta(2, 1)": unknown function dleta()'],
  ['arguments the function takes', broken('{{ x(1) }}', '{{ x(input = 1, layer = 2) }}'), 'lessons/rules.md, step 1 (Set up), line 27: the prose, {{ x(input = 1, layer = 2) }}: "x(input = 1, layer = 2)": x() has no parameter "layer" (it takes input, sample)'],
  ['an expression that parses', broken('  answer: z(1, 1)', '  answer: z(1, 1'), 'lessons/rules.md, step 2 (Ask), line 39: question.answer: "z(1, 1": expected "," or ")" at the end'],
  ['a name defined in an earlier step', broken('{{ first }}', '{{ second }}'), 'lessons/rules.md, step 2 (Ask), line 47: the prose, {{ second }}: "second": unknown name "second"'],
  ['a let name that is not a built-in', broken('  first: x(1)', '  first: x(1)\n  delta: x(2)'), 'lessons/rules.md, step 1 (Set up), line 25: let.delta: the name is taken by a built-in'],
  ['a known number format', broken('{{ x(1) }}', '{{ x(1) | fix 2 }}'), 'lessons/rules.md, step 1 (Set up), line 27: the prose, {{ x(1) | fix 2 }}: unknown number format "fix" (use fixed, sig, int, percent, sci, or symbol for the quantity\'s symbol)'],
  ['a quantity the machine has computed at that step', broken('{{ first }}', '{{ delta(2, 0) }}'), 'lessons/rules.md, step 2 (Ask), line 47: the prose, {{ delta(2, 0) }}: "delta(2, 0)": δₖ is not computed yet: the batch is loaded and nothing is computed yet'],
  ['… also in a worked solution, read after the reveal', broken('    $z_{j=1} = {{ z(1, 1) }}$', '    $z_{j=1} = {{ new_w(1, 1, 1) }}$'), 'lessons/rules.md, step 2 (Ask), line 44: question.worked, {{ new_w(1, 1, 1) }}: "new_w(1, 1, 1)": the updated Wⱼᵢ is not computed yet: the machine has just computed zⱼ = Wⱼᵢ x + bⱼ'],
  ['… and in a highlighted matrix', broken('  - { term: delta }', '  - { row: { matrix: delta, layer: 2, index: 1 } }'), 'lessons/rules.md, step 2 (Ask), line 35: highlight.0: delta2 is not computed yet at this step: the batch is loaded and nothing is computed yet'],
  ['a sub-step the net has', broken('  - goto: outputDelta', '  - goto: { phase: hiddenDelta, layer: 2 }'), 'lessons/rules.md, step 3 (Choose), line 53: do.0.goto: the hiddenDelta phase has no layer 2 in this net (it has 1)'],
  ['a check needs a planted mistake', broken('  - goto: outputDelta', '  - check: outputDelta'), 'lessons/rules.md, step 3 (Choose), line 53: do.0.check: the lesson plants no mistake to check (add `planted: <id>` to its lesson block)'],
  ['a planted mistake of the catalogue', broken('order: 1\n', 'order: 1\nplanted: missing-fprime\n'), 'lessons/rules.md, line 7: lesson block: planted: expected "softmax-overflow", "loss-sum-not-mean", "derivative-of-activation", "improved-sigmoid-derivative", "missing-activation-derivative", "output-delta-sign", "updated-weights-in-backprop", "gradient-sum-not-mean", "bias-gradient-not-reduced", "momentum-convention", "update-sign" or "learning-rate-mismatch", got "missing-fprime"'],
  ['one sub-step, not a phase of several', broken('  - goto: outputDelta', '  - goto: gradients'), 'lessons/rules.md, step 3 (Choose), line 53: do.0.goto: the gradients phase runs for layers 2, 1: say which with { phase: gradients, layer: … }'],
  ['a number question states its tolerance', broken('  tolerance: 0.005\n', ''), 'lessons/rules.md, step 2 (Ask), line 36: question: a number question states its `tolerance` (absolute) or `relative` tolerance'],
  ['an answer is read from the machine', broken('  answer: z(1, 1)', '  answer: 0.25'), 'lessons/rules.md, step 2 (Ask), line 39: question.answer: "0.25" is a fixed number; answers are read from the machine (e.g. delta(2, 1))'],
  ['a choice question gives its answer one way', broken('    - text: class 1\n', '    - text: class 1\n      correct: true\n'), 'lessons/rules.md, step 3 (Choose), line 54: question: give either `answer` (an expression for the right choice, from 0) or mark exactly one choice `correct: true`'],
  ['a fixed right choice is marked, not computed', broken('  answer: predicted()', '  answer: 1'), 'lessons/rules.md, step 3 (Choose), line 60: question.answer: a fixed position; mark the choice `correct: true` instead'],
  ['an equation the report has', broken('  - 8', '  - 20'), 'lessons/rules.md, step 2 (Ask), line 33: equations.0: must be ≤ 19, got 20'],
  ['TeX that renders', broken('  - 8', '  - 8\n  - tex: "\\\\frac{1}{"'), "lessons/rules.md, step 2 (Ask), line 34: equations.1: the TeX does not render: Unexpected end of input in a macro argument, expected '}' at end of input: \\frac{1}{"],
  ['at most five retries', broken('  tolerance: 0.005\n', '  tolerance: 0.005\n  retries: 9\n'), 'lessons/rules.md, step 2 (Ask), line 41: question.retries: must be ≤ 5, got 9'],
  ['a highlighted term one of the equations marks', broken('  - { term: delta }', '  - { term: alpha }'), 'lessons/rules.md, step 2 (Ask), line 35: highlight.0: no equation of this step marks a term "alpha" (it marks delta, fprime, sum, w, deltak)'],
  ['a symbol says whose unit it is', broken('What is $z_{j=1}$?', 'What is $z_1$?'), 'lessons/rules.md, step 2 (Ask), line 38: question.prompt: z_1: a bare number under z does not say whose unit or which layer it is — write z_{j=1} (hidden unit 1) or z_{k=1} (output class 1)'],
  ['units counted from 1', broken('The first input is {{ x(1) }}.', 'The first input is $x_{i=0} = {{ x(1) }}$.'), 'lessons/rules.md, step 1 (Set up), line 27: the prose: x_{i=0}: inputs are counted from 1 (only output units are named by their class, from 0) — write i=1 for the first'],
  ['letters, not superscripts, with one hidden layer', broken('$\\\\delta_{k=0} =', '$\\\\delta^{(2)}_{k=0} ='), 'lessons/rules.md, step 3 (Choose), line 61: question.worked: \\delta^{(2)}_{k=0}: this lesson\'s net has one hidden layer, so the notation tells its layers apart by the letters i, j, k, not by a superscript — write \\delta_{k=0}, the letter k naming layer 2'],
  ['a symbol set equal to a value is that value\'s', broken('    $z_{j=1} = {{ z(1, 1) }}$', '    $z_{k=1} = {{ z(1, 1) }}$'), 'lessons/rules.md, step 2 (Ask), line 44: question.worked: z_{k=1} = {{ z(1, 1) }}: the notation writes z_{j=1} for z(1, 1) — write that, or {{ z(1, 1) | symbol }}'],
  ['superscripts with more hidden layers', DEEPER.replace('The first input is {{ x(1) }}.', 'The first input is {{ x(1) }}; $z_{j=1}$ is unit 1 of layer 1.'), 'lessons/rules.md, step 1 (Set up), line 27: the prose: z_{j=1}: in a net with more than one hidden layer a letter does not say which layer — write the layer as a superscript, z^{(l)}_{j=1} (l = 1 … 2 hidden, 3 the output)'],
];

