// "Check my numbers" in jsdom, on real machine snapshots: the panel takes a picked or dropped
// file and sends its bytes, shows the verdict, ours/yours and the diagnosis (and an error as one
// line naming the file); the inspector's card puts ours beside yours for the selected unit; the
// network view rings the units the check marks; the difference view names what agrees and draws
// what differs.
import './jsdom-stubs';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { checkMarks, checkView } from '../../src/viewmodel/check-view';
import { ColourDomains } from '../../src/views/debugger/colour-domains.svelte';
import { CheckPanel, CheckUnitCard, DifferenceHeatmaps } from '../../src/views/debugger/check';
import NetworkPanel from '../../src/views/debugger/network/NetworkPanel.svelte';
import { correctJson, plantedJson } from '../check/helpers';
import { bytes, debuggerOn, input } from '../machine/check-helpers';

const checked = (id: Parameters<typeof plantedJson>[0]) => {
  const actor = debuggerOn();
  actor.send({ type: 'check.file', name: 'mine.json', bytes: bytes(plantedJson(id, input)) });
  return actor.getSnapshot().context;
};

const panelProps = (view: ReturnType<typeof checkView>, onfile = vi.fn()) => ({ view, checking: false, canCheck: true, onfile, oncancel: vi.fn(), onclear: vi.fn() });

describe('CheckPanel', () => {
  it('a picked file is read and its name and bytes sent; a dropped one too', async () => {
    const onfile = vi.fn();
    render(CheckPanel, { props: panelProps(null, onfile) });
    const file = new File([Uint8Array.of(123, 125)], 'mine.json');
    await fireEvent.change(screen.getByTestId('check-file'), { target: { files: [file] } });
    await waitFor(() => expect(onfile).toHaveBeenCalledTimes(1));
    expect(onfile.mock.calls[0][0]).toBe('mine.json');
    expect(Array.from(onfile.mock.calls[0][1] as Uint8Array)).toEqual([123, 125]);
    const dropped = new File([Uint8Array.of(0x50, 0x4b)], 'mine.npz');
    await fireEvent.drop(screen.getByTestId('check-drop'), { dataTransfer: { files: [dropped] } });
    await waitFor(() => expect(onfile).toHaveBeenCalledTimes(2));
    expect(onfile.mock.calls[1][0]).toBe('mine.npz');
  });

  it('nothing is taken while the machine cannot check', async () => {
    const onfile = vi.fn();
    render(CheckPanel, { props: { ...panelProps(null, onfile), canCheck: false } });
    expect(screen.getByTestId('check-file')).toHaveProperty('disabled', true);
    await fireEvent.drop(screen.getByTestId('check-drop'), { dataTransfer: { files: [new File(['{}'], 'x.json')] } });
    expect(onfile).not.toHaveBeenCalled();
  });

  it('shows the verdict, the first difference with ours and yours, and the diagnosis with its fix', () => {
    const context = checked('output-delta-sign');
    const view = checkView(context)!;
    render(CheckPanel, { props: panelProps(view) });
    const d = context.check!.report!.firstDifference!;
    expect(screen.getByTestId('check-first').textContent).toContain(`δₖ at example ${d.index[0] + 1}, class ${d.index[1]} of output layer 2`);
    expect(screen.getByTestId('check-ours').textContent).toBe(String(Number(d.expected.toPrecision(4))).replace('-', '−'));
    expect(screen.getByTestId('check-yours').textContent).toBe(String(Number(d.actual.toPrecision(4))).replace('-', '−'));
    const diagnosis = screen.getByTestId('check-diagnosis');
    expect(diagnosis.dataset.id).toBe('output-delta-sign');
    expect(diagnosis.textContent).toContain('output δ with the wrong sign (y − ŷ)');
    expect(diagnosis.textContent).toContain('Fix: Use δ_k = ŷ_k − y_k');
    expect(screen.getByText(/^Differs\./)).toBeTruthy();
  });

  it('a file that is not a trace: one line naming it, as text (a name with markup stays text)', () => {
    const actor = debuggerOn();
    actor.send({ type: 'check.file', name: '<img src=x onerror=alert(1)>.json', bytes: new TextEncoder().encode('not json') });
    render(CheckPanel, { props: panelProps(checkView(actor.getSnapshot().context)) });
    const error = screen.getByTestId('check-error');
    expect(error.textContent).toMatch(/^<img src=x onerror=alert\(1\)>\.json: /);
    expect(error.querySelector('img')).toBeNull();
  });

  it('a correct file agrees', () => {
    const actor = debuggerOn();
    actor.send({ type: 'check.file', name: 'ok.json', bytes: bytes(correctJson(input)) });
    render(CheckPanel, { props: panelProps(checkView(actor.getSnapshot().context)) });
    expect(screen.getByText(/^Agree\./)).toBeTruthy();
    expect(screen.queryByTestId('check-diagnosis')).toBeNull();
  });
});

describe('CheckUnitCard', () => {
  it('ours beside yours for the unit: the differing δ flagged, f′ agreeing', () => {
    const context = checked('missing-activation-derivative');
    const j = context.check!.report!.firstDifference!.index[1];
    render(CheckUnitCard, { props: { context, selected: { layer: 0, neuron: j }, unit: `unit ${j + 1} of hidden layer 1` } });
    const rows = [...screen.getByTestId('check-unit').querySelectorAll('tbody tr')];
    expect(rows.map((r) => r.querySelector('th')!.textContent!.split(' ')[0])).toEqual(['zⱼ', 'aⱼ', 'f′(zⱼ)', 'δⱼ']);
    expect(rows.map((r) => r.classList.contains('differs'))).toEqual([false, false, false, true]);
    expect(screen.getByTestId('check-unit').textContent).toContain("hidden δ without the f'(z) factor");
  });

  it('renders nothing without a check', () => {
    const actor = debuggerOn();
    render(CheckUnitCard, { props: { context: actor.getSnapshot().context, selected: { layer: 0, neuron: 0 }, unit: 'unit 1' } });
    expect(screen.queryByTestId('check-unit')).toBeNull();
  });
});

describe('the marks on the network view and the difference view', () => {
  it('rings exactly the units the check marks', () => {
    const context = checked('missing-activation-derivative');
    const marks = checkMarks(context)!;
    const { container } = render(NetworkPanel, { props: { context, selected: { layer: 0, neuron: 0 }, onselect: vi.fn(), colours: new ColourDomains(), marks } });
    const ringed = [...container.querySelectorAll('circle[data-differs]')].map((c) => `${(c as SVGElement).dataset.layer}:${(c as SVGElement).dataset.neuron}`);
    expect(ringed.sort()).toEqual([...marks.units[0]].map((j) => `0:${j}`).sort());
    expect(ringed.length).toBeGreaterThan(0);
    expect(screen.getByTestId('check-marks').textContent).toContain(`${ringed.length} unit`);
  });

  it('names what agrees in one line and draws a heatmap of what differs', () => {
    const context = checked('missing-activation-derivative');
    render(DifferenceHeatmaps, { props: { context, selected: { layer: 0, neuron: 0 }, width: 900 } });
    expect(screen.getByTestId('difference-agree').textContent).toMatch(/^\s*Agree within the tolerance: zⱼ.*aⱼ.*f′\(zⱼ\)/);
    const delta = screen.getByTestId('difference-layers[0].delta');
    expect(Number(delta.dataset.differing)).toBeGreaterThan(0);
    expect(delta.querySelector('figure[aria-label^="yours − ours of δⱼ"]')).not.toBeNull();
  });
});
