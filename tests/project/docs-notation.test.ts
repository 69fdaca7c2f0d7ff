// The docs write a quantity's symbol as the screens do (src/notation): Wⱼᵢ, bⱼ, δₖ with one hidden
// layer, W⁽¹⁾ with more — never a hand-typed digit subscript such as "W₁" or "δ₂", which on the
// screens would name a unit (δ₂ of which layer?) and once meant two things in one equation.
// Layer sizes n₀, n₁ … keep their digit subscripts: they are sizes, not units.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const FILES = ['README.md', ...readdirSync(`${ROOT}docs`).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
/** A symbol letter followed by a digit subscript: W₁, b₂, δ₁, z₁, a₁, w₁. */
const DIGIT_SUBSCRIPT = /(?<![\p{L}\p{N}_])[Wwbzaδ][₀-₉]+/gu;

describe('docs write symbols as the notation does', () => {
  for (const file of FILES) {
    it(`${file}: no symbol with a hand-typed digit subscript`, () => {
      const lines = readFileSync(`${ROOT}${file}`, 'utf8').split('\n');
      const found = lines.flatMap((line, i) => [...line.matchAll(DIGIT_SUBSCRIPT)].map((m) => `${file}:${i + 1}: ${m[0]} in “${line.trim()}”`));
      expect(found).toEqual([]);
    });
  }

  it('the pattern catches what it should, and leaves sizes alone', () => {
    expect('W₁ = [[0.1]], b₂, δ₁ and n₀-n₁-…-n_L'.match(DIGIT_SUBSCRIPT)).toEqual(['W₁', 'b₂', 'δ₁']);
  });
});
