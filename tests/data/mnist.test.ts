import { beforeAll, describe, expect, it } from 'vitest';
import {
  IMAGE_COLS,
  IMAGE_PIXELS,
  IMAGE_ROWS,
  SPLIT_PRESETS,
  imageAt,
  splitTraining,
  validateSplit,
  type MnistData,
} from '../../src/data/mnist';
import { loadMnistFromPackage } from '../../src/data/node';

let data: MnistData;
beforeAll(() => {
  data = loadMnistFromPackage();
});

describe('geometry', () => {
  it('is 28×28 = 784', () => {
    expect([IMAGE_ROWS, IMAGE_COLS, IMAGE_PIXELS]).toEqual([28, 28, 784]);
  });

  it('imageAt returns the 784 bytes of image i as a view', () => {
    const image = imageAt(data.train, 2);
    expect(image.length).toBe(784);
    expect(image.buffer).toBe(data.train.images.buffer);
    expect(image.byteOffset).toBe(data.train.images.byteOffset + 2 * 784);
    expect(image[5 * 28 + 10]).toBe(data.train.images[2 * 784 + 5 * 28 + 10]);
    // Image 0 (a 5) has ink: its pixel sum is 27,525.
    expect(imageAt(data.train, 0).reduce((sum, p) => sum + p, 0)).toBe(27525);
    expect(() => imageAt(data.train, 60_000)).toThrow(RangeError);
    expect(() => imageAt(data.test, -1)).toThrow(/image -1 is outside a set of 10000/);
  });
});

describe('train/validation splits', () => {
  it('report preset: first 50,000 → 45,000 train [0, 45000) and 5,000 validation [45000, 50000)', () => {
    const split = splitTraining(data, 'report');
    expect(split.train.count).toBe(45_000);
    expect(split.validation.count).toBe(5_000);
    expect(split.train.labels.byteOffset).toBe(data.train.labels.byteOffset);
    expect(split.validation.labels.byteOffset).toBe(data.train.labels.byteOffset + 45_000);
    expect(split.validation.images.byteOffset).toBe(data.train.images.byteOffset + 45_000 * 784);
    expect(split.validation.images.length).toBe(5_000 * 784);
    // Views, not copies: same memory, and the validation set ends at image 49,999.
    expect(split.train.images.buffer).toBe(data.train.images.buffer);
    expect(split.validation.labels[4_999]).toBe(data.train.labels[49_999]);
    expect(imageAt(split.validation, 0)).toEqual(imageAt(data.train, 45_000));
  });

  it('default preset: all 60,000 → 54,000 / 6,000', () => {
    const split = splitTraining(data, 'default');
    expect(split.train.count).toBe(54_000);
    expect(split.validation.count).toBe(6_000);
    expect(split.validation.labels.byteOffset - data.train.labels.byteOffset).toBe(54_000);
    expect(split.validation.labels[5_999]).toBe(data.train.labels[59_999]);
    expect(split.train.images.length + split.validation.images.length).toBe(data.train.images.length);
  });

  it('takes custom configs and presets match the table', () => {
    expect(SPLIT_PRESETS.report).toEqual({ pool: 50_000, validation: 5_000 });
    expect(SPLIT_PRESETS.default).toEqual({ pool: 60_000, validation: 6_000 });
    const split = splitTraining(data, { pool: 1_000, validation: 0 });
    expect(split.train.count).toBe(1_000);
    expect(split.validation.count).toBe(0);
  });

  it('rejects impossible configs with clear errors', () => {
    expect(() => validateSplit({ pool: 70_000, validation: 100 })).toThrow(
      'split: pool of 70000 images exceeds the 60000 training images available',
    );
    expect(() => validateSplit({ pool: 0, validation: 0 })).toThrow(/pool must be a positive whole number/);
    expect(() => validateSplit({ pool: 100.5, validation: 0 })).toThrow(/pool must be a positive whole number of images, got 100.5/);
    expect(() => validateSplit({ pool: 100, validation: -1 })).toThrow(/validation must be a whole number of images ≥ 0, got -1/);
    expect(() => validateSplit({ pool: 100, validation: 100 })).toThrow(
      'split: validation (100) must be smaller than the pool (100) so training keeps an image',
    );
    expect(() => splitTraining(data, 'nope' as 'report')).toThrow(/unknown preset "nope"/);
    expect(() => validateSplit({ pool: 50_000, validation: 5_000 })).not.toThrow();
  });
});
