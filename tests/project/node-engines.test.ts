// The Node versions the README and package.json promise are accepted by every installed
// package (scripts/check-node-engines.mjs), and include the Node that runs these tests.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

interface EnginesReport {
  ours: string;
  node: string;
  nodeAccepted: boolean;
  packages: number;
  refusing: { name: string; version: string; node: string }[];
  lowest: string[];
}

describe('engines.node', () => {
  const report = JSON.parse(execFileSync(process.execPath, [join(ROOT, 'scripts', 'check-node-engines.mjs'), '--json'], { cwd: ROOT, encoding: 'utf8' })) as EnginesReport;

  it('is accepted by every installed package that declares engines.node', () => {
    expect(report.packages).toBeGreaterThan(100);
    expect(report.refusing).toEqual([]);
  });

  it('names exactly the lowest versions all packages accept, Node 20 included, and this machine’s Node satisfies it', () => {
    expect(report.lowest.slice(0, 3)).toEqual(['20.19.0', '22.13.0', '24.0.0']);
    expect(report.ours).toBe('^20.19.0 || ^22.13.0 || >=24.0.0');
    expect(report.node).toBe(process.version);
    expect(report.nodeAccepted).toBe(true);
  });

  it('is what the README states', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('Node.js 20.19 or later 20.x, 22.13 or later 22.x, or 24 and later');
  });
});
