#!/usr/bin/env node
// Does every installed package accept the Node versions package.json's `engines.node` promises?
// Walks node_modules (nested copies too) and checks, with semver, that our range is a subset
// of each package's own `engines.node`. Prints the packages that would refuse part of our
// range, and the lowest Node of each major line that all of them accept.
//
// Usage: node scripts/check-node-engines.mjs [--json]   (exit 1 when a package refuses part of the range)

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every package.json under node_modules, with its engines.node when it declares one. */
function installedEngines(dir = join(root, 'node_modules'), found = []) {
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.name.startsWith('@')) {
      installedEngines(path, found);
      continue;
    }
    const manifest = join(path, 'package.json');
    if (existsSync(manifest)) {
      try {
        const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
        if (typeof pkg.engines?.node === 'string') found.push({ name: pkg.name, version: pkg.version, node: pkg.engines.node });
      } catch {
        // Not a package's manifest (a fixture): nothing declared.
      }
    }
    installedEngines(join(path, 'node_modules'), found);
  }
  return found;
}

/** The lowest x.y.0 of each even (LTS) major from 18 to 26 that every declared range accepts. */
function lowestAccepted(packages) {
  const lowest = [];
  for (let major = 18; major <= 26; major += 2) {
    for (let minor = 0; minor <= 30; minor++) {
      const version = `${major}.${minor}.0`;
      if (packages.every((p) => semver.satisfies(version, p.node))) {
        lowest.push(version);
        break;
      }
    }
  }
  return lowest;
}

const ours = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines?.node;
const packages = installedEngines().filter((p) => p.name !== 'deltascope');
const refusing = packages.filter((p) => !semver.subset(ours, p.node));
const result = { ours, node: process.version, nodeAccepted: semver.satisfies(process.version, ours), packages: packages.length, refusing, lowest: lowestAccepted(packages) };

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(`engines.node in package.json: ${ours}`);
  console.log(`${packages.length} installed packages declare engines.node; lowest Node of each LTS line all accept: ${result.lowest.join(', ')}`);
  for (const p of refusing) console.log(`  ${p.name}@${p.version} declares ${p.node}: refuses part of ${ours}`);
}
process.exit(refusing.length ? 1 : 0);
