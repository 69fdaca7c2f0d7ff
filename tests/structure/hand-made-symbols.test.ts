// The report's symbols are written in one place, src/notation (DEVELOPERS.md, "One home per
// concept"). Outside it, code that writes a symbol with a subscript or superscript digit —
// "W₁", "δ₂", `x${subscript(i + 1)}`, "w_{12}", "z⁽²⁾" — counts and letters on its own, and
// that is how the screens drifted apart (issue 11). This test reads every source file of
// src/ without its comments and fails on such a symbol, naming file and line.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

/**
 * Folders whose business it is: the notation itself, and the number formatter, whose
 * superscripts are powers of ten (× 10⁻⁴), not symbols.
 */
const HOMES = ['src/notation/', 'src/format/'];

/** The few legitimate cases, each with its reason: `file` and the exact text allowed there. */
const ALLOWED: readonly { file: string; text: string; why: string }[] = [
  { file: 'src/session/debugger-link.ts', text: 'n₀-n₁-…-n_L', why: "the layer sizes' names in a link field's help, no quantity of a unit" },
  { file: 'src/lessons/symbols.ts', text: 'Σ${subscript(k)}', why: 'the summation letter under Σ (Σₖ), a letter the notation chose, never a digit' },
];

/** A symbol's letter followed by a subscript digit: W₁, δ₂, x₄₀₇, ŷ₃. */
const SUBSCRIPT_DIGIT = /[A-Za-zδΔŷŶσ][₀-₉]/u;
/** A layer superscript in parentheses: z⁽²⁾. */
const LAYER_SUPERSCRIPT = /⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]/u;
/** A TeX or ASCII subscript that is a digit: w_1, W_{12}, \delta_{2}. */
const DIGIT_SUBSCRIPT = /[A-Za-z}]_\{?\d/;
/** A symbol numbered by its own + 1: W{l + 1}, `δ${layer + 1}`. */
const NUMBERED_BY_HAND = /(?<![A-Za-z])[WwzabxyδΔ]\$?\{[^{}]*\+\s*1\s*\}/u;
/** The notation's text helpers used to build a symbol elsewhere. */
const HELPER = /\b(subscript|superscript)\s*\(/;

const RULES: readonly { name: string; pattern: RegExp }[] = [
  { name: 'a subscript digit', pattern: SUBSCRIPT_DIGIT },
  { name: 'a layer superscript', pattern: LAYER_SUPERSCRIPT },
  { name: 'a digit subscript in TeX', pattern: DIGIT_SUBSCRIPT },
  { name: 'a symbol numbered with its own + 1', pattern: NUMBERED_BY_HAND },
  { name: "notation/text's subscript()/superscript()", pattern: HELPER },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|svelte)$/.test(name) ? [relative(root, path)] : [];
  });
}

/**
 * The code of a file without its comments, line for line (a comment's text becomes blanks,
 * so line numbers stay): block comments, HTML comments and line comments outside strings.
 */
export function withoutComments(text: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  let out = text.replace(/\/\*[\s\S]*?\*\//g, blank).replace(/<!--[\s\S]*?-->/g, blank);
  out = out
    .split('\n')
    .map((line) => {
      // A line comment starts at a // that is not inside a string or a URL: count the quotes before it.
      for (let i = line.indexOf('//'); i >= 0; i = line.indexOf('//', i + 2)) {
        const before = line.slice(0, i);
        const open = (q: string) => (before.split(q).length - 1) % 2 === 1;
        if (!open("'") && !open('"') && !open('`') && !before.endsWith(':')) return before;
      }
      return line;
    })
    .join('\n');
  return out;
}

/** Every hand-made symbol of `text` (a file of src/): line, rule and the line's code. */
export function handMadeSymbols(file: string, text: string): { file: string; line: number; rule: string; code: string }[] {
  const found: { file: string; line: number; rule: string; code: string }[] = [];
  withoutComments(text)
    .split('\n')
    .forEach((code, index) => {
      for (const rule of RULES) {
        if (!rule.pattern.test(code)) continue;
        if (ALLOWED.some((a) => a.file === file && code.includes(a.text))) continue;
        found.push({ file, line: index + 1, rule: rule.name, code: code.trim() });
      }
    });
  return found;
}

describe('symbols are written by src/notation only', () => {
  const files = sourceFiles(join(root, 'src')).filter((f) => !HOMES.some((home) => f.startsWith(home)));

  it('no file outside src/notation writes a symbol with a subscript or superscript digit of its own', () => {
    expect(files.length).toBeGreaterThan(150);
    const found = files.flatMap((file) => handMadeSymbols(file, readFileSync(join(root, file), 'utf8')));
    expect(found).toEqual([]);
  });

  it('every allowed case still exists (an allowance without its text is stale)', () => {
    for (const a of ALLOWED) expect(readFileSync(join(root, a.file), 'utf8')).toContain(a.text);
  });

  it('control: it finds the kinds of hand-made symbol the screens used to write, and skips comments', () => {
    const sample = [
      "const a = `W${subscript(layer + 1)}`;", // 1: the helper
      "label: 'δ₂ of the output'", // 2: a subscript digit
      "const t = 'z⁽²⁾';", // 3: a layer superscript
      'const tex = `w_{12} x_1`;', // 4: a TeX digit subscript
      '// W₁ in a comment is prose', // 5: comment, skipped
      "const url = 'http://x'; // δ₁ after code", // 6: comment after code, skipped
      '/* z₁ */ const ok = 1;', // 7: block comment, skipped
      "const letters = 'Wⱼᵢ, δₖ, z(j = 6)';", // 8: the notation's forms, fine
      '<option>{l + 1} (W{l + 1}: 3×4)</option>', // 9: a W numbered by hand
    ].join('\n');
    expect(handMadeSymbols('src/views/Example.svelte', sample).map((f) => [f.line, f.rule])).toEqual([
      [1, "notation/text's subscript()/superscript()"],
      [2, 'a subscript digit'],
      [3, 'a layer superscript'],
      [4, 'a digit subscript in TeX'],
      [9, 'a symbol numbered with its own + 1'],
    ]);
  });
});
