// Drawing → bytes: a dot and a line with a hand-computed brush, centring by mass, MNIST's
// 20×20 box, pointer coordinates, and the example handed to the machine.
import { describe, expect, it } from 'vitest';
import {
  brushInk,
  centreOfMass,
  centreStrokes,
  digitBytes,
  digitExample,
  drawStrokes,
  inkToBytes,
  mnistStrokes,
  pointerToImage,
  stampSegment,
  strokeBounds,
  type Brush,
} from '../../src/render/digit-drawing';

// Full ink within 0.5 px of the path, fading linearly to none at 1.5 px.
const brush: Brush = { radius: 1, softness: 1 };
const at = (bytes: Uint8Array, row: number, col: number) => bytes[row * 28 + col];

describe('brush', () => {
  it('is full inside, linear across the soft edge, empty outside', () => {
    expect(brushInk(brush, 0)).toBe(1);
    expect(brushInk(brush, 0.5)).toBe(1);
    expect(brushInk(brush, 1)).toBe(0.5);
    expect(brushInk(brush, 1.5)).toBe(0);
    expect(brushInk(brush, 3)).toBe(0);
  });
});

describe('strokes → bytes', () => {
  it('a dot on the corner shared by pixels (13,13)…(14,14) inks exactly those four', () => {
    const bytes = inkToBytes(drawStrokes([[{ x: 14, y: 14 }]], brush));
    // Each centre is √½ ≈ 0.7071 away: ink 1.5 − 0.7071 = 0.7929 → round(202.19) = 202.
    for (const [r, c] of [[13, 13], [13, 14], [14, 13], [14, 14]]) expect(at(bytes, r, c)).toBe(202);
    // The next ring is √(0.5² + 1.5²) ≈ 1.58 away: no ink. Nothing else is inked.
    expect(bytes.reduce((n, b) => n + (b > 0 ? 1 : 0), 0)).toBe(4);
  });

  it('a horizontal line through row 10 is solid on its row, half on its neighbours, round at its ends', () => {
    const bytes = inkToBytes(drawStrokes([[{ x: 5.5, y: 10.5 }, { x: 20.5, y: 10.5 }]], brush));
    for (let c = 5; c <= 20; c++) {
      expect(at(bytes, 10, c)).toBe(255);
      expect(at(bytes, 9, c)).toBe(128); // distance 1: ink 0.5 → round(127.5)
      expect(at(bytes, 11, c)).toBe(128);
      expect(at(bytes, 8, c)).toBe(0);
    }
    expect(at(bytes, 10, 4)).toBe(128); // 1 px beyond the end
    expect(at(bytes, 10, 21)).toBe(128);
    expect(at(bytes, 10, 3)).toBe(0);
    expect(at(bytes, 9, 4)).toBe(22); // √2 from the end: ink 0.0858 → round(21.88)
  });

  it('overlapping strokes take the maximum, not the sum, and ink is clipped at the field edge', () => {
    const ink = new Float32Array(28 * 28);
    stampSegment(ink, { x: 0, y: 0.5 }, { x: 28, y: 0.5 }, brush);
    stampSegment(ink, { x: 0, y: 0.5 }, { x: 28, y: 0.5 }, brush);
    expect(Math.max(...ink)).toBe(1);
    expect(ink[0]).toBe(1);
    expect(ink[28]).toBe(0.5);
  });

  it('centre of mass is in pixel-centre coordinates; a blank field has none', () => {
    const ink = new Float32Array(28 * 28);
    ink[3 * 28 + 5] = 1;
    ink[3 * 28 + 7] = 1;
    expect(centreOfMass(ink)).toEqual({ x: 6.5, y: 3.5 });
    expect(centreOfMass(new Float32Array(784))).toBeNull();
  });

  it('centring moves the ink’s centre of mass to (14, 14)', () => {
    const stroke = [{ x: 3, y: 4 }, { x: 6, y: 9 }, { x: 4, y: 12 }];
    const before = centreOfMass(drawStrokes([stroke]))!;
    expect(Math.hypot(before.x - 14, before.y - 14)).toBeGreaterThan(5);
    const centre = centreOfMass(drawStrokes(centreStrokes([stroke])))!;
    expect(centre.x).toBeCloseTo(14, 0);
    expect(centre.y).toBeCloseTo(14, 0);
    expect(Math.hypot(centre.x - 14, centre.y - 14)).toBeLessThan(0.25);
  });

  it('MNIST style scales the path to the 20×20 box (minus the brush) and centres it', () => {
    const small = [[{ x: 10, y: 10 }, { x: 10, y: 15 }]]; // a short "1", 5 px tall
    const placed = mnistStrokes(small);
    const b = strokeBounds(placed)!;
    expect(b.y1 - b.y0).toBeCloseTo(20 - 2 * 1.25, 9); // MNIST_BRUSH.radius = 1.25
    const bytes = digitBytes(small, 'mnist');
    const centre = centreOfMass(bytes)!;
    expect(Math.hypot(centre.x - 14, centre.y - 14)).toBeLessThan(0.25);
    // Inked rows span about 20 px (path 17.5 px plus the brush).
    const rows = Array.from({ length: 28 }, (_, r) => r).filter((r) => bytes.subarray(r * 28, r * 28 + 28).some((v) => v > 0));
    expect(rows.length).toBeGreaterThanOrEqual(19);
    expect(rows.length).toBeLessThanOrEqual(21);
  });

  it('a blank drawing gives 784 zero bytes in every mode', () => {
    for (const mode of ['none', 'centre', 'mnist'] as const) {
      const bytes = digitBytes([], mode);
      expect(bytes.length).toBe(784);
      expect(bytes.every((b) => b === 0)).toBe(true);
    }
  });
});

describe('pointer and hand-over', () => {
  it('maps a pointer on a 224 px pad to image pixels, clamped to the field', () => {
    const rect = { left: 100, top: 50, width: 224, height: 224 };
    expect(pointerToImage(100, 50, rect)).toEqual({ x: 0, y: 0 });
    expect(pointerToImage(212, 162, rect)).toEqual({ x: 14, y: 14 });
    expect(pointerToImage(400, 0, rect)).toEqual({ x: 28, y: 0 });
  });

  it('digitExample scales bytes as the MNIST loader does and checks the label', () => {
    const pixels = new Uint8Array(784);
    pixels[0] = 255;
    pixels[1] = 51;
    const example = digitExample(pixels, 7);
    expect(example.labels).toEqual([7]);
    expect(example.inputs.length).toBe(784);
    expect(example.inputs.slice(0, 3)).toEqual([1, 0.2, 0]);
    expect(() => digitExample(pixels, 10)).toThrow('label must be a digit');
  });
});
