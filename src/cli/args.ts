// What every command shares: flag parsing (node:util parseArgs), typed flag values with
// errors that name the flag, file reading and writing with errors that name the file,
// and the two kinds of user error, both exit code 2:
//   UsageError — unknown or malformed flags: the message, then the command's usage;
//   InputError — a bad value or file: one line naming the flag or file and the problem.
// (FormatError from src/engine/io and ConfigError from the training config count as InputError.)

import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Where a command writes: stdout for results, stderr for messages and progress. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The full --help text. */
  readonly help: string;
  /** Returns the exit code: 0 success, 1 a failed check (or diverged training), 2 bad input. */
  run(argv: string[], io: CliIo): Promise<number>;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export class InputError extends Error {
  override name = 'InputError';
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
/** An unexpected exception: a bug, reported with its stack. */
export const EXIT_INTERNAL = 3;

/** How users start the CLI, for usage texts. */
export const CLI = 'npm run cli --';

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with strict checking; --help/-h is added to every command. */
export function parseFlags(argv: string[], options: FlagSpec): Flags {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
      allowNegative: true,
    });
    return new Flags(values as Record<string, string | boolean | undefined>, options);
  } catch (error) {
    throw new UsageError(describeParseArgsError(error));
  }
}

/** parseArgs' messages are long and mention positionals; say the same thing in a few words. */
function describeParseArgsError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  const message = String(e.message ?? error);
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(message) ? `${option ?? 'an option'} needs a value` : `${option ?? 'an option'} takes no value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const arg = /'([^']*)'/.exec(message)?.[1];
      return `unexpected argument ${arg !== undefined ? JSON.stringify(arg) : ''} (options are written --name value)`.replace('  ', ' ');
    }
    default:
      return message;
  }
}

export interface NumberRule {
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
  /** Strictly greater than min. */
  readonly exclusiveMin?: boolean;
}

/** The parsed flags with typed accessors; every error names the flag. */
export class Flags {
  constructor(
    private readonly values: Record<string, string | boolean | undefined>,
    private readonly spec: FlagSpec,
  ) {}

  get help(): boolean {
    return this.values.help === true;
  }

  /** Whether the command takes --name at all. */
  declares(name: string): boolean {
    return name in this.spec;
  }

  has(name: string): boolean {
    return this.values[name] !== undefined;
  }

  /** Names of the flags given, as written (--name). */
  given(): string[] {
    return Object.keys(this.values).filter((k) => k !== 'help' && this.values[k] !== undefined).map((k) => '--' + k);
  }

  string(name: string): string | undefined {
    this.known(name);
    const v = this.values[name];
    return typeof v === 'string' ? v : undefined;
  }

  boolean(name: string): boolean | undefined {
    this.known(name);
    const v = this.values[name];
    return typeof v === 'boolean' ? v : undefined;
  }

  require(name: string): string {
    const v = this.string(name);
    if (v === undefined) throw new UsageError(`--${name} is required`);
    return v;
  }

  number(name: string, rule: NumberRule = {}): number | undefined {
    const text = this.string(name);
    return text === undefined ? undefined : parseNumber(`--${name}`, text, rule);
  }

  choice<T extends string>(name: string, choices: readonly T[]): T | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    if (!(choices as readonly string[]).includes(text)) {
      throw new InputError(`--${name}: expected one of ${choices.join(', ')}, got ${JSON.stringify(text)}`);
    }
    return text as T;
  }

  /** "784-64-10" → [784, 64, 10]. */
  sizes(name: string): number[] | undefined {
    const text = this.string(name);
    return text === undefined ? undefined : parseSizes(`--${name}`, text);
  }

  private known(name: string): void {
    if (!(name in this.spec)) throw new Error(`internal: flag --${name} is not declared`);
  }
}

export function parseNumber(label: string, text: string, rule: NumberRule = {}): number {
  const trimmed = text.trim();
  const value = trimmed === '' ? NaN : Number(trimmed);
  const kind = rule.integer ? 'an integer' : 'a number';
  if (!Number.isFinite(value) || (rule.integer && !Number.isInteger(value))) {
    throw new InputError(`${label}: expected ${kind}, got ${JSON.stringify(text)}`);
  }
  if (rule.min !== undefined && (rule.exclusiveMin ? value <= rule.min : value < rule.min)) {
    throw new InputError(`${label}: expected ${kind} ${rule.exclusiveMin ? '>' : '≥'} ${rule.min}, got ${text}`);
  }
  if (rule.max !== undefined && value > rule.max) throw new InputError(`${label}: expected ${kind} ≤ ${rule.max}, got ${text}`);
  return value;
}

export function parseSizes(label: string, text: string): number[] {
  const parts = text.split(/[-,x]/);
  const sizes = parts.map((p) => Number(p.trim()));
  if (parts.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new InputError(`${label}: expected layer sizes like 784-64-10, got ${JSON.stringify(text)}`);
  }
  return sizes;
}

const FS_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  ENOTDIR: 'a parent is not a directory',
};

/** A text file's contents, or an InputError "path: cannot read: no such file". */
export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    throw new InputError(`${path}: cannot read: ${FS_PROBLEMS[code] ?? String((error as Error).message)}`);
  }
}

/** Fails early (before any work) when `path` cannot be created: its folder is missing or it is a folder. */
export function checkWritable(path: string, flag: string): void {
  const folder = dirname(resolve(path));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new InputError(`${flag} ${path}: the folder ${dirname(path)} does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new InputError(`${flag} ${path}: is a directory`);
}

export function writeTextFile(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    throw new InputError(`${path}: cannot write: ${FS_PROBLEMS[code] ?? String((error as Error).message)}`);
  }
}

/** Text for --out FILE, or stdout without it. */
export function emit(io: CliIo, out: string | undefined, text: string): void {
  if (out === undefined) io.out(text);
  else writeTextFile(out, text);
}

/** A help text's first usage line(s), up to the first blank line. */
export function synopsis(help: string): string {
  const end = help.indexOf('\n\n');
  return end < 0 ? help : help.slice(0, end);
}
