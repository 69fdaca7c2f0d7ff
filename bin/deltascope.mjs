#!/usr/bin/env node
// deltascope's command line from any folder:
//   node /path/to/deltascope/bin/deltascope.mjs <command> [options]
// File names are read from (and written to) the folder it runs in — `npm run cli -- …` runs
// in the checkout's own folder instead. It runs src/cli/main.ts with the checkout's tsx, so
// nothing is installed globally; the exit code and the output streams are the CLI's own.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const checkout = new URL('../', import.meta.url);
const tsx = fileURLToPath(import.meta.resolve('tsx/cli'));
const main = fileURLToPath(new URL('src/cli/main.ts', checkout));
const tsconfig = fileURLToPath(new URL('tsconfig.json', checkout));
const run = spawnSync(process.execPath, [tsx, '--tsconfig', tsconfig, main, ...process.argv.slice(2)], { stdio: 'inherit' });
if (run.error) throw run.error;
process.exit(run.status ?? 1);
