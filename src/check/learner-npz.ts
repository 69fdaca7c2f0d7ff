// A learner's trace as an .npz written by numpy's np.savez (or np.savez_compressed): a zip
// of .npy arrays, read with fflate. The array names (docs/formats.md, "npz"), with layers
// numbered l = 1 … L as in the report:
//   loss, loss_per_example, output,
//   z{l}, a{l}, fprime{l} (hidden layers only), delta{l}, gradW{l}, gradb{l},
//   W{l}_after, b{l}_after, and with momentum vW{l}_after, vb{l}_after (the velocity after).
// Bad input is an error naming the array: an unknown or misspelt name (with the name
// probably meant), a layer the model does not have, an unreadable dtype, or an npz with
// none of these arrays. Shapes are checked against the model by the comparison.

import { unzipSync } from 'fflate';
import { fileBudgetProblem } from '../engine/budgets';
import { FormatError } from '../engine/io';
import type { GivenArray, LearnerTrace } from './learner-trace';
import { NpyError, readNpy } from './npy';
import type { LayerShape } from './quantities';
import { plural } from '../format';

/** The documented name of each kind, with {l} for the 1-based layer. */
const LAYER_NAMES: readonly { pattern: RegExp; quantity: (l: number) => string; name: string }[] = [
  { pattern: /^z(\d+)$/, quantity: (l) => `layers[${l}].z`, name: 'z{l}' },
  { pattern: /^a(\d+)$/, quantity: (l) => `layers[${l}].a`, name: 'a{l}' },
  { pattern: /^fprime(\d+)$/, quantity: (l) => `layers[${l}].fprime`, name: 'fprime{l}' },
  { pattern: /^delta(\d+)$/, quantity: (l) => `layers[${l}].delta`, name: 'delta{l}' },
  { pattern: /^gradW(\d+)$/, quantity: (l) => `layers[${l}].gradW`, name: 'gradW{l}' },
  { pattern: /^gradb(\d+)$/, quantity: (l) => `layers[${l}].gradB`, name: 'gradb{l}' },
  { pattern: /^W(\d+)_after$/, quantity: (l) => `after.layers[${l}].weights`, name: 'W{l}_after' },
  { pattern: /^b(\d+)_after$/, quantity: (l) => `after.layers[${l}].biases`, name: 'b{l}_after' },
  { pattern: /^vW(\d+)_after$/, quantity: (l) => `velocityAfter.weights[${l}]`, name: 'vW{l}_after' },
  { pattern: /^vb(\d+)_after$/, quantity: (l) => `velocityAfter.biases[${l}]`, name: 'vb{l}_after' },
];

const PLAIN_NAMES: Readonly<Record<string, string>> = { loss: 'loss', loss_per_example: 'lossPerExample', output: 'output' };

/** Every documented npz name for a network of L layers (for messages and docs). */
export function npzNames(L: number): string[] {
  const names = Object.keys(PLAIN_NAMES);
  for (const { name } of LAYER_NAMES) for (let l = 1; l <= L; l++) if (!(name === 'fprime{l}' && l === L)) names.push(name.replace('{l}', String(l)));
  return names;
}

/** Names learners often write, and the documented name they mean. */
const COMMON_MISNAMES: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/^(?:dW|dw|grad_W|grad_w|gradw|dCdW|grad_weights)(\d+)$/, (m) => `gradW${m[1]}`],
  [/^(?:db|grad_b|gradB|dCdb|grad_biases)(\d+)$/, (m) => `gradb${m[1]}`],
  [/^(?:d|dz|dZ|deltas?_?|delta_)(\d+)$/, (m) => `delta${m[1]}`],
  [/^(?:Z|z_)(\d+)$/, (m) => `z${m[1]}`],
  [/^(?:A|a_)(\d+)$/, (m) => `a${m[1]}`],
  [/^(?:fp|f_prime|fprime_|dadz|df)(\d+)$/, (m) => `fprime${m[1]}`],
  [/^(?:w|W)(\d+)(?:_new|new|_updated|_next)?$/, (m) => `W${m[1]}_after`],
  [/^(?:b|B)(\d+)(?:_new|new|_updated|_next)?$/, (m) => `b${m[1]}_after`],
  [/^(?:w)(\d+)_after$/, (m) => `W${m[1]}_after`],
  [/^(?:B)(\d+)_after$/, (m) => `b${m[1]}_after`],
  [/^(?:v_?W|vw|v_w)(\d+)(?:_after)?$/, (m) => `vW${m[1]}_after`],
  [/^(?:v_?b|vB|v_B)(\d+)(?:_after)?$/, (m) => `vb${m[1]}_after`],
  [/^(?:cost|C|J|Loss|mean_loss)$/, () => 'loss'],
  [/^(?:y_hat|yhat|probs|probabilities|softmax|y_pred|out|Output)$/, () => 'output'],
  [/^(?:losses|loss_per_sample|per_example_loss)$/, () => 'loss_per_example'],
];

function misnamed(name: string, L: number): string | null {
  for (const [pattern, meant] of COMMON_MISNAMES) {
    const m = pattern.exec(name);
    if (m) return meant(m);
  }
  const lower = name.toLowerCase();
  return npzNames(L).find((n) => n.toLowerCase() === lower) ?? null;
}

/** What is wrong with an array name that is not documented, in a few words. */
function unknownName(name: string, L: number): string {
  if (/^arr_\d+$/.test(name)) return 'an array saved without a name: write np.savez(path, gradW1=…, …) with the documented names';
  const meant = misnamed(name, L);
  if (meant !== null) {
    const hint = /^W\d+_after$/.test(meant) && /^[wW]\d+$/.test(name) ? ' (the weights before the step come from --model)' : '';
    return `not a documented name: did you mean ${meant}?${hint}`;
  }
  return `not a documented name (expected ${npzNames(L).slice(0, 3).join(', ')}, z1, delta1, gradW1, gradb1, W1_after, … — docs/formats.md)`;
}

/** An array name → its quantity, or an error naming the array. */
function quantityOf(name: string, L: number, source: string): string {
  if (name in PLAIN_NAMES) return PLAIN_NAMES[name];
  for (const { pattern, quantity, name: template } of LAYER_NAMES) {
    const m = pattern.exec(name);
    if (!m) continue;
    const l = Number(m[1]);
    if (l === 0) {
      const why = template === 'a{l}' ? '; a0, the inputs, come from --batch' : '';
      throw new FormatError(source, name, `layers are numbered from 1 in npz names (${template.replace('{l}', '1')} … ${template.replace('{l}', String(L))})${why}`);
    }
    if (l > L) throw new FormatError(source, name, `the model has ${plural(L, 'layer')} (${template.replace('{l}', '1')} … ${template.replace('{l}', String(L))})`);
    if (template === 'fprime{l}' && l === L) throw new FormatError(source, name, "the softmax layer has no f'(z) (its δ comes from the loss): leave it out");
    return quantity(l - 1);
  }
  throw new FormatError(source, name, unknownName(name, L));
}

/** Is this file a zip (an npz) rather than JSON? */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05) && (bytes[3] === 0x04 || bytes[3] === 0x06);
}

/**
 * Before anything is inflated, from the zip's directory: two arrays of one name (the zip
 * keeps both, unzipping keeps the last, as JSON parsers do with duplicate keys) and a total
 * unpacked size over the read budget (a small npz may unpack to gigabytes) are refused.
 */
function checkEntries(bytes: Uint8Array, source: string): void {
  const seen = new Set<string>();
  let unpacked = 0;
  unzipSync(bytes, {
    filter: (entry) => {
      if (seen.has(entry.name)) throw new FormatError(source, entry.name.replace(/\.npy$/, ''), `the archive holds two entries named ${JSON.stringify(entry.name)}`);
      seen.add(entry.name);
      unpacked += entry.originalSize;
      return false;
    },
  });
  const problem = fileBudgetProblem(unpacked, 'its arrays unpack to');
  if (problem) throw new FormatError(source, '', problem);
}

/** The bytes of an .npz → the learner's arrays. Throws FormatError naming the file and array. */
export function readLearnerNpz(bytes: Uint8Array, shape: LayerShape, source: string): LearnerTrace {
  const L = shape.sizes.length - 1;
  let files: Record<string, Uint8Array>;
  try {
    checkEntries(bytes, source);
    files = unzipSync(bytes);
  } catch (error) {
    if (error instanceof FormatError) throw error;
    throw new FormatError(source, '', `not a readable .npz (zip): ${(error as Error).message}`);
  }
  const arrays = new Map<string, GivenArray>();
  for (const [fileName, content] of Object.entries(files)) {
    if (fileName.endsWith('/')) continue; // a folder entry
    if (!fileName.endsWith('.npy')) throw new FormatError(source, fileName, 'not an .npy array (np.savez writes only NAME.npy entries)');
    const name = fileName.slice(0, -'.npy'.length);
    const quantity = quantityOf(name, L, source);
    let array;
    try {
      array = readNpy(content);
    } catch (error) {
      if (error instanceof NpyError) throw new FormatError(source, name, error.message);
      throw error;
    }
    arrays.set(quantity, { label: name, shape: array.shape, values: array.values });
  }
  if (arrays.size === 0) throw new FormatError(source, '', `holds no arrays (expected names such as ${npzNames(L).slice(0, 6).join(', ')}, … — docs/formats.md)`);
  return { source, format: 'npz', arrays, settings: {} };
}
