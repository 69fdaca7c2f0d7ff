// The debugger screen's pure helpers: keys → commands, the network's geometry, the
// thumbnail sheet, the settings line and the hidden-layer field.
import { describe, expect, it } from 'vitest';
import { imageSide, networkLayout, pixelCentre, sourcePoint } from '../../src/views/debugger/network/network-layout';
import { thumbnailSheet } from '../../src/views/debugger/samples/thumbnails';
import { commandFor, isTypingTarget, SHORTCUTS } from '../../src/views/debugger/shortcuts';
import { planSteps } from '../../src/session/plan';
import { beforeAfterLayer } from '../../src/views/debugger/update/update-layer';

const key = (k: string, mods: Partial<Record<'shiftKey' | 'ctrlKey' | 'altKey' | 'metaKey', boolean>> = {}) => ({ key: k, shiftKey: false, ctrlKey: false, altKey: false, metaKey: false, ...mods });

describe('shortcuts', () => {
  it('F10/→ step, Shift+F10/← back, F11 into, Shift+F11/Shift+→ over, F5 continue, Esc pause', () => {
    expect(commandFor(key('F10'))).toBe('step');
    expect(commandFor(key('ArrowRight'))).toBe('step');
    expect(commandFor(key('F10', { shiftKey: true }))).toBe('back');
    expect(commandFor(key('ArrowLeft'))).toBe('back');
    expect(commandFor(key('F11'))).toBe('stepInto');
    expect(commandFor(key('F11', { shiftKey: true }))).toBe('stepOver');
    expect(commandFor(key('ArrowRight', { shiftKey: true }))).toBe('stepOver');
    expect(commandFor(key('F5'))).toBe('continueOrPause');
    expect(commandFor(key('Escape'))).toBe('pause');
    expect(commandFor(key('b'))).toBe('finishBatch');
    expect(commandFor(key('E'))).toBe('epochEnd');
    expect(commandFor(key(']'))).toBe('nextSample');
    expect(commandFor(key('?', { shiftKey: true }))).toBe('help');
  });

  it('leaves modified keys and other keys to the browser', () => {
    expect(commandFor(key('ArrowRight', { ctrlKey: true }))).toBeNull();
    expect(commandFor(key('F5', { metaKey: true }))).toBeNull();
    expect(commandFor(key('ArrowLeft', { shiftKey: true }))).toBeNull();
    expect(commandFor(key('x'))).toBeNull();
    expect(commandFor(key('Enter'))).toBeNull();
  });

  it('every command has a line in the help, and every key listed there maps to its command', () => {
    const parse = (label: string) => {
      const shift = label.startsWith('Shift+');
      const name = label.replace('Shift+', '');
      const k = { '→': 'ArrowRight', '←': 'ArrowLeft', Esc: 'Escape' }[name] ?? name;
      return key(k, { shiftKey: shift || k === '?' });
    };
    for (const s of SHORTCUTS) for (const label of s.keys) expect(commandFor(parse(label)), label).toBe(s.command);
    expect(new Set(SHORTCUTS.map((s) => s.command)).size).toBe(SHORTCUTS.length);
  });

  it('typing in a field, or a widget that uses arrows, keeps the keys', () => {
    document.body.innerHTML = '<input id="i"><div role="application" id="app"><span id="inner"></span></div><button id="b">x</button><select id="s"></select>';
    expect(isTypingTarget(document.getElementById('i'))).toBe(true);
    expect(isTypingTarget(document.getElementById('inner'))).toBe(true);
    expect(isTypingTarget(document.getElementById('s'))).toBe(true);
    expect(isTypingTarget(document.getElementById('b'))).toBe(false);
    expect(isTypingTarget(document.body)).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe('network layout', () => {
  it('784-64-10: the inputs as a 28×28 image, 64 units wrapped into sub-columns, 10 outputs in one', () => {
    const layout = networkLayout([784, 64, 10], 760, 330);
    expect(layout.image?.side).toBe(28);
    expect(layout.inputs).toBeNull();
    const [hidden, output] = layout.layers;
    expect(hidden.points).toHaveLength(64);
    const xs = new Set(hidden.points.map((p) => p.x));
    expect(xs.size).toBe(4); // 16 rows of 4
    expect(output.points).toHaveLength(10);
    expect(new Set(output.points.map((p) => p.x)).size).toBe(1);
    // all inside the box, columns left to right, units not overlapping
    for (const column of layout.layers) {
      expect(column.top).toBeGreaterThanOrEqual(0);
      expect(column.bottom).toBeLessThanOrEqual(330);
      for (let i = 1; i < column.points.length; i++) {
        const a = column.points[i - 1];
        const b = column.points[i];
        expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThan(2 * column.radius);
      }
    }
    expect(layout.image!.x + layout.image!.size).toBeLessThan(hidden.left);
    expect(hidden.right).toBeLessThan(output.left);
    expect(output.right).toBeLessThanOrEqual(760);
  });

  it('maps pixel i to its centre and edges to their sources', () => {
    const layout = networkLayout([784, 64, 10], 760, 330);
    const image = layout.image!;
    const cell = image.size / 28;
    expect(pixelCentre(image, 0)).toEqual({ x: image.x + cell / 2, y: image.y + cell / 2 });
    expect(pixelCentre(image, 28 * 3 + 5)).toEqual({ x: image.x + 5.5 * cell, y: image.y + 3.5 * cell });
    expect(sourcePoint(layout, 1, 7)).toBe(layout.layers[0].points[7]);
  });

  it('a 2-2-2 lesson net draws its inputs as units', () => {
    const layout = networkLayout([2, 2, 2], 400, 200);
    expect(layout.image).toBeNull();
    expect(layout.inputs!.points).toHaveLength(2);
    expect(sourcePoint(layout, 0, 1)).toBe(layout.inputs!.points[1]);
    expect(imageSide(784)).toBe(28);
    expect(imageSide(4)).toBeNull();
    expect(imageSide(10)).toBeNull();
  });
});

describe('thumbnail sheet', () => {
  it('lays examples side by side with NaN gaps', () => {
    // two 2×2 "images": [1,2,3,4] and [5,6,7,8]
    const sheet = thumbnailSheet([1, 2, 3, 4, 5, 6, 7, 8], 2, 2, 1);
    expect([sheet.rows, sheet.cols, sheet.pitch]).toEqual([2, 5, 3]);
    expect(Array.from(sheet.values)).toEqual([1, 2, NaN, 5, 6, 3, 4, NaN, 7, 8]);
  });
});

describe('before/after layer', () => {
  // 784-64-32-10: three weight matrices; the plan updates W₃, then W₂, then W₁.
  const plan = planSteps({ sizes: [784, 64, 32, 10], activations: ['sigmoid', 'sigmoid', 'softmax'] });
  const updates = plan.filter((s) => s.kind === 'update');

  it('follows the update the debugger just carried out, output layer first', () => {
    expect(updates.map((s) => s.layer)).toEqual([2, 1, 0]);
    expect(updates.map((s) => beforeAfterLayer(null, s, 0, 3))).toEqual([2, 1, 0]);
  });

  it('otherwise shows the selected neuron’s incoming weights, and a clicked tab always wins', () => {
    const gradientStep = plan.find((s) => s.kind === 'gradients' && s.layer === 2) ?? null;
    expect(beforeAfterLayer(null, gradientStep, 1, 3)).toBe(1);
    expect(beforeAfterLayer(null, null, 0, 3)).toBe(0);
    expect(beforeAfterLayer(0, updates[0], 1, 3)).toBe(0);
    // an output unit selected (layer index 2) → W₃; a stale tab past the last layer is clamped
    expect(beforeAfterLayer(null, null, 2, 3)).toBe(2);
    expect(beforeAfterLayer(5, null, 0, 3)).toBe(2);
  });
});
