// A debugger on a 6-4-3 sigmoid net whose first batch is a check test case (tests/check/helpers),
// with the learner's files for it: what the check's machine, view-model and component tests share.
import { formatJson } from '../../src/engine/io';
import type { MistakeId } from '../../src/check';
import { createDebuggerActor, type DebuggerActor } from '../../src/machine/debugger-machine';
import type { CheckRunner } from '../../src/session/check-run';
import type { DebuggerInput } from '../../src/session/context';
import type { DebuggerData } from '../../src/session/data-source';
import type { FaultyStep } from '../../src/session/faulty-step';
import { currentFrame } from '../../src/session/history';
import { planSteps } from '../../src/session/plan';
import { makeCase, plantedJson, type CaseSpec } from '../check/helpers';

export const spec: CaseSpec = { sizes: [6, 4, 3], activation: 'sigmoid', examples: 3, seed: 5, learningRate: 0.3 };
export const input = makeCase(spec);
// The case's batch is batch 0 of the data; batch 1 is another one.
export const data: DebuggerData = {
  kind: 'custom',
  inputSize: 6,
  classes: 3,
  batches: [
    { inputs: Array.from(input.batch.inputs), labels: Array.from(input.batch.labels, Number) },
    { inputs: Array.from(input.batch.inputs, (x) => 1 - x), labels: [2, 1, 0] },
  ],
};
export const bytes = (json: unknown) => new TextEncoder().encode(formatJson(json as Parameters<typeof formatJson>[0]));
export const planted = (id: MistakeId) => bytes(plantedJson(id, input));

/** The debugger's input for this case, with a planted mistake or none. */
export function debuggerInput(faulty: FaultyStep | null = null): DebuggerInput {
  return { data, load: { net: input.net, settings: { learningRate: 0.3, momentum: 0, batchSize: 3 }, faulty }, settings: { learningRate: 0.3, momentum: 0, batchSize: 3 } };
}

export function debuggerOn(faulty: FaultyStep | null = null, runner?: CheckRunner): DebuggerActor {
  const actor = createDebuggerActor(debuggerInput(faulty), runner ? { checkRunner: runner } : {});
  actor.start();
  return actor;
}

export const frame = (actor: DebuggerActor) => currentFrame(actor.getSnapshot().context.history);
export const PLAN = planSteps(input.net);
// 6-4-3: z₁ a₁ z₂ a₂ | loss | δ₂ | δ₁ | ∂C/∂W₂ ∂C/∂W₁ | update W₂, W₁
export const at = (kind: string, layer: number) => PLAN.find((s) => s.kind === kind && s.layer === layer)!.index;

