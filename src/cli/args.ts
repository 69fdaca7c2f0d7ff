// What every command shares: flag parsing (node:util parseArgs), typed flag values with
// errors that name the flag (how a number is written: parseNumber), and the two kinds of
// user error, both exit code 2 (files are read and written by ./files.ts):
//   UsageError — unknown or malformed flags: the message, then the command's usage;
//   InputError — a bad value or file: one line naming the flag or file and the problem.
// (FormatError from src/engine/io and ConfigError from the training config count as InputError.)

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { readLabel, type Position } from '../notation/indices';
import { grouped } from '../format';

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
      args: joinNegativeValues(argv, options),
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

/** A word that is a value starting with "-" (a negative number, as `--lr -1` gives), not an option. */
const NEGATIVE_VALUE = /^-(?:[\d.]|Infinity$|NaN$)/;

/**
 * `--lr -1` → `--lr=-1`: parseArgs takes a word starting with "-" after an option that
 * expects a value for a forgotten value (and says "ambiguous"); a negative number is a value,
 * so that the value's own rule names the real problem ("--lr: expected > 0, got -1").
 */
function joinNegativeValues(argv: readonly string[], options: FlagSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    const name = word.startsWith('--') && !word.includes('=') ? word.slice(2) : null;
    const next = argv[i + 1];
    if (name !== null && options[name]?.type === 'string' && next !== undefined && NEGATIVE_VALUE.test(next)) {
      out.push(`${word}=${next}`);
      i++;
    } else {
      out.push(word);
    }
  }
  return out;
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
      if (/does not take an argument/.test(message)) return `${option ?? 'an option'} takes no value`;
      if (/ambiguous/.test(message)) return `${option ?? 'an option'} needs a value (to give one that starts with "-", write ${option ?? '--name'}=-…)`;
      return `${option ?? 'an option'} needs a value`;
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

  /**
   * A position written as people count it (notation/indices: images, examples, … from 1, a class
   * from 0), returned as the 0-based index; a 0 where counting starts at 1 is refused, never
   * taken silently as the first.
   */
  position(name: string, what: Position, count?: number): number | undefined {
    const value = this.number(name, { integer: true });
    if (value === undefined) return undefined;
    const read = readLabel(what, value, count, grouped); // 1 … 60,000, as every number the CLI writes
    if ('problem' in read) throw new InputError(`--${name}: ${read.problem}`);
    return read.index;
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

/** A number as people write it in decimal: 1, -0.5, .5, 1e-3, 2.5E+2 (no hex, binary, octal, Infinity, NaN, "_"). */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Forms JavaScript's Number() reads as something else than the user may think: 0x10 is 16, 0b11 is 3, 0o17 is 15. */
const NON_DECIMAL = /^[+-]?0[xXbBoO][\da-fA-F]+$/;

/**
 * How a number is written, for every flag: decimal only, and exactly what it says — a number
 * that underflows to 0 (1e-400) or overflows to ∞ (1e999) as a double would change meaning
 * silently, so it is refused; an integer must be one, and exact as a double (below 2^53).
 * What VALUE a setting may take is its schema's business (src/engine/training-config.ts);
 * `rule` only serves flags that are not settings (--tolerance, --start, …).
 */
export function parseNumber(label: string, text: string, rule: NumberRule = {}): number {
  const trimmed = text.trim();
  const kind = rule.integer ? 'an integer' : 'a number';
  if (!DECIMAL.test(trimmed)) {
    if (NON_DECIMAL.test(trimmed)) {
      throw new InputError(`${label}: expected a decimal number, got ${JSON.stringify(text)} (write ${Number(trimmed.replace(/^[+-]/, '')) * (trimmed.startsWith('-') ? -1 : 1)} if that is what you mean)`);
    }
    if (/^[+-]?(?:Infinity|NaN)$/i.test(trimmed)) throw new InputError(`${label}: expected a finite number, got ${JSON.stringify(text)}`);
    throw new InputError(`${label}: expected ${kind}, got ${JSON.stringify(text)}`);
  }
  const value = Number(trimmed);
  if (!Number.isFinite(value)) throw new InputError(`${label}: ${trimmed} is too large for a double (the largest is about 1.8e308)`);
  if (value === 0 && /[1-9]/.test(trimmed.replace(/[eE].*$/, ''))) {
    throw new InputError(`${label}: ${trimmed} is too small for a double: it would be read as 0 (the smallest is about 5e-324)`);
  }
  if (rule.integer && !Number.isInteger(value)) throw new InputError(`${label}: expected an integer, got ${JSON.stringify(text)}`);
  if (rule.integer && !Number.isSafeInteger(value)) throw new InputError(`${label}: ${trimmed} is too large to be an exact integer (at most 2^53 − 1)`);
  if (rule.min !== undefined && (rule.exclusiveMin ? value <= rule.min : value < rule.min)) {
    throw new InputError(`${label}: expected ${kind} ${rule.exclusiveMin ? '>' : '≥'} ${rule.min}, got ${text}`);
  }
  if (rule.max !== undefined && value > rule.max) throw new InputError(`${label}: expected ${kind} ≤ ${rule.max}, got ${text}`);
  return value;
}

/** "784-64-10" → [784, 64, 10]: positive decimal integers (no hex) joined by -, "," or x. */
export function parseSizes(label: string, text: string): number[] {
  const parts = text.split(/[-,x]/).map((p) => p.trim());
  const sizes = parts.map(Number);
  if (parts.length < 2 || parts.some((p) => !/^\d+$/.test(p)) || sizes.some((n) => !Number.isSafeInteger(n) || n < 1)) {
    throw new InputError(`${label}: expected layer sizes like 784-64-10, got ${JSON.stringify(text)}`);
  }
  return sizes;
}

/** A help text's first usage line(s), up to the first blank line. */
export function synopsis(help: string): string {
  const end = help.indexOf('\n\n');
  return end < 0 ? help : help.slice(0, end);
}
