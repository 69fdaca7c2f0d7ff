// The .npy reader: dtypes, orders, header versions, and what it refuses — on files written
// here byte by byte as numpy writes them (tests/check/helpers.ts), and on numpy's own files
// in tests/cli/check-your-numpy.test.ts.
import { describe, expect, it } from 'vitest';
import { NpyError, readNpy } from '../../src/check';
import { npy } from './helpers';

describe('readNpy', () => {
  it('reads float64, float32 and int64 in C order', () => {
    expect(readNpy(npy([1.5, -2, 3.25, 0.1], [2, 2]))).toEqual({ shape: [2, 2], values: Float64Array.of(1.5, -2, 3.25, 0.1), dtype: '<f8' });
    expect(Array.from(readNpy(npy([0.1, 2], [2], '<f4')).values)).toEqual([Math.fround(0.1), 2]);
    expect(readNpy(npy([3, -7], [2], '<i8')).values).toEqual(Float64Array.of(3, -7));
    expect(readNpy(npy([4], [])).shape).toEqual([]);
  });

  it('turns Fortran order into row-major', () => {
    // [[1, 2, 3], [4, 5, 6]] stored column by column: 1 4 2 5 3 6
    const array = readNpy(npy([1, 2, 3, 4, 5, 6], [2, 3], '<f8', true));
    expect(array.shape).toEqual([2, 3]);
    expect(Array.from(array.values)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reads a 3-D Fortran array and a version 2.0 header', () => {
    const rank3 = npy([0, 1, 2, 3, 4, 5, 6, 7], [2, 2, 2]);
    // rewrite the header to fortran_order True: data 0..7 column-major means element (i,j,k) = i + 2j + 4k
    const text = new TextDecoder('latin1').decode(rank3.subarray(10, 74)).replace("'fortran_order': False", "'fortran_order': True ");
    rank3.set(new TextEncoder().encode(text), 10);
    const values = Array.from(readNpy(rank3).values);
    expect(values).toEqual([0, 4, 2, 6, 1, 5, 3, 7]);

    const v1 = npy([1, 2], [2]);
    const headerLength = v1[8] | (v1[9] << 8);
    const v2 = new Uint8Array(v1.length + 2);
    v2.set(v1.subarray(0, 8));
    v2[6] = 2;
    new DataView(v2.buffer).setUint32(8, headerLength, true);
    v2.set(v1.subarray(10), 12);
    expect(Array.from(readNpy(v2).values)).toEqual([1, 2]);
  });

  it('refuses what it cannot read, saying why', () => {
    const refuse = (bytes: Uint8Array) => {
      try {
        readNpy(bytes);
      } catch (error) {
        expect(error).toBeInstanceOf(NpyError);
        return (error as Error).message;
      }
      throw new Error('read');
    };
    expect(refuse(npy([1], [1], '>f8'))).toBe('has dtype big-endian ">f8"; save it as float64 (or float32, or integers) little-endian, e.g. arr.astype(np.float64)');
    expect(refuse(npy([1], [1], '<f2'))).toMatch(/^has dtype float16;/);
    expect(refuse(npy([1], [1], '|b1'))).toMatch(/^has dtype bool;/);
    expect(refuse(new TextEncoder().encode('{"loss": 1}'))).toBe('is not an .npy array (no \\x93NUMPY magic)');
    const three = npy([1, 2, 3], [3]);
    expect(refuse(three.subarray(0, three.length - 8))).toBe('is cut short: 3 values of 8 bytes expected, 16 bytes found');
    expect(refuse(three.subarray(0, 40))).toBe('is cut short (its header runs past the end)');
    expect(refuse(npy([2 ** 53 + 2], [1], '<i8'))).toBe('holds the integer 9007199254740994, beyond what a double represents exactly');
    const object = npy([0], [1]);
    object.set(new TextEncoder().encode("{'descr': '|O'"), 10);
    expect(refuse(object)).toMatch(/^has dtype object \(pickled\);/);
  });
});
