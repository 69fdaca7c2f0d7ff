// The one colour convention: which scale each quantity takes, and that a negative signed
// quantity is the same blue (a positive the same red) whatever it is and whichever layer.
import { describe, expect, it } from 'vitest';
import { cssColour, DIVERGING, rgbaOf, SEQUENTIAL } from '../../src/render/colour';
import { domainFromValues } from '../../src/render/domains';
import { colourScale, quantityKey, quantityScale, type ColourQuantity } from '../../src/render/quantity-colours';

const SIGNED: readonly ColourQuantity[] = ['weights', 'gradient', 'update', 'z', 'delta'];

/** Hue in degrees of an RGB colour (0 = red, 240 = blue). */
function hue([r, g, b]: readonly number[]): number {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max === min) return NaN;
  const d = max - min;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

describe('quantityScale: one convention for every quantity', () => {
  it('every signed quantity is diverging, its most negative value blue, its most positive red, 0 the neutral middle', () => {
    for (const quantity of SIGNED) {
      for (const layer of [0, 1, 2]) {
        const choice = colourScale(quantity, layer, [-0.3, 0.1, 0.25]);
        expect(choice.lut).toBe(DIVERGING);
        const domain = domainFromValues(choice.request);
        expect(domain[0]).toBe(-domain[1]); // centred on 0
        const low = rgbaOf(choice.lut, domain, domain[0]);
        const high = rgbaOf(choice.lut, domain, domain[1]);
        expect(hue(low)).toBeGreaterThan(200); // blue
        expect(hue(low)).toBeLessThan(230);
        expect(hue(high) < 20 || hue(high) > 340).toBe(true); // red
        expect(cssColour(choice.lut, domain, 0)).toBe(DIVERGING.css[(DIVERGING.size - 1) / 2]);
        expect(cssColour(choice.lut, domain, 0)).toBe('rgb(247 247 247)');
      }
    }
  });

  it('activations: sigmoid and softmax on [0, 1] sequential; ReLU sequential from the data; tanh [−1, 1] diverging; the improved sigmoid diverging from the data', () => {
    expect(quantityScale('activation', { activation: 'sigmoid' })).toEqual({ lut: SEQUENTIAL, naturalDomain: [0, 1] });
    expect(quantityScale('activation', { activation: 'softmax' })).toEqual({ lut: SEQUENTIAL, naturalDomain: [0, 1] });
    expect(quantityScale('activation', { activation: 'relu' })).toEqual({ lut: SEQUENTIAL, naturalDomain: null });
    expect(quantityScale('activation', { activation: 'tanh' })).toEqual({ lut: DIVERGING, naturalDomain: [-1, 1] });
    expect(quantityScale('activation', { activation: 'improved-sigmoid' })).toEqual({ lut: DIVERGING, naturalDomain: null });
    expect(domainFromValues(colourScale('activation', 0, [0, 3.1], { activation: 'relu' }).request)).toEqual([0, 4]);
  });

  it('the output δ = ŷ − y lies in [−1, 1]; a hidden δ takes its range from the data', () => {
    expect(domainFromValues(colourScale('delta', 1, [0.001], { output: true }).request)).toEqual([-1, 1]);
    expect(domainFromValues(colourScale('delta', 0, [0.001, -0.0004]).request)).toEqual([-0.001, 0.001]);
  });

  it('one key per quantity and layer, whichever drawing asks: the screen shares one domain per quantity', () => {
    expect(colourScale('weights', 0, null).request.key).toBe(quantityKey('weights', 0));
    const keys = SIGNED.flatMap((q) => [0, 1].map((l) => quantityKey(q, l)));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
