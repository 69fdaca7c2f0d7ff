// The bundle's own rules — what deltascope promises about the lessons it ships, not rules a
// teacher's lesson must meet: at least ten lessons, each of 6–15 steps with at least two
// questions, in distinct list positions. A teacher's lesson in lessons/ is not one of these
// and is held only to the format's rules (validate-all.test.ts, rules.test.ts).
import { describe, expect, it } from 'vitest';
import { diskCatalog } from './helpers';

/** The lessons deltascope ships. Add a new bundled lesson here. */
const BUNDLED_LESSONS = [
  'tiny-net',
  'chain-rule',
  'vectorising',
  'gradient-check',
  'shuffling',
  'improved-sigmoid',
  'fan-in-init',
  'momentum',
  'topology',
  'relu',
] as const;

describe('the bundled lessons', () => {
  const catalog = diskCatalog();
  const bundled = catalog.lessons.filter((l) => (BUNDLED_LESSONS as readonly string[]).includes(l.id));

  it('are all there, and at least ten', () => {
    expect(bundled.map((l) => l.id).sort()).toEqual([...BUNDLED_LESSONS].sort());
    expect(bundled.length).toBeGreaterThanOrEqual(10);
  });

  it('each have 6–15 steps and at least two questions', () => {
    const outside = bundled.filter((l) => l.steps.length < 6 || l.steps.length > 15 || l.questionCount < 2).map((l) => `${l.id}: ${l.steps.length} steps, ${l.questionCount} questions`);
    expect(outside).toEqual([]);
  });

  it('each have their own place in the lesson list', () => {
    expect(new Set(bundled.map((l) => l.meta.order)).size).toBe(bundled.length);
  });
});
