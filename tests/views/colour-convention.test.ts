// One colour meaning on every drawing: the same negative weight w = −0.3 is drawn in the same
// blue by the network view, the lessons' tiny net, the inspector's tile, the matrix heatmap,
// the first-layer tiles and the update's before/after — the colour of the one diverging scale
// (src/render/quantity-colours.ts) at the one domain the screen holds for W₁. A negative δ is
// that scale's blue too, and each drawing's legend ramps through the same LUT.
import './jsdom-stubs';
import { fireEvent, render } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Net } from '../../src/engine/types';
import { cssColour, DIVERGING, rgbaOf, symmetricDomain, type Domain } from '../../src/render/colour';
import { tileLayout, tileOrigin } from '../../src/render/tiles';
import { ColourDomains } from '../../src/views/debugger/colour-domains.svelte';
import NeuronInspector from '../../src/views/debugger/inspector/NeuronInspector.svelte';
import NetworkPanel from '../../src/views/debugger/network/NetworkPanel.svelte';
import BeforeAfter from '../../src/views/debugger/update/BeforeAfter.svelte';
import TinyNet from '../../src/views/lessons/TinyNet.svg.svelte';
import MatrixPanel from '../../src/views/matrix/MatrixPanel.svelte';
import { frameOf, repeat, send, start, type Snapshot } from '../machine/helpers';

// A 4-2-2 net: its 4 inputs form a 2×2 "image", so W₁ is drawn as tiles too. W₁[0][2] = −0.3.
const net = (): Net => ({
  sizes: [4, 2, 2],
  activations: ['sigmoid', 'softmax'],
  improvedSigmoidC: 0.001,
  precision: 'float64',
  params: {
    weights: [Float64Array.of(0.1, 0.2, -0.3, 0.4, -0.2, 0.1, 0.3, 0.05), Float64Array.of(0.5, -0.6, 0.7, 0.8)],
    biases: [Float64Array.of(0, 0), Float64Array.of(0, 0)],
  },
});
const data = { kind: 'custom' as const, inputSize: 4, classes: 2, batches: [{ inputs: [1, 0.5, 0, 0.25, 0, 1, 0.5, 0.5], labels: [1, 0] }] };
const session = (): Snapshot => start({ data, load: { net: net() }, settings: { learningRate: 0.5, momentum: 0 } });

const W1_DOMAIN: Domain = symmetricDomain(net().params.weights[0]); // [−0.4, 0.4]
const BLUE = rgbaOf(DIVERGING, W1_DOMAIN, -0.3);
const BLUE_CSS = cssColour(DIVERGING, W1_DOMAIN, -0.3);

// A canvas 2D context that records every image put on a canvas (jsdom has none).
interface Put {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}
let puts: Put[] = [];
const original = HTMLCanvasElement.prototype.getContext;
beforeEach(() => {
  puts = [];
  HTMLCanvasElement.prototype.getContext = function () {
    return {
      createImageData: (width: number, height: number) => ({ width, height, data: new Uint8ClampedArray(width * height * 4) }),
      putImageData: (image: Put) => puts.push({ width: image.width, height: image.height, data: image.data.slice() }),
      drawImage() {},
      clearRect() {},
      fillRect() {},
      setTransform() {},
      imageSmoothingEnabled: false,
    };
  } as unknown as HTMLCanvasElement['getContext'];
});
afterEach(() => {
  HTMLCanvasElement.prototype.getContext = original;
});

/** RGBA of pixel (x, y) of the last image of this size that holds colours. */
function pixel(width: number, height: number, x: number, y: number): number[] {
  const image = [...puts].reverse().find((p) => p.width === width && p.height === height && p.data.some((b) => b !== 0));
  if (!image) throw new Error(`no ${width}×${height} image was drawn (drawn: ${puts.map((p) => `${p.width}×${p.height}`).join(', ')})`);
  const i = (y * width + x) * 4;
  return Array.from(image.data.subarray(i, i + 4));
}

describe('one diverging scale on every drawing', () => {
  it('sanity: w = −0.3 on W₁’s domain [−0.4, 0.4] is a blue of the diverging LUT', () => {
    expect(W1_DOMAIN).toEqual([-0.4, 0.4]);
    expect(BLUE[2]).toBeGreaterThan(BLUE[0]); // more blue than red
    expect(DIVERGING.css).toContain(BLUE_CSS);
  });

  it('the network view: the edge from x₃ into hidden unit 1 has that blue, and so does the ramp’s negative end in its legend', () => {
    const colours = new ColourDomains();
    const { container } = render(NetworkPanel, { props: { context: session().context, selected: { layer: 0, neuron: 0 }, onselect: () => {}, colours } });
    const strokes = [...container.querySelectorAll('.edges line')].map((l) => l.getAttribute('stroke'));
    expect(strokes).toContain(BLUE_CSS);
    expect(strokes).not.toContain(cssColour(DIVERGING, W1_DOMAIN, 0.3)); // no weight of +0.3 into unit 1
    const stops = [...container.querySelectorAll('stop')].map((s) => s.getAttribute('stop-color'));
    expect(stops[0]).toBe(DIVERGING.css[0]);
  });

  it('the tiny net of the lessons: the same blue for the same weight (no longer red), with a key', () => {
    const colours = new ColourDomains();
    const { container } = render(TinyNet, { props: { context: session().context, highlights: [], colours } });
    const edge = container.querySelector('line.weight[data-weight="-0.3"]')!;
    expect(edge.getAttribute('stroke')).toBe(BLUE_CSS);
    const positive = container.querySelector('line.weight[data-weight="0.4"]')!;
    expect(positive.getAttribute('stroke')).toBe(cssColour(DIVERGING, W1_DOMAIN, 0.4));
    const keys = [...container.querySelectorAll('.legends .legend')].map((l) => l.textContent!.replace(/\s+/g, ' ').trim());
    expect(keys).toEqual(['edges: Wⱼᵢ −0.4 0.4 blue < 0 < red', 'edges: Wₖⱼ −0.8 0.8 blue < 0 < red']);
  });

  it('the inspector’s tile of a unit’s incoming weights', () => {
    render(NeuronInspector, { props: { context: session().context, selected: { layer: 0, neuron: 0 }, colours: new ColourDomains(), onselect: () => {}, input: null, oninput: () => {} } });
    expect(pixel(4, 1, 2, 0)).toEqual(BLUE); // row 0 of W₁ as a 1 × 4 strip: input 3 is −0.3
  });

  it('the matrix heatmap of W₁ and the first-layer tiles', async () => {
    const { container } = render(MatrixPanel, { props: { context: session().context, width: 900, colours: new ColourDomains() } });
    expect(pixel(4, 2, 2, 0)).toEqual(BLUE); // W₁ is 2 × 4: row 0, column 2
    const grid = tileLayout(2, 2);
    const origin = tileOrigin(grid, 0);
    expect(pixel(grid.width, grid.height, origin.x + 0, origin.y + 1)).toEqual(BLUE); // tile of unit 1: input 3 is row 2, column 1
    // The legend of W₁ beside them ramps through the same LUT.
    const legend = [...container.querySelectorAll('.legend')].find((l) => l.querySelector('.quantity')?.textContent === 'Wⱼᵢ')!;
    expect(legend.querySelector('stop')!.getAttribute('stop-color')).toBe(DIVERGING.css[0]);
    await fireEvent.click(container.querySelector('button[title^="Refit"]')!);
    expect(pixel(4, 2, 2, 0)).toEqual(BLUE); // refitting to the same numbers changes nothing
  });

  it('the update’s before and after', () => {
    const s = repeat(session(), { type: 'step.next' }, 8); // through the update of W₂; W₁ before is shown
    render(BeforeAfter, { props: { context: s.context, selected: { layer: 0, neuron: 0 }, colours: new ColourDomains(), onselect: () => {}, width: 900 } });
    expect(pixel(4, 2, 2, 0)).toEqual(BLUE);
  });

  it('a negative δ fills its unit with the diverging blue, on the domain of that δ', () => {
    let s = session();
    while (!frameOf(s).quantities.delta[0]) s = send(s, { type: 'step.next' });
    const delta = frameOf(s).quantities.delta[0]!;
    const colours = new ColourDomains();
    const { container } = render(NetworkPanel, { props: { context: s.context, selected: null, onselect: () => {}, colours } });
    const domain = symmetricDomain(delta);
    const fills = [...container.querySelectorAll('circle[data-layer="0"]')].map((c) => c.getAttribute('fill'));
    expect(fills).toEqual([cssColour(DIVERGING, domain, delta[0]), cssColour(DIVERGING, domain, delta[1])]);
    expect(delta.some((d) => d < 0)).toBe(true);
    const negative = fills[delta[0] < 0 ? 0 : 1]!;
    const [r, , b] = negative.match(/\d+/g)!.map(Number);
    expect(b).toBeGreaterThan(r);
  });
});
