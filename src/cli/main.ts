// The headless CLI: `npm run cli -- <command> [options]`. One command per file in
// ./commands; this file only dispatches and turns user errors into exit code 2.
//   0 success · 1 a check failed (gradcheck) or training diverged · 2 bad input or usage · 3 a bug

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FormatError } from '../engine/io';
import { ConfigError } from '../engine/training-config';
import { CLI, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, InputError, synopsis, UsageError, type CliIo, type Command } from './args';
import { check } from './commands/check';
import { experiments } from './commands/experiments';
import { exportBatch } from './commands/export-batch';
import { gradcheck } from './commands/gradcheck';
import { initModel } from './commands/init-model';
import { trace } from './commands/trace';
import { train } from './commands/train';

export const COMMANDS: readonly Command[] = [train, experiments, gradcheck, trace, check, exportBatch, initModel];

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `usage: ${CLI} <command> [options]`,
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `Run \`${CLI} <command> --help\` for a command's options; docs/cli.md has examples.`,
    'Exit codes: 0 success, 1 a failed check (gradcheck, check) or a diverged training, 2 bad input or usage, 3 an internal error.',
    '',
  ].join('\n');
}

/** Runs one command line; never throws for user errors and never writes to stdout after one. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.err(usage());
    return EXIT_BAD_INPUT;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`unknown command ${JSON.stringify(name)}\n\n${usage()}`);
    return EXIT_BAD_INPUT;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${command.name}: ${error.message}\n\n${synopsis(command.help)}\nRun \`${CLI} ${command.name} --help\` for all options.\n`);
      return EXIT_BAD_INPUT;
    }
    if (error instanceof InputError || error instanceof FormatError || error instanceof ConfigError) {
      io.err(error.message.replace(/\s*\n\s*/g, ' ') + '\n');
      return EXIT_BAD_INPUT;
    }
    throw error;
  }
}

/** stdout/stderr of this process; a closed pipe (`… | head`) just ends the output. */
const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

const isEntry = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  runCli(process.argv.slice(2), processIo).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = EXIT_INTERNAL;
    },
  );
}
