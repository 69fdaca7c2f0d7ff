// Reading and writing the CLI's files, with errors that name the file (exit code 2): a file
// over the read budget is refused before it is read, and an output path is tried before the
// work that fills it starts — a training run must not end in "cannot write".

import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileBudgetProblem } from '../engine/budgets';
import { InputError, type CliIo } from './args';

const FS_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  ENOTDIR: 'a parent is not a directory',
  EROFS: 'the file system is read-only',
  ENAMETOOLONG: 'the name is too long',
  ENOSPC: 'no space left on the device',
};

const problemOf = (error: unknown) => FS_PROBLEMS[(error as { code?: string }).code ?? ''] ?? String((error as Error).message);

/** The file's size, checked against the read budget before anything is read. */
function checkReadable(path: string): void {
  let bytes: number;
  try {
    bytes = statSync(path).size;
  } catch (error) {
    throw new InputError(`${path}: cannot read: ${problemOf(error)}`);
  }
  const problem = fileBudgetProblem(bytes);
  if (problem) throw new InputError(`${path}: ${problem}`);
}

/** A text file's contents, or an InputError "path: cannot read: no such file". */
export function readTextFile(path: string): string {
  checkReadable(path);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`${path}: cannot read: ${problemOf(error)}`);
  }
}

/** A binary file's bytes (an npz), with the same checks and errors as readTextFile. */
export function readBinaryFile(path: string): Uint8Array {
  checkReadable(path);
  try {
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    throw new InputError(`${path}: cannot read: ${problemOf(error)}`);
  }
}

/**
 * Fails before any work when `path` cannot be written: its folder is missing, it is a folder,
 * or opening it for writing fails (permissions, a read-only disk, a name too long). The test
 * opens the file for appending, which leaves an existing file as it was, and removes a file
 * it created.
 */
export function checkWritable(path: string, flag: string): void {
  const folder = dirname(resolve(path));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new InputError(`${flag} ${path}: the folder ${dirname(path)} does not exist`);
  const existed = existsSync(path);
  if (existed && statSync(path).isDirectory()) throw new InputError(`${flag} ${path}: is a directory`);
  try {
    closeSync(openSync(path, 'a'));
  } catch (error) {
    throw new InputError(`${flag} ${path}: cannot write: ${problemOf(error)}`);
  }
  if (!existed) rmSync(path, { force: true });
}

export function writeTextFile(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new InputError(`${path}: cannot write: ${problemOf(error)}`);
  }
}

/** Text for --out FILE, or stdout without it. */
export function emit(io: CliIo, out: string | undefined, text: string): void {
  if (out === undefined) io.out(text);
  else writeTextFile(out, text);
}
