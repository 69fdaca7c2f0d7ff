// A greyed-out button says why: the reason comes from the machine's state and the checks its
// guards use, and there is one exactly when snapshot.can(event) is false.
import { initialTransition, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { TrainerEvent } from '../../src/machine/trainer-events';
import { trainerMachine } from '../../src/machine/trainer-machine';
import type { DebuggerEvent } from '../../src/machine/events';
import { memoryRunStore } from '../../src/session/run-store';
import { debuggerBlocked, trainerBlocked } from '../../src/viewmodel/why-disabled';
import { handWorkedSession, send, start, TINY_DATA } from '../machine/helpers';

describe('debuggerBlocked', () => {
  it('no reason when the machine takes the event; one when it does not, naming what to do', () => {
    let s = start({ data: TINY_DATA });
    expect(debuggerBlocked(s, { type: 'step.next' })).toBeNull();
    expect(debuggerBlocked(s, { type: 'step.prev' })).toBe('Nothing earlier to step back to: the history starts here.');
    s = send(s, { type: 'step.next' });
    expect(debuggerBlocked(s, { type: 'step.prev' })).toBeNull();
  });

  it('a batch that does not exist: says which batches do, counted from 1 as the picker counts', () => {
    const s = start({ data: TINY_DATA, settings: { batchSize: 1 } }); // 2 batches of custom data, whatever the size
    const event: DebuggerEvent = { type: 'batch.choose', choice: { kind: 'order', epoch: 0, batch: 2 } };
    expect(s.can(event)).toBe(false);
    expect(debuggerBlocked(s, event)).toBe('No such batch: an epoch has batches 1 … 2 (and epochs count from 1).');
    expect(debuggerBlocked(s, { type: 'batch.choose', choice: { kind: 'order', epoch: 0, batch: 1 } })).toBeNull();
  });

  it('settings that cannot make a network: the machine’s own check, in words', () => {
    const s = start({ data: TINY_DATA });
    expect(debuggerBlocked(s, { type: 'settings.change', settings: { sizes: [2, 3, 5] } })).toBe('Not valid: the data has 2 classes, the topology 5 outputs.');
    expect(debuggerBlocked(s, { type: 'sample.select', index: 7 })).toBe('No such example: this batch has 3.');
  });

  it('while a run goes on, every stepping button says to pause first', () => {
    const s = send(handWorkedSession(), { type: 'run.continue' });
    expect(s.matches('running')).toBe(true);
    for (const event of [{ type: 'step.next' }, { type: 'step.prev' }, { type: 'reset' }, { type: 'step.batch' }] as DebuggerEvent[]) {
      expect(s.can(event)).toBe(false);
      expect(debuggerBlocked(s, event)).toBe('A run is going: pause it first (Esc or F5).');
    }
  });
});

describe('trainerBlocked', () => {
  const input = { connect: () => ({ post() {}, listen() {}, terminate() {} }), store: memoryRunStore() };
  const at = (...events: TrainerEvent[]) => events.reduce((s, e) => transition(trainerMachine, s, e)[0], initialTransition(trainerMachine, input)[0]);
  const ready: TrainerEvent = { type: 'worker.ready', kernels: 'test', loadMs: 0 };
  const handoff = { snapshot: { net: null as never, velocity: null, position: { epoch: 0, batch: 0, step: 0 } }, config: null as never, reason: 'r' };

  it('loading: everything waits for the worker', () => {
    const s = at();
    expect(trainerBlocked(s, { type: 'run.start' })).toBe('The training worker is still loading MNIST.');
    expect(trainerBlocked(s, { type: 'run.continueFrom', handoff })).toBe('The training worker is still loading MNIST.');
  });

  it('idle: Train is on; Pause and debug says there is no run; the handed-back state can be trained on', () => {
    const s = at(ready);
    expect(trainerBlocked(s, { type: 'run.start' })).toBeNull();
    expect(trainerBlocked(s, { type: 'run.debug' })).toBe('No run in progress: start one, and this pauses it and opens the debugger on its weights.');
    expect(trainerBlocked(s, { type: 'run.stop' })).toBe('No run in progress.');
    expect(trainerBlocked(s, { type: 'run.continueFrom', handoff })).toBeNull();
    expect(trainerBlocked(s, { type: 'run.debugLastGood' })).toBe('The last run did not diverge.');
  });

  it('a bad setting: Train says which field and why', () => {
    const s = at(ready, { type: 'config.change', changes: { learningRate: -1 } });
    expect(s.can({ type: 'run.start' })).toBe(false);
    expect(trainerBlocked(s, { type: 'run.start' })).toMatch(/^Fix the settings first: learningRate: .+\.$/);
  });

  it('training: "Train on from it" and Train wait for the run; Pause and debug is on', () => {
    const s = at(ready, { type: 'run.start' });
    expect(trainerBlocked(s, { type: 'run.continueFrom', handoff })).toBe('A run is in progress: stop it (■ Stop) or let it finish first.');
    expect(trainerBlocked(s, { type: 'run.start' })).toBe('A run is in progress: stop it (■ Stop) or let it finish first.');
    expect(trainerBlocked(s, { type: 'run.debug' })).toBeNull();
    expect(trainerBlocked(s, { type: 'run.resume' })).toBe('Already running.');
    const paused = at(ready, { type: 'run.start' }, { type: 'run.pause' });
    expect(trainerBlocked(paused, { type: 'run.pause' })).toBe('Already paused.');
    const stopping = at(ready, { type: 'run.start' }, { type: 'run.stop' });
    expect(trainerBlocked(stopping, { type: 'run.debug' })).toBe('The run is stopping.');
  });
});
