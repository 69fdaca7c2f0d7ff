// The layering of DEVELOPERS.md, as `npm run check:layers` (dependency-cruiser with
// .dependency-cruiser.cjs) enforces it: the tree keeps it, and the checker fails — naming
// the import — when a copy of the tree is given imports against it.

import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const depcruise = join(root, 'node_modules/.bin/depcruise');

function checkLayers(cwd: string): { status: number | null; output: string } {
  const run = spawnSync(depcruise, ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err', '--preserve-symlinks'], { cwd, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the layering check (npm run check:layers)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'deltascope-layers-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('passes on the tree as it is', () => {
    const { status, output } = checkLayers(root);
    expect(output).toMatch(/no dependency violations found/);
    expect(status).toBe(0);
  });

  it('fails on a copy of the tree given imports against the table, naming each one', () => {
    cpSync(join(root, 'src'), join(scratch, 'src'), { recursive: true });
    for (const file of ['.dependency-cruiser.cjs', 'tsconfig.json', 'package.json']) cpSync(join(root, file), join(scratch, file));
    symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'), 'dir');
    // 1. the engine reaching up into a view-model (a lower layer importing a higher one)
    appendFileSync(join(scratch, 'src/engine/softmax.ts'), "\nexport { stepLabel } from '../viewmodel/step-label';\n");
    // 2. a cycle inside the session (history → stepping → history)
    appendFileSync(join(scratch, 'src/session/history.ts'), "\nexport { stepNext as _cycle } from './stepping';\n");
    // 3. XState outside src/machine
    writeFileSync(join(scratch, 'src/viewmodel/actor-peek.ts'), "import { createActor } from 'xstate';\nexport const peek = createActor;\n");
    // 4. the engine using the DOM's libraries
    writeFileSync(join(scratch, 'src/engine/plot.ts'), "import { scaleLinear } from 'd3';\nexport const x = scaleLinear();\n");
    // 5. the CLI reaching for the planted mistakes (lessons and tests only)
    appendFileSync(join(scratch, 'src/cli/commands/check.ts'), "\nexport { plantedStep } from '../../check/planted/planted-mistakes';\n");
    // 6. the check (shared with the page) using a Node built-in
    writeFileSync(join(scratch, 'src/check/read-file.ts'), "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n");
    expect(readFileSync(join(scratch, 'src/engine/softmax.ts'), 'utf8')).toContain('viewmodel/step-label');

    const { status, output } = checkLayers(scratch);
    expect(status).not.toBe(0);
    expect(output).toMatch(/layer-engine: src\/engine\/softmax\.ts → src\/viewmodel\/step-label\.ts/);
    expect(output).toMatch(/no-circular: src\/session\/history\.ts → \s*src\/session\/stepping\.ts/);
    expect(output).toMatch(/xstate-in-machine: src\/viewmodel\/actor-peek\.ts → node_modules\/xstate\//);
    expect(output).toMatch(/npm-engine: src\/engine\/plot\.ts → node_modules\/d3\//);
    expect(output).toMatch(/planted-mistakes-only-in-lessons: src\/cli\/commands\/check\.ts → src\/check\/planted\/planted-mistakes\.ts/);
    expect(output).toMatch(/npm-check: src\/check\/read-file\.ts → (node:)?fs/);
  });
});
