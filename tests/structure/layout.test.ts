// DEVELOPERS.md's table of folders matches the tree, and its "may import" column is what
// the layering check (.dependency-cruiser.cjs) enforces: one table, kept true by a test.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const require = createRequire(import.meta.url);
const config = require(join(root, '.dependency-cruiser.cjs')) as { forbidden: { name: string; to: { pathNot?: string } }[] };

interface Row {
  readonly paths: string[];
  readonly mayImport: string;
}

function tableRows(): Row[] {
  const text = readFileSync(join(root, 'DEVELOPERS.md'), 'utf8');
  const section = text.slice(text.indexOf('## Architecture'), text.indexOf('\n## ', text.indexOf('## Architecture') + 1));
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const cells = line.split('|').map((c) => c.trim());
      return { paths: [...cells[1].matchAll(/`([^`]+)`/g)].map((m) => m[1].replace(/\/$/, '')), mayImport: cells[3] };
    });
}

describe("DEVELOPERS.md's table of folders", () => {
  const rows = tableRows();
  const listed = rows.flatMap((r) => r.paths);

  it('has a row for every folder and file at the top of src/, and none for what is not there', () => {
    const inTree = readdirSync(join(root, 'src')).map((name) => `src/${name}`);
    expect([...listed.filter((p) => p.startsWith('src/'))].sort()).toEqual([...inTree].sort());
    for (const p of listed) expect(statSync(join(root, p)), p).toBeTruthy();
  });

  it('gives each folder exactly the imports the layering check allows', () => {
    const folders = rows.filter((r) => r.paths[0].startsWith('src/') && statSync(join(root, r.paths[0])).isDirectory());
    expect(folders.length).toBeGreaterThanOrEqual(12);
    for (const row of folders) {
      const layer = row.paths[0].slice('src/'.length);
      const rule = config.forbidden.find((r) => r.name === `layer-${layer}`);
      expect(rule, `a layer-${layer} rule in .dependency-cruiser.cjs`).toBeDefined();
      const allowed = /\^src\/\(([^)]+)\)\//.exec(rule!.to.pathNot ?? '')![1].split('|').sort();
      expect(row.mayImport.split(',').map((s) => s.trim()).sort(), `src/${layer}`).toEqual(allowed);
    }
    expect(config.forbidden.filter((r) => r.name.startsWith('layer-')).length).toBe(folders.length);
  });
});
