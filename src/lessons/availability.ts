// What the machine has computed at each step of a lesson, known from the lesson file alone:
// a setup starts a batch with nothing computed, `goto`/`next`/`prev`/`batches` move through
// the batch's plan (src/session/plan.ts), a question's `reveal` moves on before its answer
// and worked solution are read. So a step that reads δ before the δ phase, or the updated
// weights before the update, is rejected when the lesson loads — not first when a learner
// reaches it. The live machine still checks every read (quantities.ts says the same
// "… is not computed yet: …"); tests/lessons/availability.test.ts holds the two to agree.

import { parseTrainingConfig } from '../engine/training-config';
import { presetById } from '../experiments/presets';
import { planSteps, type PlannedStep, type StepKind } from '../session/plan';
import { stepLabel } from '../viewmodel/step-label';
import { layerNotation, layerQuantityText } from '../notation';
import type { Expr } from './expression';
import { CONSTANTS, LESSON_FUNCTIONS } from './quantities';
import type { ActionSpec, SetupSpec } from './schema';
import { gotoIndex, SetupError } from './setup';

/** Where the machine stands in a batch: −1 at its start, else the last sub-step computed. */
export interface PlanPosition {
  readonly plan: readonly PlannedStep[];
  readonly index: number;
}

/** The dense layers L of the net a setup builds (its sizes, its preset's, or the default). */
function layerCount(setup: SetupSpec): number {
  const preset = setup.preset === undefined ? undefined : presetById(setup.preset);
  if (setup.net?.sizes) return setup.net.sizes.length - 1;
  if (preset) return preset.config.sizes.length - 1;
  return setup.data === 'mnist' ? parseTrainingConfig({}).sizes.length - 1 : 1;
}

/** The plan of the batches a setup steps through (the hidden activation does not change its sub-steps). */
export function planOfSetup(setup: SetupSpec): PlannedStep[] {
  const L = layerCount(setup);
  return planSteps({ sizes: Array.from({ length: L + 1 }, () => 1), activations: [...Array.from({ length: L - 1 }, () => 'sigmoid' as const), 'softmax'] });
}

/** Where a move leaves the machine; null when that cannot be known from the file. Throws SetupError for a `goto` the net has no sub-step for. */
export function positionAfter(position: PlanPosition | null, action: ActionSpec): PlanPosition | null {
  if (!position) return null;
  const { plan, index } = position;
  const last = plan.length - 1;
  if ('goto' in action) return { plan, index: gotoIndex(plan, action.goto) };
  // A check goes to its first difference, which the move names (the runtime holds the check to it).
  if ('check' in action) {
    try {
      return { plan, index: gotoIndex(plan, action.check) };
    } catch (error) {
      throw new SetupError((error as Error).message.replace(/^goto:/, 'check:'));
    }
  }
  if ('next' in action) {
    let i = index;
    for (let n = 0; n < action.next; n++) i = i === last ? -1 : i + 1; // past the update: the next batch
    return { plan, index: i };
  }
  if ('prev' in action) {
    let i = index;
    for (let n = 0; n < action.prev; n++) i = i === -1 ? last : i - 1; // before a batch's start: the end of the one before
    return { plan, index: i };
  }
  if ('batches' in action) return { plan, index: -1 };
  // select, settings (from the next batch on) and choose (at a batch's start it replaces the batch, later it waits) do not move.
  return position;
}

/** "the machine has just computed δ₂ = ŷ − y" — as the live machine words it. */
export function describePlanPosition({ plan, index }: PlanPosition): string {
  return index < 0 ? 'the batch is loaded and nothing is computed yet' : `the machine has just computed ${stepLabel(plan[index])}`;
}

/** A sub-step of the plan that must have run, and what it computes, as messages name it. */
interface Need {
  readonly kind: StepKind;
  /** 0-based layer of that sub-step. */
  readonly layer: number;
  readonly what: string;
}

type Slot = 'z' | 'a' | 'fprime' | 'delta' | 'gradW' | 'gradB' | 'newW' | 'newB' | 'newV';

/** The sub-step that computes a slot of report layer l (1 … L); null where the slot does not exist. */
function needOf(slot: Slot, l: number, L: number): Need | null {
  if (!Number.isInteger(l) || l < 1 || l > L) return null;
  const what = layerQuantityText(layerNotation(L), slot, l);
  switch (slot) {
    case 'z':
      return { kind: 'preActivation', layer: l - 1, what };
    case 'a':
      return { kind: 'activation', layer: l - 1, what };
    case 'fprime':
      return l === L ? null : { kind: 'activation', layer: l - 1, what };
    case 'delta':
      return { kind: l === L ? 'outputDelta' : 'hiddenDelta', layer: l - 1, what };
    case 'gradW':
    case 'gradB':
      return { kind: 'gradients', layer: l - 1, what };
    case 'newW':
    case 'newB':
    case 'newV':
      return { kind: 'update', layer: l - 1, what };
  }
}

/** Functions that read a quantity of their `layer` argument's layer. */
const BY_LAYER: Readonly<Record<string, Slot>> = {
  z: 'z',
  a: 'a',
  fprime: 'fprime',
  delta: 'delta',
  grad_w: 'gradW',
  grad_b: 'gradB',
  new_w: 'newW',
  new_b: 'newB',
  new_v_w: 'newV',
  new_v_b: 'newV',
  mean_z: 'z',
  std_z: 'z',
  frac_abs_z_above: 'z',
  count_z_zero: 'z',
  mean_a: 'a',
  dead_units: 'a',
  first_dead: 'a',
  mean_abs_delta: 'delta',
  frac_fprime_below: 'fprime',
};

const LOSS: Need = { kind: 'loss', layer: -1, what: 'the loss' };

/** What a call reads that a sub-step computes, when its arguments say which without the machine. */
function callNeed(name: string, layer: number | undefined, L: number): Need | null {
  if (name === 'loss' || name === 'correct' || name === 'loss_n') return LOSS;
  if (name === 'yhat' || name === 'predicted') return needOf('a', L, L);
  if (layer === undefined) return null;
  if (name === 'backsum') return layer >= 1 && layer < L ? needOf('delta', layer + 1, L) : null;
  if (name === 'a' && layer === 0) return null; // a(0, i) is the input
  const slot = BY_LAYER[name];
  return slot ? needOf(slot, layer, L) : null;
}

/** The value of an argument that does not depend on the machine, or undefined. */
function constant(e: Expr): number | undefined {
  switch (e.kind) {
    case 'number':
      return e.value;
    case 'name':
      return CONSTANTS.get(e.name);
    case 'unary': {
      const v = constant(e.operand);
      return v === undefined ? undefined : e.op === '-' ? -v : Number(v === 0);
    }
    case 'binary': {
      const [x, y] = [constant(e.left), constant(e.right)];
      if (x === undefined || y === undefined) return undefined;
      return ({ '+': x + y, '-': x - y, '*': x * y, '/': x / y } as Record<string, number>)[e.op];
    }
    case 'call':
      return undefined;
  }
}

/** The `layer` argument of a call, positional or named, when it is a constant. */
function layerArgument(call: Extract<Expr, { kind: 'call' }>): number | undefined {
  const params = LESSON_FUNCTIONS[call.name]?.params.map((p) => p.replace(/\?$/, '')) ?? [];
  const position = params.indexOf('layer');
  const arg = call.args.find((a) => a.name === 'layer') ?? (position >= 0 ? call.args.filter((a) => a.name === null)[position] : undefined);
  return arg ? constant(arg.value) : undefined;
}

/** L, the dense layers of the net a position's plan steps through. */
export function denseLayers({ plan }: PlanPosition): number {
  return plan.filter((s) => s.kind === 'preActivation').length;
}

function isComputed(need: Need, { plan, index }: PlanPosition): boolean | null {
  const at = plan.findIndex((s) => s.kind === need.kind && (need.kind === 'loss' || s.layer === need.layer));
  return at < 0 ? null : at <= index;
}

/** "δ₁ is not computed yet: …" for every quantity the expression reads before the machine computes it. */
export function unreadyReads(tree: Expr, position: PlanPosition): string[] {
  const L = denseLayers(position);
  const out = new Set<string>();
  const walk = (e: Expr): void => {
    if (e.kind === 'unary') walk(e.operand);
    else if (e.kind === 'binary') {
      walk(e.left);
      walk(e.right);
    } else if (e.kind === 'call') {
      e.args.forEach((a) => walk(a.value));
      const need = callNeed(e.name, layerArgument(e), L);
      if (need && isComputed(need, position) === false) out.add(`${need.what} is not computed yet: ${describePlanPosition(position)}`);
    }
  };
  walk(tree);
  return [...out];
}

const MATRIX_SLOT: Readonly<Record<string, Slot | undefined>> = { z: 'z', a: 'a', fprime: 'fprime', delta: 'delta', gradW: 'gradW', gradB: 'gradB', newW: 'newW', newB: 'newB' };

/** Why a highlighted (or histogrammed) matrix of a layer is not there yet, or null. */
export function unreadyMatrix(matrix: string, layer: number, position: PlanPosition): string | null {
  const L = denseLayers(position);
  const slot = MATRIX_SLOT[matrix];
  const need = slot ? needOf(slot, layer, L) : null;
  if (!need || isComputed(need, position) !== false) return null;
  return `${matrix}${layer} is not computed yet at this step: ${describePlanPosition(position)}`;
}
