// "Check my numbers" on the debugger machine: a learner's file (or a planted step) for the
// current batch takes the debugger to the end of the sub-step that computes the first number
// that differs, selects that number's example and keeps the report for this batch only; bad
// files fail naming the file; a session that runs a planted mistake steps the faulty numbers.
import { describe, expect, it } from 'vitest';
import { plantedStep } from '../../src/check/planted/planted-mistakes';
import type { CheckOutcome, CheckRequest } from '../../src/session/check-run';
import { runCheck } from '../../src/session/check-run';
import { checkOfCurrentBatch, stepOfQuantity } from '../../src/session/check-flow';
import type { FaultyStep } from '../../src/session/faulty-step';
import { correctJson } from '../check/helpers';
import { checkParameter } from '../../src/session/gradient-check';
import { createActor, fromCallback } from 'xstate';
import type { CheckActorInput } from '../../src/machine/check-actor';
import { debuggerMachine } from '../../src/machine/debugger-machine';
import { at, bytes, debuggerInput, debuggerOn, frame, input, PLAN, planted } from './check-helpers';

describe('check my numbers: where the debugger goes', () => {
  it('missing f′: from the batch start to the end of the hidden δ step, the first difference’s example selected', () => {
    const actor = debuggerOn();
    actor.send({ type: 'check.file', name: 'mine.json', bytes: planted('missing-activation-derivative') });
    const s = actor.getSnapshot();
    expect(s.matches({ paused: 'hiddenDelta' })).toBe(true);
    expect(frame(actor).stepIndex).toBe(at('hiddenDelta', 0));
    const check = checkOfCurrentBatch(s.context)!;
    expect(check.status).toBe('done');
    expect(check.source).toBe('mine.json');
    expect(check.firstStep).toBe(at('hiddenDelta', 0));
    expect(check.report!.diagnosis.map((d) => d.id)).toEqual(['missing-activation-derivative']);
    const d = check.report!.firstDifference!;
    expect(d.name).toBe('layers[0].delta');
    expect(s.context.sample).toBe(d.index[0]);
    // The step shown is the sub-step that computes it: δ₁ is in this frame, the gradients are not yet.
    expect(frame(actor).quantities.delta[0]).not.toBeNull();
    expect(frame(actor).quantities.gradW[1]).toBeNull();
  });

  it('from the end of the batch it goes back to the first difference; a summed gradient stops at ∂C/∂W₂, the first gradient step', () => {
    const actor = debuggerOn();
    actor.send({ type: 'step.batch' });
    expect(frame(actor).stepIndex).toBe(PLAN.length - 1);
    actor.send({ type: 'check.file', name: 'summed.json', bytes: planted('gradient-sum-not-mean') });
    expect(frame(actor).stepIndex).toBe(at('gradients', 1));
    expect(actor.getSnapshot().matches({ paused: 'gradients' })).toBe(true);
    const check = checkOfCurrentBatch(actor.getSnapshot().context)!;
    expect(check.report!.firstDifference!.name).toBe('layers[1].gradW');
    expect(check.report!.diagnosis.map((d) => d.id)).toEqual(['gradient-sum-not-mean']);
    // Stepping back does not throw the check away: it belongs to the batch.
    actor.send({ type: 'step.prev' });
    expect(checkOfCurrentBatch(actor.getSnapshot().context)).toBe(check);
  });

  it('every quantity maps to the sub-step that computes it', () => {
    expect(stepOfQuantity(PLAN, { kind: 'z', layer: 1 })).toBe(at('preActivation', 1));
    expect(stepOfQuantity(PLAN, { kind: 'fprime', layer: 0 })).toBe(at('activation', 0));
    expect(stepOfQuantity(PLAN, { kind: 'output', layer: 1 })).toBe(at('activation', 1));
    expect(stepOfQuantity(PLAN, { kind: 'loss', layer: null })).toBe(at('loss', 1));
    expect(stepOfQuantity(PLAN, { kind: 'delta', layer: 1 })).toBe(at('outputDelta', 1));
    expect(stepOfQuantity(PLAN, { kind: 'delta', layer: 0 })).toBe(at('hiddenDelta', 0));
    expect(stepOfQuantity(PLAN, { kind: 'gradB', layer: 0 })).toBe(at('gradients', 0));
    expect(stepOfQuantity(PLAN, { kind: 'biasesAfter', layer: 1 })).toBe(at('update', 1));
  });

  it('a correct file agrees and leaves the debugger where it was', () => {
    const actor = debuggerOn();
    actor.send({ type: 'step.next' });
    actor.send({ type: 'check.file', name: 'ok.json', bytes: bytes(correctJson(input)) });
    const check = checkOfCurrentBatch(actor.getSnapshot().context)!;
    expect(check.report!.agree).toBe(true);
    expect(check.firstStep).toBeNull();
    expect(frame(actor).stepIndex).toBe(0);
  });

  it('the check applies to its batch: on the next batch it is gone, back on it again; check.clear puts it away', () => {
    const actor = debuggerOn();
    actor.send({ type: 'check.file', name: 'mine.json', bytes: planted('output-delta-sign') });
    expect(frame(actor).stepIndex).toBe(at('outputDelta', 1));
    actor.send({ type: 'step.batch' });
    actor.send({ type: 'step.next' }); // the next batch loaded
    expect(frame(actor).stepIndex).toBe(-1);
    expect(checkOfCurrentBatch(actor.getSnapshot().context)).toBeNull();
    actor.send({ type: 'step.prev' });
    expect(checkOfCurrentBatch(actor.getSnapshot().context)?.source).toBe('mine.json');
    actor.send({ type: 'check.clear' });
    expect(actor.getSnapshot().context.check).toBeNull();
  });

  it('bad files fail with a message naming the file and the problem, and the debugger stays put', () => {
    const actor = debuggerOn();
    actor.send({ type: 'step.next' });
    actor.send({ type: 'check.file', name: 'broken.json', bytes: new TextEncoder().encode('{"layers": [') });
    let check = actor.getSnapshot().context.check!;
    expect(check.status).toBe('failed');
    expect(check.error).toMatch(/^broken\.json: /);
    expect(frame(actor).stepIndex).toBe(0);
    expect(actor.getSnapshot().matches('paused')).toBe(true);

    const other = correctJson(input);
    other.labels = [...other.labels].reverse();
    actor.send({ type: 'check.file', name: 'other-batch.json', bytes: bytes(other) });
    check = actor.getSnapshot().context.check!;
    expect(check.error).toMatch(/^other-batch\.json: labels\[0\]: the batch's label is \d, the trace says \d: is this the trace of this batch\?$/);

    const lr = correctJson(input);
    lr.learningRate = 0.1;
    actor.send({ type: 'check.file', name: 'lr.json', bytes: bytes(lr) });
    expect(actor.getSnapshot().context.check!.error).toBe("lr.json: learningRate: the trace says 0.1, the debugger's α says 0.3");
  });

  it('an empty name or no bytes is refused by the machine', () => {
    const actor = debuggerOn();
    expect(actor.getSnapshot().can({ type: 'check.file', name: '', bytes: new Uint8Array(1) })).toBe(false);
    expect(actor.getSnapshot().can({ type: 'check.step' })).toBe(false); // no planted step in this session
  });
});

describe('a check run elsewhere (the page’s worker)', () => {
  it('the machine is checking until the outcome arrives; sample.select still works; the outcome then moves it', () => {
    const pending: { request: CheckRequest; done: (o: CheckOutcome) => void }[] = [];
    const actor = debuggerOn(null, (request, done) => {
      pending.push({ request, done });
      return () => {};
    });
    actor.send({ type: 'check.file', name: 'mine.json', bytes: planted('derivative-of-activation') });
    expect(actor.getSnapshot().hasTag('checking')).toBe(true);
    expect(actor.getSnapshot().can({ type: 'step.next' })).toBe(false);
    actor.send({ type: 'sample.select', index: 2 });
    expect(actor.getSnapshot().context.sample).toBe(2);
    // The request carries the batch's start and the file's bytes, no more.
    expect(pending).toHaveLength(1);
    expect(pending[0].request.start.net).toBe(input.net);
    pending[0].done(runCheck(pending[0].request));
    expect(actor.getSnapshot().hasTag('checking')).toBe(false);
    expect(frame(actor).stepIndex).toBe(at('activation', 0));
    expect(checkOfCurrentBatch(actor.getSnapshot().context)!.report!.diagnosis[0].id).toBe('derivative-of-activation');
  });

  it('check.cancel stops it: the runner is told, a late outcome is ignored', () => {
    let cancelled = 0;
    let deliver: ((o: CheckOutcome) => void) | null = null;
    let request: CheckRequest | null = null;
    const actor = debuggerOn(null, (r, done) => {
      request = r;
      deliver = done;
      return () => cancelled++;
    });
    actor.send({ type: 'check.file', name: 'mine.json', bytes: planted('output-delta-sign') });
    actor.send({ type: 'check.cancel' });
    expect(cancelled).toBe(1);
    expect(actor.getSnapshot().matches('paused')).toBe(true);
    expect(actor.getSnapshot().context.check).toBeNull();
    deliver!(runCheck(request!));
    expect(actor.getSnapshot().context.check).toBeNull();
    expect(frame(actor).stepIndex).toBe(-1);
  });
});

describe('a checker that cannot start', () => {
  it('a runner that throws at start-up is a failed check naming the checker, and the debugger keeps stepping', () => {
    let calls = 0;
    const actor = debuggerOn(null, () => {
      calls++;
      throw new DOMException("Failed to construct 'Worker': Script at 'check.worker.js' cannot be accessed", 'SecurityError');
    });
    const errors: unknown[] = [];
    actor.subscribe({ error: (e) => errors.push(e) });
    actor.send({ type: 'step.next' });
    actor.send({ type: 'check.file', name: 'mine.json', bytes: planted('output-delta-sign') });
    const s = actor.getSnapshot();
    expect(s.status).toBe('active');
    expect(errors).toEqual([]);
    expect(s.matches('paused')).toBe(true);
    const check = checkOfCurrentBatch(s.context)!;
    expect(check.status).toBe('failed');
    expect(check.error).toBe("mine.json: the checker could not start: Failed to construct 'Worker': Script at 'check.worker.js' cannot be accessed");
    expect(frame(actor).stepIndex).toBe(0);
    // Still a debugger: it steps, and a second check tries the runner again.
    actor.send({ type: 'step.next' });
    expect(frame(actor).stepIndex).toBe(1);
    actor.send({ type: 'step.prev' });
    expect(frame(actor).stepIndex).toBe(0);
    actor.send({ type: 'check.file', name: 'again.json', bytes: planted('output-delta-sign') });
    expect(calls).toBe(2);
    expect(actor.getSnapshot().context.check!.error).toMatch(/^again\.json: the checker could not start: /);
    actor.send({ type: 'step.batch' });
    expect(actor.getSnapshot().status).toBe('active');
    expect(frame(actor).stepIndex).toBe(PLAN.length - 1);
  });

  it('whatever stops the check actor itself (here an actor that throws as it starts) fails the check, not the debugger', () => {
    const machine = debuggerMachine.provide({
      actors: {
        checkRun: fromCallback<{ type: 'never' }, CheckActorInput>(() => {
          throw new Error('out of memory');
        }),
      },
    });
    const actor = createActor(machine, { input: debuggerInput() });
    actor.start();
    actor.send({ type: 'check.file', name: 'mine.json', bytes: planted('output-delta-sign') });
    expect(actor.getSnapshot().status).toBe('active');
    expect(actor.getSnapshot().context.check!.error).toBe('mine.json: the checker could not start: out of memory');
    actor.send({ type: 'step.next' });
    expect(frame(actor).stepIndex).toBe(0);
  });
});

describe('a session that runs a planted mistake (bug-hunt lessons)', () => {
  const faulty: FaultyStep = { id: 'missing-activation-derivative', run: (start) => plantedStep('missing-activation-derivative', start) };

  it('steps the faulty numbers: δ₁ is Σ_k w_kj δ_k without f′, everything before it is the engine’s', () => {
    const actor = debuggerOn(faulty);
    const honest = debuggerOn();
    for (let i = 0; i <= at('hiddenDelta', 0); i++) {
      actor.send({ type: 'step.next' });
      honest.send({ type: 'step.next' });
    }
    const q = frame(actor).quantities;
    const h = frame(honest).quantities;
    expect(Array.from(q.delta[1]!)).toEqual(Array.from(h.delta[1]!));
    expect(Array.from(q.z[0]!)).toEqual(Array.from(h.z[0]!));
    const W2 = input.net.params.weights[1];
    for (let n = 0; n < 3; n++) {
      for (let j = 0; j < 4; j++) {
        let sum = 0;
        for (let k = 0; k < 3; k++) sum += W2[k * 4 + j] * q.delta[1]![n * 3 + k];
        expect(q.delta[0]![n * 4 + j]).toBeCloseTo(sum, 14);
        expect(h.delta[0]![n * 4 + j]).toBeCloseTo(sum * h.fprime[0]![n * 4 + j], 14);
      }
    }
  });

  it('is stepped, never run (the run loop computes the engine’s step); a reset keeps the mistake, a load without one drops it', () => {
    const actor = debuggerOn(faulty);
    expect(actor.getSnapshot().can({ type: 'step.epoch' })).toBe(false);
    expect(actor.getSnapshot().can({ type: 'run.continue' })).toBe(false);
    actor.send({ type: 'reset' });
    expect(actor.getSnapshot().context.faulty).toBe(faulty);
    actor.send({ type: 'load', net: input.net });
    expect(actor.getSnapshot().context.faulty).toBeNull();
    expect(actor.getSnapshot().can({ type: 'run.continue' })).toBe(true);
  });

  it('check.step compares the planted step’s numbers and lands on δ₁ with the diagnosis', () => {
    const actor = debuggerOn(faulty);
    actor.send({ type: 'check.step' });
    const check = checkOfCurrentBatch(actor.getSnapshot().context)!;
    expect(check.source).toBe("this lesson's step");
    expect(check.report!.diagnosis.map((d) => d.id)).toEqual(['missing-activation-derivative']);
    // The numbers are the lesson's: its hidden δ is named as the notation writes it for a 6-4-3 net.
    expect(check.report!.diagnosis[0].message).toBe("The lesson's δⱼ is Σ_k w_kj δ_k without the factor f'(z_j).");
    expect(frame(actor).stepIndex).toBe(at('hiddenDelta', 0));
    // The numbers the check compared are the ones the debugger shows.
    const given = check.report!.quantities.find((r) => r.quantity.name === 'layers[0].delta')!.given!.values;
    expect(Array.from(given)).toEqual(Array.from(frame(actor).quantities.delta[0]!));
  });

  it('the gradient check sets the stepped ∂C/∂w of a summed gradient against the central difference: N times too large, relative error (N − 1)/N', () => {
    const summed: FaultyStep = { id: 'gradient-sum-not-mean', run: (start) => plantedStep('gradient-sum-not-mean', start) };
    const actor = debuggerOn(summed);
    for (let i = 0; i <= at('gradients', 0); i++) actor.send({ type: 'step.next' });
    const check = checkParameter(actor.getSnapshot().context, { layer: 0, kind: 'weights', row: 2, col: 3 }, 1e-6);
    expect(check.frameGradient! / check.float64.estimate).toBeCloseTo(3, 6);
    expect(check.frameRelativeError!).toBeCloseTo(2 / 3, 6);
    // The engine's own backprop, which the check's first rows show, agrees with the central difference.
    expect(check.float64.relativeError).toBeLessThan(1e-7);
  });
});

