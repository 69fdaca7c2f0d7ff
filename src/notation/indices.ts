// How deltascope counts — the one index convention of every screen, lesson, CLI message and
// doc. People count positions from 1: the first epoch, batch, example, layer, input pixel and
// hidden unit (and image of a data set) is number 1. An output unit is named by its digit class, 0 … 9, which is also
// its index. Inside, every array is 0-based (the engine's indices, the JSON files' arrays):
// label n is array index n − 1, class c is array index c.
//
// The words of the rule live here too (COUNTING_RULE), so the help overlay and docs/formats.md
// say exactly what the code does. The symbols (x, a, w, δ and their TeX) are notation's; this
// file only says which number goes under them.

/** Everything deltascope counts, and the number its first one is called. */
export const POSITIONS = {
  epoch: { noun: 'epoch', plural: 'epochs', first: 1 },
  batch: { noun: 'batch', plural: 'batches', first: 1 },
  example: { noun: 'example', plural: 'examples', first: 1 },
  /** An image of a data set (the training set's image 1 is the file's first). */
  image: { noun: 'image', plural: 'images', first: 1 },
  layer: { noun: 'layer', plural: 'layers', first: 1 },
  /** An input of the first layer: on MNIST a pixel, numbered row by row. */
  input: { noun: 'input', plural: 'inputs', first: 1 },
  /** A unit of a hidden layer. */
  unit: { noun: 'unit', plural: 'units', first: 1 },
  /** A unit of the output layer: its class (the digit it stands for). */
  class: { noun: 'class', plural: 'classes', first: 0 },
} as const;

export type Position = keyof typeof POSITIONS;

/** The rule in one sentence, as the help overlay and docs/formats.md state it. */
export const COUNTING_RULE =
  'Epochs, batches, examples of a batch, images of a data set, layers, inputs (pixels) and hidden units are counted from 1; ' +
  'an output unit is named by its digit class, 0 … 9.';

/** How a label maps to the 0-based arrays of the files, in one sentence. */
export const ARRAY_RULE = 'The JSON arrays are 0-based: label n is array index n − 1, and output class c is array index c.';

/** The number people read for 0-based `index` of `what`: 0 → 1 (0 for a class). */
export function labelOf(what: Position, index: number): number {
  return index + POSITIONS[what].first;
}

/** The 0-based index of the number people read: labelOf's inverse. */
export function indexOf(what: Position, label: number): number {
  return label - POSITIONS[what].first;
}

export const epochLabel = (index: number): number => labelOf('epoch', index);
export const batchLabel = (index: number): number => labelOf('batch', index);
export const exampleLabel = (index: number): number => labelOf('example', index);
export const layerLabel = (index: number): number => labelOf('layer', index);
/** Input i of the first layer (a pixel on MNIST), from 1. */
export const pixelLabel = (index: number): number => labelOf('input', index);

/** What a unit of layer `layer` (0-based, of `layers` weight layers) is counted as: its class on the output layer. */
export function unitPosition(layer: number, layers: number): 'unit' | 'class' {
  return layer === layers - 1 ? 'class' : 'unit';
}

/** The number of unit `index` of layer `layer` (of `layers`): its class on the output layer, else from 1. */
export function unitLabel(index: number, layer: number, layers: number): number {
  return labelOf(unitPosition(layer, layers), index);
}

/**
 * The number of column `index` of layer `layer`'s W — what the unit reads: an input pixel for
 * the first layer, a hidden unit of the layer before for the others (never a class).
 */
export function sourceLabel(index: number, layer: number): number {
  return labelOf(layer === 0 ? 'input' : 'unit', index);
}

/** "1 … 784", "0 … 9": the labels of `count` things of `what`. */
export function labelRange(what: Position, count: number, write: WriteLabel = String): string {
  return `${write(labelOf(what, 0))} … ${write(labelOf(what, count - 1))}`;
}

/** How a caller writes the labels of a message (notation may not import src/format: the CLI passes `grouped`). */
export type WriteLabel = (label: number) => string;

/** A label read back into an index, or what is wrong with it (named in the reader's own count). */
export type ReadLabel = { readonly index: number } | { readonly problem: string };

/**
 * Reads a number typed by a person (a CLI flag, a form field) as a label of `what`: a whole
 * number from the first label on, and below `count` things when `count` is given. A 0 where
 * counting starts at 1 is refused with a message that says so, never silently taken as the first.
 */
export function readLabel(what: Position, text: string | number, count?: number, write: WriteLabel = String): ReadLabel {
  const { noun, first } = POSITIONS[what];
  const written = typeof text === 'number' ? String(text) : text.trim();
  const label = Number(written);
  if (written === '' || !Number.isInteger(label)) return { problem: `${noun} "${written}" is not a whole number` };
  if (label < first || (count !== undefined && label > labelOf(what, count - 1))) return { problem: outsideText(what, label, count, undefined, write) };
  return { index: indexOf(what, label) };
}

/**
 * A label that names nothing: "example 0 is outside the examples 1 … 100 (examples are counted
 * from 1)"; without a count, the rule alone: "there is no image 0: images are counted from 1".
 */
function outsideText(what: Position, label: number, count?: number, of?: string, write: WriteLabel = String): string {
  const { noun, plural, first } = POSITIONS[what];
  const why = label < first && first === 1 ? `${plural} are counted from 1` : '';
  if (count === undefined && why) return `there is no ${noun} ${write(label)}: ${why}`;
  const range = count === undefined ? `from ${write(first)}` : labelRange(what, count, write);
  return `${noun} ${write(label)} is outside the ${plural} ${range}${of ? ` of ${of}` : ''}${why ? ` (${why})` : ''}`;
}

/**
 * What is wrong with 0-based `index` of `count` things of `what` (no upper bound without `count`), named as people count them
 * ("class 10 is outside the classes 0 … 9"; `of` adds what they belong to: "… of layer 1"), or
 * null when it names one of them.
 */
export function indexProblem(what: Position, index: number, count?: number, of?: string, write: WriteLabel = String): string | null {
  if (!Number.isInteger(index)) return `${POSITIONS[what].noun} ${index} is not a whole number`;
  return index >= 0 && (count === undefined || index < count) ? null : outsideText(what, labelOf(what, index), count, of, write);
}

/** What is wrong with unit `index` (0-based) of layer `layer` of a net of `sizes`, as people count it, or null. */
export function unitProblem(index: number, layer: number, sizes: readonly number[], write: WriteLabel = String): string | null {
  const layers = sizes.length - 1;
  const position = unitPosition(layer, layers);
  return indexProblem('layer', layer, layers) ?? indexProblem(position, index, sizes[layer + 1], position === 'unit' ? `layer ${layerLabel(layer)}` : undefined, write);
}

/** What is wrong with column `index` (0-based) of layer `layer`'s W — an input, or a unit of the layer below — or null. */
export function sourceProblem(index: number, layer: number, sizes: readonly number[], write: WriteLabel = String): string | null {
  return indexProblem(layer === 0 ? 'input' : 'unit', index, sizes[layer], layer > 0 ? `layer ${layerLabel(layer - 1)}` : undefined, write);
}

/** "unit 6 of layer 1", "class 3": a unit named in words, as every screen names it. */
export function unitText(index: number, layer: number, layers: number): string {
  return unitPosition(layer, layers) === 'class' ? `class ${index}` : `unit ${labelOf('unit', index)} of layer ${layerLabel(layer)}`;
}

/** "row 15, column 15": where input `index` (0-based, row by row) lies in a side × side image, counted from 1. */
export function pixelPlace(index: number, side: number): string {
  return `row ${Math.floor(index / side) + 1}, column ${(index % side) + 1}`;
}
