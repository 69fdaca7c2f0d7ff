// Where the network view puts things: the inputs as the digit image (a square of n_0
// pixels) or, for small lesson nets, a column of units; every layer as a column of
// neurons, wrapped into side-by-side sub-columns when it is too tall, so all 64 (or 128)
// hidden units stay visible and large enough to click. Pure geometry in CSS pixels.

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface NeuronPoint extends Point {
  readonly neuron: number;
}

export interface ColumnLayout {
  /** 0-based layer index (the report's layer + 1); −1 for the inputs drawn as units. */
  readonly layer: number;
  readonly points: readonly NeuronPoint[];
  /** Centre x of the column and its extent, for titles. */
  readonly x: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  readonly radius: number;
}

export interface InputImageLayout {
  /** Top-left corner and edge in CSS pixels; `side` pixels per edge (28 for MNIST). */
  readonly x: number;
  readonly y: number;
  readonly size: number;
  readonly side: number;
}

export interface NetworkLayout {
  readonly width: number;
  readonly height: number;
  /** The inputs as an image (square n_0) or as units (otherwise). */
  readonly image: InputImageLayout | null;
  readonly inputs: ColumnLayout | null;
  /** One column per dense layer, l = 0 … L−1. */
  readonly layers: readonly ColumnLayout[];
}

export interface LayoutOptions {
  /** Space above and below the neurons (titles, legends). */
  readonly top: number;
  readonly bottom: number;
  /** Largest radius and smallest gap between neuron centres. */
  readonly maxRadius: number;
  readonly minPitch: number;
  readonly maxPitch: number;
  /** Space right of the last column (the class labels and ŷ). */
  readonly right: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = { top: 28, bottom: 12, maxRadius: 9, minPitch: 17, maxPitch: 30, right: 64 };

/** The image edge for n inputs that form a square (28 for 784), else null. */
export function imageSide(inputs: number): number | null {
  const side = Math.round(Math.sqrt(inputs));
  return side * side === inputs && side > 2 ? side : null;
}

/** A column of n units centred at x: sub-columns of at most `rows` units, filled top to bottom. */
function column(layer: number, n: number, x: number, top: number, usable: number, o: LayoutOptions): ColumnLayout {
  const maxRows = Math.max(1, Math.floor(usable / o.minPitch));
  const columns = Math.ceil(n / maxRows);
  const rows = Math.ceil(n / columns);
  const pitch = Math.min(o.maxPitch, usable / rows);
  const radius = Math.max(2, Math.min(o.maxRadius, pitch * 0.42));
  const height = (rows - 1) * pitch;
  const width = (columns - 1) * pitch;
  const y0 = top + (usable - height) / 2;
  const x0 = x - width / 2;
  const points: NeuronPoint[] = [];
  for (let j = 0; j < n; j++) {
    const c = Math.floor(j / rows);
    const r = j % rows;
    points.push({ neuron: j, x: x0 + c * pitch, y: y0 + r * pitch });
  }
  return { layer, points, x, left: x0 - radius, right: x0 + width + radius, top: y0 - radius, bottom: y0 + height + radius, radius };
}

export function networkLayout(sizes: readonly number[], width: number, height: number, options: LayoutOptions = DEFAULT_LAYOUT): NetworkLayout {
  const L = sizes.length - 1;
  if (L < 1) throw new RangeError('a network needs at least one dense layer');
  const usable = Math.max(40, height - options.top - options.bottom);
  const side = imageSide(sizes[0]);
  // The input image takes a square of at most 55 % of the height and a quarter of the width; the layers share the rest.
  const imageSize = side ? Math.min(usable * 0.55, width * 0.26, side * 7) : 0;
  const left = side ? 8 + imageSize : 24;
  const spanRight = width - options.right;
  const gaps = side ? L : L + 1;
  const step = (spanRight - left) / gaps;
  const image = side ? { x: 8, y: options.top + (usable - imageSize) / 2, size: imageSize, side } : null;
  const inputs = side ? null : column(-1, sizes[0], left, options.top, usable, options);
  const layers: ColumnLayout[] = [];
  for (let l = 0; l < L; l++) {
    layers.push(column(l, sizes[l + 1], left + step * (l + 1), options.top, usable, options));
  }
  return { width, height, image, inputs, layers };
}

/** The centre of input pixel i in the image (row-major). */
export function pixelCentre(image: InputImageLayout, i: number): Point {
  const cell = image.size / image.side;
  return { x: image.x + ((i % image.side) + 0.5) * cell, y: image.y + (Math.floor(i / image.side) + 0.5) * cell };
}

/** Where an edge of layer index `layer` starts: an input pixel, an input unit, or a unit of the layer before. */
export function sourcePoint(layout: NetworkLayout, layer: number, from: number): Point {
  if (layer > 0) return layout.layers[layer - 1].points[from];
  if (layout.image) return pixelCentre(layout.image, from);
  return layout.inputs!.points[from];
}
