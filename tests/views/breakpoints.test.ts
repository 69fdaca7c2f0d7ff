// The breakpoint editor and the hit banner in jsdom, on real machine snapshots: the
// teacher's defaults, every edit as the event the machine takes (and a refused one
// named), nothing editable while a run goes on, and a hit stated in the views' counting.
import './jsdom-stubs';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { createActor, waitFor } from 'xstate';
import type { BreakpointHit } from '../../src/session/breakpoints';
import { debuggerMachine } from '../../src/machine/debugger-machine';
import type { DebuggerEvent } from '../../src/machine/events';
import type { Net } from '../../src/engine/types';
import { BREAKPOINT_KINDS, defaultBreakpoints, newBreakpoint } from '../../src/views/debugger/breakpoints/breakpoint-kinds';
import BreakpointsPanel from '../../src/views/debugger/breakpoints/BreakpointsPanel.svelte';
import HitBanner from '../../src/views/debugger/breakpoints/HitBanner.svelte';
import { hitView, quantitySymbol, unitName } from '../../src/views/debugger/breakpoints/hit-view';
import { randomImages, send, start, TINY_DATA, type Snapshot } from '../machine/helpers';

const images = randomImages(96, 784, 10, 11);
const data = { kind: 'mnist' as const, train: images, validation: randomImages(20, 784, 10, 12), test: null, seed: 5, shuffle: true };
const withDefaults = () => {
  const s = start({ data, settings: { sizes: [784, 16, 10], batchSize: 32 } });
  return send(s, { type: 'breakpoints.set', breakpoints: defaultBreakpoints([784, 16, 10], true, { layer: 0, neuron: 0 }) });
};

function panel(s: Snapshot, selected = { layer: 0, neuron: 0 }) {
  const onsend = vi.fn<(event: DebuggerEvent) => void>();
  const result = render(BreakpointsPanel, { props: { context: s.context, selected, can: (e: DebuggerEvent) => s.can(e), onsend } });
  const row = (kind: string) => result.container.querySelector<HTMLElement>(`li[data-kind="${kind}"]`)!;
  return { ...result, onsend, row };
}

describe('the teacher’s default breakpoints', () => {
  it('every kind the net and data allow, only NaN/±∞ on; a |δ| breakpoint watches the given unit', () => {
    const list = defaultBreakpoints([784, 16, 10], true, { layer: 1, neuron: 3 });
    expect(list.map((b) => [b.kind, b.enabled])).toEqual([
      ['non-finite', true],
      ['loss-rise', false],
      ['delta-above', false],
      ['saturation', false],
      ['validation-rise', false],
      ['epoch-end', false],
    ]);
    expect(list[2]).toMatchObject({ layer: 1, neuron: 3, threshold: 0.1 });
    // softmax regression: nothing saturates; no validation set: nothing to watch
    expect(defaultBreakpoints([784, 10], false, { layer: 0, neuron: 0 }).map((b) => b.kind)).toEqual(['non-finite', 'loss-rise', 'delta-above', 'epoch-end']);
    // the machine accepts them as they are
    expect(start({ data, settings: { sizes: [784, 16, 10], batchSize: 32 } }).can({ type: 'breakpoints.set', breakpoints: list })).toBe(true);
    expect(BREAKPOINT_KINDS.map((k) => newBreakpoint(k.kind, { layer: 0, neuron: 5 }).kind)).toEqual(BREAKPOINT_KINDS.map((k) => k.kind));
  });
});

describe('BreakpointsPanel', () => {
  it('lists the context’s breakpoints with their switches and parameters; a toggle and a removal are events', async () => {
    const s = withDefaults();
    const { onsend, row } = panel(s);
    expect([...document.querySelectorAll('li')].map((li) => li.dataset.kind)).toEqual(['non-finite', 'loss-rise', 'delta-above', 'saturation', 'validation-rise', 'epoch-end']);
    const toggles = [...document.querySelectorAll<HTMLInputElement>('li input[type="checkbox"]')];
    expect(toggles.map((t) => t.checked)).toEqual([true, false, false, false, false, false]);
    expect(row('loss-rise').querySelector<HTMLInputElement>('input[type="number"]')!.value).toBe('2');
    expect(row('delta-above').querySelector<HTMLInputElement>('[aria-label="watched unit"]')!.value).toBe('1'); // unit 1, counted from 1
    expect(row('delta-above').querySelector<HTMLInputElement>('[aria-label="|δ| threshold"]')!.value).toBe('0.1');
    await fireEvent.click(toggles[1]);
    expect(onsend).toHaveBeenLastCalledWith({ type: 'breakpoints.toggle', id: s.context.breakpoints[1].id });
    await fireEvent.click(screen.getByRole('button', { name: 'remove: the epoch ends' }));
    expect(onsend).toHaveBeenLastCalledWith({ type: 'breakpoints.remove', id: s.context.breakpoints[5].id });
  });

  it('an edited threshold or factor is a breakpoints.set of the whole list; a refused one says why and sends nothing', async () => {
    const s = withDefaults();
    const { onsend, row } = panel(s);
    const factor = row('loss-rise').querySelector<HTMLInputElement>('input[type="number"]')!;
    await fireEvent.change(factor, { target: { value: '1.5' } });
    const event = onsend.mock.lastCall![0];
    expect(event.type).toBe('breakpoints.set');
    const sent = (event as Extract<DebuggerEvent, { type: 'breakpoints.set' }>).breakpoints;
    expect(sent).toEqual(s.context.breakpoints.map((b) => (b.kind === 'loss-rise' ? { ...b, factor: 1.5 } : b)));
    expect(send(s, event).context.breakpoints[1]).toMatchObject({ kind: 'loss-rise', factor: 1.5, enabled: false });
    onsend.mockClear();
    await fireEvent.change(factor, { target: { value: '0' } });
    expect(onsend).not.toHaveBeenCalled();
    expect(row('loss-rise').querySelector('[role="alert"]')!.textContent).toBe('the factor must be a positive number, got 0');
    // the saturation threshold, and the hidden layer it watches
    await fireEvent.change(row('saturation').querySelector<HTMLInputElement>('[aria-label="saturation threshold"]')!, { target: { value: '0.002' } });
    expect((onsend.mock.lastCall![0] as Extract<DebuggerEvent, { type: 'breakpoints.set' }>).breakpoints[3]).toMatchObject({ kind: 'saturation', threshold: 0.002, layer: null });
  });

  it('the |δ| breakpoint retargets to the inspector’s unit, counted as the views count (output units by class)', async () => {
    const s = withDefaults();
    const { onsend, row } = panel(s, { layer: 1, neuron: 7 });
    const retarget = row('delta-above').querySelector<HTMLButtonElement>('button.link')!;
    expect(retarget.textContent).toContain('output layer, class 7');
    await fireEvent.click(retarget);
    const next = send(s, onsend.mock.lastCall![0]);
    expect(next.context.breakpoints[2]).toMatchObject({ kind: 'delta-above', layer: 1, neuron: 7 });
    // on the output layer the unit is a class, from 0
    const { row: rowAfter } = panel(next, { layer: 1, neuron: 7 });
    expect(rowAfter('delta-above').querySelector<HTMLInputElement>('[aria-label="class of the watched unit"]')!.value).toBe('7');
  });

  it('adds a breakpoint on the inspector’s unit; NaN/±∞ and epoch end only once', async () => {
    const s = withDefaults();
    const { onsend } = panel(s, { layer: 0, neuron: 9 });
    const kinds = [...document.querySelectorAll<HTMLOptionElement>('form.add option')].map((o) => o.value);
    expect(kinds).toEqual(['loss-rise', 'delta-above', 'saturation', 'validation-rise']);
    expect(screen.getByText("watching hidden layer 1, unit 10, the inspector's unit")).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    const event = onsend.mock.lastCall![0];
    expect(event).toEqual({ type: 'breakpoints.add', breakpoint: { kind: 'delta-above', layer: 0, neuron: 9, threshold: 0.1, enabled: true } });
    expect(send(s, event).context.breakpoints).toHaveLength(7);
  });

  it('while a run goes on nothing can be edited', () => {
    const running = send(withDefaults(), { type: 'run.continue' });
    expect(running.matches('running')).toBe(true);
    panel(running);
    const controls = [...document.querySelectorAll<HTMLInputElement | HTMLButtonElement | HTMLSelectElement>('.breakpoints input, .breakpoints button, .breakpoints select')];
    expect(controls.length).toBeGreaterThan(10);
    expect(controls.filter((c) => !c.disabled)).toEqual([]);
    expect(screen.getByText('Pause to edit them.')).toBeTruthy();
  });
});

/** A 2-2-2 sigmoid net whose second hidden unit overflows to +∞ on the first example. */
const overflowing: Net = {
  sizes: [2, 2, 2],
  activations: ['sigmoid', 'softmax'],
  improvedSigmoidC: 0.001,
  precision: 'float64',
  params: { weights: [Float64Array.of(0.1, 0.2, 1e308, 1e308), Float64Array.of(0.5, -0.6, 0.7, 0.8)], biases: [new Float64Array(2), new Float64Array(2)] },
};

async function runToHit(): Promise<Snapshot> {
  const data = { kind: 'custom' as const, inputSize: 2, classes: 2, batches: [{ inputs: [1, 1, 0.5, 0.25], labels: [1, 0] }] };
  const actor = createActor(debuggerMachine, { input: { data, load: { net: overflowing }, breakpoints: [{ kind: 'non-finite' }] } }).start();
  actor.send({ type: 'run.continue' });
  const s = await waitFor(actor, (x) => x.matches('paused'), { timeout: 10_000 });
  actor.stop();
  return s;
}

describe('a hit, as the screen states it', () => {
  it('names the quantity, its value, the layer, unit and example the machine found, and the sub-step', async () => {
    const s = await runToHit();
    const hit = s.context.hit!;
    expect(hit).toMatchObject({ quantity: 'z', layer: 0, neuron: 1, example: 0, value: Infinity });
    const view = hitView(hit, s.context.plan, s.context.breakpoints, 2);
    expect(view).toEqual({
      title: 'A value became NaN or ±∞',
      finding: 'zⱼ = +∞',
      where: 'hidden layer 1, unit 2 · example 1',
      step: 'zⱼ = Wⱼᵢ x + bⱼ',
      unit: { layer: 0, neuron: 1 },
      example: 0,
    });
    const oninspect = vi.fn();
    const onedit = vi.fn();
    render(HitBanner, { props: { hit, view, oninspect, onedit } });
    const banner = screen.getByRole('alert', { name: 'breakpoint hit' });
    expect(banner.textContent!.replace(/\s+/g, ' ')).toContain('zⱼ = +∞ at hidden layer 1, unit 2 · example 1');
    expect([banner.dataset.hitQuantity, banner.dataset.hitLayer, banner.dataset.hitNeuron, banner.dataset.hitExample, banner.dataset.hitValue]).toEqual(['z', '0', '1', '0', 'Infinity']);
    await fireEvent.click(screen.getByRole('button', { name: 'Inspect this unit and example' }));
    expect(oninspect).toHaveBeenCalledTimes(1);
    await fireEvent.click(screen.getByRole('button', { name: 'Breakpoints…' }));
    expect(onedit).toHaveBeenCalledTimes(1);
  });

  it('output units by class, inputs of a weight from 1, thresholds from the breakpoint, the loss in the machine’s words', () => {
    const base = { breakpointId: 'bp1', stepIndex: 0, example: null, input: null, message: '' } as const;
    const bps = [{ id: 'bp1', kind: 'delta-above', layer: 1, neuron: 4, threshold: 0.5, enabled: true } as const];
    const plan = start({ data: TINY_DATA, settings: { sizes: [2, 3, 2] } }).context.plan;
    const delta: BreakpointHit = { ...base, kind: 'delta-above', layer: 1, neuron: 4, example: 6, quantity: 'δ', value: -0.75 };
    expect(hitView(delta, plan, bps, 2)).toMatchObject({ finding: 'δₖ = −0.75, |δₖ| > 0.5', where: 'output layer, class 4 · example 7', unit: { layer: 1, neuron: 4 } });
    const gradient: BreakpointHit = { ...base, kind: 'non-finite', layer: 0, neuron: 2, input: 413, quantity: '∂C/∂W', value: NaN };
    expect(hitView(gradient, plan, [], 2)).toMatchObject({ finding: '∂C/∂Wⱼᵢ = NaN', where: 'hidden layer 1, unit 3 · input 414', example: null });
    const deeper: BreakpointHit = { ...gradient, layer: 1, neuron: 0, input: 5, quantity: 'W after the update' };
    expect(hitView(deeper, plan, [], 2).where).toBe('output layer, class 0 · from unit 6 of hidden layer 1');
    const loss: BreakpointHit = { ...base, kind: 'loss-rise', layer: null, neuron: null, quantity: 'C', value: 2, message: 'the loss rose from 0.5000 to 2.000, more than ×2' };
    expect(hitView(loss, plan, [], 2)).toMatchObject({ finding: 'The loss rose from 0.5000 to 2.000, more than ×2', where: null, unit: null });
    expect([quantitySymbol("f'(z)", 0, 3), quantitySymbol('v of b', 2, 3), quantitySymbol('ŷ', 1, 3), quantitySymbol('C', null, 3)]).toEqual(['f′(z⁽¹⁾)', 'v of b⁽³⁾', 'ŷ', 'C']);
    expect([unitName(0, 0, 3), unitName(2, 9, 3)]).toEqual(['hidden layer 1, unit 1', 'output layer, class 9']);
  });
});
