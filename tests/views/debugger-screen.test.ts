// The debugger screen in jsdom over real MNIST: the keyboard drives the machine only while
// the screen is shown and no field has the focus, F11 moves the inspector to the layer
// just computed, and a trainer hand-over is loaded when the screen becomes active.
import './jsdom-stubs';
import { fireEvent, render, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { loadMnistFromPackage } from '../../src/data/node';
import { prepareTraining } from '../../src/data/prepare-training';
import { cloneNet, cloneParams } from '../../src/engine/network';
import { parseTrainingConfig } from '../../src/engine/training-config';
import type { Params } from '../../src/engine/types';
import { bits } from '../machine/helpers';
import type { Route } from '../../src/views/shell/route';
import DebuggerScreen from '../../src/views/debugger/DebuggerScreen.svelte';
import type { AppServices, DebuggerHandoff } from '../../src/views/shell/app-services';

const mnist = loadMnistFromPackage();

function services(handoff: DebuggerHandoff | null = null, trainFrom: (handoff: DebuggerHandoff) => void = () => {}): AppServices {
  let waiting = handoff;
  return {
    mnist,
    navigate() {},
    notify() {},
    debugFrom() {},
    takeHandoff() {
      const taken = waiting;
      waiting = null;
      return taken;
    },
    trainFrom,
    takeTrainingHandoff: () => null,
  } as AppServices;
}

const root = () => document.querySelector('.debugger') as HTMLElement;
const stepIndex = () => Number(root().dataset.step);
const press = (key: string, init: KeyboardEventInit = {}, target: Element | Window = window) => fireEvent.keyDown(target, { key, ...init });

describe('DebuggerScreen', () => {
  it('steps with → / F10, back with ← / Shift+F10, over a phase with Shift+→, only while shown', async () => {
    const debug: Route = { screen: 'debug' };
    const { rerender } = render(DebuggerScreen, { props: { app: services(), route: debug } });
    await waitFor(() => expect(root().dataset.kernels).not.toBe(''));
    expect(stepIndex()).toBe(-1);
    await press('ArrowLeft'); // nothing to go back to: snapshot.can says no
    expect(stepIndex()).toBe(-1);
    await press('ArrowRight');
    await press('F10');
    expect(stepIndex()).toBe(1);
    expect(root().dataset.phase).toBe('forward');
    await press('F10', { shiftKey: true });
    expect(stepIndex()).toBe(0);
    await press('ArrowRight', { shiftKey: true }); // to the end of the forward phase: ŷ
    expect(stepIndex()).toBe(3);
    // typing in a field keeps its keys
    const field = document.querySelector('input[type="number"]') as HTMLInputElement;
    await press('ArrowRight', {}, field);
    expect(stepIndex()).toBe(3);
    // hidden: no keys
    await rerender({ app: services(), route: { screen: 'train' } });
    await press('ArrowRight');
    expect(stepIndex()).toBe(3);
    await rerender({ app: services(), route: debug });
    await press('ArrowRight');
    expect(stepIndex()).toBe(4);
    expect(root().dataset.phase).toBe('loss');
  });

  it('F11 steps into the layer: the inspector follows the layer just computed', async () => {
    render(DebuggerScreen, { props: { app: services(), route: { screen: 'debug' } } });
    await waitFor(() => expect(root().dataset.kernels).not.toBe(''));
    await press('F11'); // z₁
    await press('F11'); // a₁
    await press('F11'); // z₂: the output layer
    const heading = document.querySelector('.inspector h2')!.textContent!;
    expect(heading).toMatch(/Output unit — class 0/);
    expect(stepIndex()).toBe(2);
    // the help lists the keys; Esc closes it
    await press('?', { shiftKey: true });
    expect(document.querySelector('[role="dialog"]')).toBeTruthy();
    await press('ArrowRight'); // keys other than Esc and ? wait while the help is open
    expect(stepIndex()).toBe(2);
    await press('Escape');
    expect(document.querySelector('[role="dialog"]')).toBeNull();
  });

  it('loads a trainer hand-over when shown: its weights, settings and position', async () => {
    const config = parseTrainingConfig({ sizes: [784, 32, 10], learningRate: 0.25, momentum: 0.9, batchSize: 64, seed: 3 });
    const prepared = prepareTraining(config, mnist);
    const snapshot = { net: prepared.net, velocity: null, position: { epoch: 1, batch: 4, step: 848 } };
    const handoff: DebuggerHandoff = { config, snapshot, reason: 'paused at step 848' };
    const app = services(handoff);
    const { rerender } = render(DebuggerScreen, { props: { app, route: { screen: 'train' } } });
    await waitFor(() => expect(root().dataset.kernels).not.toBe(''));
    expect(document.body.textContent).toContain('784-64-10');
    await rerender({ app, route: { screen: 'debug' } });
    await waitFor(() => expect(document.body.textContent).toContain('Loaded from the trainer: paused at step 848'));
    expect(document.body.textContent).toContain('784-32-10 · sigmoid');
    expect(document.body.textContent).toContain('α = 0.25 · μ = 0.9 · batch 64');
    expect(document.body.textContent).toContain('epoch 2, batch 5 of');
  });

  it('back to training: the trainer receives exactly the debugger’s current weights, velocity and position', async () => {
    const config = parseTrainingConfig({ sizes: [784, 16, 10], learningRate: 0.2, momentum: 0.9, batchSize: 50, seed: 4 });
    const training = prepareTraining(config, mnist);
    training.run(3);
    const snapshot = training.snapshot();
    const paramBits = (p: Params) => [...p.weights, ...p.biases].map(bits);
    const trainFrom = vi.fn();
    const app = services({ config, snapshot: { ...snapshot, net: cloneNet(snapshot.net), velocity: cloneParams(snapshot.velocity!) }, reason: 'paused at step 3' }, trainFrom);
    render(DebuggerScreen, { props: { app, route: { screen: 'debug' } } });
    await waitFor(() => expect(document.body.textContent).toContain('Loaded from the trainer: paused at step 3'));
    await waitFor(() => expect(root().dataset.kernels).not.toBe(''));
    const back = () => document.querySelector<HTMLButtonElement>('button[title^="Hand these weights"]')!;
    // Two whole batches and two sub-steps of a third, in the debugger …
    await press('b');
    await press('b');
    await press('ArrowRight');
    await press('ArrowRight');
    await fireEvent.click(back());
    // … against the trainer running the same two batches itself: the third is left out, to run again whole.
    training.run(2);
    expect(trainFrom).toHaveBeenCalledTimes(1);
    const handed: DebuggerHandoff = trainFrom.mock.calls[0][0];
    expect(paramBits(handed.snapshot.net.params)).toEqual(paramBits(training.net.params));
    expect(paramBits(handed.snapshot.velocity!)).toEqual(paramBits(training.velocity!));
    expect(handed.snapshot.position).toEqual({ epoch: 0, batch: 5, step: 5 });
    expect(handed.config).toEqual(config);
    expect(handed.reason).toBe("the debugger's weights at step 5, before the batch it was in the middle of (epoch 1, batch 6, which the trainer runs again whole)");
    // A reset makes a new network: nothing of the trainer's to hand back.
    await fireEvent.click(document.querySelector<HTMLButtonElement>('button[title^="A new network"]')!);
    expect(back()).toBeNull();
  });
});
