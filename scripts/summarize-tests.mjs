// Sum passed/failed/skipped over Vitest's and Playwright's JSON reports into one line.
// A missing or unreadable report counts as one failure: a run that did not report must not look green.
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;

function read(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    console.error(`summarize-tests: no readable report at ${path}`);
    failed += 1;
    return null;
  }
}

function vitest(report) {
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A file that failed to load has no tests but must count.
  for (const file of report.testResults ?? []) {
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) failed += 1;
  }
}

function playwright(report) {
  const s = report.stats ?? {};
  passed += (s.expected ?? 0) + (s.flaky ?? 0);
  failed += s.unexpected ?? 0;
  skipped += s.skipped ?? 0;
  for (const error of report.errors ?? []) {
    console.error(`playwright: ${error.message ?? error}`);
    failed += 1;
  }
}

const [vitestPath, playwrightPath] = process.argv.slice(2);
const v = read(vitestPath);
if (v) vitest(v);
const p = read(playwrightPath);
if (p) playwright(p);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
