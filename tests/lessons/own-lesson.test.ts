// A teacher's own lesson — three steps, one question — beside the bundled ones: it loads with
// no problem, every step plays, and the checks `npm test` makes of lessons/ pass with it there;
// only the bundled lessons are held to the bundle's size rules.
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/lessons/catalog';
import { bundleProblems } from './bundle';
import { lessonFiles, playProblems } from './helpers';

const OWN = `# The bias gradient is δ

\`\`\`lesson
summary: Why ∂C/∂b of an output unit is its δ.
report: "§1.1, eq. (7)"
order: 12
\`\`\`

## The net

\`\`\`step
setup:
  net:
    sizes: [2, 2, 2]
    activation: sigmoid
    precision: float64
    weights:
      - [[0.5, -0.4], [0.3, 0.8]]
      - [[0.9, -0.6], [-0.3, 0.7]]
  data:
    classes: 2
    batches:
      - { inputs: [1.0, 0.5], labels: [1] }
do:
  - goto: loss
\`\`\`

The loss of this example is {{ loss() }}.

## δ of output 0

\`\`\`step
question:
  kind: number
  prompt: "What is $\\\\delta_{k=0}$?"
  answer: delta(2, 0)
  tolerance: 0.001
  reveal:
    - goto: outputDelta
  worked: "$\\\\delta_{k=0} = {{ yhat(0) }} - {{ y(0) }} = {{ delta(2, 0) }}$"
\`\`\`

ŷ minus the one-hot target.

## The bias gradient

\`\`\`step
do:
  - goto: { phase: gradients, layer: 2 }
\`\`\`

$\\partial C/\\partial b_{k=0} = {{ grad_b(2, 0) }}$, the same as $\\delta_{k=0} = {{ delta(2, 0) }}$: with one example the mean is that δ.
`;

describe('a teacher’s own three-step, one-question lesson in lessons/', () => {
  const catalog = buildCatalog({ ...lessonFiles(), '/lessons/bias-gradient.md': OWN });
  const own = catalog.lessons.find((l) => l.id === 'bias-gradient');

  it('loads with no problem, beside the bundled lessons', () => {
    expect(catalog.broken.map((b) => b.error.message)).toEqual([]);
    expect(own?.steps.length).toBe(3);
    expect(own?.questionCount).toBe(1);
  });

  it('plays every step on the machine, as validate-all does for every file', () => {
    expect(playProblems(own!)).toEqual([]);
  });

  it('does not trip the bundle’s rules, which look at the bundled lessons only', () => {
    expect(bundleProblems(catalog.lessons)).toEqual([]);
  });
});
