// The keyboard's way through the debugger, in jsdom: the network's units (one Tab stop, the
// arrows move between units, Enter or Space selects, the screen's own keys left alone), the help
// dialog (focus inside while open, Escape closes it, the focus goes back where it was, the
// network's keys listed) and the skip link (to the network's unit, else to the content).
import './jsdom-stubs';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { ColourDomains } from '../../src/views/debugger/colour-domains.svelte';
import HelpOverlay from '../../src/views/debugger/HelpOverlay.svelte';
import { ARRAY_RULE, COUNTING_RULE } from '../../src/notation/indices';
import { moveUnitFocus, NETWORK_KEYS } from '../../src/views/debugger/network/network-keys';
import NetworkPanel from '../../src/views/debugger/network/NetworkPanel.svelte';
import SkipLink from '../../src/views/shell/SkipLink.svelte';
import { randomImages, repeat, start } from '../machine/helpers';

const images = randomImages(64, 784, 10, 3);
const data = { kind: 'mnist' as const, train: images, validation: null, test: null, seed: 5, shuffle: true };
const session = () => start({ data, settings: { sizes: [784, 16, 10], batchSize: 8, init: { kind: 'normal-fan-in' as const } } });

describe('moveUnitFocus', () => {
  const units = [16, 10];
  it('↑ ↓ walk a layer, stopping at its ends; Home and End jump to them', () => {
    expect(moveUnitFocus(units, { layer: 0, neuron: 4 }, 'ArrowDown')).toEqual({ layer: 0, neuron: 5 });
    expect(moveUnitFocus(units, { layer: 0, neuron: 4 }, 'ArrowUp')).toEqual({ layer: 0, neuron: 3 });
    expect(moveUnitFocus(units, { layer: 0, neuron: 0 }, 'ArrowUp')).toEqual({ layer: 0, neuron: 0 });
    expect(moveUnitFocus(units, { layer: 1, neuron: 9 }, 'ArrowDown')).toEqual({ layer: 1, neuron: 9 });
    expect(moveUnitFocus(units, { layer: 0, neuron: 7 }, 'End')).toEqual({ layer: 0, neuron: 15 });
    expect(moveUnitFocus(units, { layer: 1, neuron: 7 }, 'Home')).toEqual({ layer: 1, neuron: 0 });
  });
  it('← → change layer, keeping the unit number where it exists', () => {
    expect(moveUnitFocus(units, { layer: 0, neuron: 4 }, 'ArrowRight')).toEqual({ layer: 1, neuron: 4 });
    expect(moveUnitFocus(units, { layer: 0, neuron: 14 }, 'ArrowRight')).toEqual({ layer: 1, neuron: 9 });
    expect(moveUnitFocus(units, { layer: 1, neuron: 4 }, 'ArrowLeft')).toEqual({ layer: 0, neuron: 4 });
    expect(moveUnitFocus(units, { layer: 1, neuron: 4 }, 'ArrowRight')).toEqual({ layer: 1, neuron: 4 });
    expect(moveUnitFocus(units, { layer: 0, neuron: 4 }, 'a')).toBeNull();
  });
});

describe('the network view by keyboard', () => {
  it('one Tab stop (the selected unit); the arrows move the focus, Enter selects, and the keys stay the network’s', async () => {
    const s = repeat(session(), { type: 'step.next' }, 2);
    const onselect = vi.fn();
    render(NetworkPanel, { props: { context: s.context, selected: { layer: 0, neuron: 2 }, onselect, colours: new ColourDomains() } });
    const unit = (layer: number, neuron: number) => document.querySelector<SVGElement>(`circle[data-layer="${layer}"][data-neuron="${neuron}"]`)!;
    const stops = document.querySelectorAll('circle[data-neuron][tabindex="0"]');
    expect(stops).toHaveLength(1);
    expect(stops[0]).toBe(unit(0, 2));
    expect(document.querySelectorAll('circle[data-neuron][tabindex="-1"]')).toHaveLength(16 + 10 - 1);
    // Each unit is a button named by its value, the selected one pressed.
    expect(unit(0, 2).getAttribute('role')).toBe('button');
    expect(unit(0, 2).getAttribute('aria-pressed')).toBe('true');
    expect(unit(0, 2).getAttribute('aria-label')).toMatch(/^layer 1, unit 3: aⱼ = -?\d/);
    expect(unit(1, 4).getAttribute('aria-label')).toBe('layer 2, class 4: not computed yet in this phase');

    // A click selects without taking the focus, so the arrows still step the debugger afterwards.
    const press = new MouseEvent('mousedown', { bubbles: true, cancelable: true });
    unit(1, 6).dispatchEvent(press);
    expect(press.defaultPrevented).toBe(true);
    unit(0, 2).focus();
    const down = new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, cancelable: true });
    unit(0, 2).dispatchEvent(down);
    expect(down.defaultPrevented).toBe(true); // the debugger's ← → (step) and the lesson's leave it alone
    expect(document.activeElement).toBe(unit(0, 3));
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(unit(1, 3));
    expect(unit(1, 3).getAttribute('tabindex')).toBe('0');
    expect(unit(0, 2).getAttribute('tabindex')).toBe('-1');
    expect(onselect).not.toHaveBeenCalled();
    await fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    expect(onselect).toHaveBeenLastCalledWith({ layer: 1, neuron: 3 });
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    await fireEvent.keyDown(document.activeElement!, { key: ' ' });
    expect(onselect).toHaveBeenLastCalledWith({ layer: 1, neuron: 2 });
    // A key the network does not use is left to the screen.
    const other = new KeyboardEvent('keydown', { key: 'b', bubbles: true, cancelable: true });
    document.activeElement!.dispatchEvent(other);
    expect(other.defaultPrevented).toBe(false);
  });
});

describe('the help dialog', () => {
  it('takes the focus, lists the network’s keys, closes on Escape and gives the focus back', async () => {
    const opener = document.createElement('button');
    opener.textContent = 'Keys';
    document.body.append(opener);
    opener.focus();
    const onclose = vi.fn();
    const { unmount } = render(HelpOverlay, { props: { onclose } });
    await new Promise((resolve) => setTimeout(resolve, 0)); // focus-trap moves the focus in after a tick
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(dialog.contains(document.activeElement)).toBe(true);
    for (const k of NETWORK_KEYS) expect(dialog.textContent).toContain(k.description);
    // the one index convention, stated where the keys are
    const text = dialog.textContent!.replace(/\s+/g, ' ');
    expect(text).toContain(COUNTING_RULE);
    expect(text).toContain(ARRAY_RULE);
    expect(text).toContain('w(j = 6, i = 407) is the weight from pixel 407 into hidden unit 6');
    // Tab from the dialog's last control comes back to its first (here the one button, ✕).
    const close = screen.getByRole('button', { name: 'close' });
    close.focus();
    await fireEvent.keyDown(close, { key: 'Tab' });
    expect(dialog.contains(document.activeElement)).toBe(true);
    await fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(onclose).toHaveBeenCalledTimes(1);
    unmount();
    await new Promise((resolve) => setTimeout(resolve, 0)); // focus-trap returns the focus after a tick
    expect(document.activeElement).toBe(opener);
    opener.remove();
  });
});

describe('the skip link', () => {
  function page(withNetwork: boolean): HTMLElement {
    const main = document.createElement('main');
    main.tabIndex = -1;
    main.innerHTML = `<div class="screen" hidden><svg data-network-units><circle tabindex="0" data-which="hidden screen"></circle></svg></div>
      <div class="screen">${withNetwork ? '<svg data-network-units><circle tabindex="-1"></circle><circle tabindex="0" data-which="selected"></circle></svg>' : ''}</div>`;
    document.body.append(main);
    return main;
  }

  it('on the debugger: the first control, and it puts the focus on the shown network’s selected unit', async () => {
    const main = page(true);
    render(SkipLink, { props: { screen: 'debug' } });
    const link = screen.getByRole('link', { name: 'Skip to the network view' });
    await fireEvent.click(link);
    expect((document.activeElement as Element).getAttribute('data-which')).toBe('selected');
    expect(location.hash).toBe('');
    main.remove();
  });

  it('elsewhere: to the screen’s content', async () => {
    const main = page(false);
    render(SkipLink, { props: { screen: 'train' } });
    await fireEvent.click(screen.getByRole('link', { name: 'Skip to the content' }));
    expect(document.activeElement).toBe(main);
    main.remove();
  });
});
