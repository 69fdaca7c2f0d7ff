// The debugger's views in jsdom, driven by real machine snapshots: buttons enabled from
// snapshot.can, clicks that become events, and the numbers the inspector and the
// equation show equal to the frame's (read from their data-value attributes).
import './jsdom-stubs';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { DebuggerEvent } from '../../src/machine/events';
import { neuronEquation } from '../../src/viewmodel/equation-terms';
import { debuggerBlocked } from '../../src/viewmodel/why-disabled';
import { batchPredictions } from '../../src/viewmodel/network-view';
import { phaseRibbon } from '../../src/viewmodel/phase-ribbon';
import { neuronView } from '../../src/viewmodel/selectors';
import { ColourDomains } from '../../src/views/debugger/colour-domains.svelte';
import NeuronEquationView from '../../src/views/equations/NeuronEquation.svelte';
import NeuronInspector from '../../src/views/debugger/inspector/NeuronInspector.svelte';
import NetworkPanel from '../../src/views/debugger/network/NetworkPanel.svelte';
import PhaseRibbon from '../../src/views/debugger/PhaseRibbon.svelte';
import SamplesStrip from '../../src/views/debugger/samples/SamplesStrip.svelte';
import Toolbar from '../../src/views/debugger/Toolbar.svelte';
import { frameOf, randomImages, repeat, send, start } from '../machine/helpers';

const images = randomImages(96, 784, 10, 11);
images.images.forEach((_, i) => {
  if (i % 4 !== 0) images.images[i] = 0;
});
const data = { kind: 'mnist' as const, train: images, validation: null, test: null, seed: 5, shuffle: true };
const settings = { sizes: [784, 16, 10], batchSize: 32, init: { kind: 'normal-fan-in' as const } };
const session = () => start({ data, settings });

const toolbarProps = (s: ReturnType<typeof session>, oncommand = vi.fn()) => ({
  can: (e: Parameters<typeof s.can>[0]) => s.can(e),
  running: s.matches('running'),
  sample: s.context.sample,
  batchSize: 32,
  order: { epoch: 0, batch: 0 },
  batchesPerEpoch: 3,
  oncommand,
  onreset: vi.fn(),
  onchoose: vi.fn(),
  onsample: vi.fn(),
});

describe('Toolbar', () => {
  it('enables each button from snapshot.can and sends the command', async () => {
    const oncommand = vi.fn();
    const { rerender } = render(Toolbar, { props: toolbarProps(session(), oncommand) });
    const back = screen.getByRole('button', { name: /Back/ });
    const step = screen.getByRole('button', { name: /^Step ▶/ });
    expect(back).toHaveProperty('disabled', true); // nothing to go back to
    expect(step).toHaveProperty('disabled', false);
    await fireEvent.click(step);
    expect(oncommand).toHaveBeenCalledWith('step');
    await rerender(toolbarProps(send(session(), { type: 'step.next' }), oncommand));
    expect(screen.getByRole('button', { name: /Back/ })).toHaveProperty('disabled', false);
    await fireEvent.click(screen.getByRole('button', { name: /Back/ }));
    expect(oncommand).toHaveBeenLastCalledWith('back');
  });

  it('the batch picker asks the machine whether the batch exists', async () => {
    const props = toolbarProps(session());
    render(Toolbar, { props });
    const batch = screen.getByLabelText(/batch/) as HTMLInputElement;
    const load = screen.getByRole('button', { name: 'Load' });
    await fireEvent.input(batch, { target: { value: '3' } });
    expect(load).toHaveProperty('disabled', false);
    await fireEvent.click(load);
    expect(props.onchoose).toHaveBeenCalledWith(0, 2);
    await fireEvent.input(batch, { target: { value: '4' } }); // 96 images / 32 = 3 batches
    expect(load).toHaveProperty('disabled', true);
  });
});

describe('Toolbar tooltips', () => {
  it('a greyed-out button says why, from the machine; an enabled one says what it does', async () => {
    const s = session();
    const { rerender } = render(Toolbar, { props: { ...toolbarProps(s), why: (e: DebuggerEvent) => debuggerBlocked(s, e) } });
    expect(screen.getByRole('button', { name: /Back/ }).getAttribute('title')).toBe('Nothing earlier to step back to: the history starts here.');
    expect(screen.getByRole('button', { name: /^Step ▶/ }).getAttribute('title')).toBe('The next sub-step (→ or F10)');
    const running = send(s, { type: 'run.continue' });
    await rerender({ ...toolbarProps(running), why: (e: DebuggerEvent) => debuggerBlocked(running, e) });
    for (const name of [/^Step ▶/, /Back/, 'Step over', 'Finish batch', 'Reset']) {
      const button = screen.getByRole('button', { name });
      expect(button).toHaveProperty('disabled', true);
      expect(button.getAttribute('title')).toBe('A run is going: pause it first (Esc or F5).');
    }
  });

  it('the batch picker’s Load says which batches exist', async () => {
    const s = session();
    render(Toolbar, { props: { ...toolbarProps(s), why: (e: DebuggerEvent) => debuggerBlocked(s, e) } });
    await fireEvent.input(screen.getByLabelText(/batch/), { target: { value: '4' } }); // 96 images / 32 = 3 batches
    expect(screen.getByRole('button', { name: 'Load' }).getAttribute('title')).toBe('No such batch: an epoch has batches 1 … 3 (and epochs count from 1).');
  });
});

describe('PhaseRibbon', () => {
  it('lights the current sub-step and sends step.goto for a done one', async () => {
    const s = repeat(session(), { type: 'step.next' }, 3);
    const ongoto = vi.fn();
    render(PhaseRibbon, { props: { groups: phaseRibbon(s.context), next: 3, canGoto: (f: number) => s.can({ type: 'step.goto', index: f }), ongoto, status: 'Just computed zₖ.' } });
    const current = screen.getByRole('button', { current: 'step' });
    expect(current.textContent).toBe('zₖ');
    expect(screen.getByText('Just computed zₖ.')).toBeTruthy();
    const first = document.querySelector('[data-step="0"]') as HTMLButtonElement;
    expect(first.textContent).toContain('zⱼ');
    await fireEvent.click(first);
    expect(ongoto).toHaveBeenCalledWith(1);
    expect((document.querySelector('[data-step="4"]') as HTMLButtonElement).disabled).toBe(true); // not computed yet
  });
});

describe('SamplesStrip', () => {
  it('shows label → prediction once ŷ is computed and selects an example on click', async () => {
    const s = repeat(session(), { type: 'step.next' }, 4);
    const onselect = vi.fn();
    const predictions = batchPredictions(s.context)!;
    const batch = frameOf(s).start.batch;
    render(SamplesStrip, { props: { batch, side: 28, classes: 10, predictions, losses: null, sample: 0, source: 'epoch 1, batch 1', onselect, canSelect: true } });
    const thumbs = document.querySelectorAll('button.thumb');
    expect(thumbs).toHaveLength(32);
    expect(thumbs[5].querySelector('.caption')!.textContent).toBe(`${batch.labels[5]}→${predictions.predicted[5]}`);
    await fireEvent.click(thumbs[5]);
    expect(onselect).toHaveBeenCalledWith(5);
  });

  it('draws only the thumbnails in view of a batch of thousands (an opened file), and follows the scroll', async () => {
    const size = 3000;
    const batch = { inputs: new Float32Array(size * 784).fill(0.5), labels: Uint8Array.from({ length: size }, (_, n) => n % 10), size };
    render(SamplesStrip, { props: { batch, side: 28, classes: 10, predictions: null, losses: null, sample: 0, source: 'big.json', onselect: vi.fn(), canSelect: true } });
    const numbers = () => [...document.querySelectorAll<HTMLElement>('button.thumb')].map((b) => Number(b.dataset.sample));
    // jsdom has no layout: the view counts as 320 px, 9 thumbnails of 36.25 px, and 16 more either side.
    expect(numbers()).toEqual(Array.from({ length: 25 }, (_, n) => n));
    expect((document.querySelector('.sheet') as HTMLElement).style.width).toBe(`${(size * 29 - 1) * 1.25}px`); // scrolls the whole batch
    const strip = document.querySelector('.strip') as HTMLElement;
    strip.scrollLeft = 2000 * 36.25;
    await fireEvent.scroll(strip);
    expect(numbers()).toEqual(Array.from({ length: 9 + 32 }, (_, n) => 1984 + n));
    expect((document.querySelector('.sheet canvas') as HTMLElement).style.left).toBe(`${1984 * 36.25}px`);
  });
});

describe('NeuronInspector and the equation', () => {
  it('show the frame’s own z, a, f′(z), δ and the engine’s δ at the end of the equation', () => {
    const s = repeat(send(session(), { type: 'sample.select', index: 4 }), { type: 'step.next' }, 7);
    const selected = { layer: 0, neuron: 9 };
    const v = neuronView(s.context, 0, 9);
    render(NeuronInspector, { props: { context: s.context, selected, colours: new ColourDomains(), onselect: vi.fn(), input: null, oninput: vi.fn() } });
    const cell = (q: string) => document.querySelector(`[data-quantity="${q}"]`) as HTMLElement;
    expect(Number(cell('z').dataset.value)).toBe(v.z);
    expect(Number(cell('a').dataset.value)).toBe(v.a);
    expect(Number(cell('fprime').dataset.value)).toBe(v.fprime);
    expect(Number(cell('delta').dataset.value)).toBe(v.delta);
    const equation = neuronEquation(s.context, 0, 9);
    render(NeuronEquationView, { props: { equation, currentLabel: null, unit: 'unit 10' } });
    const engine = document.querySelector('.engine') as HTMLElement;
    expect(Number(engine.dataset.value)).toBe(v.delta);
    expect(document.querySelector('.katex')).toBeTruthy();
  });
});

describe('NetworkPanel', () => {
  it('clicking a unit selects it; the selected unit is ringed and its edges drawn', async () => {
    const s = repeat(session(), { type: 'step.next' }, 2);
    const onselect = vi.fn();
    render(NetworkPanel, { props: { context: s.context, selected: { layer: 0, neuron: 2 }, onselect, colours: new ColourDomains() } });
    const circles = document.querySelectorAll('circle[data-layer="0"]');
    expect(circles).toHaveLength(16);
    expect(document.querySelectorAll('circle[data-layer="1"]')).toHaveLength(10);
    await fireEvent.click(document.querySelector('circle[data-layer="1"][data-neuron="7"]')!);
    expect(onselect).toHaveBeenCalledWith({ layer: 1, neuron: 7 });
    // 24 strongest incoming edges + all 10 outgoing ones
    expect(document.querySelectorAll('.edges line')).toHaveLength(34);
    // layer 1's units are filled with a (a colour), layer 2 is still pending
    expect(circles[0].getAttribute('fill')).toMatch(/^rgb/);
    expect(document.querySelector('circle[data-layer="1"]')!.getAttribute('fill')).toBe('var(--pending-fill)');
  });

  it('states the colour convention once in full; every other key is one compact line', () => {
    const s = repeat(session(), { type: 'step.next' }, 7); // δ₁ done: both layers filled with δ
    render(NetworkPanel, { props: { context: s.context, selected: { layer: 0, neuron: 2 }, onselect: vi.fn(), colours: new ColourDomains() } });
    const legends = [...document.querySelectorAll('.legends .legend')];
    const label = (l: Element) => l.querySelector('.quantity')!.textContent;
    expect(legends.map((l) => [label(l), l.classList.contains('compact')])).toEqual([
      ['units: δⱼ = ∂C/∂z', false],
      ['units: δₖ = ∂C/∂z', true],
      ['edges: Wⱼᵢ', true],
      ['edges: Wₖⱼ', true],
    ]);
    expect(document.querySelectorAll('.legends .convention')).toHaveLength(4);
    expect([...document.querySelectorAll('.legends .convention')].map((c) => c.textContent)).toEqual([
      'blue = negative · white = 0 · red = positive',
      'blue < 0 < red',
      'blue < 0 < red',
      'blue < 0 < red',
    ]);
    // δ₂ = ŷ − y lies in [−1, 1]: its compact key shows those ends
    expect([...legends[1].querySelectorAll('.end')].map((e) => e.textContent)).toEqual(['−1', '1']);
  });
});

describe('SettingsPanel', () => {
  it('α and μ apply from the next batch; the network settings apply on reset, when valid and changed', async () => {
    const { default: SettingsPanel } = await import('../../src/views/debugger/SettingsPanel.svelte');
    const s = session();
    const onapply = vi.fn();
    const onapplyandreset = vi.fn();
    render(SettingsPanel, { props: { settings: s.context.settings, current: { learningRate: 0.5, momentum: 0 }, can: (e: Parameters<typeof s.can>[0]) => s.can(e), onapply, onapplyandreset } });
    const apply = screen.getByRole('button', { name: 'Apply' });
    const reset = screen.getByRole('button', { name: 'Apply and reset' });
    expect(apply).toHaveProperty('disabled', true); // nothing changed
    expect(reset).toHaveProperty('disabled', true);
    await fireEvent.input(screen.getByLabelText(/learning rate/), { target: { value: '0.1' } });
    await fireEvent.input(screen.getByLabelText(/momentum/), { target: { value: '0.9' } });
    await fireEvent.click(apply);
    expect(onapply).toHaveBeenCalledWith({ learningRate: 0.1, momentum: 0.9 });
    await fireEvent.input(screen.getByLabelText(/momentum/), { target: { value: '1.5' } }); // the machine rejects μ ≥ 1
    expect(apply).toHaveProperty('disabled', true);
    await fireEvent.input(screen.getByLabelText(/momentum/), { target: { value: '0' } });
    await fireEvent.input(screen.getByLabelText(/hidden layers/), { target: { value: '32-a' } });
    expect(reset).toHaveProperty('disabled', true);
    await fireEvent.input(screen.getByLabelText(/hidden layers/), { target: { value: '32-16' } });
    await fireEvent.change(screen.getByLabelText(/activation/), { target: { value: 'tanh' } });
    await fireEvent.click(reset);
    expect(onapplyandreset).toHaveBeenCalledWith(expect.objectContaining({ sizes: [784, 32, 16, 10], hiddenActivation: 'tanh', learningRate: 0.1, momentum: 0 }));
  });
});
