// What the machine has computed at a step is known when the lesson loads (availability.ts)
// and again when it is read on the live machine (quantities.ts). The two must agree: for
// every function of the answer language, every layer, and every sub-step of the plan of a
// net with one and with two hidden layers, the load-time check reports exactly the live
// machine's "… is not computed yet: …", and nothing where the live read succeeds.
import { describe, expect, it } from 'vitest';
import { createLessonActor } from '../../src/lessons/actor';
import { planOfSetup, positionAfter, unreadyReads, type PlanPosition } from '../../src/lessons/availability';
import { evaluate, parseExpression } from '../../src/lessons/expression';
import { CONSTANTS, LESSON_FUNCTIONS } from '../../src/lessons/quantities';
import type { ActionSpec, SetupSpec } from '../../src/lessons/schema';
import { applyAction, applySetup } from '../../src/lessons/setup';
import { currentFrame } from '../../src/session/history';

/** An argument for each parameter name: small, valid values on a net of 2 inputs, 2 classes. */
const ARGUMENT: Record<string, number> = { threshold: 0.5, eps: 0.001, shift: 0.01, x: 0.3, y: 0.2, digits: 2, steps: 3, lr: 0.1, mu: 0.5, steep: 10, gentle: 1, tolerance: 0.1, axis: 1, class: 0 };

/** Calls of every function, with every layer 0 … L + 1 for those that take one. */
function calls(L: number): string[] {
  return Object.entries(LESSON_FUNCTIONS).flatMap(([name, spec]) => {
    const required = spec.params.filter((p) => !p.endsWith('?'));
    const layers = required.includes('layer') ? Array.from({ length: L + 2 }, (_, l) => l) : [null];
    return layers.map((layer) => `${name}(${required.map((p) => (p === 'layer' ? layer : (ARGUMENT[p] ?? 1))).join(', ')})`);
  });
}

function setupOf(sizes: number[]): SetupSpec {
  return {
    net: { sizes, precision: 'float64', seed: 3 },
    training: { learningRate: 0.5, momentum: 0.5, batchSize: 2 },
    data: { classes: 2, batches: [{ inputs: [1, 0.5, -0.5, 0.25], labels: [1, 0] }] },
    train: 1, // so that a velocity exists
  };
}

describe.each([[[2, 3, 2]], [[2, 3, 3, 2]]])('a %j net', (sizes) => {
  const setup = setupOf(sizes);
  const plan = planOfSetup(setup);
  const L = sizes.length - 1;

  it('has the plan the live machine has', () => {
    const actor = createLessonActor();
    actor.start();
    applySetup(actor, setup, { mnist: null });
    expect(actor.getSnapshot().context.plan.map((s) => [s.kind, s.layer])).toEqual(plan.map((s) => [s.kind, s.layer]));
    actor.stop();
  });

  it('at every sub-step, the load-time check and the live machine agree on what is not computed yet', () => {
    const actor = createLessonActor();
    actor.start();
    applySetup(actor, setup, { mnist: null });
    let flagged = 0;
    let computed = 0;
    for (let index = -1; index < plan.length; index++) {
      expect(currentFrame(actor.getSnapshot().context.history).stepIndex).toBe(index);
      const position: PlanPosition = { plan, index };
      for (const source of calls(L)) {
        const tree = parseExpression(source);
        const before = unreadyReads(tree, position);
        let live: string | null = null;
        try {
          evaluate(tree, LESSON_FUNCTIONS, { context: actor.getSnapshot().context }, CONSTANTS);
        } catch (error) {
          live = (error as Error).message;
        }
        const where = `${source} at sub-step ${index}`;
        if (live?.includes('is not computed yet')) {
          expect(before, where).toEqual([live]);
          flagged++;
        } else if (live === null) {
          expect(before, where).toEqual([]);
          computed++;
        } else {
          // another problem (a layer that does not exist, no f'(z) on the output layer …): never a wrong "not computed yet"
          expect(before.filter((m) => !m.startsWith('the new velocity')), where).toEqual([]);
        }
      }
      actor.send({ type: 'step.next' });
    }
    // both verdicts occur, for many reads
    expect(flagged).toBeGreaterThan(100);
    expect(computed).toBeGreaterThan(500);
    actor.stop();
  });
});

describe('moves, followed from the file', () => {
  const setup = setupOf([2, 3, 2]);
  const plan = planOfSetup(setup);
  const at = (index: number): PlanPosition => ({ plan, index });

  it('next runs past the update into the next batch; prev from a batch start goes to the end of the one before', () => {
    expect(positionAfter(at(9), { next: 1 })?.index).toBe(10);
    expect(positionAfter(at(10), { next: 1 })?.index).toBe(-1);
    expect(positionAfter(at(9), { next: 3 })?.index).toBe(0);
    expect(positionAfter(at(-1), { prev: 1 })?.index).toBe(10);
    expect(positionAfter(at(4), { prev: 2 })?.index).toBe(2);
  });

  it('goto names a sub-step; batches ends at the next batch’s start; select, settings and choose stay', () => {
    expect(positionAfter(at(-1), { goto: 'outputDelta' })?.index).toBe(5);
    expect(positionAfter(at(8), { goto: { phase: 'forward', layer: 2, part: 'z' } })?.index).toBe(2);
    expect(positionAfter(at(8), { goto: 'end' })?.index).toBe(10);
    expect(positionAfter(at(3), { batches: 2 })?.index).toBe(-1);
    expect(positionAfter(at(3), { select: 1 })?.index).toBe(3);
    expect(positionAfter(at(3), { settings: { learningRate: 0.1 } })?.index).toBe(3);
    expect(positionAfter(at(3), { choose: { order: [1, 1] } })?.index).toBe(3);
    expect(() => positionAfter(at(3), { goto: { phase: 'hiddenDelta', layer: 2 } })).toThrow('goto: the hiddenDelta phase has no layer 2 in this net (it has 1)');
  });

  it('the same moves on the live machine land where the file says', () => {
    const actor = createLessonActor();
    actor.start();
    applySetup(actor, setup, { mnist: null });
    const moves: ActionSpec[] = [{ goto: 'hiddenDelta' }, { next: 7 }, { prev: 2 }, { next: 2 }, { goto: { phase: 'gradients', layer: 1 } }, { batches: 1 }, { next: 4 }, { select: 2 }, { goto: 'start' }, { prev: 1 }, { choose: { order: [1, 1] } }, { next: 3 }];
    let position: PlanPosition | null = at(-1);
    for (const move of moves) {
      position = positionAfter(position, move);
      applyAction(actor, move);
      expect(currentFrame(actor.getSnapshot().context.history).stepIndex, JSON.stringify(move)).toBe(position!.index);
    }
    actor.stop();
  });
});
