// The gradient check panel and the drawing pad in jsdom: controls, the numbers the panel
// shows (from the machine-level function), and the digit the pad reports.
import './jsdom-stubs';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { Net } from '../../src/engine/types';
import { checkParameter } from '../../src/session/gradient-check';
import { formatValue } from '../../src/format';
import GradientCheckPanel from '../../src/views/gradcheck/GradientCheckPanel.svelte';
import DrawDigit from '../../src/views/samples/DrawDigit.canvas.svelte';
import { repeat, start } from '../machine/helpers';

const net: Net = {
  sizes: [4, 3, 2],
  activations: ['sigmoid', 'softmax'],
  improvedSigmoidC: 0.001,
  precision: 'float64',
  params: {
    weights: [Float64Array.from({ length: 12 }, (_, i) => ((i * 7) % 5) / 10 - 0.2), Float64Array.of(0.5, -0.6, 0.7, 0.8, -0.1, 0.2)],
    biases: [Float64Array.of(0.05, -0.1, 0), Float64Array.of(0, 0.1)],
  },
};
const data = { kind: 'custom' as const, inputSize: 4, classes: 2, batches: [{ inputs: [1, 0.5, 0, 0.25, 0, 0.5, 1, 0.75], labels: [1, 0] }] };

const cellText = (row: Element, column: number) => row.querySelectorAll('td')[column]?.textContent?.trim();

describe('GradientCheckPanel', () => {
  it('shows C(w ± ε), the estimate, backprop and the relative error of the machine-level check', async () => {
    const s = start({ data, load: { net } });
    const { container } = render(GradientCheckPanel, { props: { context: s.context } });
    // It starts at unit 0's weight with the largest |∂C/∂w|.
    const col = Number((screen.getByLabelText(/column i/) as HTMLInputElement).value) - 1; // inputs count from 1
    const expected = checkParameter(s.context, { layer: 0, kind: 'weights', row: 0, col }, 1e-6, { float32: true });
    const rows = [...container.querySelectorAll('table.result tbody tr')];
    const byHeader = (text: string) => rows.find((r) => r.querySelector('th')!.textContent!.includes(text))!;
    expect(cellText(byHeader('C(w + ε)'), 0)).toBe(expected.float64.lossPlus.toPrecision(12));
    expect(cellText(byHeader('C(w − ε)'), 0)).toBe(expected.float64.lossMinus.toPrecision(12));
    expect(cellText(byHeader('/ 2ε'), 0)).toBe(formatValue(expected.float64.estimate));
    expect(cellText(byHeader('backprop'), 0)).toBe(formatValue(expected.float64.analytic));
    expect(cellText(byHeader('relative error'), 0)).toBe(`${formatValue(expected.float64.relativeError)} — agree`);
    expect(cellText(byHeader('relative error'), 1)).toContain(formatValue(expected.float32!.relativeError));
    expect(screen.getByText(/Too large an ε measures the curve/)).toBeTruthy();
    // The per-entry measure is shown with its own name and formula.
    expect(byHeader('relative error').querySelector('th')!.getAttribute('title')).toBe('relative error = |a − n| / max(|a|, |n|)');
    expect(container.querySelector('.frame-value')!.textContent).toContain('Here the relative error = |a − n| / max(|a|, |n|), where a is backprop’s ∂C/∂w');
  });

  it('the log slider sets ε from 0.1 to 10⁻¹⁰, written as every number is', async () => {
    const s = start({ data, load: { net } });
    render(GradientCheckPanel, { props: { context: s.context } });
    const slider = screen.getByRole('slider') as HTMLInputElement;
    expect([slider.min, slider.max]).toEqual(['-10', '-1']);
    expect(screen.getByText('1 × 10⁻⁶')).toBeTruthy();
    await fireEvent.input(slider, { target: { value: '-3' } });
    expect(screen.getByText('0.001')).toBeTruthy();
    await fireEvent.input(slider, { target: { value: '-9.5' } });
    expect(screen.getByText('3.2 × 10⁻¹⁰')).toBeTruthy();
    // The slider's ends and the sweep button write powers of ten the same way, never "1e−10".
    expect(screen.getByText('1 × 10⁻¹⁰ … 0.1')).toBeTruthy();
    const sweep = screen.getByRole('button', { name: /^Sweep ε/ });
    expect(sweep.textContent).toBe('Sweep ε from 0.1 to 1 × 10⁻¹⁰');
    expect(document.body.textContent).not.toMatch(/\de[−-]\d/);
  });

  it('follows steps within the checked batch, and waits to be asked on a new batch', async () => {
    const twoBatches = { ...data, batches: [...data.batches, { inputs: [0, 0, 1, 1, 1, 1, 0, 0], labels: [0, 0] }] };
    let s = start({ data: twoBatches, load: { net } });
    const { container, rerender } = render(GradientCheckPanel, { props: { context: s.context } });
    const col = Number((screen.getByLabelText(/column i/) as HTMLInputElement).value) - 1; // inputs count from 1
    const backpropCell = () => [...container.querySelectorAll('table.result tbody tr')].find((r) => r.textContent!.includes('backprop'))!.querySelectorAll('td')[0].textContent;
    const onFirst = backpropCell();
    expect(screen.getByText(/The debugger's own ∂C\/∂w for this batch appears after its gradients step/)).toBeTruthy();
    s = repeat(s, { type: 'step.next' }, 10); // through the gradients of layer 1
    await rerender({ context: s.context });
    expect(screen.getByText(/The debugger's gradients step stored ∂C\/∂w/)).toBeTruthy();
    expect(screen.queryByText(/for an earlier batch/)).toBeNull();
    s = repeat(s, { type: 'step.next' }, 2); // the update, then the second batch is loaded
    await rerender({ context: s.context });
    expect(screen.getByText(/These numbers are for an earlier batch/)).toBeTruthy();
    expect(backpropCell()).toBe(onFirst);
    await fireEvent.click(screen.getByRole('button', { name: 'Check this batch' }));
    expect(screen.queryByText(/for an earlier batch/)).toBeNull();
    const expected = checkParameter(s.context, { layer: 0, kind: 'weights', row: 0, col }, 1e-6);
    expect(backpropCell()).toBe(formatValue(expected.float64.analytic));
    expect(backpropCell()).not.toBe(onFirst);
  });

  it('counts as the screens do: hidden units and inputs from 1, output units by class from 0', async () => {
    const s = start({ data, load: { net } });
    const { container } = render(GradientCheckPanel, { props: { context: s.context } });
    const caption = () => container.querySelector('table.result caption')!.textContent!.replace(/\s+/g, ' ');
    await fireEvent.input(screen.getByLabelText(/row j/), { target: { value: '3' } });
    await fireEvent.input(screen.getByLabelText(/column i/), { target: { value: '4' } });
    expect(caption()).toContain('weight w(j = 3, i = 4) of layer 1');
    const lastInput = checkParameter(s.context, { layer: 0, kind: 'weights', row: 2, col: 3 }, 1e-6);
    expect(caption()).toContain(`= ${formatValue(lastInput.value)}`);
    await fireEvent.change(screen.getByLabelText('layer'), { target: { value: '1' } });
    await fireEvent.input(screen.getByLabelText(/row k/), { target: { value: '0' } });
    await fireEvent.input(screen.getByLabelText(/column j/), { target: { value: '3' } });
    expect(caption()).toContain('weight w(k = 0, j = 3) of layer 2');
    expect(caption()).toContain(`= ${formatValue(net.params.weights[1][0 * 3 + 2])}`);
    await fireEvent.input(screen.getByLabelText(/row k/), { target: { value: '2' } });
    expect(screen.getByRole('alert').textContent).toBe('class 2 is outside the classes 0 … 1');
  });

  it('names a bad weight instead of computing with it, and offers the neuron mode only with a selection', async () => {
    const s = start({ data, load: { net } });
    render(GradientCheckPanel, { props: { context: s.context } });
    await fireEvent.input(screen.getByLabelText(/row j/), { target: { value: '4' } });
    expect(screen.getByRole('alert').textContent).toBe('unit 4 is outside the units 1 … 3 of layer 1');
    await fireEvent.input(screen.getByLabelText(/row j/), { target: { value: '0' } });
    expect(screen.getByRole('alert').textContent).toBe('unit 0 is outside the units 1 … 3 of layer 1 (units are counted from 1)');
    expect((screen.getByLabelText(/the selected neuron's weights/) as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: /use the selected neuron/ }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('DrawDigit', () => {
  it('reports an empty digit with label 0, then the picked label; Clear is off while empty', async () => {
    const ondigit = vi.fn();
    const onuse = vi.fn();
    render(DrawDigit, { props: { ondigit, onuse } });
    expect(ondigit).toHaveBeenLastCalledWith(expect.objectContaining({ label: 0, empty: true }));
    expect(ondigit.mock.lastCall![0].pixels).toEqual(new Uint8Array(784));
    const three = screen.getByRole('radio', { name: '3' });
    await fireEvent.click(three);
    expect(three.getAttribute('aria-checked')).toBe('true');
    expect(ondigit).toHaveBeenLastCalledWith(expect.objectContaining({ label: 3, empty: true }));
    expect((screen.getByRole('button', { name: 'Clear' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: /Step this digit through \(label 3\)/ }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('a stroke drawn with the pointer becomes ink, centred like MNIST, and can be handed over and cleared', async () => {
    const ondigit = vi.fn();
    const onuse = vi.fn();
    render(DrawDigit, { props: { ondigit, onuse, size: 280 } });
    // The pad's picture is named for screen readers; the pointer draws on its canvas.
    const pad = screen.getByRole('img', { name: /drawing pad/ }).querySelector('canvas')!;
    // jsdom lays nothing out: give the pad its box.
    pad.getBoundingClientRect = () => ({ left: 0, top: 0, width: 280, height: 280, right: 280, bottom: 280, x: 0, y: 0, toJSON() {} });
    await fireEvent.pointerDown(pad, { clientX: 50, clientY: 50, button: 0, pointerId: 1, pointerType: 'mouse' });
    await fireEvent.pointerMove(pad, { clientX: 50, clientY: 150, pointerId: 1 });
    await fireEvent.pointerUp(pad, { clientX: 50, clientY: 150, pointerId: 1 });
    const digit = ondigit.mock.lastCall![0];
    expect(digit.empty).toBe(false);
    // A vertical line drawn at x = 5 px, scaled into the 20×20 box and centred: ink around column 13–14.
    const columns = Array.from({ length: 28 }, (_, c) => Array.from({ length: 28 }, (_, r) => digit.pixels[r * 28 + c]).reduce((a, b) => a + b, 0));
    const heaviest = columns.indexOf(Math.max(...columns));
    expect(heaviest).toBeGreaterThanOrEqual(13);
    expect(heaviest).toBeLessThanOrEqual(14);
    await fireEvent.click(screen.getByRole('button', { name: /Step this digit through/ }));
    expect(onuse).toHaveBeenCalledWith(expect.objectContaining({ label: 0, empty: false }));
    await fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(ondigit).toHaveBeenLastCalledWith(expect.objectContaining({ empty: true }));
  });
});
