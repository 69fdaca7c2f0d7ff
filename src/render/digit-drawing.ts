// A hand-drawn digit → the 28×28 bytes the network reads, the way MNIST made its images:
// soft (anti-aliased) strokes of about two pixels, then optionally scaled so the digit
// fits a 20×20 box and shifted so its centre of mass sits at the centre of the field.
// Pure: strokes in, bytes out; the drawing pad (DrawDigit.canvas.svelte) only collects points.
//
// Coordinates are image pixels, continuous: pixel (row r, col c) covers [c, c+1) × [r, r+1),
// its centre is (c + ½, r + ½), the field's centre is (14, 14).

export const DIGIT_SIDE = 28;
/** MNIST size-normalised each digit into a 20×20 box inside the 28×28 field. */
export const MNIST_BOX = 20;

export interface Point {
  readonly x: number;
  readonly y: number;
}
export type Stroke = readonly Point[];

/**
 * A round brush with a soft edge: full ink within radius − softness/2 of the pen's path,
 * fading linearly to none at radius + softness/2.
 */
export interface Brush {
  readonly radius: number;
  readonly softness: number;
}

/** Strokes about as thick as MNIST's: two to three pixels of ink with a grey rim. */
export const MNIST_BRUSH: Brush = { radius: 1.25, softness: 1.1 };

export type Normalise = 'none' | 'centre' | 'mnist';

function checkBrush(brush: Brush): void {
  if (!(brush.radius > 0 && brush.softness >= 0 && Number.isFinite(brush.radius) && Number.isFinite(brush.softness))) {
    throw new RangeError(`invalid brush: radius ${brush.radius}, softness ${brush.softness}`);
  }
}

/** Ink at distance d from the pen's path, in [0, 1]. */
export function brushInk(brush: Brush, d: number): number {
  const outer = brush.radius + brush.softness / 2;
  if (d >= outer) return 0;
  const inner = brush.radius - brush.softness / 2;
  if (d <= inner) return 1;
  return (outer - d) / brush.softness;
}

/** Distance from (px, py) to the segment a–b (to a when a = b). */
function segmentDistance(px: number, py: number, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length2 = dx * dx + dy * dy;
  let t = length2 === 0 ? 0 : ((px - a.x) * dx + (py - a.y) * dy) / length2;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  return Math.hypot(px - (a.x + t * dx), py - (a.y + t * dy));
}

/** Add the segment a–b to `ink` (side × side, values in [0, 1]); overlapping ink takes the maximum, as a pen does. */
export function stampSegment(ink: Float32Array, a: Point, b: Point, brush: Brush = MNIST_BRUSH, side = DIGIT_SIDE): void {
  checkBrush(brush);
  const reach = brush.radius + brush.softness / 2;
  const c0 = Math.max(0, Math.floor(Math.min(a.x, b.x) - reach));
  const c1 = Math.min(side - 1, Math.ceil(Math.max(a.x, b.x) + reach));
  const r0 = Math.max(0, Math.floor(Math.min(a.y, b.y) - reach));
  const r1 = Math.min(side - 1, Math.ceil(Math.max(a.y, b.y) + reach));
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const value = brushInk(brush, segmentDistance(c + 0.5, r + 0.5, a, b));
      const i = r * side + c;
      if (value > ink[i]) ink[i] = value;
    }
  }
}

/** Add one stroke: its segments, or a dot for a single point. */
export function stampStroke(ink: Float32Array, stroke: Stroke, brush: Brush = MNIST_BRUSH, side = DIGIT_SIDE): void {
  if (stroke.length === 1) stampSegment(ink, stroke[0], stroke[0], brush, side);
  for (let i = 1; i < stroke.length; i++) stampSegment(ink, stroke[i - 1], stroke[i], brush, side);
}

/** Ink in [0, 1] of all strokes on a blank side × side field. */
export function drawStrokes(strokes: readonly Stroke[], brush: Brush = MNIST_BRUSH, side = DIGIT_SIDE): Float32Array {
  const ink = new Float32Array(side * side);
  for (const stroke of strokes) stampStroke(ink, stroke, brush, side);
  return ink;
}

/** Ink → bytes 0 … 255 (MNIST's pixel values), rounded. */
export function inkToBytes(ink: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(ink.length);
  for (let i = 0; i < ink.length; i++) bytes[i] = Math.round(255 * Math.min(1, Math.max(0, ink[i])));
  return bytes;
}

/** The ink-weighted mean position (pixel centres), or null on a blank field. */
export function centreOfMass(ink: ArrayLike<number>, side = DIGIT_SIDE): Point | null {
  let total = 0;
  let sx = 0;
  let sy = 0;
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const v = ink[r * side + c];
      total += v;
      sx += v * (c + 0.5);
      sy += v * (r + 0.5);
    }
  }
  return total > 0 ? { x: sx / total, y: sy / total } : null;
}

function mapStrokes(strokes: readonly Stroke[], f: (p: Point) => Point): Stroke[] {
  return strokes.map((stroke) => stroke.map(f));
}

/** Bounding box of the pen's path (not of its ink), or null without points. */
export function strokeBounds(strokes: readonly Stroke[]): { x0: number; y0: number; x1: number; y1: number } | null {
  const points = strokes.flat();
  if (points.length === 0) return null;
  return {
    x0: Math.min(...points.map((p) => p.x)),
    y0: Math.min(...points.map((p) => p.y)),
    x1: Math.max(...points.map((p) => p.x)),
    y1: Math.max(...points.map((p) => p.y)),
  };
}

/** The strokes shifted so their ink's centre of mass lands on the field's centre (14, 14). */
export function centreStrokes(strokes: readonly Stroke[], brush: Brush = MNIST_BRUSH, side = DIGIT_SIDE): Stroke[] {
  const centre = centreOfMass(drawStrokes(strokes, brush, side), side);
  if (!centre) return mapStrokes(strokes, (p) => p);
  const dx = side / 2 - centre.x;
  const dy = side / 2 - centre.y;
  return mapStrokes(strokes, (p) => ({ x: p.x + dx, y: p.y + dy }));
}

/**
 * The strokes scaled about their centre so the ink fits MNIST's 20×20 box (the pen's path
 * spans 20 − 2·radius along its longer side; the brush keeps its width), then centred by mass.
 */
export function mnistStrokes(strokes: readonly Stroke[], brush: Brush = MNIST_BRUSH, side = DIGIT_SIDE): Stroke[] {
  const bounds = strokeBounds(strokes);
  if (!bounds) return [];
  const span = Math.max(bounds.x1 - bounds.x0, bounds.y1 - bounds.y0);
  const target = (MNIST_BOX * side) / DIGIT_SIDE - 2 * brush.radius;
  // A dot or a tiny scribble is not blown up into a blob: at most 4× larger.
  const scale = span > 0 ? Math.min(4, target / span) : 1;
  const cx = (bounds.x0 + bounds.x1) / 2;
  const cy = (bounds.y0 + bounds.y1) / 2;
  const scaled = mapStrokes(strokes, (p) => ({ x: cx + (p.x - cx) * scale, y: cy + (p.y - cy) * scale }));
  return centreStrokes(scaled, brush, side);
}

/** The bytes the network reads for these strokes (side × side, row-major, 0 … 255). */
export function digitBytes(strokes: readonly Stroke[], normalise: Normalise = 'mnist', brush: Brush = MNIST_BRUSH, side = DIGIT_SIDE): Uint8Array {
  const placed = normalise === 'mnist' ? mnistStrokes(strokes, brush, side) : normalise === 'centre' ? centreStrokes(strokes, brush, side) : strokes;
  return inkToBytes(drawStrokes(placed, brush, side));
}

/** A pointer position on an element showing the field → image pixel coordinates (clamped to the field). */
export function pointerToImage(clientX: number, clientY: number, rect: { left: number; top: number; width: number; height: number }, side = DIGIT_SIDE): Point {
  const clamp = (v: number) => Math.min(side, Math.max(0, v));
  return { x: clamp(((clientX - rect.left) / rect.width) * side), y: clamp(((clientY - rect.top) / rect.height) * side) };
}

/**
 * One example for the debugger's custom batch (`batch.choose` with kind 'custom'):
 * inputs x = pixel / 255, as the MNIST loader scales them (src/engine/dataset.ts).
 */
export function digitExample(pixels: Uint8Array, label: number): { inputs: number[]; labels: number[] } {
  if (!Number.isInteger(label) || label < 0 || label > 9) throw new RangeError(`label must be a digit 0 … 9, got ${label}`);
  return { inputs: Array.from(pixels, (p) => p / 255), labels: [label] };
}
