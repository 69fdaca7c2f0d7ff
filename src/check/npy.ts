// Reading numpy's .npy arrays (format versions 1.0, 2.0 and 3.0), as np.save and
// np.savez write them: a magic string, a Python-literal header
// {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), } and the raw data.
// Supported dtypes: little-endian float64/float32 and signed/unsigned integers
// (1, 2, 4, 8 bytes; 8-byte integers must be exact as doubles, |v| ≤ 2^53). Refused, with a
// message naming the array: big-endian, float16, complex, bool, strings, objects
// (pickles), structured dtypes. Fortran-ordered arrays are turned into C (row-major) order.
// No Node APIs: the page reads dropped files with the same code.

/** A numeric array as the check reads it: row-major float64 values and numpy's shape. */
export interface NumericArray {
  readonly shape: readonly number[];
  readonly values: Float64Array;
  /** numpy's dtype string, e.g. "<f8". */
  readonly dtype: string;
}

/** Thrown for an array that cannot be read; the caller adds the file and array name. */
export class NpyError extends Error {
  override name = 'NpyError';
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

type Reader = (view: DataView, offset: number) => number;

const READERS: Record<string, { size: number; read: Reader }> = {
  f8: { size: 8, read: (v, o) => v.getFloat64(o, true) },
  f4: { size: 4, read: (v, o) => v.getFloat32(o, true) },
  i1: { size: 1, read: (v, o) => v.getInt8(o) },
  u1: { size: 1, read: (v, o) => v.getUint8(o) },
  i2: { size: 2, read: (v, o) => v.getInt16(o, true) },
  u2: { size: 2, read: (v, o) => v.getUint16(o, true) },
  i4: { size: 4, read: (v, o) => v.getInt32(o, true) },
  u4: { size: 4, read: (v, o) => v.getUint32(o, true) },
  i8: { size: 8, read: (v, o) => exactInteger(v.getBigInt64(o, true)) },
  u8: { size: 8, read: (v, o) => exactInteger(v.getBigUint64(o, true)) },
};

function exactInteger(value: bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new NpyError(`holds the integer ${value}, beyond what a double represents exactly`);
  return n;
}

/** What a dtype is called in an error: numpy's own names. */
function dtypeName(descr: string): string {
  const names: Record<string, string> = { f2: 'float16', c8: 'complex64', c16: 'complex128', b1: 'bool', O: 'object (pickled)' };
  const code = descr.replace(/^[<>|=]/, '');
  return names[code] ?? (code.startsWith('U') || code.startsWith('S') ? 'string' : `"${descr}"`);
}

function parseHeader(text: string): { descr: string; fortranOrder: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined) {
    if (/'descr'\s*:\s*\[/.test(text)) throw new NpyError('has a structured dtype (named fields); save one plain numeric array per name');
    throw new NpyError('has no readable header (not an .npy array?)');
  }
  if (fortran === undefined || shapeText === undefined) throw new NpyError('has no readable header (not an .npy array?)');
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new NpyError(`has an unreadable shape (${shapeText})`);
  return { descr, fortranOrder: fortran === 'True', shape };
}

/** Reads one .npy file's bytes. Throws NpyError saying what is wrong. */
export function readNpy(bytes: Uint8Array): NumericArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new NpyError('is not an .npy array (no \\x93NUMPY magic)');
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLength: number;
  let headerStart: number;
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    headerLength = view.getUint32(8, true);
    headerStart = 12;
  } else {
    throw new NpyError(`uses .npy format version ${major}, which is not supported (1, 2 or 3)`);
  }
  if (headerStart + headerLength > bytes.length) throw new NpyError('is cut short (its header runs past the end)');
  const header = parseHeader(new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, headerStart + headerLength)));
  const { descr, fortranOrder, shape } = header;
  const order = descr[0];
  const code = descr.slice(1);
  const reader = READERS[code];
  if (!reader || (order !== '<' && order !== '|' && order !== '=') || (order === '|' && reader.size !== 1)) {
    const why = order === '>' && reader ? 'big-endian ' : '';
    throw new NpyError(`has dtype ${why}${dtypeName(descr)}; save it as float64 (or float32, or integers) little-endian, e.g. arr.astype(np.float64)`);
  }
  const count = shape.reduce((n, d) => n * d, 1);
  const dataStart = headerStart + headerLength;
  if (dataStart + count * reader.size > bytes.length) {
    throw new NpyError(`is cut short: ${count} values of ${reader.size} bytes expected, ${bytes.length - dataStart} bytes found`);
  }
  const raw = new Float64Array(count);
  for (let i = 0; i < count; i++) raw[i] = reader.read(view, dataStart + i * reader.size);
  return { shape, values: fortranOrder && shape.length > 1 ? fortranToC(raw, shape) : raw, dtype: descr };
}

/** Column-major (first index fastest) → row-major (last index fastest), any rank. */
function fortranToC(values: Float64Array, shape: readonly number[]): Float64Array {
  const rank = shape.length;
  const out = new Float64Array(values.length);
  const index = new Array<number>(rank).fill(0);
  // Strides of the Fortran layout.
  const fStride = new Array<number>(rank);
  let s = 1;
  for (let d = 0; d < rank; d++) {
    fStride[d] = s;
    s *= shape[d];
  }
  for (let c = 0; c < values.length; c++) {
    let f = 0;
    for (let d = 0; d < rank; d++) f += index[d] * fStride[d];
    out[c] = values[f];
    for (let d = rank - 1; d >= 0; d--) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
  return out;
}
