// No symbol stands for two quantities in one view. For the 2-2-2 net (where hidden unit 1
// and output 1 share a number) and nets with 1, 2 and 3 hidden layers, at every sub-step
// and for every unit, this renders what the debugger shows at once — the status line, the
// phase ribbon, the inspector's equation (general and worked), its value rows, bias and
// input names, the vectorised panel, the Matrices panel's names and tabs, the before/after
// tabs and the gradient check's labels —
// through a notation that hears every symbol it writes with the quantity it means, and
// fails when one rendered symbol (TeX or text) means two quantities. A deliberately
// colliding notation (units numbered without their layer's letter, the old "δ₁ … δ₁")
// shows the check can fail.

import katex from 'katex';
import { describe, expect, it } from 'vitest';
import {
  layerNotation,
  stepSymbolText,
  stepText,
  type EquationScope,
  type Meaning,
  type NetNotation,
  type NotationSymbol,
  type SymbolObserver,
} from '../../src/notation';
import { neuronEquation } from '../../src/viewmodel/equation-terms';
import { neuronEquationTex } from '../../src/viewmodel/neuron-tex';
import { stepLabel } from '../../src/viewmodel/step-label';
import { stepSymbol } from '../../src/viewmodel/phase-ribbon';
import { vectorisedForm } from '../../src/viewmodel/vectorised';
import { layerSymbols } from '../../src/viewmodel/layer-symbols';
import { batchMatrices, weightMatrices } from '../../src/viewmodel/matrix-selectors';
import { parameterText } from '../../src/views/gradcheck/gradcheck-index';
import { frameOf, handWorkedSession, send, start } from '../machine/helpers';
import { ViewSymbols } from './view-symbols';

type Snapshot = ReturnType<typeof start>;

/** Symbols written in TeX by hand, not by the notation: what is left once every symbol the notation wrote is taken out. */
function handWritten(tex: string, view: ViewSymbols): string[] {
  let rest = tex;
  const written = [...view.tex.keys()].filter((s) => /[_^\\]/.test(s)).sort((a, b) => b.length - a.length);
  for (const s of written) rest = rest.split(s).join(' ');
  return rest.match(/\\delta|\\boldsymbol\{\\Delta\}|\\hat\s*y|\\mathbf\{[A-Za-eg-z]\}|(?<![\\A-Za-z])[zawbxyC](?=\s*[_^])/g) ?? [];
}

/**
 * The old numbering: a unit is its number alone (the layer's letter dropped, no superscript),
 * so hidden unit 1 and output 1 are both δ₁ — the notation this test must catch.
 */
function collidingNotation(layers: number, observe: SymbolObserver): NetNotation {
  let last: Meaning | null = null;
  const real = layerNotation(layers, (_, meaning) => (last = meaning));
  const strip = (x: NotationSymbol): NotationSymbol => ({
    tex: x.tex.replace(/\^\{\(\d+\)\}/g, '').replace(/[ijk]=(\d+)/g, '$1'),
    text: x.text.replace(/⁽[⁰¹²³⁴-⁹]+⁾/g, '').replace(/[ijk] = (\d+)/g, '$1'),
  });
  const wrap = (scope: EquationScope): EquationScope =>
    new Proxy(scope, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function' || prop === 'letter' || prop === 'unitNumber') return value;
        return (...args: unknown[]) => {
          const symbol = strip((value as (...a: unknown[]) => NotationSymbol).apply(target, args));
          observe(symbol, last!);
          return symbol;
        };
      },
    });
  return { layers, superscripts: real.superscripts, scope: (own) => wrap(real.scope(own)) };
}

type MakeNotation = (layers: number, observe: SymbolObserver) => NetNotation;

/** A few of `count` inputs: all of a small layer, the first two and the last of a wide one. */
const someInputs = (count: number) => (count <= 8 ? Array.from({ length: count }, (_, i) => i) : [0, 1, count - 1]);

/**
 * The panels beside the equations, with unit `neuron` of code layer `layer` selected, written
 * through `net`: the inspector (value rows, bias, ∂C/∂b, inputs, its W's legends), the
 * Matrices panel (every layer's tab and this layer's W, ∂C/∂W, ΔW, A, Δ), the before/after
 * tabs and velocity, the gradient check (the unit's weights and bias). Returns their texts.
 */
function renderPanels(s: Snapshot, layer: number, neuron: number, net: NetNotation): string[] {
  const sizes = frameOf(s).start.net.sizes;
  const L = sizes.length - 1;
  const own = layerSymbols(L, layer, net);
  const texts: string[] = [];
  for (const q of ['z', 'a', 'delta', 'b'] as const) texts.push(own.unit(q, neuron).text);
  if (layer < L - 1) texts.push(own.slope(neuron).text);
  texts.push(own.W, own.gradW, own.changeW, own.V, own.weight, own.bias);
  for (const i of someInputs(sizes[layer])) {
    texts.push(own.input(i).text, parameterText({ layer, kind: 'weights', row: neuron, col: i }, L, net));
  }
  texts.push(parameterText({ layer, kind: 'biases', row: neuron, col: 0 }, L, net));
  for (let l = 0; l < L; l++) texts.push(layerSymbols(L, l, net).W); // the tabs of Matrices, before/after and the check's layers
  for (const m of [...weightMatrices(s.context, layer, net), ...batchMatrices(s.context, layer, net)]) texts.push(m.symbol, m.title);
  return texts;
}

/** Every view of a session, one per (sub-step, selected unit); each returns its collisions and hand-written symbols. */
function everyView(first: Snapshot, makeNotation: MakeNotation): { views: number; collisions: string[]; handWritten: string[] } {
  const collisions = new Set<string>();
  const hand = new Set<string>();
  let views = 0;
  let s = first;
  const plan = s.context.plan;
  const L = plan[0].layers;
  const sizes = frameOf(s).start.net.sizes;
  for (let k = 1; k <= plan.length; k++) {
    s = send(s, { type: 'step.next' });
    const step = plan[k - 1];
    const next = plan[k] ?? null;
    for (let layer = 0; layer < L; layer++) {
      for (let neuron = 0; neuron < sizes[layer + 1]; neuron++) {
        const view = new ViewSymbols();
        const net = makeNotation(L, view.observe);
        // The status line and the phase ribbon (symbols and tooltips).
        const status = [stepText(net, step), next ? stepText(net, next) : ''];
        for (const p of plan) status.push(stepSymbolText(net, p), stepText(net, p));
        // The inspector: the selected unit's equation, general and worked.
        const tex = neuronEquationTex(neuronEquation(s.context, layer, neuron), net);
        const shown: string[] = [];
        if (tex) shown.push(tex.general, `\\begin{aligned}${tex.worked}\\end{aligned}`);
        // The vectorised panel: the current sub-step for a unit of its layer.
        if (step.layer === layer) {
          const form = vectorisedForm(s.context, step, neuron, net);
          shown.push(form.tex);
          status.push(...[form.result, ...form.operands].map((o) => o.name));
        }
        for (const t of shown) {
          katex.renderToString(t, { throwOnError: true, displayMode: true });
          for (const h of handWritten(t, view)) hand.add(`${h} in ${t.slice(0, 60)}`);
        }
        status.push(...renderPanels(s, layer, neuron, net));
        expect(status.every((t) => typeof t === 'string')).toBe(true);
        for (const c of view.collisions()) collisions.add(`${stepLabel(step)}, unit ${neuron} of layer ${layer + 1}: ${c}`);
        views++;
      }
    }
  }
  return { views, collisions: [...collisions], handWritten: [...hand] };
}

const mnistLike = (sizes: number[], momentum = 0) => {
  const images = { images: new Uint8Array(sizes[0] * 4).map((_, i) => (i * 37) % 256), labels: Uint8Array.of(1, 2, 3, 4), count: 4, inputSize: sizes[0] };
  return start({ data: { kind: 'mnist' as const, train: images, validation: null, test: null, seed: 1, shuffle: false }, settings: { sizes, batchSize: 4, momentum } });
};

const NETS: [string, () => Snapshot][] = [
  ['the 2-2-2 tiny net', () => handWorkedSession('sigmoid', 0)],
  ['the 2-2-2 tiny net with momentum', () => handWorkedSession('sigmoid', 0.9)],
  ['one hidden layer (784-6-10)', () => mnistLike([784, 6, 10])],
  ['two hidden layers (784-6-5-10), momentum', () => mnistLike([784, 6, 5, 10], 0.9)],
  ['three hidden layers (784-5-4-3-10)', () => mnistLike([784, 5, 4, 3, 10])],
];

describe('one symbol, one quantity, in every view', () => {
  for (const [name, session] of NETS) {
    it(`${name}: every equation of every sub-step, per neuron and vectorised, for every unit`, () => {
      const result = everyView(session(), (layers, observe) => layerNotation(layers, observe));
      expect(result.views).toBeGreaterThan(20);
      expect(result.collisions).toEqual([]);
      expect(result.handWritten).toEqual([]);
    });
  }

  it('finds a symbol written by hand, outside the notation', () => {
    expect(handWritten("w_{1,2}\\, \\delta_{1} + \\frac{1}{1 + e^{-0.5}}", new ViewSymbols())).toEqual(['w', '\\delta']);
  });

  it('the screens write what the test reads: the status line and the ribbon are the notation’s', () => {
    for (const [, session] of NETS) {
      const plan = session().context.plan;
      const net = layerNotation(plan[0].layers);
      for (const step of plan) {
        expect(stepLabel(step)).toBe(stepText(net, step));
        expect(stepSymbol(step)).toBe(stepSymbolText(net, step));
      }
    }
  });

  it('fails on the old numbering: hidden unit 1 and output 1 both written δ₁ in the 2-2-2 hidden δ', () => {
    const result = everyView(handWorkedSession('sigmoid', 0), collidingNotation);
    // δ_{1} on the left is hidden unit 1 (layer 1, index 0), on the right output 1 (layer 2, index 1).
    expect(result.collisions).toContain('δⱼ = f′(zⱼ) ∘ (δₖ Wₖⱼ), unit 0 of layer 1: tex \\delta_{1} = delta@1#0 | delta@2#1');
    // …and deeper nets lose their layers without superscripts.
    expect(everyView(mnistLike([784, 5, 4, 3, 10]), collidingNotation).collisions.length).toBeGreaterThan(0);
  });

  it('the panels alone catch it too: without superscripts every layer’s tab of a deeper net would read W', () => {
    const s = mnistLike([784, 5, 4, 3, 10]);
    const view = new ViewSymbols();
    renderPanels(s, 1, 2, collidingNotation(4, view.observe));
    expect(view.collisions()).toContain('text W = w@1 batch | w@2 batch | w@3 batch | w@4 batch');
    const clean = new ViewSymbols();
    renderPanels(s, 1, 2, layerNotation(4, clean.observe));
    expect(clean.collisions()).toEqual([]);
    expect(clean.text.has('W⁽²⁾')).toBe(true);
    expect(clean.text.has('a⁽¹⁾(i = 1)')).toBe(true); // an input of layer 2: unit 1 of hidden layer 1
  });

  it('the 2-2-2 hidden δ reads δ_{j=1} = f′(z_{j=1})[w_{k=0,j=1} δ_{k=0} + w_{k=1,j=1} δ_{k=1}]', () => {
    let s = handWorkedSession('sigmoid', 0);
    for (let k = 0; k < 7; k++) s = send(s, { type: 'step.next' });
    expect(s.context.plan[6].kind).toBe('hiddenDelta');
    const tex = neuronEquationTex(neuronEquation(s.context, 0, 0))!;
    expect(tex.general).toBe("\\delta_{j} = f'(z_{j}) \\sum_k w_{kj}\\, \\delta_{k} \\tag{8, 12}");
    expect(tex.worked).toMatch(/^\\delta_\{j=1\} &= f'\(z_\{j=1\}\) \\Bigl\[ w_\{k=[01],\\,j=1\}\\, \\delta_\{k=[01]\} \+ w_\{k=[01],\\,j=1\}\\, \\delta_\{k=[01]\} \\Bigr\]/);
  });

  it('two hidden layers: layer superscripts, the letters relative to the equation', () => {
    const net = layerNotation(3);
    const s = net.scope(1);
    expect(s.unit('delta', 1, { index: 4 }).tex).toBe('\\delta^{(1)}_{j=5}');
    expect(s.weight(2, { index: 2 }, { index: 4 }).tex).toBe('w^{(2)}_{k=3,\\,j=5}');
    expect(s.unit('a', 0, { index: 406 }).tex).toBe('x_{i=407}');
    expect(net.scope(3).unit('delta', 3, { index: 3 }).tex).toBe('\\delta^{(3)}_{j=3}'); // output class 3
    expect(stepText(net, { kind: 'hiddenDelta', layer: 0, activation: 'sigmoid' })).toBe('δ⁽¹⁾ = f′(z⁽¹⁾) ∘ (δ⁽²⁾ W⁽²⁾)');
    expect(stepText(layerNotation(2), { kind: 'hiddenDelta', layer: 0, activation: 'sigmoid' })).toBe('δⱼ = f′(zⱼ) ∘ (δₖ Wₖⱼ)');
  });
});
